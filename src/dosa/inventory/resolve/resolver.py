# SPDX-License-Identifier: EUPL-1.2
"""Who maintains a component, who owns them, and which countries' law reaches them.

Each piece of evidence an SBOM holds (supplier, manufacturer/author, purl namespace and type,
repository and website URLs) is looked up in the shipped tables (:mod:`.tables`); every hit becomes
an :class:`Evidence` with a confidence, and the strongest one names the organisation:

- **high**: an explicit supplier or manufacturer that the organisations table knows; a namespace the
  registry verifies (Maven groupId by domain, npm scope, NuGet reserved prefix, a Go module path on
  the organisation's own domain);
- **medium**: a namespace rule by convention or judgement; a forge account (``github.com/<org>``)
  from a purl, a Go module path or a repository URL; a website on a known domain; a supplier the
  table does not know (named, without a country);
- **low**: a manufacturer/author string only; the domain of a reverse-DNS Maven groupId that no
  table row covers.

What no evidence supports stays unknown. Lookups are dictionary and prefix probes, cached per
distinct record, so a portfolio of millions of rows costs one resolution per distinct package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from dosa.inventory.identity import parse_purl
from dosa.inventory.resolve.names import (
    FORGES,
    MAX_TEXT,
    group_domain,
    locate,
    normalise_vendor,
    person_or_org_name,
)
from dosa.inventory.resolve.tables import (
    FORGE_TARGET,
    NOBODY_TARGET,
    NamespaceRule,
    Organisation,
    Tables,
    load_tables,
    namespace_key,
)

CACHE_LIMIT = 500_000
"""Distinct records remembered; the cache is emptied past this so memory stays bounded."""


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


RANK = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}
_FORGE_HOST = {kind: host for host, kind in FORGES.items()}
_TLDS = frozenset(
    [
        "com",
        "org",
        "net",
        "io",
        "edu",
        "gov",
        "dev",
        "info",
        "biz",
        "me",
        "co",
        "app",
        "ai",
        "cloud",
        "tech",
        "eu",
        "nl",
        "de",
        "be",
        "fr",
        "uk",
        "ch",
        "at",
        "se",
        "no",
        "dk",
        "fi",
        "it",
        "es",
        "pl",
        "cz",
        "ru",
        "cn",
        "jp",
        "kr",
        "in",
        "br",
        "au",
        "ca",
        "us",
        "nz",
        "ie",
        "pt",
        "lu",
        "hu",
        "ro",
        "gr",
        "sk",
        "si",
        "ee",
        "lv",
        "lt",
        "hr",
        "bg",
        "xyz",
        "sh",
        "ly",
        "land",
    ]
)


_HOSTNAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")
_EXAMPLE_DOMAINS = frozenset({"example.com", "example.org", "example.net"})
"""Reserved for examples (RFC 2606): nobody is behind them."""


class ComponentRecord(NamedTuple):
    """What the resolver reads of a component (all optional; a NamedTuple, so it is hashable)."""

    purl: str = ""
    supplier: str = ""
    manufacturer: str = ""
    """CycloneDX manufacturer/author(s)/publisher, SPDX PackageOriginator."""
    vcs_url: str = ""
    website_url: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    field: str
    """Where in the component: ``supplier``, ``manufacturer``, ``purl namespace``, ``vcs url``, ``website url``."""
    value: str
    """The value seen there."""
    rule: str
    """What it was matched with: a table row (``namespaces.csv:12``, ``organisations.csv id microsoft``) or a rule."""
    organisation: str
    """The organisation this evidence points to (its name)."""
    organisation_id: str
    """Its id in organisations.csv; empty when the table does not know it."""
    confidence: Confidence

    def describe(self) -> str:
        return f"{self.field} '{self.value}' → {self.organisation} ({self.rule}; {self.confidence.value})"


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    country: str
    role: str
    """``organisation HQ`` or ``parent HQ``."""
    organisation: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """The resolver's answer for one component; ``organisation is None`` means unknown."""

    organisation: str | None
    organisation_id: str | None
    country: str | None
    """The organisation's headquarters (None when not known)."""
    parent: str | None
    """The ultimate parent's name when the organisation has one."""
    parent_country: str | None
    chain: tuple[str, ...]
    """The organisation and its parents, nearest first."""
    jurisdictions: tuple[Jurisdiction, ...]
    confidence: Confidence | None
    evidence: tuple[Evidence, ...]
    """Every hit, strongest first; the first named the organisation."""
    registry: str | None = None
    """The registry the purl type names (``npm public registry``) and, in ``registry_operator``, who runs it."""
    registry_operator: str | None = None
    registry_country: str | None = None
    """The headquarters country of the registry operator's ultimate parent."""

    @property
    def resolved(self) -> bool:
        return self.organisation is not None

    @property
    def group(self) -> str | None:
        """The ultimate parent, else the organisation: the holder concentration counts."""
        return self.parent or self.organisation

    @property
    def group_country(self) -> str | None:
        """The country whose law reaches the group: the ultimate parent's HQ, else the organisation's."""
        return self.parent_country if self.parent else self.country

    @property
    def basis(self) -> str:
        return self.evidence[0].describe() if self.evidence else "no evidence"


