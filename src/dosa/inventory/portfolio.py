# SPDX-License-Identifier: EUPL-1.2
"""Read the portfolio back: projects, imported SBOMs, services, and component counts per vendor."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from dosa.errors import UnknownIdError
from dosa.inventory.analysis import ComponentVendorCount
from dosa.inventory.importer import project_id
from dosa.inventory.services import Service
from dosa.inventory.tables import ComponentRow, Package, Project, Sbom, ServiceRow
from dosa.store import Store


@dataclass(frozen=True)
class SbomListing:
    project: str
    subject: str
    subject_version: str
    current: bool
    source_name: str
    format: str
    spec_version: str
    component_count: int
    warnings: int
    imported_at: str


def require_project(store: Store, project: str) -> int:
    with store.engine.connect() as conn:
        found = project_id(conn, project, create=False)
    if found is None:
        raise UnknownIdError(
            f"no project '{project}'",
            hint="import into it first, or list projects with: dosa inventory list",
        )
    return found


def list_projects(store: Store) -> list[tuple[str, int, int]]:
    """``(name, SBOMs, services)`` per project."""
    with store.engine.connect() as conn:
        sboms = dict(conn.execute(select(Sbom.project_id, func.count()).group_by(Sbom.project_id)).all())
        services = dict(conn.execute(select(ServiceRow.project_id, func.count()).group_by(ServiceRow.project_id)).all())
        projects = conn.execute(select(Project.id, Project.name).order_by(Project.name)).all()
    return [(name, sboms.get(pid, 0), services.get(pid, 0)) for pid, name in projects]


def project_organisations(store: Store) -> dict[str, str]:
    """Project name -> the organisation it belongs to (``""``: none yet)."""
    with store.engine.connect() as conn:
        return {str(name): str(owner) for name, owner in conn.execute(select(Project.name, Project.organisation))}


def list_sboms(store: Store, project: str | None = None) -> list[SbomListing]:
    statement = (
        select(
            Project.name,
            Sbom.subject,
            Sbom.subject_version,
            Sbom.is_current,
            Sbom.source_name,
            Sbom.format,
            Sbom.spec_version,
            Sbom.component_count,
            Sbom.warnings,
            Sbom.imported_at,
        )
        .join(Project, Sbom.project_id == Project.id)
        .order_by(Project.name, Sbom.subject, Sbom.subject_version)
    )
    if project is not None:
        require_project(store, project)
        statement = statement.where(Project.name == project)
    with store.engine.connect() as conn:
        rows = conn.execute(statement).all()
    return [
        SbomListing(
            r[0],
            r[1],
            r[2],
            bool(r[3]),
            r[4],
            r[5],
            r[6],
            r[7],
            len(json.loads(r[8] or "[]")),
            r[9].isoformat(timespec="seconds") if r[9] else "",
        )
        for r in rows
    ]


def load_services(store: Store, project: str) -> list[Service]:
    key = require_project(store, project)
    with store.engine.connect() as conn:
        records = (
            conn.execute(select(ServiceRow.record).where(ServiceRow.project_id == key).order_by(ServiceRow.name))
            .scalars()
            .all()
        )
    return [Service.model_validate_json(record) for record in records]


def service_sources(store: Store, project: str) -> dict[str, str]:
    """The file each service of a project was last imported from (named in chain errors)."""
    key = require_project(store, project)
    with store.engine.connect() as conn:
        rows = conn.execute(select(ServiceRow.name, ServiceRow.source_name).where(ServiceRow.project_id == key))
        return {str(name): str(source) for name, source in rows}


def component_vendor_counts(store: Store, project: str) -> list[ComponentVendorCount]:
    """Components of the project's current SBOMs, counted per package and vendor evidence
    (supplier, manufacturer, repository and website URL)."""
    key = require_project(store, project)
    evidence = (ComponentRow.supplier, ComponentRow.manufacturer, ComponentRow.vcs_url, ComponentRow.website_url)
    statement = (
        select(Package.key, *evidence, func.count())
        .join(Package, ComponentRow.package_id == Package.id)
        .join(Sbom, ComponentRow.sbom_id == Sbom.id)
        .where(Sbom.project_id == key, Sbom.is_current.is_(True))
        .group_by(Package.key, *evidence)
    )
    with store.engine.connect() as conn:
        return [
            ComponentVendorCount(package, supplier, manufacturer, count, vcs_url, website_url)
            for package, supplier, manufacturer, vcs_url, website_url, count in conn.execute(statement)
        ]


def dependency_graph(store: Store, project: str, subject: str, version: str) -> dict[str, list[str]]:
    """The dependency graph of one imported SBOM: each component ref with the refs it depends on."""
    key = require_project(store, project)
    with store.engine.connect() as conn:
        graph = conn.execute(
            select(Sbom.dependencies).where(
                Sbom.project_id == key, Sbom.subject == subject, Sbom.subject_version == version
            )
        ).scalar()
    if graph is None:
        raise UnknownIdError(
            f"no SBOM of '{subject}' version '{version}' in project '{project}'",
            hint="list the imported SBOMs with: dosa inventory list",
        )
    return dict(json.loads(graph))
