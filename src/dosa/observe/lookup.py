# SPDX-License-Identifier: EUPL-1.2
"""Asking DNS, politely: the records of one domain (MX, SPF with its includes, NS, CNAME chains of the apex
and www, autodiscover, DMARC reporting addresses), with a shared rate limit, timeouts and bounded work.

Uses dnspython. Nothing here interprets what the records mean; :mod:`dosa.observe.classify` does.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import dns.exception
import dns.name
import dns.rdatatype
import dns.resolver

from dosa.errors import InputError
from dosa.observe.notes import N_, Note, note

MAX_SPF_LOOKUPS = 10
"""RFC 7208 §4.6.4: at most 10 mechanisms and modifiers that cause DNS lookups per SPF evaluation."""
MAX_VOID_LOOKUPS = 2
"""RFC 7208 §4.6.4: more than two lookups that return no records (NXDOMAIN or no data) is a permerror."""
MAX_SPF_TERMS = 200
MAX_CNAME_HOPS = 8
MAX_TEXT = 64 * 1024
"""Characters of TXT data kept per name: more than one DNS message can carry."""
SPF_LOOKUP_TERMS = frozenset({"include", "a", "mx", "ptr", "exists", "redirect"})
DEFAULT_TIMEOUT = 5.0
DEFAULT_RATE = 20.0
DEFAULT_CONCURRENCY = 8


class RateLimiter:
    """At most ``rate`` queries a second across all threads: each query takes the next free slot."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise InputError("the query rate must be above zero", hint="e.g. --rate 20")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Block until this caller's slot; returns how long it waited."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay


def parse_nameserver(value: str) -> tuple[str, int]:
    """``IP``, ``IP:port`` or ``[IPv6]:port`` as an address and a port (53 by default)."""
    text = value.strip()
    host, port = text, 53
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            port_text = rest.removeprefix(":")
            port = int(port_text) if port_text.isdigit() else -1
    elif text.count(":") == 1:
        host, port_text = text.split(":")
        port = int(port_text) if port_text.isdigit() else -1
    try:
        address = str(ipaddress.ip_address(host))
    except ValueError:
        raise InputError(
            f"'{value}' is not an IP address of a name server", hint="e.g. --nameserver 127.0.0.1:5353"
        ) from None
    if not 0 < port < 65536:
        raise InputError(f"'{value}' has no valid port", hint="a port is 1 to 65535, e.g. 127.0.0.1:5353")
    return address, port


@dataclass(frozen=True)
class Answer:
    """What one query found: ``status`` is ok, nodata, nxdomain or error (``error`` says which)."""

    status: str
    values: tuple[str, ...] = ()
    error: Note | None = None


class Lookup:
    """Queries through one resolver (the system's, or ``nameserver``) under a shared rate limit."""

    def __init__(
        self,
        nameserver: tuple[str, int] | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        limiter: RateLimiter | None = None,
    ) -> None:
        try:
            resolver = dns.resolver.Resolver(configure=nameserver is None)
        except dns.resolver.NoResolverConfiguration:
            raise InputError(
                "this system has no DNS resolver configured", hint="name one with --nameserver IP"
            ) from None
        if nameserver is not None:
            resolver.nameservers = [nameserver[0]]
            resolver.port = nameserver[1]
        resolver.timeout = timeout
        resolver.lifetime = timeout
        resolver.use_edns(0, 0, 1232)
        resolver.cache = None
        self.resolver = resolver
        self.limiter = limiter or RateLimiter(DEFAULT_RATE)
        self.queries = 0
        self._count_lock = threading.Lock()

    def query(self, name: str, rdtype: str) -> Answer:
        """One question; never raises for what DNS answers (NXDOMAIN, no data, timeouts, refusals)."""
        self.limiter.wait()
        with self._count_lock:
            self.queries += 1
        try:
            answer = self.resolver.resolve(name, rdtype, search=False, raise_on_no_answer=False)
        except dns.resolver.NXDOMAIN:
            return Answer("nxdomain")
        except dns.resolver.LifetimeTimeout:
            return Answer(
                "error", error=note(N_("{rdtype} {name}: no answer within the timeout"), rdtype=rdtype, name=name)
            )
        except dns.resolver.NoNameservers:
            return Answer(
                "error",
                error=note(
                    N_("{rdtype} {name}: the name server refused or failed (SERVFAIL/REFUSED)"),
                    rdtype=rdtype,
                    name=name,
                ),
            )
        except dns.exception.DNSException as exc:
            return Answer(
                "error",
                error=note(N_("{rdtype} {name}: {error}"), rdtype=rdtype, name=name, error=exc.__class__.__name__),
            )
        if answer.rrset is None:
            return Answer("nodata")
        return Answer("ok", tuple(_value(rdata, rdtype) for rdata in answer.rrset))


