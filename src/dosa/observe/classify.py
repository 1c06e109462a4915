# SPDX-License-Identifier: EUPL-1.2
"""From records to providers: who handles a domain's mail, DNS and website, with the evidence and a
confidence. What no rule matches stays unknown.

Confidence (a judgement, documented in docs/observe.md):

- mail: an MX host of the provider is **high** (mail is delivered there); behind a filtering gateway, or
  with an MX dosa does not know, an autodiscover target or SPF include naming exactly one mail provider is
  **medium** (it shows who sends or serves mailboxes, not where mail arrives); the domain's DNS hoster,
  when it also offers mail and nothing else points anywhere, is **low**.
- DNS: the name servers are the DNS provider: **high** when all belong to one provider, else **medium**.
- web: a CNAME of the apex or www to the provider's platform is **high**.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from dosa.observe.domains import DomainEntry
from dosa.observe.lookup import Observation
from dosa.observe.notes import N_, Note
from dosa.observe.rules import Record, Role, Rule, RuleTable

NO_MX = Note(N_("no MX record"))
NULL_MX = Note(N_("accepts no mail (null MX, RFC 7505)"))
BEHIND_GATEWAY = N_("behind the gateway")
MX_UNKNOWN = N_("MX host not in the table")
COMBINED_NOTES = (N_("behind the gateway; read from {what}"), N_("MX host not in the table; read from {what}"))
"""The notes made by joining the two above, spelled out so that the catalogues know them."""


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Service(StrEnum):
    """What a classification is about."""

    MAIL = "mail"
    MAIL_GATEWAY = "mail_gateway"
    DNS = "dns"
    WEB = "web"


class Status(StrEnum):
    OK = "ok"
    NXDOMAIN = "nxdomain"
    ERROR = "error"


@dataclass(frozen=True)
class Evidence:
    """One record seen, and the rule that matched it (None: no rule knows the host)."""

    record: Record
    value: str
    detail: str
    rule: Rule | None


@dataclass(frozen=True)
class Classification:
    """A provider for one service of a domain, or unknown (``rule`` None) with the reason in ``note``."""

    service: Service
    rule: Rule | None
    confidence: Confidence | None
    evidence: tuple[Evidence, ...]
    note: Note | None = None

    @property
    def provider(self) -> str | None:
        return self.rule.provider if self.rule else None

    @property
    def known(self) -> bool:
        return self.rule is not None


@dataclass(frozen=True)
class DomainResult:
    entry: DomainEntry
    status: Status
    classifications: tuple[Classification, ...]
    evidence: tuple[Evidence, ...]
    notes: tuple[Note, ...]
    dmarc_rua: tuple[str, ...] = ()

    def of(self, service: Service) -> Classification | None:
        return next((c for c in self.classifications if c.service is service), None)

    @property
    def mail(self) -> Classification:
        found = self.of(Service.MAIL)
        assert found is not None  # every result classifies mail, if only as unknown
        return found


def collect_evidence(seen: Observation, rules: RuleTable) -> list[Evidence]:
    """Every host the records name, each with the rule that knows it (or None)."""
    found: list[Evidence] = []
    for preference, host in seen.mx:
        found.append(Evidence(Record.MX, host, f"MX {preference}", rules.match(Record.MX, host)))
    for spf in seen.spf.hosts:
        detail = f"{spf.term} in the SPF record of {spf.via}"
        found.append(Evidence(Record.SPF, spf.host, detail, rules.match(Record.SPF, spf.host)))
    for kind, host in seen.autodiscover:
        found.append(
            Evidence(Record.AUTODISCOVER, host, f"autodiscover {kind}", rules.match(Record.AUTODISCOVER, host))
        )
    for host in seen.ns:
        found.append(Evidence(Record.NS, host, "NS", rules.match(Record.NS, host)))
    for name, chain in seen.cname_chains.items():
        for hop, host in enumerate(chain, start=1):
            found.append(Evidence(Record.CNAME, host, f"CNAME of {name} (hop {hop})", rules.match(Record.CNAME, host)))
    return found


def _single(evidence: list[Evidence]) -> Rule | None:
    """The one provider these pieces of evidence name, or None when they name none or several."""
    providers = {e.rule.provider for e in evidence if e.rule is not None}
    if len(providers) != 1:
        return None
    return next(e.rule for e in evidence if e.rule is not None)


def classify_mail(seen: Observation, evidence: list[Evidence], rules: RuleTable) -> list[Classification]:
    """The mail provider (and a filtering gateway in front of it, if any)."""
    mx = [e for e in evidence if e.record is Record.MX]
    mailbox = [e for e in mx if e.rule is not None and e.rule.role is Role.MAIL]
    gateway = [e for e in mx if e.rule is not None and e.rule.role is Role.MAIL_GATEWAY]
    out: list[Classification] = []
    if gateway:
        out.append(Classification(Service.MAIL_GATEWAY, gateway[0].rule, Confidence.HIGH, tuple(gateway)))
    if not mx:
        out.insert(0, Classification(Service.MAIL, None, None, (), NO_MX))
        return out
    if all(e.value == "" for e in mx):  # "MX 0 ." (RFC 7505): the domain says it accepts no mail
        out.insert(0, Classification(Service.MAIL, None, None, tuple(mx), NULL_MX))
        return out
    if mailbox:
        chosen = mailbox[0].rule  # the most preferred MX a rule knows
        assert chosen is not None
        others = sorted({e.rule.provider for e in mailbox if e.rule is not None} - {chosen.provider})
        note = Note(N_("other MX providers: {providers}"), (("providers", ", ".join(others)),)) if others else None
        out.insert(0, Classification(Service.MAIL, chosen, Confidence.HIGH, tuple(mailbox), note))
        return out
    behind = BEHIND_GATEWAY if gateway else MX_UNKNOWN
    autodiscover = [
        e for e in evidence if e.record is Record.AUTODISCOVER and e.rule is not None and e.rule.role is Role.MAIL
    ]
    spf = [e for e in evidence if e.record is Record.SPF and e.rule is not None and e.rule.role is Role.MAIL]
    for pieces, what in ((autodiscover, "autodiscover"), (spf, "SPF")):
        rule = _single(pieces)
        if rule is not None:
            note = Note(f"{behind}; read from {{what}}", (("what", what),))
            out.insert(0, Classification(Service.MAIL, rule, Confidence.MEDIUM, (*mx, *pieces), note))
            return out
        if pieces:
            named = ", ".join(sorted({e.rule.provider for e in pieces if e.rule is not None}))
            several = Note(N_("{what} names several: {providers}"), (("what", what), ("providers", named)))
            out.insert(0, Classification(Service.MAIL, None, None, (*mx, *pieces), several))
            return out
    ns = [e for e in evidence if e.record is Record.NS and e.rule is not None and rules.offers_mail(e.rule.provider)]
    hoster = _single(ns)
    if hoster is not None and not gateway:
        mail_rule = next((r for r in rules.rules if r.provider == hoster.provider and r.role is Role.MAIL), hoster)
        note = Note(N_("MX host not in the table; only the DNS hoster, which also offers mail, points here"))
        out.insert(0, Classification(Service.MAIL, mail_rule, Confidence.LOW, (*mx, *ns), note))
        return out
    out.insert(0, Classification(Service.MAIL, None, None, tuple(mx), Note(behind)))
    return out


def classify_dns(evidence: list[Evidence]) -> Classification:
    ns = [e for e in evidence if e.record is Record.NS]
    known = [e for e in ns if e.rule is not None]
    if not known:
        return Classification(
            Service.DNS, None, None, tuple(ns), Note(N_("no NS record") if not ns else N_("NS hosts not in the table"))
        )
    counts = Counter(e.rule.provider for e in known if e.rule is not None)
    provider = counts.most_common(1)[0][0]
    rule = next(e.rule for e in known if e.rule is not None and e.rule.provider == provider)
    confidence = Confidence.HIGH if counts[provider] == len(ns) else Confidence.MEDIUM
    others = sorted(set(counts) - {provider})
    note = Note(N_("also: {providers}"), (("providers", ", ".join(others)),)) if others else None
    return Classification(Service.DNS, rule, confidence, tuple(ns), note)


def classify_web(evidence: list[Evidence]) -> Classification:
    chain = [e for e in evidence if e.record is Record.CNAME]
    known = [e for e in chain if e.rule is not None and e.rule.role is Role.WEB]
    if not known:
        return Classification(
            Service.WEB,
            None,
            None,
            tuple(chain),
            Note(N_("no CNAME") if not chain else N_("CNAME targets not in the table")),
        )
    return Classification(Service.WEB, known[0].rule, Confidence.HIGH, tuple(known))


def classify(entry: DomainEntry, seen: Observation, rules: RuleTable) -> DomainResult:
    """Classify one observed domain."""
    notes = [*seen.spf.notes, *seen.errors]
    if seen.status == "nxdomain":
        unknown = Classification(Service.MAIL, None, None, (), Note(N_("the domain does not exist (NXDOMAIN)")))
        return DomainResult(entry, Status.NXDOMAIN, (unknown,), (), tuple(notes))
    evidence = collect_evidence(seen, rules)
    if seen.status == "error":
        unknown = Classification(Service.MAIL, None, None, (), Note(N_("DNS gave no answer")))
        return DomainResult(entry, Status.ERROR, (unknown,), tuple(evidence), tuple(notes))
    classifications = [*classify_mail(seen, evidence, rules), classify_dns(evidence), classify_web(evidence)]
    return DomainResult(
        entry, Status.OK, tuple(classifications), tuple(evidence), tuple(notes), tuple(dict.fromkeys(seen.dmarc_rua))
    )
