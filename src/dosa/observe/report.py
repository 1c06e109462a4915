# SPDX-License-Identifier: EUPL-1.2
"""What an observation run shows people: the domains with their providers, the evidence for each, and the
shares of domains per mail provider and per jurisdiction of the provider's parent, in Dutch or English."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from dosa.i18n import localizer
from dosa.observe.classify import NO_MX, NULL_MX, Classification, DomainResult, Service, Status
from dosa.observe.notes import N_, Note
from dosa.observe.rules import RuleTable
from dosa.tables import Column, Kind, Table

UNKNOWN = N_("unknown")
VALUES = {
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
    "ok": N_("ok"),
    "nxdomain": N_("does not exist"),
    "error": N_("no answer"),
    "mail": N_("mail"),
    "mail_gateway": N_("mail gateway"),
    "dns": N_("DNS"),
    "web": N_("web"),
    "mail_sender": N_("mail sender"),
    "documented": N_("documented by the provider"),
    "own_domain": N_("the provider's own domain (judgement)"),
}


def _columns(specs: Sequence[tuple[str, str] | tuple[str, str, Kind]]) -> tuple[Column, ...]:
    nl = localizer("nl")
    return tuple(
        Column(spec[0], label_en=spec[1], label_nl=nl.gettext(spec[1]), kind=spec[2] if len(spec) > 2 else Kind.TEXT)
        for spec in specs
    )


class Texts:
    """Values in the reader's language."""

    def __init__(self, lang: str) -> None:
        self.loc = localizer(lang)

    def value(self, text: str | None) -> str:
        if text is None:
            return ""
        return self.loc.gettext(VALUES.get(text, text))

    def note(self, note: Note) -> str:
        return note.text(self.loc.gettext)

    def provider(self, found: Classification | None) -> str:
        if found is None:
            return ""
        return found.provider or self.loc.gettext(UNKNOWN)


def domains_table(results: Sequence[DomainResult], lang: str) -> Table:
    text = Texts(lang)
    columns = _columns(
        (
            ("domain", N_("Domain")),
            ("organisation", N_("Organisation")),
            ("status", N_("Status")),
            ("mail_provider", N_("Mail provider")),
            ("mail_confidence", N_("Confidence")),
            ("mail_gateway", N_("Mail gateway")),
            ("dns_provider", N_("DNS provider")),
            ("web_provider", N_("Web provider")),
            ("jurisdiction", N_("Jurisdiction (mail)")),
            ("dmarc_rua", N_("DMARC reports to"), Kind.LIST),
            ("notes", N_("Notes")),
        )
    )
    rows = []
    for result in results:
        mail = result.mail
        gateway = result.of(Service.MAIL_GATEWAY)
        notes = [text.note(n) for n in (mail.note, *result.notes) if n]
        rows.append(
            {
                "domain": result.entry.domain,
                "organisation": result.entry.organisation,
                "status": text.value(result.status.value),
                "mail_provider": text.provider(mail),
                "mail_confidence": text.value(mail.confidence.value if mail.confidence else None),
                "mail_gateway": gateway.provider if gateway else "",
                "dns_provider": text.provider(result.of(Service.DNS)),
                "web_provider": text.provider(result.of(Service.WEB)),
                "jurisdiction": mail.rule.jurisdiction if mail.rule else "",
                "dmarc_rua": list(result.dmarc_rua),
                "notes": "; ".join(notes),
            }
        )
    return Table(columns, tuple(rows), title=text.loc.gettext(N_("Observed providers")), name="domains")


def evidence_table(results: Sequence[DomainResult], lang: str) -> Table:
    """Every classification with the records and the rule it rests on."""
    text = Texts(lang)
    columns = _columns(
        (
            ("domain", N_("Domain")),
            ("service", N_("Service")),
            ("provider", N_("Provider")),
            ("confidence", N_("Confidence")),
            ("record", N_("Record")),
            ("value", N_("Value")),
            ("detail", N_("Where")),
            ("rule", N_("Rule")),
            ("source", N_("Source")),
        )
    )
    rows = []
    for result in results:
        for found in result.classifications:
            for piece in found.evidence or ():
                rule = piece.rule
                rows.append(
                    {
                        "domain": result.entry.domain,
                        "service": text.value(found.service.value),
                        "provider": rule.provider if rule is not None else text.loc.gettext(UNKNOWN),
                        "confidence": text.value(
                            found.confidence.value
                            if found.confidence and rule is not None and rule.provider == found.provider
                            else None
                        ),
                        "record": piece.record.value,
                        "value": piece.value,
                        "detail": piece.detail,
                        "rule": f"{rule.pattern} ({rule.record.value}) → {rule.provider}" if rule else "",
                        "source": rule.source if rule else "",
                    }
                )
    return Table(columns, tuple(rows), title=text.loc.gettext(N_("Evidence")), name="evidence")


