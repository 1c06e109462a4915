# SPDX-License-Identifier: EUPL-1.2
"""The inventory report: every analysis of one project as named tables with their provenance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dosa.dataset.model import Dataset
from dosa.inventory import analysis as an
from dosa.inventory.cloud import FRAMEWORK_VERSION, load_assessments
from dosa.inventory.mapping import VendorMap
from dosa.inventory.national import SubjectRatings, national_links, rated_dependencies
from dosa.inventory.portfolio import component_vendor_counts, list_sboms, load_services, service_sources
from dosa.store import Store
from dosa.tables import Table

METHOD_VERSION = "inventory-1"
"""Version of the analyses' definitions (docs/inventory.md); changes when a formula changes."""


def _section(name: str, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], note: str = "") -> Table:
    """One analysis as a table of :mod:`dosa.tables` (columns named by key)."""
    return Table.from_rows(columns, rows, title=title, name=name, note=note)


@dataclass
class InventoryReport:
    project: str
    dataset: str
    method: str
    generated: str
    sections: list[Table] = field(default_factory=list)

    def section(self, name: str) -> Table:
        return next(s for s in self.sections if s.name == name)


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _concentration_sections(results: Sequence[an.Concentration]) -> list[Table]:
    summary = _section(
        "concentration",
        "Concentration (HHI over shares in %, 0-10,000)",
        ("dimension", "basis", "holders", "hhi", "top1_pct", "top3_pct", "coverage_pct"),
        [
            (c.dimension, c.basis, len(c.rows), _r(c.hhi, 0), _r(c.top1_pct), _r(c.top3_pct), _r(c.coverage_pct))
            for c in results
        ],
        "Shares are of the weight whose holder is known; coverage is that weight's share of the total.",
    )
    shares = _section(
        "shares",
        "Shares per holder",
        ("dimension", "basis", "holder", "weight", "share_pct"),
        [(c.dimension, c.basis, row.label, _r(row.weight, 2), _r(row.share_pct)) for c in results for row in c.rows],
    )
    return [summary, shares]


def supply_chain_sections(views: Sequence[an.ServiceView]) -> list[Table]:
    """Each service's chain link by link, and concentration by group and jurisdiction at each rank."""
    links = _section(
        "supply_chain",
        "Supply chains: who delivers each service, by rank",
        ("service", "rank", "role", "provider", "group", "country", "group_country", "via", "mapped_by"),
        [
            (
                view.service.name,
                link.rank,
                link.role,
                link.provider,
                link.group,
                link.profile.country,
                link.profile.jurisdiction,
                link.via,
                link.profile.basis,
            )
            for view in views
            if view.chain is not None
            for link in view.chain.links
        ],
        "Rank 1 is the vendor; rank 2 its host (hosted_on) and sub-processors; further ranks follow services "
        "named in hosted_on or subprocessors (DORA register of information, template B_05.02).",
    )
    by_rank = an.rank_concentrations(views)
    shares = _section(
        "rank_concentration",
        "Concentration by rank in the supply chain",
        ("rank", "dimension", "holder", "weight", "share_pct", "hhi"),
        [
            (c.rank, c.dimension, row.label, _r(row.weight, 2), _r(row.share_pct), _r(c.hhi, 0))
            for c in by_rank
            for row in c.rows
        ],
        "Weighed by critical functions; a service counts at a rank for every distinct group it relies on there.",
    )
    return [links, shares]