def _host(name: object) -> str:
    return str(name).rstrip(".").lower()


def _value(rdata: object, rdtype: str) -> str:
    """A record's value as text: the host it names (MX, NS, CNAME, SRV), or the joined strings (TXT)."""
    if rdtype == "MX":
        return f"{rdata.preference} {_host(rdata.exchange)}"  # type: ignore[attr-defined]
    if rdtype == "SRV":
        return f"{rdata.priority} {rdata.weight} {rdata.port} {_host(rdata.target)}"  # type: ignore[attr-defined]
    if rdtype in ("NS", "CNAME"):
        return _host(rdata.target)  # type: ignore[attr-defined]
    if rdtype == "TXT":
        text = b"".join(rdata.strings).decode("utf-8", errors="replace")  # type: ignore[attr-defined]
        return text[:MAX_TEXT]
    return str(rdata)


@dataclass(frozen=True)
class SpfHost:
    """A host an SPF record names: ``term`` is include, redirect, a or mx; ``depth`` 0 is the domain's own."""

    host: str
    term: str
    depth: int
    via: str


@dataclass
class SpfResult:
    record: str = ""
    hosts: list[SpfHost] = field(default_factory=list)
    lookups: int = 0
    void_lookups: int = 0
    notes: list[Note] = field(default_factory=list)


class _SpfStop(Exception):
    pass


_SPF_START = re.compile(r"^v=spf1(\s|$)", re.IGNORECASE)
_TERM = re.compile(r"([^:=/]*)([:=/]?)(.*)", re.DOTALL)


def spf_records(texts: tuple[str, ...]) -> list[str]:
    return [t.strip() for t in texts if _SPF_START.match(t.strip())]


def walk_spf(domain: str, apex_texts: tuple[str, ...], lookup: Lookup) -> SpfResult:
    """The hosts a domain's SPF record names, following ``include:`` and ``redirect=`` as an SPF check would,
    within RFC 7208's limit of 10 lookups; loops and errors become notes, never endless work."""
    result = SpfResult()
    visited = {domain}

    def visit(name: str, texts: tuple[str, ...], depth: int) -> None:
        records = spf_records(texts)
        if not records:
            if depth:
                result.notes.append(note(N_("{name} has no SPF record"), name=name))
            return
        if len(records) > 1:
            result.notes.append(
                note(
                    N_("{name} has {count} SPF records (RFC 7208 §4.5: permerror); not followed"),
                    name=name,
                    count=len(records),
                )
            )
            return
        if depth == 0:
            result.record = records[0][:2000]
        redirect = ""
        has_all = False
        terms = records[0].split()[1:]
        if len(terms) > MAX_SPF_TERMS:
            result.notes.append(
                note(N_("{name}: only the first {count} SPF terms read"), name=name, count=MAX_SPF_TERMS)
            )
        for raw in terms[:MAX_SPF_TERMS]:
            term = raw.lower().lstrip("+-~?")
            word, sep, argument = _TERM.match(term).groups()  # type: ignore[union-attr]  # matches any text
            argument = "" if sep == "/" else argument.split("/", 1)[0] if sep == ":" else argument
            if word == "all":
                has_all = True
                continue
            if word not in SPF_LOOKUP_TERMS:
                continue
            if word == "redirect":
                redirect = argument
                continue
            count()
            if word in ("a", "mx") and sep == ":" and argument:
                result.hosts.append(SpfHost(argument, word, depth, name))
            elif word == "include" and argument:
                follow(argument, "include", depth, name)
        if redirect and not has_all:  # RFC 7208 §6.1: redirect is ignored when an 'all' is present
            count()
            follow(redirect, "redirect", depth, name)

    def count() -> None:
        result.lookups += 1
        if result.lookups > MAX_SPF_LOOKUPS:
            result.notes.append(
                note(
                    N_("more than {count} DNS lookups (RFC 7208 §4.6.4: permerror); the rest not followed"),
                    count=MAX_SPF_LOOKUPS,
                )
            )
            raise _SpfStop

    def follow(target: str, term: str, depth: int, via: str) -> None:
        result.hosts.append(SpfHost(target, term, depth, via))
        if "%" in target:
            result.notes.append(
                note(N_("{via}: {term} with a macro ({target}) not expanded"), via=via, term=term, target=target)
            )
            return
        if target in visited:
            result.notes.append(
                note(N_("{via}: {term}:{target} loops back; not followed again"), via=via, term=term, target=target)
            )
            return
        visited.add(target)
        answer = lookup.query(target, "TXT")
        if answer.error is not None:
            result.notes.append(answer.error)
            return
        if answer.status in ("nxdomain", "nodata"):
            result.void_lookups += 1
            if result.void_lookups > MAX_VOID_LOOKUPS:
                result.notes.append(
                    note(
                        N_("more than {count} lookups without an answer (RFC 7208 §4.6.4: permerror); stopped"),
                        count=MAX_VOID_LOOKUPS,
                    )
                )
                raise _SpfStop
        visit(target, answer.values, depth + 1)

    with contextlib.suppress(_SpfStop):
        visit(domain, apex_texts, 0)
    return result


