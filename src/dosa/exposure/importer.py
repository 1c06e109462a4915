# SPDX-License-Identifier: EUPL-1.2
"""Import advisory files into the dosa database: each file read fully, then written in its own
savepoint, so a bad file leaves nothing behind and the others still import.

Natural keys make re-imports update instead of duplicate: an advisory by its id (its affected
packages replaced), a KEV entry or EPSS score by CVE, a VEX statement by (vulnerability, product,
file). Returns, per file, what was read and the error (file and field) when it was refused.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from dosa.errors import InputError
from dosa.exposure.readers import DEFAULT_MAX_BYTES, ReadError, parse_source, read_sources
from dosa.exposure.records import Advisory, Parsed
from dosa.exposure.tables import AdvisoryRow, AffectedRow, EpssRow, KevRow, VexRow
from dosa.inventory.importer import iter_paths
from dosa.store import Store


@dataclass
class FileResult:
    path: str
    """The file name as given (never an absolute path in messages)."""
    kind: str = ""
    records: int = 0
    added: int = 0
    updated: int = 0
    error: str = ""
    hint: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _write_advisory(conn: Connection, advisory: Advisory, origin: str, licence: str, now: dt.datetime) -> bool:
    """Insert or update one advisory; True when it was new."""
    values = {
        "source": advisory.source,
        "aliases": json.dumps(sorted(set(advisory.aliases) - {advisory.advisory_id})),
        "summary": advisory.summary,
        "severity_vector": advisory.severity_vector,
        "cvss_score": advisory.cvss_score,
        "severity_label": advisory.severity_label,
        "published": advisory.published,
        "modified": advisory.modified,
        "withdrawn": advisory.withdrawn,
        "publisher": advisory.publisher,
        "origin": origin[:500],
        "licence": (advisory.licence or licence)[:200],
        "retrieved_at": now,
    }
    existing = conn.execute(
        select(AdvisoryRow.id).where(AdvisoryRow.advisory_id == advisory.advisory_id)
    ).scalar_one_or_none()
    if existing is None:
        pk = conn.execute(insert(AdvisoryRow).values(advisory_id=advisory.advisory_id, **values)).inserted_primary_key
        assert pk is not None
        advisory_pk = int(pk[0])
    else:
        advisory_pk = existing
        conn.execute(update(AdvisoryRow).where(AdvisoryRow.id == advisory_pk).values(**values))
        conn.execute(delete(AffectedRow).where(AffectedRow.advisory_pk == advisory_pk))
    if advisory.affected:
        conn.execute(
            insert(AffectedRow),
            [
                {
                    "advisory_pk": advisory_pk,
                    "package_key": a.package_key[:1000],
                    "scheme": a.scheme,
                    "spec": json.dumps(a.spec),
                }
                for a in advisory.affected
            ],
        )
    return existing is None


def _upsert(conn: Connection, table: type, key: dict[str, str], values: dict[str, object]) -> bool:
    where = [getattr(table, name) == value for name, value in key.items()]
    found = conn.execute(select(table.id).where(*where)).scalar_one_or_none()  # type: ignore[attr-defined]
    if found is None:
        conn.execute(insert(table).values(**key, **values))
        return True
    conn.execute(update(table).where(table.id == found).values(**values))  # type: ignore[attr-defined]
    return False


def write_parsed(conn: Connection, parsed: Parsed, origin: str, now: dt.datetime) -> tuple[int, int]:
    """Write one file's records; returns (added, updated)."""
    added = updated = 0

    def count(new: bool) -> None:
        nonlocal added, updated
        if new:
            added += 1
        else:
            updated += 1

    for advisory in parsed.advisories:
        count(_write_advisory(conn, advisory, origin, parsed.licence, now))
    base = {"origin": origin[:500], "licence": parsed.licence[:200], "retrieved_at": now}
    for entry in parsed.kev:
        count(
            _upsert(
                conn,
                KevRow,
                {"cve": entry.cve},
                {
                    "date_added": entry.date_added,
                    "due_date": entry.due_date,
                    "vendor": entry.vendor,
                    "product": entry.product,
                    "name": entry.name,
                    "ransomware": entry.ransomware,
                    "catalogue_version": entry.catalogue_version,
                    **base,
                },
            )
        )
    for score in parsed.epss:
        count(
            _upsert(
                conn,
                EpssRow,
                {"cve": score.cve},
                {
                    "score": score.score,
                    "percentile": score.percentile,
                    "score_date": score.score_date,
                    "model_version": score.model_version,
                    **base,
                },
            )
        )
    for statement in parsed.vex:
        count(
            _upsert(
                conn,
                VexRow,
                {"vulnerability": statement.vulnerability, "product": statement.product, "origin": origin[:500]},
                {
                    "status": statement.status,
                    "justification": statement.justification,
                    "detail": statement.detail,
                    "format": statement.format,
                    "author": statement.author,
                    "licence": parsed.licence[:200],
                    "retrieved_at": now,
                },
            )
        )
    return added, updated


def import_advisories(
    store: Store, paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, now: dt.datetime | None = None
) -> list[FileResult]:
    """Import files and folders (recursively; zip archives member by member)."""
    results = []
    skip = store.database_files()
    moment = now or _now()
    for path in iter_paths(paths):
        if path.resolve() in skip:
            continue
        result = FileResult(path.name)
        results.append(result)
        try:
            with store.engine.connect() as conn, conn.begin():
                for source in read_sources(path, max_bytes):
                    try:
                        parsed = parse_source(source)
                    except ReadError as exc:
                        if source.name == path.name:
                            raise
                        results.append(FileResult(source.name, error=exc.message, hint=exc.hint or ""))
                        continue
                    result.kind = parsed.kind if source.name == path.name else "zip"
                    result.records += parsed.count
                    result.warnings.extend(parsed.warnings)
                    with conn.begin_nested():
                        added, updated = write_parsed(conn, parsed, source.name, moment)
                    result.added += added
                    result.updated += updated
        except InputError as exc:
            result.error, result.hint = exc.message, exc.hint or ""
            result.added = result.updated = 0
        except SQLAlchemyError as exc:
            result.error = f"{path.name}: database error: {exc.__class__.__name__}"
            result.hint = "nothing of this file was written; check the database (--db)"
            result.added = result.updated = 0
    return results
