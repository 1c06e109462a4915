# SPDX-License-Identifier: EUPL-1.2
"""Export the operational store (SQLite/PostgreSQL) into the portfolio store, one project at a time.

Each exported project becomes one partition ``<organisation>/<project>`` and replaces what the
partition held: new part files are written under temporary names, moved into place, the ``sboms``
file is replaced (the commit point), and only then are the partition's old part files removed. The
new documents get new ids, so a reader never sees old and new rows of the same SBOM together.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select

from dosa.inventory.portfolio import require_project
from dosa.inventory.tables import ComponentRow, Package, Project, Sbom, ServiceRow
from dosa.portfolio.bulk import (
    ROW_GROUP_ROWS,
    SBOM_SCHEMA_WITH_SEQ,
    final_name,
    register_partition,
    write_rows,
)
from dosa.portfolio.layout import (
    COMPONENT_SCHEMA,
    DEPENDENCY_SCHEMA,
    SBOMS_FILE,
    SERVICE_SCHEMA,
    SERVICES_FILE,
    StoreLayout,
    check_name,
    partition_lock,
    replace_atomically,
    temporary_path,
)
from dosa.store import Store

BATCH_ROWS = 500_000


@dataclass(frozen=True)
class ExportedProject:
    organisation: str
    project: str
    sboms: int
    components: int
    dependencies: int
    services: int


def _id(run: str, organisation: str, project: str, operational_id: int) -> int:
    text = f"{organisation}\x1f{project}\x1f{run}\x1f{operational_id}"
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def _component_batches(
    store: Store, project_key: int, organisation: str, project: str, ids: dict[Any, int]
) -> Iterator[pa.Table]:
    columns = [
        ComponentRow.sbom_id,
        Package.key,
        Package.ecosystem,
        Package.namespace,
        Package.name,
        Package.name_lc,
        ComponentRow.key,
        ComponentRow.ref,
        ComponentRow.name,
        ComponentRow.version,
        ComponentRow.group,
        ComponentRow.purl,
        ComponentRow.cpe,
        ComponentRow.type,
        ComponentRow.scope,
        ComponentRow.supplier,
        ComponentRow.manufacturer,
        ComponentRow.licences,
        ComponentRow.hashes,
        ComponentRow.parent_key,
        ComponentRow.vcs_url,
        ComponentRow.website_url,
    ]
    statement = (
        select(*columns)
        .join(Package, ComponentRow.package_id == Package.id)
        .join(Sbom, ComponentRow.sbom_id == Sbom.id)
        .where(Sbom.project_id == project_key)
        .order_by(ComponentRow.id)
    )
    names = COMPONENT_SCHEMA.names[2:]
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(statement)
        for partition in result.partitions():  # rows of (sbom id, package key, …)
            rows = [(ids[r[0]], *r[1:]) for r in partition]
            if not rows:
                continue
            data = {name: list(values) for name, values in zip(names, zip(*rows, strict=True), strict=True)}
            n = len(rows)
            yield pa.table({"organisation": [organisation] * n, "project": [project] * n, **data}, COMPONENT_SCHEMA)


def _write_part(layout: StoreLayout, table_name: str, organisation: str, project: str, table: pa.Table) -> Path:
    folder = layout.partition(table_name, organisation, project)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = temporary_path(folder / f"part-export-{uuid.uuid4().hex[:12]}.parquet")
    pq.write_table(table, temporary, row_group_size=ROW_GROUP_ROWS, compression="zstd")
    return temporary


def export_project(store: Store, root: Path, project: str, organisation: str | None = None) -> ExportedProject:
    """Copy one project of the operational store into the partition ``organisation/project``."""
    project_key = require_project(store, project)
    organisation = check_name("organisation", organisation or project)
    layout = StoreLayout(root)
    with partition_lock(layout, organisation, project):
        return _export_project(store, layout, project_key, project, organisation)


def _export_project(
    store: Store, layout: StoreLayout, project_key: int, project: str, organisation: str
) -> ExportedProject:
    run = uuid.uuid4().hex
    with store.engine.connect() as conn:
        sboms = conn.execute(select(Sbom.__table__).where(Sbom.project_id == project_key).order_by(Sbom.id)).all()
        services = conn.execute(
            select(ServiceRow.__table__).where(ServiceRow.project_id == project_key).order_by(ServiceRow.name)
        ).all()
    ids = {s.id: _id(run, organisation, project, s.id) for s in sboms}
    sbom_rows = [
        {
            "organisation": organisation,
            "project": project,
            "sbom_id": ids[s.id],
            "subject": s.subject,
            "subject_version": s.subject_version,
            "is_current": bool(s.is_current),
            "source_name": s.source_name,
            "source_sha256": s.source_sha256,
            "format": s.format,
            "spec_version": s.spec_version,
            "component_count": s.component_count,
            "serial_number": s.serial_number,
            "generator": s.generator,
            "document_created": s.document_created,
            "warnings": s.warnings,
            "imported_at": s.imported_at,
            "seq": s.id,
        }
        for s in sboms
    ]
    edges: dict[str, list[Any]] = {name: [] for name in DEPENDENCY_SCHEMA.names}
    for s in sboms:
        for ref, targets in json.loads(s.dependencies or "{}").items():
            for target in targets:
                edges["sbom_id"].append(ids[s.id])
                edges["ref"].append(ref)
                edges["depends_on"].append(target)
    edges["organisation"] = [organisation] * len(edges["sbom_id"])
    edges["project"] = [project] * len(edges["sbom_id"])
    old = [
        path
        for table in ("components", "dependencies")
        for path in layout.partition(table, organisation, project).glob("*.parquet")
    ]
    temporaries: list[Path] = []
    components = 0
    try:
        for batch in _component_batches(store, project_key, organisation, project, ids):
            temporaries.append(_write_part(layout, "components", organisation, project, batch))
            components += batch.num_rows
        if edges["sbom_id"]:
            temporaries.append(
                _write_part(layout, "dependencies", organisation, project, pa.table(edges, DEPENDENCY_SCHEMA))
            )
        for temporary in temporaries:
            replace_atomically(temporary, final_name(temporary))
        temporaries = []
        write_rows(layout.partition("sboms", organisation, project) / SBOMS_FILE, sbom_rows, SBOM_SCHEMA_WITH_SEQ)
        service_rows = [
            {
                "organisation": organisation,
                "project": project,
                "name": s.name,
                "record": s.record,
                "source_name": s.source_name,
                "imported_at": s.imported_at,
            }
            for s in services
        ]
        write_rows(layout.partition("services", organisation, project) / SERVICES_FILE, service_rows, SERVICE_SCHEMA)
        register_partition(layout, organisation, project)
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
    for path in old:  # no SBOM row names them any more
        path.unlink(missing_ok=True)
    return ExportedProject(organisation, project, len(sbom_rows), components, len(edges["sbom_id"]), len(services))


def export_store(store: Store, root: Path, organisation: str | None = None) -> list[ExportedProject]:
    """Export every project; each its own organisation unless ``organisation`` is given."""
    with store.engine.connect() as conn:
        projects = conn.execute(select(Project.name).order_by(Project.name)).scalars().all()
    return [export_project(store, root, name, organisation) for name in projects]
