# SPDX-License-Identifier: EUPL-1.2
"""Exposure: which components of the inventory are hit by which known vulnerabilities.

Reads the inventory (:mod:`dosa.inventory.tables`) and the advisories, KEV, EPSS and VEX imported
by :mod:`dosa.exposure.importer`; computes findings on demand (nothing is stored, so a new import
is reflected at once). One finding per vulnerability (aliases merged) per component of an SBOM.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from dosa.dataset.model import Dataset
from dosa.errors import UnknownIdError
from dosa.exposure.matching import AdvisoryIndex, IndexedAdvisory, Matcher, merge_aliases
from dosa.exposure.readers import cpe_parts
from dosa.exposure.tables import AdvisoryRow, AffectedRow, EpssRow, KevRow, VexRow
from dosa.inventory.identity import parse_purl
from dosa.inventory.jurisdiction import classify
from dosa.inventory.mapping import VendorMap
from dosa.inventory.tables import ComponentRow, Package, Project, Sbom, ServiceRow
from dosa.store import Store

SUPPRESSING = ("not_affected", "fixed")
CHUNK = 500


@dataclass(frozen=True)
class Vex:
    status: str
    justification: str
    detail: str
    origin: str
    product: str


@dataclass(frozen=True)
class Finding:
    vulnerability: str
    """The canonical id: the lowest CVE id of the merged advisories, else the lowest id."""
    ids: tuple[str, ...]
    summary: str
    severity: str
    cvss: float | None
    vector: str
    kev: bool
    kev_date_added: str
    epss: float | None
    epss_percentile: float | None
    fixed: tuple[str, ...]
    project: str
    subject: str
    subject_version: str
    current: bool
    component: str
    version: str
    purl: str
    ecosystem: str
    supplier: str
    group: str
    jurisdiction: str
    jurisdiction_class: str
    services: tuple[str, ...]
    advisories: tuple[str, ...]
    sources: tuple[str, ...]
    vex: Vex | None = None

    @property
    def suppressed(self) -> bool:
        return self.vex is not None and self.vex.status in SUPPRESSING


@dataclass
class ExposureReport:
    scope: str
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    advisories: int = 0
    pairs_checked: int = 0

    def rollup(self) -> list[dict[str, Any]]:
        """Per project: exposed components, findings, KEV findings, highest CVSS, KEV-listed components."""
        rows: dict[str, dict[str, Any]] = {}
        for finding in self.findings:
            row = rows.setdefault(
                finding.project,
                {
                    "project": finding.project,
                    "components": set(),
                    "findings": 0,
                    "kev_findings": 0,
                    "max_cvss": None,
                    "kev_components": set(),
                    "suppressed": 0,
                },
            )
            row["components"].add((finding.component, finding.version))
            row["findings"] += 1
            if finding.cvss is not None and (row["max_cvss"] is None or finding.cvss > row["max_cvss"]):
                row["max_cvss"] = finding.cvss
            if finding.kev:
                row["kev_findings"] += 1
                row["kev_components"].add(f"{finding.component}@{finding.version}")
        for finding in self.suppressed:
            rows.setdefault(
                finding.project,
                {
                    "project": finding.project,
                    "components": set(),
                    "findings": 0,
                    "kev_findings": 0,
                    "max_cvss": None,
                    "kev_components": set(),
                    "suppressed": 0,
                },
            )["suppressed"] += 1
        out = []
        for row in sorted(rows.values(), key=lambda r: (-r["kev_findings"], -r["findings"], r["project"])):
            out.append({**row, "components": len(row["components"]), "kev_components": sorted(row["kev_components"])})
        return out


def component_key(package_key: str, cpe: str, version: str) -> tuple[str, str] | None:
    if package_key.startswith("pkg:"):
        return package_key, version
    parts = cpe_parts(cpe) if cpe else None
    if parts is not None:
        return parts[0], version or parts[1]
    return None


def scope_projects(
    store: Store, project: str | None, organisation: str | None, visible: Collection[str] | None = None
) -> dict[int, str]:
    """Project ids and names in scope: one project, an organisation's projects (``O`` and ``O/…``), or all.

    With both, the project must be one of the organisation's. ``visible`` limits every scope to the
    projects the reader may see (``None``: all); one they may not see is reported as unknown."""
    with store.engine.connect() as conn:
        projects = dict(conn.execute(select(Project.id, Project.name)).all())
    if visible is not None:
        projects = {pid: name for pid, name in projects.items() if name in visible}
    if project is not None:
        if organisation is not None and not (project == organisation or project.startswith(f"{organisation}/")):
            raise UnknownIdError(
                f"project '{project}' is not one of organisation '{organisation}'",
                hint="an organisation's projects are named ORGANISATION or ORGANISATION/PROJECT",
            )
        chosen = {pid: name for pid, name in projects.items() if name == project}
        if not chosen:
            raise UnknownIdError(f"no inventory project '{project}'", hint="see dosa inventory list --projects")
        return chosen
    if organisation is not None:
        chosen = {pid: n for pid, n in projects.items() if n == organisation or n.startswith(f"{organisation}/")}
        if not chosen:
            raise UnknownIdError(
                f"no inventory project of organisation '{organisation}'",
                hint="an organisation's projects are named ORGANISATION or ORGANISATION/PROJECT",
            )
        return chosen
    return projects


def load_index(store: Store, package_keys: Iterable[str] | None = None) -> tuple[AdvisoryIndex, list[Any]]:
    """The advisory index, limited to ``package_keys`` when given (the inventory's packages)."""
    index = AdvisoryIndex()
    with store.engine.connect() as conn:
        advisories: dict[int, Any] = {row.id: row for row in conn.execute(select(AdvisoryRow)).all()}
        affected: dict[int, list[tuple[str, str, Any]]] = defaultdict(list)
        keys = sorted(set(package_keys)) if package_keys is not None else None
        statements = (
            [
                select(AffectedRow).where(AffectedRow.package_key.in_(keys[i : i + CHUNK]))
                for i in range(0, len(keys), CHUNK)
            ]
            if keys is not None
            else [select(AffectedRow)]
        )
        for statement in statements:
            for hit in conn.execute(statement):
                affected[hit.advisory_pk].append((hit.package_key, hit.scheme, json.loads(hit.spec)))
    rows = []
    for pk, row in advisories.items():
        if pk not in affected:
            continue
        index.add(IndexedAdvisory(row.advisory_id, tuple(json.loads(row.aliases)), bool(row.withdrawn)), affected[pk])
        rows.append(row)
    return index, rows


def _vex_index(store: Store) -> dict[str, list[VexRow]]:
    with store.engine.connect() as conn:
        statements = conn.execute(select(VexRow)).all()
    by_id: dict[str, list[Any]] = defaultdict(list)
    for statement in statements:
        by_id[statement.vulnerability.upper()].append(statement)
    return by_id


def _vex_for(
    statements: Sequence[Any], purl: str, base: str, cpe: str, subject: str, subject_version: str
) -> Vex | None:
    """The first statement about this component or its SBOM's subject, suppressing ones first.

    A statement's product matches the component's purl (qualifiers ignored), its package (a purl
    without version covers every version), its CPE, or the SBOM's subject (``name``,
    ``name version`` or ``name@version``).
    """
    own = parse_purl(purl) if purl else None
    names = {
        base.lower(),
        cpe.lower(),
        subject.lower(),
        f"{subject} {subject_version}".lower(),
        f"{subject}@{subject_version}".lower(),
    } - {""}
    if own is not None:
        names.add(f"{own.base}@{own.version}".lower())
    chosen = None
    for statement in statements:
        product = statement.product.strip()
        info = parse_purl(product) if product.lower().startswith("pkg:") else None
        key = product if info is None else f"{info.base}@{info.version}" if info.version else info.base
        if key.lower() in names:
            vex = Vex(statement.status, statement.justification, statement.detail, statement.origin, statement.product)
            if vex.status in SUPPRESSING:
                return vex
            chosen = chosen or vex
    return chosen


def has_exposure_tables(store: Store) -> bool:
    """Whether advisories were ever imported into this database (reading never creates the tables)."""
    from sqlalchemy import inspect

    return bool(inspect(store.engine).has_table(AdvisoryRow.__tablename__))


def build_exposure(
    store: Store,
    *,
    project: str | None = None,
    organisation: str | None = None,
    vendors: VendorMap | None = None,
    dataset: Dataset | None = None,
    current_only: bool = False,
    visible: Collection[str] | None = None,
) -> ExposureReport:
    """Findings for the projects in scope, with KEV, EPSS, VEX, vendor and jurisdiction (only the
    projects named in ``visible`` when given: what the reader may see)."""
    projects = scope_projects(store, project, organisation, visible)
    everything = "all projects" if visible is None else "the projects the reader may see"
    scope = project or (f"organisation {organisation}" if organisation else everything)
    report = ExposureReport(scope)
    if not projects or not has_exposure_tables(store):
        return report
    vendors = vendors or VendorMap(dataset)
    with store.engine.connect() as conn:
        statement = (
            select(ComponentRow.package_id, Package.key, ComponentRow.cpe, ComponentRow.version)
            .join(Package, ComponentRow.package_id == Package.id)
            .join(Sbom, ComponentRow.sbom_id == Sbom.id)
            .where(Sbom.project_id.in_(list(projects)))
            .distinct()
        )
        if current_only:
            statement = statement.where(Sbom.is_current.is_(True))
        distinct = conn.execute(statement).all()
    keyed = {(pid, cpe, version): component_key(key, cpe, version) for pid, key, cpe, version in distinct}
    index, advisory_rows = load_index(store, {k[0] for k in keyed.values() if k is not None})
    report.advisories = len(advisory_rows)
    matcher = Matcher(index)
    hits = matcher.match_pairs({k for k in keyed.values() if k is not None})
    report.pairs_checked = len(matcher.decided)
    if not hits:
        return report
    wanted = {(pid, version) for (pid, cpe, version), k in keyed.items() if k in hits}
    components = _component_rows(store, projects, wanted, current_only)
    add_findings(report, store, index, advisory_rows, hits, components, _services(store, projects), vendors, dataset)
    return report


def add_findings(
    report: ExposureReport,
    store: Store,
    index: AdvisoryIndex,
    advisory_rows: list[Any],
    hits: dict[tuple[str, str], list[int]],
    components: Iterable[ExposedComponent],
    services: dict[tuple[str, str], list[str]],
    vendors: VendorMap,
    dataset: Dataset | None,
) -> None:
    """One finding per vulnerability per component row whose (package, version) pair has hits, with
    KEV, EPSS and VEX from ``store``; in the order of :func:`_order` (stable: ties keep ``components``' order).

    The operational store and the portfolio store (:mod:`dosa.portfolio.exposure`) both end here."""
    rows_by_id = {row.advisory_id: row for row in advisory_rows}
    kev, epss = _kev_epss(store)
    vex = _vex_index(store)
    fixed_by_key = _fixed_versions(index)
    for row in components:
        pair = component_key(row.key, row.cpe, row.version)
        numbers = hits.get(pair) if pair is not None else None
        if not numbers:
            continue
        assert pair is not None
        profile = vendors.for_component(row.key, row.supplier, row.manufacturer)
        jurisdiction = classify(profile.jurisdiction if profile else None, dataset)
        merged = merge_aliases(index.advisories[n] for n in numbers)
        for canonical, ids, members in merged:
            rows = [rows_by_id[m.advisory_id] for m in members]
            best = max(rows, key=lambda r: r.cvss_score if r.cvss_score is not None else -1)
            kev_entry = next((kev[i.upper()] for i in ids if i.upper() in kev), None)
            epss_entry = next((epss[i.upper()] for i in ids if i.upper() in epss), None)
            statements = [s for i in ids for s in vex.get(i.upper(), [])]
            finding = Finding(
                vulnerability=canonical,
                ids=ids,
                summary=best.summary,
                severity=best.severity_label or _label(best.cvss_score),
                cvss=best.cvss_score,
                vector=best.severity_vector,
                kev=kev_entry is not None,
                kev_date_added=kev_entry.date_added if kev_entry else "",
                epss=epss_entry.score if epss_entry else None,
                epss_percentile=epss_entry.percentile if epss_entry else None,
                fixed=tuple(sorted({f for m in members for f in fixed_by_key.get((m.advisory_id, pair[0]), ())})),
                project=row.project,
                subject=row.subject,
                subject_version=row.subject_version,
                current=row.is_current,
                component=row.name,
                version=row.version,
                purl=row.purl,
                ecosystem=row.ecosystem,
                supplier=row.supplier or row.manufacturer,
                group=profile.group if profile else "",
                jurisdiction=jurisdiction.code or "",
                jurisdiction_class=jurisdiction.cls.value,
                services=tuple(services.get((row.project, row.subject.lower()), ())),
                advisories=tuple(sorted(m.advisory_id for m in members)),
                sources=tuple(sorted({r.origin for r in rows})),
                vex=_vex_for(statements, row.purl, row.key, row.cpe, row.subject, row.subject_version)
                if statements
                else None,
            )
            (report.suppressed if finding.suppressed else report.findings).append(finding)
    order = _order
    report.findings.sort(key=order)
    report.suppressed.sort(key=order)


def _order(f: Finding) -> tuple[Any, ...]:
    return (not f.kev, -(f.cvss or 0), f.project, f.subject, f.component, f.version, f.vulnerability)


def _label(score: float | None) -> str:
    """The CVSS v3 qualitative rating of a base score (FIRST, CVSS v3.1 specification, section 5)."""
    if score is None:
        return ""
    if score == 0:
        return "NONE"
    return "LOW" if score < 4 else "MEDIUM" if score < 7 else "HIGH" if score < 9 else "CRITICAL"


def _fixed_versions(index: AdvisoryIndex) -> dict[tuple[str, str], list[str]]:
    fixed: dict[tuple[str, str], list[str]] = {}
    for package_key, entries in index.by_package.items():
        for number, _, spec in entries:
            fixed.setdefault((index.advisories[number].advisory_id, package_key), []).extend(spec.get("fixed", []))
    return fixed


@dataclass(frozen=True)
class ExposedComponent:
    project: str
    subject: str
    subject_version: str
    is_current: bool
    name: str
    version: str
    purl: str
    cpe: str
    key: str
    ecosystem: str
    supplier: str
    manufacturer: str


def _component_rows(
    store: Store, projects: dict[int, str], wanted: set[tuple[int, str]], current_only: bool
) -> list[ExposedComponent]:
    package_ids = sorted({pid for pid, _ in wanted})
    out = []
    with store.engine.connect() as conn:
        for start in range(0, len(package_ids), CHUNK):
            statement = (
                select(
                    Project.name,
                    Sbom.subject,
                    Sbom.subject_version,
                    Sbom.is_current,
                    ComponentRow.name,
                    ComponentRow.version,
                    ComponentRow.purl,
                    ComponentRow.cpe,
                    Package.key,
                    Package.ecosystem,
                    ComponentRow.supplier,
                    ComponentRow.manufacturer,
                    ComponentRow.package_id,
                )
                .join(Sbom, ComponentRow.sbom_id == Sbom.id)
                .join(Project, Sbom.project_id == Project.id)
                .join(Package, ComponentRow.package_id == Package.id)
                .where(ComponentRow.package_id.in_(package_ids[start : start + CHUNK]))
                .where(Sbom.project_id.in_(list(projects)))
            )
            if current_only:
                statement = statement.where(Sbom.is_current.is_(True))
            for row in conn.execute(statement):
                if (row[-1], row[5]) in wanted:
                    values: tuple[Any, ...] = tuple(row)[:-1]
                    out.append(ExposedComponent(*values))
    return out


def _kev_epss(store: Store) -> tuple[dict[str, Any], dict[str, Any]]:
    with store.engine.connect() as conn:
        kev = {row.cve: row for row in conn.execute(select(KevRow)).all()}
        epss = {row.cve: row for row in conn.execute(select(EpssRow)).all()}
    return kev, epss


def _services(store: Store, projects: dict[int, str]) -> dict[tuple[str, str], list[str]]:
    """Services of a project whose name is an SBOM's subject (the service runs that software)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(ServiceRow.project_id, ServiceRow.name).where(ServiceRow.project_id.in_(list(projects)))
        )
        found: dict[tuple[str, str], list[str]] = defaultdict(list)
        for project_id, name in rows:
            found[(projects[project_id], name.lower())].append(name)
    return found
