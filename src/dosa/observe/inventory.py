# SPDX-License-Identifier: EUPL-1.2
"""Observed providers into the organisation's service inventory: one service per domain and service
(``mail: gemeente.nl``, ``mail gateway: …``, ``DNS: …``, ``web: …``), written through the inventory's own
writer in one transaction, so that a failure leaves nothing behind. Unknown providers are not written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dosa.inventory.outcome import FileOutcome
from dosa.inventory.services import Service
from dosa.inventory.vocab import ServiceCategory
from dosa.inventory.writer import Writer, check_project_name, project_id
from dosa.observe.classify import Classification, DomainResult
from dosa.observe.classify import Service as Kind
from dosa.store import Store

SOURCE_NAME = "dosa observe domains"
CATEGORIES = {
    Kind.MAIL: ServiceCategory.EMAIL_COLLABORATION,
    Kind.MAIL_GATEWAY: ServiceCategory.SECURITY_PRODUCT,
    Kind.DNS: ServiceCategory.OTHER,
    Kind.WEB: ServiceCategory.OTHER,
}
NAMES = {Kind.MAIL: "mail", Kind.MAIL_GATEWAY: "mail gateway", Kind.DNS: "DNS", Kind.WEB: "web"}


def service_name(kind: Kind, domain: str) -> str:
    return f"{NAMES[kind]}: {domain}"


def _notes(found: Classification, result: DomainResult, observed_on: dt.date) -> str:
    rule = found.rule
    assert rule is not None
    evidence = "; ".join(f"{e.record.value} {e.value}" for e in found.evidence if e.rule is not None)[:1000]
    parts = [
        f"Observed by {SOURCE_NAME} on {observed_on.isoformat()}",
        f"organisation: {result.entry.organisation}" if result.entry.organisation else "",
        f"confidence {found.confidence.value if found.confidence else ''}",
        f"evidence: {evidence}",
        f"rule: {rule.pattern} ({rule.record.value}), source: {rule.source}",
        str(found.note) if found.note else "",
    ]
    return ". ".join(p for p in parts if p)


def services_of(result: DomainResult, observed_on: dt.date) -> list[Service]:
    """The inventory services one domain's known providers stand for."""
    services = []
    for found in result.classifications:
        rule = found.rule
        if rule is None:
            continue
        services.append(
            Service(
                name=service_name(found.service, result.entry.domain),
                category=CATEGORIES[found.service],
                vendor=rule.provider,
                vendor_country=rule.provider_country or None,
                ultimate_parent=rule.parent or None,
                ultimate_parent_country=rule.parent_country or None,
                notes=_notes(found, result, observed_on),
            )
        )
    return services


def plan_services(
    results: Sequence[DomainResult], project: str, observed_on: dt.date | None = None
) -> dict[str, list[Service]]:
    """The services each project would receive (a row's own project column wins over ``project``)."""
    day = observed_on or dt.date.today()
    by_project: dict[str, list[Service]] = {}
    for result in results:
        target = check_project_name(result.entry.project or project)
        by_project.setdefault(target, []).extend(services_of(result, day))
    return by_project


@dataclass(frozen=True)
class Saved:
    project: str
    outcome: FileOutcome


def save_results(
    store: Store, results: Sequence[DomainResult], project: str, observed_on: dt.date | None = None
) -> list[Saved]:
    """Write the known providers into ``project`` (a row's own project column wins), all in one transaction."""
    writer = Writer()
    saved = []
    with store.begin() as conn:
        for name, services in plan_services(results, project, observed_on).items():
            outcome = FileOutcome(SOURCE_NAME)
            number = project_id(conn, name)
            assert number is not None
            writer.write_services(conn, number, services, SOURCE_NAME, outcome)
            saved.append(Saved(name, outcome))
    return saved
