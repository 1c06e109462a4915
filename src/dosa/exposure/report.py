# SPDX-License-Identifier: EUPL-1.2
"""The exposure report as named tables (the inventory report's :class:`Section`), shared by the
command line, the dashboard, the API and the inventory report."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from dosa.exposure.findings import ExposureReport, Finding, has_exposure_tables
from dosa.exposure.tables import AdvisoryRow, EpssRow, KevRow, VexRow
from dosa.store import Store
from dosa.tables import Table

FINDING_COLUMNS = (
    "project",
    "subject",
    "subject_version",
    "component",
    "version",
    "vulnerability",
    "aliases",
    "severity",
    "cvss",
    "kev",
    "kev_date_added",
    "epss",
    "epss_percentile",
    "fixed_versions",
    "supplier",
    "group",
    "jurisdiction",
    "jurisdiction_class",
    "services",
    "purl",
    "summary",
    "sources",
)
SUPPRESSED_COLUMNS = (
    "project",
    "subject",
    "subject_version",
    "component",
    "version",
    "vulnerability",
    "vex_status",
    "justification",
    "detail",
    "vex_source",
    "vex_product",
)
ROLLUP_COLUMNS = (
    "project",
    "exposed_components",
    "findings",
    "kev_findings",
    "max_cvss",
    "suppressed_by_vex",
    "kev_components",
)


def finding_row(f: Finding) -> tuple[Any, ...]:
    return (
        f.project,
        f.subject,
        f.subject_version,
        f.component,
        f.version,
        f.vulnerability,
        [i for i in f.ids if i != f.vulnerability],
        f.severity,
        f.cvss,
        f.kev,
        f.kev_date_added,
        f.epss,
        f.epss_percentile,
        list(f.fixed),
        f.supplier,
        f.group,
        f.jurisdiction,
        f.jurisdiction_class,
        list(f.services),
        f.purl,
        f.summary,
        list(f.sources),
    )


def suppressed_row(f: Finding) -> tuple[Any, ...]:
    assert f.vex is not None
    return (
        f.project,
        f.subject,
        f.subject_version,
        f.component,
        f.version,
        f.vulnerability,
        f.vex.status,
        f.vex.justification,
        f.vex.detail,
        f.vex.origin,
        f.vex.product,
    )


def rollup_rows(report: ExposureReport) -> list[tuple[Any, ...]]:
    return [
        (
            r["project"],
            r["components"],
            r["findings"],
            r["kev_findings"],
            r["max_cvss"],
            r["suppressed"],
            r["kev_components"],
        )
        for r in report.rollup()
    ]


def _section(name: str, title: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], note: str = "") -> Table:
    return Table.from_rows(columns, rows, title=title, name=name, note=note)


def exposure_sections(report: ExposureReport) -> list[Table]:
    return [
        _section(
            "findings",
            f"Known vulnerabilities in {report.scope}",
            FINDING_COLUMNS,
            [finding_row(f) for f in report.findings],
            f"{report.advisories} advisories on the inventory's packages; {report.pairs_checked} distinct "
            "(package, version) pairs checked. KEV: CISA Known Exploited Vulnerabilities; EPSS: FIRST.",
        ),
        _section(
            "suppressed",
            "Findings suppressed by VEX statements",
            SUPPRESSED_COLUMNS,
            [suppressed_row(f) for f in report.suppressed],
            "A VEX statement of status not_affected or fixed removes a finding; its justification is kept here.",
        ),
        _section(
            "portfolio",
            "Projects with known vulnerabilities (KEV-listed first)",
            ROLLUP_COLUMNS,
            rollup_rows(report),
        ),
    ]


def source_counts(store: Store) -> list[tuple[str, str, str, int, str]]:
    """What is imported: per kind and origin file, the record count, licence and latest retrieval."""
    out: list[tuple[str, str, str, int, str]] = []
    if not has_exposure_tables(store):
        return out
    with store.engine.connect() as conn:
        for kind, table in (("advisory", AdvisoryRow), ("kev", KevRow), ("epss", EpssRow), ("vex", VexRow)):
            statement = (
                select(table.origin, table.licence, func.count(), func.max(table.retrieved_at))
                .group_by(table.origin, table.licence)
                .order_by(table.origin)
            )
            for origin, licence, count, retrieved in conn.execute(statement):
                out.append((kind, origin, licence, count, str(retrieved)[:19]))
    return out
