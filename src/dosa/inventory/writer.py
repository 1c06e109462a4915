# SPDX-License-Identifier: EUPL-1.2
"""Write one parsed SBOM or service list into the database, inside the caller's transaction.

Components are matched by identity (:mod:`dosa.inventory.identity`): a new subject version adds an
SBOM, a new document for the same subject and version updates its components in place, and the
same content again changes nothing. Rows go in with one ``executemany`` per table.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, CursorResult, bindparam, delete, insert, select, update

from dosa.errors import InputError, UnknownIdError
from dosa.inventory.identity import identify
from dosa.inventory.outcome import FileOutcome, Status
from dosa.inventory.saasbom import services_from_sbom
from dosa.inventory.sbom.model import ParsedSbom
from dosa.inventory.sbom.reading import SourceBytes
from dosa.inventory.services import Service
from dosa.inventory.tables import ComponentRow, Package, Project, Sbom, ServiceRow, utcnow
from dosa.store import Base

COMPONENT_FIELDS = (
    "package_id",
    "ref",
    "name",
    "version",
    "group",
    "purl",
    "cpe",
    "type",
    "scope",
    "supplier",
    "manufacturer",
    "licences",
    "hashes",
    "parent_key",
    "vcs_url",
    "website_url",
)
ROW_FIELDS = ("key", *COMPONENT_FIELDS)
_CHUNK = 500
_SELECT_CHUNK = 900
"""Below SQLite's oldest limit of 999 parameters per statement."""
PACKAGE_CACHE_LIMIT = 500_000
"""Package ids remembered across the files of a batch; the cache is emptied when it grows past this,
so that memory stays bounded however many distinct packages a portfolio holds."""
_COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")


def import_timestamp(value: str) -> dt.datetime | None:
    """A document timestamp as an aware datetime (naive ones read as UTC); None if absent or unreadable."""
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    if stamp is not None and stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp


def display_stem(name: str) -> str:
    for suffix in _COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


