# SPDX-License-Identifier: EUPL-1.2
"""The portfolio analyses, each defined once and run on any :class:`~dosa.portfolio.engines.Engine`.

Each analysis is SQL in the common subset of DuckDB's and Spark's dialects (the heavy part: scans,
joins, aggregates over up to billions of rows) plus the Python that must be Python because the
operational store does it that way: version ranges are evaluated with univers (as
:mod:`dosa.inventory.where_used` does) once per distinct version, and vendors are resolved with the
vendor mapping (:class:`dosa.inventory.mapping.VendorMap`) once per distinct package and supplier.
Every query has a total order, so both engines return the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from dosa.dataset.model import Dataset
from dosa.errors import InputError
from dosa.inventory.analysis import Concentration, concentration, view_services
from dosa.inventory.mapping import VendorMap
from dosa.inventory.services import Service
from dosa.inventory.where_used import Hit, Query, version_in_range
from dosa.portfolio.engines import Engine

DIMENSIONS = ("vendor", "group", "jurisdiction", "cloud")
BASES = ("components", "services")


def scope_filters(
    organisation: str | None, project: str | None, current_only: bool, params: dict[str, Any]
) -> list[str]:
    where = []
    if organisation:
        where.append("s.organisation = :organisation")
        params["organisation"] = organisation
    if project:
        where.append("s.project = :project")
        params["project"] = project
    if current_only:
        where.append("s.is_current")
    return where


# --- where-used -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioHit(Hit):
    """A where-used hit of the operational store's shape, with the organisation that holds it."""

    organisation: str


@dataclass
class PortfolioWhereUsed:
    query: Query
    hits: list[PortfolioHit] = field(default_factory=list)
    uncomparable: list[PortfolioHit] = field(default_factory=list)
    """Matches whose version cannot be compared with the range (listed, never silently dropped)."""


def where_used_sql(
    query: Query, organisation: str | None = None, project: str | None = None, current_only: bool = False
) -> tuple[str, dict[str, Any]]:
    """Components of the queried package, pre-filtered by package identity (and exact version)."""
    params: dict[str, Any] = {}
    where = []
    if query.package_key:
        where.append("c.package_key = :package_key")
        params["package_key"] = query.package_key
    else:
        assert query.name is not None
        where.append("c.name_lc = :name")
        params["name"] = query.name.lower()
        if query.namespace:
            where.append("lower(c.namespace) = :namespace")
            params["namespace"] = query.namespace.lower()
    if query.version and not query.constraints:
        where.append("c.version = :version")
        params["version"] = query.version
    if organisation:
        where.append("c.organisation = :organisation")  # prunes files before the join
    where += scope_filters(organisation, project, current_only, params)
    sql = f"""
        SELECT s.project, s.subject, s.subject_version, s.is_current, s.source_name,
               c.name, c.version, c.purl, c.ecosystem, c.parent_key, c.supplier, s.organisation
        FROM components c JOIN sboms s ON c.sbom_id = s.sbom_id
        WHERE {" AND ".join(where)}
        ORDER BY s.organisation, s.project, s.subject, s.subject_version, c.name, c.version, c.purl,
                 c.parent_key, c.supplier, s.source_name"""
    return sql, params


def where_used(
    engine: Engine,
    query: Query,
    *,
    organisation: str | None = None,
    project: str | None = None,
    current_only: bool = False,
) -> PortfolioWhereUsed:
    """Every component matching ``query`` across the portfolio; ranges evaluated once per version."""
    result = PortfolioWhereUsed(query)
    sql, params = where_used_sql(query, organisation, project, current_only)
    verdicts: dict[tuple[str, str], bool | None] = {}
    for row in engine.rows(sql, params):
        hit = PortfolioHit(*row)
        if query.constraints:
            key = (hit.ecosystem, hit.version)
            if key not in verdicts:
                verdicts[key] = version_in_range(query, hit.ecosystem, hit.version)
            inside = verdicts[key]
            if inside is None:
                result.uncomparable.append(hit)
                continue
            if not inside:
                continue
        result.hits.append(hit)
    return result


# --- prevalence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prevalence:
    package_key: str
    ecosystem: str
    name: str
    organisations: int
    components: int
    versions: int


def prevalence(
    engine: Engine, *, top: int = 50, organisation: str | None = None, current_only: bool = True
) -> list[Prevalence]:
    """The packages found in the most organisations (then components, then versions).

    Two small aggregations instead of one with three distinct counts, which costs several times more
    on DuckDB (measured: docs/performance.md).
    """
    if not 1 <= top <= 1_000_000:
        raise InputError(f"--top must be between 1 and 1,000,000, not {top}")
    params: dict[str, Any] = {}
    where = scope_filters(organisation, None, current_only, params)
    condition = "WHERE " + " AND ".join(where) if where else ""
    sql = f"""
        WITH per_organisation AS (
            SELECT c.package_key, s.organisation, count(*) AS n, min(c.ecosystem) AS ecosystem,
                   min(c.package_name) AS package_name
            FROM components c JOIN sboms s ON c.sbom_id = s.sbom_id {condition}
            GROUP BY c.package_key, s.organisation),
        versions AS (
            SELECT package_key, count(*) AS versions
            FROM (SELECT DISTINCT c.package_key, c.version
                  FROM components c JOIN sboms s ON c.sbom_id = s.sbom_id {condition}) AS distinct_versions
            GROUP BY package_key)
        SELECT p.package_key, min(p.ecosystem), min(p.package_name), count(*), sum(p.n), min(v.versions)
        FROM per_organisation p JOIN versions v ON p.package_key = v.package_key
        GROUP BY p.package_key
        ORDER BY 4 DESC, 5 DESC, 6 DESC, 1
        LIMIT {int(top)}"""
    return [Prevalence(*row) for row in engine.rows(sql, params)]