def _reverse_dns_domain(group_id: str) -> str | None:
    """The registrable domain of a reverse-DNS groupId: ``io.quarkus.arc`` → ``quarkus.io``; None if not reverse-DNS."""
    parts = group_id.lower().split(".")
    if len(parts) < 2 or parts[0] not in _TLDS or not all(parts[:2]):
        return None
    take = 3 if len(parts) >= 3 and len(parts[0]) == 2 and parts[1] in {"co", "com", "org", "ac", "gov", "net"} else 2
    domain = ".".join(reversed(parts[:take]))
    return None if domain in _EXAMPLE_DOMAINS else domain


def _gopkg(path: str) -> str:
    """``gopkg.in/yaml.v2`` → ``github.com/go-yaml/yaml``; ``gopkg.in/user/pkg.v1`` → ``github.com/user/pkg``."""
    parts = path.split("/")
    if len(parts) >= 2 and parts[0] == "gopkg.in":
        if len(parts) == 2:
            package = parts[1].split(".v", 1)[0]
            return f"github.com/go-{package}/{package}"
        return f"github.com/{parts[1]}/{parts[2].split('.v', 1)[0]}"
    return path


class Resolver:
    """Resolves component records against the shipped tables (or others, for tests)."""

    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables or load_tables()
        self._cache: dict[ComponentRecord, Resolution] = {}
        self._orgs: dict[str, tuple[Organisation, Organisation, tuple[str, ...], tuple[Jurisdiction, ...]]] = {}

    # --- evidence ------------------------------------------------------------------------------

    def _known(self, field: str, value: str, org_id: str, rule: str, confidence: Confidence) -> Evidence:
        return Evidence(field, value, rule, self.tables.organisations[org_id].name, org_id, confidence)

    def _by_name(self, field: str, value: str, strong: Confidence, weak: Confidence | None) -> Evidence | None:
        name = person_or_org_name(value)
        key = normalise_vendor(name)
        if not key:
            return None
        if org_id := self.tables.by_name.get(key):
            return self._known(field, value, org_id, f"organisations.csv name of '{org_id}'", strong)
        if weak is None:
            return None
        return Evidence(field, value, "named in the SBOM; not in organisations.csv", name, "", weak)

    def _rule_evidence(self, field: str, value: str, rule: NamespaceRule, rest: list[str]) -> Evidence | None:
        if rule.organisation == NOBODY_TARGET:
            return None
        if rule.organisation.startswith(FORGE_TARGET):
            host = rule.organisation.removeprefix(FORGE_TARGET)
            return (
                self._forge(field, value, FORGES[host], rest[0].lower(), f"{rule.where} {rule.namespace}.<account>")
                if rest
                else None
            )
        confidence = Confidence.HIGH if rule.basis == "verified" else Confidence.MEDIUM
        if rule.type in _FORGE_HOST.keys() | {"github"}:
            confidence = Confidence.MEDIUM
        label = f"{rule.where} {rule.type} {rule.namespace}{'*' if rule.prefix else ''} ({rule.basis})"
        return self._known(field, value, rule.organisation, label, confidence)

    def _rule(self, kind: str, segments: list[str], sep: str) -> tuple[NamespaceRule, list[str]] | None:
        """The longest rule of ``kind`` matching the leading ``segments``, with the segments after it."""
        for end in range(len(segments), 0, -1):
            rule = self.tables.namespaces.get((kind, namespace_key(kind, sep.join(segments[:end]))))
            if rule is not None and (rule.prefix or end == len(segments)):
                return rule, segments[end:]
        return None

    def _forge(self, field: str, value: str, forge: str, account: str, how: str) -> Evidence | None:
        if not account:
            return None
        host = _FORGE_HOST[forge]
        rule = self.tables.namespaces.get((forge, account))
        if rule is not None:
            return self._known(
                field,
                value,
                rule.organisation,
                f"forge account {host}/{account} = {rule.where} ({how})",
                Confidence.MEDIUM,
            )
        return Evidence(
            field, value, f"forge account ({how}); not in namespaces.csv", f"{host}/{account}", "", Confidence.MEDIUM
        )

    def _purl(self, purl: str) -> list[Evidence]:
        info = parse_purl(purl)
        if info is None:
            return []
        kind, namespace, name = info.type, info.namespace, info.name
        found: list[Evidence] = []
        if kind == "maven" and namespace:
            hit = self._rule("maven", namespace.split("."), ".")
            if hit is not None:
                evidence = self._rule_evidence("purl namespace", namespace, *hit)
                found += [evidence] if evidence else []
            elif domain := self.tables.organisation_for_domain(group_domain(namespace)):
                found.append(
                    self._known(
                        "purl namespace",
                        namespace,
                        domain[1],
                        f"groupId is the reverse of domain {domain[0]} (organisations.csv '{domain[1]}'; "
                        "Maven Central verifies domain control)",
                        Confidence.HIGH,
                    )
                )
            elif owner := _reverse_dns_domain(namespace):
                found.append(
                    Evidence(
                        "purl namespace",
                        namespace,
                        "reverse-DNS groupId; the domain is in no table",
                        owner,
                        "",
                        Confidence.LOW,
                    )
                )
        elif kind == "nuget":
            hit = self._rule("nuget", name.split("."), ".")
            if hit is not None and (evidence := self._rule_evidence("purl name", name, *hit)):
                found.append(evidence)
        elif kind == "golang":
            path = _gopkg(f"{namespace}/{name}" if namespace else name)
            segments = path.split("/")
            hit = self._rule("golang", segments, "/")
            if hit is not None and (evidence := self._rule_evidence("purl namespace", path, *hit)):
                found.append(evidence)
            elif segments[0] in FORGES and len(segments) > 1:
                evidence = self._forge(
                    "purl namespace", path, FORGES[segments[0]], segments[1].lower(), "Go module path"
                )
                found += [evidence] if evidence else []
            elif _HOSTNAME.match(segments[0]) and segments[0] not in FORGES:
                if domain := self.tables.organisation_for_domain(segments[0].lower()):
                    found.append(
                        self._known(
                            "purl namespace",
                            path,
                            domain[1],
                            f"Go module path on domain {domain[0]} (organisations.csv '{domain[1]}')",
                            Confidence.HIGH,
                        )
                    )
                else:  # whoever controls the domain serves the module: named, weakly
                    found.append(
                        Evidence(
                            "purl namespace",
                            path,
                            "Go module path on a domain no table covers",
                            segments[0].lower(),
                            "",
                            Confidence.LOW,
                        )
                    )
        elif kind in _FORGE_HOST and namespace:
            evidence = self._forge(
                "purl namespace", namespace, kind, namespace.split("/")[0].lower(), f"purl type {kind}"
            )
            found += [evidence] if evidence else []
        elif namespace:
            hit = self._rule(kind, [namespace], "/")
            if hit is not None and (evidence := self._rule_evidence("purl namespace", namespace, *hit)):
                found.append(evidence)
        elif (rule := self.tables.namespaces.get((kind, namespace_key(kind, name)))) is not None and not rule.prefix:
            evidence = self._rule_evidence("purl name", name, rule, [])  # a registry without namespaces (PyPI)
            found += [evidence] if evidence else []
        elif (rule := self.tables.namespaces.get((kind, "*"))) is not None:  # the type names the distribution
            evidence = self._rule_evidence("purl type", kind, rule, [])
            found += [evidence] if evidence else []
        return found

    def _url(self, field: str, url: str) -> Evidence | None:
        """A forge account from a repository or website URL; a known domain from a website URL only
        (a repository host such as svn.sonatype.org or java.net hosted others' projects)."""
        where = locate(url)
        if where is None:
            return None
        if where.forge:
            return self._forge(field, url, where.forge, where.account, field)
        if field != "website url":
            return None
        domain = self.tables.organisation_for_domain(where.host)
        if domain is None:
            return None
        return self._known(
            field, url, domain[1], f"domain {domain[0]} (organisations.csv '{domain[1]}')", Confidence.MEDIUM
        )

    def evidence(self, record: ComponentRecord) -> list[Evidence]:
        """Every hit for a record, strongest first (table-known before merely named, then field order)."""
        if any(len(value) > MAX_TEXT for value in record):
            record = ComponentRecord(*(value[:MAX_TEXT] for value in record))
        found: list[Evidence] = []
        if record.supplier and (hit := self._by_name("supplier", record.supplier, Confidence.HIGH, Confidence.MEDIUM)):
            found.append(hit)
        if record.purl:
            found += self._purl(record.purl)
        if record.manufacturer and (
            hit := self._by_name("manufacturer", record.manufacturer, Confidence.HIGH, Confidence.LOW)
        ):
            found.append(hit)
        for field, url in (("vcs url", record.vcs_url), ("website url", record.website_url)):
            if url and (hit := self._url(field, url)):
                found.append(hit)
        order = {id(e): i for i, e in enumerate(found)}
        return sorted(found, key=lambda e: (RANK[e.confidence], not e.organisation_id, order[id(e)]))

    # --- resolution ----------------------------------------------------------------------------

    def registry_of(self, purl: str) -> tuple[str | None, str | None, str | None]:
        """The registry a purl's type names, its operator, and the HQ country of the operator's group."""
        info = parse_purl(purl) if purl.startswith("pkg:") else None
        registry = self.tables.registries.get(info.type) if info is not None else None
        if registry is None:
            return None, None, None
        chain = self.tables.chain(registry.organisation)
        top = chain[-1]
        return registry.name, chain[0].name, top.country or None

    def resolve(self, record: ComponentRecord) -> Resolution:
        """The organisation behind one component, with its parent, jurisdictions and evidence."""
        cached = self._cache.get(record)
        if cached is not None:
            return cached
        evidence = tuple(self.evidence(record))
        registry = self.registry_of(record.purl)
        if not evidence:
            result = Resolution(None, None, None, None, None, (), (), None, (), *registry)
        else:
            result = self._from(evidence, registry)
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[record] = result
        return result

    def _organisation(
        self, org_id: str
    ) -> tuple[Organisation, Organisation, tuple[str, ...], tuple[Jurisdiction, ...]]:
        """The organisation, its ultimate parent, the chain's names and jurisdictions (computed once per id)."""
        found = self._orgs.get(org_id)
        if found is None:
            chain = self.tables.chain(org_id)
            jurisdictions = tuple(
                Jurisdiction(member.country, "organisation HQ" if index == 0 else "parent HQ", member.name)
                for index, member in enumerate(chain)
                if member.country
            )
            found = (chain[0], chain[-1], tuple(member.name for member in chain), jurisdictions)
            self._orgs[org_id] = found
        return found

    def _from(self, evidence: tuple[Evidence, ...], registry: tuple[str | None, str | None, str | None]) -> Resolution:
        best = evidence[0]
        if not best.organisation_id:
            return Resolution(
                best.organisation,
                None,
                None,
                None,
                None,
                (best.organisation,),
                (),
                best.confidence,
                evidence,
                *registry,
            )
        org, top, chain, jurisdictions = self._organisation(best.organisation_id)
        has_parent = top is not org
        return Resolution(
            org.name,
            org.id,
            org.country or None,
            top.name if has_parent else None,
            (top.country or None) if has_parent else None,
            chain,
            jurisdictions,
            best.confidence,
            evidence,
            *registry,
        )

    def resolve_many(self, records: Iterable[ComponentRecord]) -> list[Resolution]:
        return [self.resolve(record) for record in records]


_default: Resolver | None = None


def default_resolver() -> Resolver:
    """The resolver over the shipped tables, built once per process."""
    global _default
    if _default is None:
        _default = Resolver()
    return _default


def resolve_component(record: ComponentRecord) -> Resolution:
    """Resolve one component with the shipped tables (see :class:`Resolver` for the rules)."""
    return default_resolver().resolve(record)