@dataclass
class Observation:
    """Everything asked about one domain and what came back."""

    domain: str
    status: str = "ok"
    mx: list[tuple[int, str]] = field(default_factory=list)
    txt: tuple[str, ...] = ()
    spf: SpfResult = field(default_factory=SpfResult)
    ns: list[str] = field(default_factory=list)
    cname_chains: dict[str, list[str]] = field(default_factory=dict)
    autodiscover: list[tuple[str, str]] = field(default_factory=list)
    dmarc_rua: list[str] = field(default_factory=list)
    errors: list[Note] = field(default_factory=list)


def cname_chain(name: str, lookup: Lookup, errors: list[Note]) -> list[str]:
    """The targets ``name`` leads to through CNAME records, in order, stopping at loops, after 8 hops, and
    where the next name gives no answer."""
    chain: list[str] = []
    current = name
    seen = {name}
    for _ in range(MAX_CNAME_HOPS):
        answer = lookup.query(current, "CNAME")
        if answer.error is not None:
            if not chain:  # a failure further down the chain is the target's, not the domain's
                errors.append(answer.error)
            break
        if answer.status != "ok" or not answer.values:
            break
        current = answer.values[0]
        chain.append(current)
        if current in seen:
            errors.append(note(N_("CNAME {name}: the chain loops at {target}"), name=name, target=current))
            break
        seen.add(current)
    return chain


_RUA = re.compile(r"(?:^|;)\s*rua\s*=\s*([^;]+)", re.IGNORECASE)


def observe(domain: str, lookup: Lookup) -> Observation:
    """Ask DNS about one domain (ASCII form). NXDOMAIN on the domain itself ends the questions."""
    seen = Observation(domain)
    mx = lookup.query(domain, "MX")
    if mx.status == "nxdomain":
        seen.status = "nxdomain"
        return seen
    if mx.error is not None:
        seen.errors.append(mx.error)
    for value in mx.values:
        preference, _, host = value.partition(" ")
        seen.mx.append((int(preference), host))
    seen.mx.sort()
    txt = lookup.query(domain, "TXT")
    if txt.error is not None:
        seen.errors.append(txt.error)
    seen.txt = txt.values
    seen.spf = walk_spf(domain, txt.values, lookup)
    ns = lookup.query(domain, "NS")
    if ns.error is not None:
        seen.errors.append(ns.error)
    seen.ns = sorted(ns.values)
    for name in (domain, f"www.{domain}"):
        chain = cname_chain(name, lookup, seen.errors)
        if chain:
            seen.cname_chains[name] = chain
    for target in cname_chain(f"autodiscover.{domain}", lookup, seen.errors):
        seen.autodiscover.append(("CNAME", target))
    srv = lookup.query(f"_autodiscover._tcp.{domain}", "SRV")
    if srv.error is not None:
        seen.errors.append(srv.error)
    for value in srv.values:
        target = value.rsplit(" ", 1)[-1]
        if target:
            seen.autodiscover.append(("SRV", target))
    dmarc = lookup.query(f"_dmarc.{domain}", "TXT")
    for text in dmarc.values:
        if text.lower().startswith("v=dmarc1"):
            for match in _RUA.finditer(text):
                for address in match.group(1).split(","):
                    address = address.strip().removeprefix("mailto:").split("!", 1)[0]
                    if "@" in address:
                        seen.dmarc_rua.append(address.rsplit("@", 1)[1].lower()[:253])
    if all(not part for part in (seen.mx, seen.txt, seen.ns, seen.cname_chains, seen.autodiscover)) and seen.errors:
        seen.status = "error"
    return seen