def _share_rows(counts: Counter[str], total: int) -> list[tuple[str, int, float]]:
    return [(key, n, round(100 * n / total, 1) if total else 0.0) for key, n in counts.most_common()]


def mail_provider_summary(results: Sequence[DomainResult], lang: str) -> Table:
    """Share of the domains per mail provider (unknown, no MX and non-existent domains each counted)."""
    text = Texts(lang)
    counts: Counter[str] = Counter()
    parents: dict[str, tuple[str, str]] = {}
    for result in results:
        mail = result.mail
        if mail.rule is not None:
            counts[mail.rule.provider] += 1
            parents[mail.rule.provider] = (mail.rule.parent, mail.rule.jurisdiction)
        elif result.status is Status.NXDOMAIN:
            counts[text.value("nxdomain")] += 1
        elif mail.note in (NO_MX, NULL_MX):
            counts[text.note(mail.note)] += 1
        else:
            counts[text.loc.gettext(UNKNOWN)] += 1
    columns = _columns(
        (
            ("provider", N_("Mail provider")),
            ("parent", N_("Parent company")),
            ("jurisdiction", N_("Jurisdiction")),
            ("domains", N_("Domains"), Kind.INTEGER),
            ("share_pct", N_("Share (%)"), Kind.NUMBER),
        )
    )
    rows = [
        {
            "provider": key,
            "parent": parents.get(key, ("", ""))[0],
            "jurisdiction": parents.get(key, ("", ""))[1],
            "domains": n,
            "share_pct": share,
        }
        for key, n, share in _share_rows(counts, len(results))
    ]
    return Table(columns, tuple(rows), title=text.loc.gettext(N_("Domains per mail provider")), name="mail_providers")


def jurisdiction_summary(results: Sequence[DomainResult], lang: str) -> Table:
    """Share of the domains per country of the mail provider's parent (the provider's own when no parent
    is established)."""
    text = Texts(lang)
    counts: Counter[str] = Counter()
    for result in results:
        rule = result.mail.rule
        counts[rule.jurisdiction if rule is not None else text.loc.gettext(UNKNOWN)] += 1
    columns = _columns(
        (
            ("jurisdiction", N_("Jurisdiction")),
            ("domains", N_("Domains"), Kind.INTEGER),
            ("share_pct", N_("Share (%)"), Kind.NUMBER),
        )
    )
    rows = [
        {"jurisdiction": key, "domains": n, "share_pct": share} for key, n, share in _share_rows(counts, len(results))
    ]
    return Table(
        columns,
        tuple(rows),
        title=text.loc.gettext(N_("Domains per jurisdiction of the mail provider's parent")),
        name="jurisdictions",
    )


def rules_table(rules: RuleTable, lang: str) -> Table:
    """The classification table as people read it: every rule with its basis and source."""
    text = Texts(lang)
    columns = _columns(
        (
            ("pattern", N_("Pattern")),
            ("record", N_("Record")),
            ("provider", N_("Provider")),
            ("role", N_("Role")),
            ("provider_country", N_("Country")),
            ("parent", N_("Parent company")),
            ("parent_country", N_("Country of the parent")),
            ("basis", N_("Basis")),
            ("source", N_("Source")),
            ("licence", N_("Licence")),
        )
    )
    rows = [
        {
            "pattern": r.pattern,
            "record": r.record.value,
            "provider": r.provider,
            "role": text.value(r.role.value),
            "provider_country": r.provider_country,
            "parent": r.parent,
            "parent_country": r.parent_country,
            "basis": text.value(r.basis.value),
            "source": r.source,
            "licence": r.licence,
        }
        for r in rules.rules
    ]
    return Table(columns, tuple(rows), title=text.loc.gettext(N_("Provider classification rules")), name="rules")


def observation_tables(results: Sequence[DomainResult], lang: str) -> list[Table]:
    return [
        domains_table(results, lang),
        evidence_table(results, lang),
        mail_provider_summary(results, lang),
        jurisdiction_summary(results, lang),
    ]