def build_report(
    store: Store,
    project: str,
    dataset: Dataset | None,
    vendors: VendorMap,
    ratings: SubjectRatings | None = None,
    today: dt.datetime | None = None,
) -> InventoryReport:
    """Analyse one project. ``ratings`` are the risk engine's subject ratings, when available."""
    services = load_services(store, project)
    views = an.view_services(services, vendors, dataset, service_sources(store, project))
    counts = component_vendor_counts(store, project)
    components = an.component_vendors(counts, vendors, dataset)
    sboms = [s for s in list_sboms(store, project) if s.current]
    report = InventoryReport(
        project,
        dataset.info.label if dataset is not None else "no dataset",
        METHOD_VERSION,
        (today or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
    )
    critical = [v for v in views if v.service.is_critical]
    report.sections.append(
        _section(
            "summary",
            "Summary",
            ("item", "value"),
            [
                ("current SBOMs", len(sboms)),
                ("components in current SBOMs", sum(s.component_count for s in sboms)),
                ("services", len(services)),
                ("critical services", len(critical)),
                ("cloud services", sum(1 for v in views if v.cloud_provider)),
            ],
        )
    )
    results = [*an.service_concentrations(views), components.by_vendor, components.by_jurisdiction]
    report.sections.extend(_concentration_sections(results))
    report.sections.extend(supply_chain_sections(views))
    report.sections.append(
        _section(
            "exit_gaps",
            "Critical services with a single vendor and no tested exit plan",
            ("service", "vendor", "critical_functions", "exit_plan", "substitutability", "reasons"),
            [
                (
                    g.service,
                    g.vendor,
                    "; ".join(g.critical_functions),
                    g.exit_plan,
                    g.substitutability,
                    "; ".join(g.reasons),
                )
                for g in an.single_vendor_without_tested_exit(views)
            ],
        )
    )
    coverage, _packages = an.resolve_packages(counts, vendors)
    report.sections.append(
        _section(
            "component_resolution",
            "Who is behind the components, per ecosystem",
            (
                "ecosystem",
                "components",
                "named_in_sbom_pct",
                "organisation_named_pct",
                "jurisdiction_known_pct",
                "high",
                "medium",
                "low",
                "mapping",
                "unknown",
            ),
            [
                (
                    row.ecosystem,
                    row.components,
                    _r(row.pct(row.named_before)),
                    _r(row.pct(row.named)),
                    _r(row.pct(row.with_jurisdiction)),
                    row.by_confidence["high"],
                    row.by_confidence["medium"],
                    row.by_confidence["low"],
                    row.by_confidence["mapping"],
                    row.components - row.named,
                )
                for row in coverage.ordered()
            ],
            "named_in_sbom: the SBOM states a supplier or manufacturer; organisation_named: the user's mapping, "
            "the dataset's suppliers or the resolver's tables name the organisation (high, medium, low: the "
            "resolver's confidence; mapping: the user's mapping or the dataset); jurisdiction_known: its or its "
            "parent's headquarters country is known. Per package: dosa inventory resolve.",
        )
    )
    exposures = an.risky_exposures(an.service_exposures(views, dataset) + components.exposures)
    report.sections.append(
        _section(
            "jurisdictions",
            "Dependencies on high-risk and non-EU jurisdictions",
            (
                "dependency",
                "kind",
                "role",
                "country",
                "country_name",
                "class",
                "offensive_cyber_programme_against_nl",
                "eu_member",
                "nato_member",
                "weight",
                "rank",
                "provider",
            ),
            [
                (
                    e.dependency,
                    e.kind,
                    e.role,
                    e.country,
                    e.country_name,
                    e.cls.value,
                    e.offensive_cyber_programme,
                    e.eu_member,
                    e.nato_member,
                    _r(e.weight, 2),
                    e.rank,
                    e.provider,
                )
                for e in exposures
            ],
            "high_risk: the dataset records an offensive cyber programme against the Netherlands; "
            "non_eu: outside the EU/EEA. Countries the dataset does not describe are not classified.",
        )
    )
    links = national_links([v.vendor for v in views], components.mapped_vendors.values(), dataset)
    report.sections.append(
        _section(
            "national_picture",
            "Vendors in the national risk picture",
            (
                "vendor",
                "kind",
                "dataset_supplier",
                "priorities",
                "country",
                "class",
                "eu_member",
                "nato_member",
                "offensive_cyber_programme_against_nl",
                "mapped_by",
            ),
            [
                (
                    link.vendor,
                    link.kind,
                    link.supplier_id,
                    "; ".join(link.priorities),
                    link.country,
                    link.jurisdiction.value,
                    link.eu_member,
                    link.nato_member,
                    link.offensive_cyber_programme,
                    link.basis,
                )
                for link in links
            ],
        )
    )
    if ratings is None:
        rated_rows: list[tuple[Any, ...]] = []
        note = "No risk-engine ratings were supplied, so no subject is rated."
    else:
        rated_rows = [
            (r.service, r.subject, r.subject_name, r.rating, r.high, "; ".join(r.critical_functions), r.explanation)
            for r in rated_dependencies(views, ratings, dataset)
        ]
        note = "Ratings of the dataset's subjects by the risk engine."
    report.sections.append(
        _section(
            "rated_subjects",
            "Dependencies on subjects the risk engine rates",
            ("service", "subject", "subject_name", "rating", "high", "critical_functions", "explanation"),
            rated_rows,
            note,
        )
    )
    from dosa.exposure.report import inventory_section  # exposure builds on the inventory, not the reverse

    report.sections.append(inventory_section(store, project, vendors, dataset))
    assessments = load_assessments(store, project)
    report.sections.append(
        _section(
            "cloud_sovereignty",
            f"Cloud sovereignty (EU Cloud Sovereignty Framework {FRAMEWORK_VERSION})",
            ("service", "score", "score_lower_bound", "eligible", "missing_objectives", "below_minimum"),
            [
                (
                    a.service,
                    _r(a.score),
                    _r(a.score_lower_bound),
                    a.eligible,
                    "; ".join(a.missing),
                    "; ".join(f"{c.objective} {c.seal}<{c.minimum}" for c in a.below_minimum),
                )
                for a in assessments
            ],
        )
    )
    return report
