# SPDX-License-Identifier: EUPL-1.2
"""Exposure across the portfolio: the operational ``dosa exposure`` (:mod:`dosa.exposure`) with its
two scans of component rows done by an engine (DuckDB or Spark) over the Parquet store.

The advisories, KEV, EPSS and VEX stay where ``dosa advisories import`` puts them (the operational
database: small, and imported from files there). Everything else is the operational code path:

1. the engine lists the distinct (package, CPE, version) triples in scope;
2. the advisory index of those packages decides each distinct (package, version) pair once
   (:class:`dosa.exposure.matching.Matcher`, univers version rules per ecosystem);
3. the engine returns the component rows of the packages with hits, in a total order;
4. :func:`dosa.exposure.findings.add_findings` makes the findings, as for the operational store.

A finding's ``project`` is ``organisation/project``: the operational store's name for an
organisation's project (``dosa exposure --organisation O`` selects ``O`` and ``O/…``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa

from dosa.dataset.model import Dataset
from dosa.exposure.findings import (
    ExposedComponent,
    ExposureReport,
    add_findings,
    component_key,
    has_exposure_tables,
    load_index,
)
from dosa.exposure.matching import Matcher
from dosa.inventory.mapping import VendorMap
from dosa.portfolio.analyses import scope_filters
from dosa.portfolio.engines import Engine
from dosa.store import Store


def project_label(organisation: str, project: str) -> str:
    return f"{organisation}/{project}"


def portfolio_exposure(
    engine: Engine,
    advisories: Store,
    *,
    organisation: str | None = None,
    project: str | None = None,
    current_only: bool = False,
    vendors: VendorMap | None = None,
    dataset: Dataset | None = None,
) -> ExposureReport:
    """Findings for the portfolio (or one organisation, or one of its projects) against the advisories
    imported into ``advisories``."""
    scope = "all organisations"
    if organisation:
        scope = f"organisation {organisation}" + (f", project {project}" if project else "")
    report = ExposureReport(scope)
    if not has_exposure_tables(advisories):
        return report
    params: dict[str, Any] = {}
    where = scope_filters(organisation, project, current_only, params)
    condition = f"WHERE {' AND '.join(where)}" if where else ""
    triples = engine.rows(
        f"""SELECT DISTINCT c.package_key, c.cpe, c.version
            FROM components c JOIN sboms s ON c.sbom_id = s.sbom_id {condition}
            ORDER BY 1, 2, 3""",
        params,
    )
    keyed = {(key, cpe, version): component_key(key, cpe, version) for key, cpe, version in triples}
    index, advisory_rows = load_index(advisories, {k[0] for k in keyed.values() if k is not None})
    report.advisories = len(advisory_rows)
    matcher = Matcher(index)
    hits = matcher.match_pairs({k for k in keyed.values() if k is not None})
    report.pairs_checked = len(matcher.decided)
    if not hits:
        return report
    exposed = sorted({key for (key, _, _), pair in keyed.items() if pair in hits})
    engine.register("exposed_packages", pa.table({"package_key": pa.array(exposed, pa.string())}))
    rows = engine.rows(
        f"""SELECT s.organisation, s.project, s.subject, s.subject_version, s.is_current, c.name, c.version,
                   c.purl, c.cpe, c.package_key, c.ecosystem, c.supplier, c.manufacturer
            FROM components c JOIN sboms s ON c.sbom_id = s.sbom_id
                 JOIN exposed_packages e ON c.package_key = e.package_key {condition}
            ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13""",
        params,
    )
    components = [ExposedComponent(project_label(row[0], row[1]), *row[2:]) for row in rows]
    add_findings(
        report,
        advisories,
        index,
        advisory_rows,
        hits,
        components,
        _services(engine, organisation, project),
        vendors or VendorMap(dataset),
        dataset,
    )
    return report


def _services(engine: Engine, organisation: str | None, project: str | None) -> dict[tuple[str, str], list[str]]:
    """Services of a partition whose name is an SBOM's subject (the service runs that software)."""
    params: dict[str, Any] = {}
    where = [w.replace("s.", "v.", 1) for w in scope_filters(organisation, project, False, params)]
    condition = f"WHERE {' AND '.join(where)}" if where else ""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for org, proj, name in engine.rows(
        f"SELECT v.organisation, v.project, v.name FROM services v {condition} ORDER BY 1, 2, 3", params
    ):
        found[(project_label(org, proj), name.lower())].append(name)
    return found