# --- concentration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcentrationRow:
    label: str
    weight: float
    share_pct: float
    organisations: int
    """Organisations with any weight on this label."""


@dataclass(frozen=True)
class PortfolioConcentration:
    concentration: Concentration
    rows: tuple[ConcentrationRow, ...]
    organisations: int
    """Organisations in the analysis."""


def _component_label(profile: Any, supplier: str, manufacturer: str, dimension: str) -> str | None:
    if profile is None:
        return None if dimension == "jurisdiction" else (supplier or manufacturer or None)
    if dimension == "vendor":
        return str(profile.vendor)
    if dimension == "group":
        return str(profile.group)
    return profile.jurisdiction  # type: ignore[no-any-return]


def _finish(
    dimension: str, basis: str, weighted: Sequence[tuple[str | None, float, int]], organisations: int
) -> PortfolioConcentration:
    """``(label, weight, organisations with it)`` rows into shares, HHI and top shares."""
    result = concentration(dimension, basis, ((label, weight) for label, weight, _ in weighted))
    spread = {label: count for label, _, count in weighted if label}
    rows = tuple(ConcentrationRow(r.label, r.weight, r.share_pct, spread.get(r.label, 0)) for r in result.rows)
    return PortfolioConcentration(result, rows, organisations)


def concentration_across(
    engine: Engine,
    dimension: str,
    *,
    basis: str = "components",
    vendors: VendorMap,
    dataset: Dataset | None = None,
    current_only: bool = True,
) -> PortfolioConcentration:
    """Concentration by vendor, group, jurisdiction or cloud provider across every organisation."""
    if dimension not in DIMENSIONS:
        raise InputError(f"unknown dimension '{dimension}'", hint=f"use one of {', '.join(DIMENSIONS)}")
    if basis not in BASES:
        raise InputError(f"unknown basis '{basis}'", hint=f"use one of {', '.join(BASES)}")
    if basis == "services":
        return _service_concentration(engine, dimension, vendors, dataset)
    if dimension == "cloud":
        raise InputError("cloud concentration is measured on services", hint="add --basis services")
    params: dict[str, Any] = {}
    where = scope_filters(None, None, current_only, params)
    condition = "WHERE " + " AND ".join(where) if where else ""
    # the one heavy step: components counted per organisation, package, supplier and manufacturer
    engine.materialise(
        "dosa_counted",
        f"""SELECT s.organisation, c.package_key, c.supplier, c.manufacturer,
                   coalesce(c.vcs_url, '') AS vcs_url, coalesce(c.website_url, '') AS website_url, count(*) AS n
            FROM components c JOIN sboms s ON c.sbom_id = s.sbom_id {condition}
            GROUP BY s.organisation, c.package_key, c.supplier, c.manufacturer,
                     coalesce(c.vcs_url, ''), coalesce(c.website_url, '')""",
        params,
    )
    evidence = engine.rows(f"SELECT DISTINCT {_EVIDENCE} FROM dosa_counted ORDER BY 1, 2, 3, 4, 5")
    labels: dict[str, list[Any]] = {name: [] for name in _LABELS.names}
    for record in evidence:
        profile = vendors.for_component(*record)
        for name, value in zip(_LABELS.names, record, strict=False):
            labels[name].append(value)
        labels["label"].append(_component_label(profile, record[1], record[2], dimension))
    engine.register("dosa_labels", pa.table(labels, schema=_LABELS))
    joined = " AND ".join(f"k.{name} = l.{name}" for name in _EVIDENCE.split(", "))
    weighted = engine.rows(
        f"""SELECT l.label, sum(k.n), count(DISTINCT k.organisation)
           FROM dosa_counted k JOIN dosa_labels l ON {joined}
           GROUP BY l.label
           ORDER BY 2 DESC, 1"""
    )
    organisations = engine.rows("SELECT count(DISTINCT organisation) FROM dosa_counted")[0][0]
    return _finish(dimension, "components", [(r[0], float(r[1]), int(r[2])) for r in weighted], int(organisations))


_EVIDENCE = "package_key, supplier, manufacturer, vcs_url, website_url"
"""What resolves a component's vendor (:meth:`VendorMap.for_component`), as the operational store's
:func:`dosa.inventory.portfolio.component_vendor_counts` groups it."""
_LABELS = pa.schema([(name, pa.string()) for name in (*_EVIDENCE.split(", "), "label")])


def _service_concentration(
    engine: Engine, dimension: str, vendors: VendorMap, dataset: Dataset | None
) -> PortfolioConcentration:
    """Services weighed by the critical functions that depend on them (as the inventory report does)."""
    rows = engine.rows("SELECT organisation, project, name, record FROM services ORDER BY 1, 2, 3")
    weights: dict[str | None, float] = {}
    spread: dict[str | None, set[str]] = {}
    for organisation, _project, _name, record in rows:
        view = view_services([Service.model_validate_json(record)], vendors, dataset)[0]
        label = {
            "vendor": view.vendor.vendor,
            "group": view.vendor.group,
            "jurisdiction": view.jurisdiction.code,
            "cloud": view.cloud_provider,
        }[dimension]
        if dimension == "cloud" and label is None:
            continue
        weights[label] = weights.get(label, 0.0) + view.critical_weight
        spread.setdefault(label, set()).add(organisation)
    weighted = [(label, weight, len(spread[label])) for label, weight in weights.items()]
    return _finish(dimension, "critical_functions", weighted, len({r[0] for r in rows}))