def _bulk_insert(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows. Drivers with positional parameters (SQLite) get one plain ``executemany``:
    several times faster than building a parameter dict per row; others go through SQLAlchemy Core."""
    if not rows:
        return
    style = conn.dialect.paramstyle
    if style in ("qmark", "format"):
        quote = conn.dialect.identifier_preparer.quote
        marks = ", ".join(["?" if style == "qmark" else "%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES ({marks})"
        conn.exec_driver_sql(sql, rows)
    else:
        target = Base.metadata.tables[table]
        conn.execute(insert(target), [dict(zip(columns, row, strict=True)) for row in rows])


def _graph(edges: list[tuple[str, str]]) -> dict[str, list[str]]:
    graph: dict[str, list[str]] = {}
    for ref, target in edges:
        graph.setdefault(ref, []).append(target)
    return graph


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None  # single-row inserts always report their key
    return int(key[0])


def project_id(conn: Connection, name: str, *, create: bool = True, organisation: str | None = None) -> int | None:
    """The project's id (made when missing and ``create``). With ``organisation``, the project must
    belong to it: a new project gets it, one without an organisation is given it, and one that belongs
    to another organisation is refused."""
    found = conn.execute(select(Project.id, Project.organisation).where(Project.name == name)).first()
    if found is not None:
        if organisation and found.organisation != organisation:
            if found.organisation:
                raise InputError(
                    f"project '{name}' belongs to organisation '{found.organisation}', not '{organisation}'",
                    hint="import into a project of your organisation, or leave out --organisation",
                    field="organisation",
                )
            conn.execute(update(Project).where(Project.id == found.id).values(organisation=organisation))
        return int(found.id)
    if not create:
        return None
    values = {"name": name, "created_at": utcnow(), "organisation": organisation or ""}
    return _new_id(conn.execute(insert(Project).values(**values)))


def project_organisation(conn: Connection, name: str) -> str | None:
    """The organisation a project belongs to (``""``: none), or ``None`` when there is no such project."""
    found: str | None = conn.execute(select(Project.organisation).where(Project.name == name)).scalar()
    return found


def existing_project_id(conn: Connection, name: str) -> int:
    """The id of project ``name``, which must exist (an unknown project is an input error)."""
    found = project_id(conn, name, create=False)
    if found is None:
        raise UnknownIdError(f"no project '{name}'", hint="list projects with: dosa inventory list")
    return found


def check_project_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 200:
        raise InputError(f"invalid project name {name!r}", hint="use 1 to 200 characters")
    return cleaned


class Writer:
    """Writes SBOMs and services of one import run, remembering package ids across its files."""

    def __init__(self, subject: str | None = None, version: str | None = None) -> None:
        self.subject = subject
        self.version = version
        self._packages: dict[str, int] = {}

    def _package_ids(
        self,
        conn: Connection,
        needed: dict[str, tuple[str, str, str]],
        pending: dict[str, int],
        known: dict[str, int],
    ) -> dict[str, int]:
        """Ids of the packages an SBOM needs, creating the missing ones.

        Looked up in the committed cache, then ``known`` (written earlier in the same transaction),
        then the database; new ones go into ``pending`` until their transaction commits.
        """
        cache, ids, missing = self._packages, {}, []
        for key in needed:
            found = cache.get(key) or known.get(key) or pending.get(key)
            if found is None:
                missing.append(key)
            else:
                ids[key] = found
        if not missing:
            return ids
        self._select_packages(conn, missing, ids, pending)
        new = sorted(k for k in missing if k not in ids)  # key order: neighbours share index pages
        if not new:
            return ids
        columns = ("key", "ecosystem", "namespace", "name", "name_lc")
        if conn.dialect.name == "sqlite":  # one writer holds the database: number the rows ourselves
            first = (
                int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {Package.__tablename__}").scalar() or 0) + 1
            )
            rows = [(first + n, k, *needed[k], needed[k][2].lower()) for n, k in enumerate(new)]
            _bulk_insert(conn, Package.__tablename__, ("id", *columns), rows)
            for n, key in enumerate(new):
                ids[key] = pending[key] = first + n
        else:
            _bulk_insert(conn, Package.__tablename__, columns, [(k, *needed[k], needed[k][2].lower()) for k in new])
            self._select_packages(conn, new, ids, pending)
        return ids

    @staticmethod
    def _select_packages(conn: Connection, keys: list[str], ids: dict[str, int], pending: dict[str, int]) -> None:
        for start in range(0, len(keys), _SELECT_CHUNK):
            chunk = keys[start : start + _SELECT_CHUNK]
            if conn.dialect.paramstyle == "qmark":
                marks = ", ".join("?" * len(chunk))
                rows = conn.exec_driver_sql(
                    f"SELECT key, id FROM {Package.__tablename__} WHERE key IN ({marks})", tuple(chunk)
                ).all()
            else:
                rows = conn.execute(select(Package.key, Package.id).where(Package.key.in_(chunk))).all()
            for key, package_id in rows:
                ids[key] = pending[key] = package_id

    @staticmethod
    def _identities(sbom: ParsedSbom) -> tuple[list[str], list[str], dict[str, tuple[str, str, str]]]:
        """Component keys (unique within the SBOM), their package keys, and what each package is."""
        keys: list[str] = []
        package_keys: list[str] = []
        packages: dict[str, tuple[str, str, str]] = {}
        seen: dict[str, int] = {}
        for c in sbom.components:
            package_key, key, ecosystem, namespace, name = identify(c.name, c.version, c.group, c.purl, c.supplier)
            count = seen.get(key, 0) + 1
            seen[key] = count
            if count > 1:
                key = f"{key}#{count}"
            keys.append(key)
            package_keys.append(package_key)
            if package_key not in packages:
                packages[package_key] = (ecosystem, namespace, name or c.name)
        return keys, package_keys, packages

    @staticmethod
    def _rows(sbom: ParsedSbom, keys: list[str], package_ids: list[int]) -> list[tuple[Any, ...]]:
        """One tuple per component in ``ROW_FIELDS`` order."""
        return [
            (
                key,
                package_id,
                c.ref,
                c.name,
                c.version,
                c.group,
                c.purl,
                c.cpe,
                c.type,
                c.scope,
                c.supplier,
                c.manufacturer,
                c.licences,
                c.hashes,
                keys[c.parent] if c.parent >= 0 else "",
                c.vcs_url,
                c.website_url,
            )
            for c, key, package_id in zip(sbom.components, keys, package_ids, strict=True)
        ]

    def write_sbom(
        self,
        conn: Connection,
        project: int,
        sbom: ParsedSbom,
        source: SourceBytes,
        outcome: FileOutcome,
        pending: dict[str, int],
        known: dict[str, int] | None = None,
    ) -> None:
        known = known if known is not None else {}
        named = sbom.subject.name if sbom.subject else ""
        subject = self.subject or (named if any(ch.isalnum() for ch in named) else display_stem(source.name))
        version = self.version or (sbom.subject.version if sbom.subject else "") or ""
        outcome.format, outcome.spec_version = sbom.format.value, sbom.spec_version
        outcome.component_count = len(sbom.components)
        outcome.subject, outcome.subject_version = subject, version
        outcome.warnings = sbom.warnings.messages()
        sha = source.sha256
        existing = conn.execute(
            select(Sbom.id, Sbom.source_sha256).where(
                Sbom.project_id == project, Sbom.subject == subject, Sbom.subject_version == version
            )
        ).first()
        if existing is not None and existing.source_sha256 == sha:
            outcome.status = Status.UNCHANGED
            return
        services, notes = services_from_sbom(sbom, source.name) if sbom.services else ([], [])
        outcome.warnings += notes
        outcome.services = len(services)
        keys, package_keys, packages = self._identities(sbom)
        ids = self._package_ids(conn, packages, pending, known)
        rows = self._rows(sbom, keys, [ids[k] for k in package_keys])
        meta = {
            "project_id": project,
            "subject": subject,
            "subject_version": version,
            "is_current": True,
            "source_name": source.name,
            "source_sha256": sha,
            "format": sbom.format.value,
            "spec_version": sbom.spec_version,
            "component_count": len(sbom.components),
            "compression": source.compression,
            "serial_number": sbom.serial_number,
            "generator": sbom.generator,
            "document_created": sbom.created,
            "warnings": json.dumps(outcome.warnings),
            "dependencies": json.dumps(_graph(sbom.dependencies), separators=(",", ":")),
            "imported_at": utcnow(),
        }
        if existing is None:
            sbom_id = _new_id(conn.execute(insert(Sbom), meta))  # parameters, not values(): compiled once
            self._insert_components(conn, sbom_id, rows)
            outcome.status, outcome.added = Status.IMPORTED, len(rows)
        else:
            sbom_id = existing.id
            conn.execute(update(Sbom).where(Sbom.id == sbom_id).values(**meta))
            self._update_components(conn, sbom_id, rows, outcome)
            outcome.status = Status.UPDATED
        self._mark_current(conn, project, subject)
        if services:  # a SaaSBOM: its services join the project's service inventory
            self._upsert_services(conn, project, services, source.name)

    @staticmethod
    def _mark_current(conn: Connection, project: int, subject: str) -> None:
        """The subject's current SBOM: the latest document timestamp if every version has one, else the
        latest imported."""
        rows = conn.execute(
            select(Sbom.id, Sbom.document_created).where(Sbom.project_id == project, Sbom.subject == subject)
        ).all()
        if len(rows) == 1:  # the only version, inserted as current
            return
        stamps = {row.id: import_timestamp(row.document_created) for row in rows}
        if all(stamp is not None for stamp in stamps.values()):
            current = max(stamps, key=lambda i: (stamps[i], i))
        else:
            current = max(stamps)
        conn.execute(
            update(Sbom)
            .where(Sbom.project_id == project, Sbom.subject == subject)
            .values(is_current=Sbom.id == current)
        )

    @staticmethod
    def _insert_components(conn: Connection, sbom_id: int, rows: list[tuple[Any, ...]]) -> None:
        _bulk_insert(conn, ComponentRow.__tablename__, ("sbom_id", *ROW_FIELDS), [(sbom_id, *row) for row in rows])

    def _update_components(
        self, conn: Connection, sbom_id: int, rows: list[tuple[Any, ...]], outcome: FileOutcome
    ) -> None:
        """Match rows to the stored ones by key: update what changed, delete what is gone, insert what is new."""
        columns = [getattr(ComponentRow, name) for name in COMPONENT_FIELDS]
        existing = {
            r[1]: (r[0], tuple(r[2:]))
            for r in conn.execute(
                select(ComponentRow.id, ComponentRow.key, *columns).where(ComponentRow.sbom_id == sbom_id)
            )
        }
        new_rows, changed = [], []
        for row in rows:
            old = existing.pop(row[0], None)
            if old is None:
                new_rows.append(row)
            elif old[1] != row[1:]:
                changed.append({"b_id": old[0], **dict(zip(COMPONENT_FIELDS, row[1:], strict=True))})
        if existing:
            gone = [entry[0] for entry in existing.values()]
            for start in range(0, len(gone), _CHUNK):
                conn.execute(delete(ComponentRow).where(ComponentRow.id.in_(gone[start : start + _CHUNK])))
        if changed:
            conn.execute(
                update(ComponentRow)
                .where(ComponentRow.id == bindparam("b_id"))
                .values({name: bindparam(name) for name in COMPONENT_FIELDS}),
                changed,
            )
        self._insert_components(conn, sbom_id, new_rows)
        outcome.added, outcome.removed, outcome.changed = len(new_rows), len(existing), len(changed)

    def write_services(
        self, conn: Connection, project: int, services: Sequence[Service], source_name: str, outcome: FileOutcome
    ) -> None:
        outcome.format, outcome.component_count = "service-inventory", len(services)
        outcome.added, outcome.changed = self._upsert_services(conn, project, services, source_name)
        outcome.status = Status.IMPORTED if outcome.added else Status.UPDATED if outcome.changed else Status.UNCHANGED

    @staticmethod
    def _upsert_services(
        conn: Connection, project: int, services: Sequence[Service], source_name: str
    ) -> tuple[int, int]:
        """Insert new services and update changed ones (matched by name); ``(added, changed)``."""
        added = changed = 0
        existing = {
            r.name: (r.id, r.record)
            for r in conn.execute(
                select(ServiceRow.name, ServiceRow.id, ServiceRow.record).where(ServiceRow.project_id == project)
            )
        }
        for service in services:
            record = service.model_dump_json(exclude_none=True)
            old = existing.get(service.name)
            if old is None:
                conn.execute(
                    insert(ServiceRow).values(
                        project_id=project,
                        name=service.name,
                        record=record,
                        source_name=source_name,
                        imported_at=utcnow(),
                    )
                )
                added += 1
            elif old[1] != record:
                conn.execute(
                    update(ServiceRow)
                    .where(ServiceRow.id == old[0])
                    .values(record=record, source_name=source_name, imported_at=utcnow())
                )
                changed += 1
        return added, changed

    def remember(self, pending: dict[str, int]) -> None:
        """Keep the package ids of a committed file, within :data:`PACKAGE_CACHE_LIMIT`."""
        if len(self._packages) + len(pending) > PACKAGE_CACHE_LIMIT:
            self._packages.clear()
        self._packages.update(pending)
