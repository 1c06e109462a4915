# SPDX-License-Identifier: EUPL-1.2
"""How fresh the database behind a page is: the response cache and the report download key on it."""

from __future__ import annotations

from dosa.web.settings import WebSettings


def ledger_stamp(settings: WebSettings) -> str | None:
    """Size and modification time of the SQLite status ledger (and its journal); ``None`` when the
    database is not a local SQLite file, whose changes cannot be seen this cheaply."""
    from dosa.store.urls import resolve_db_url, sqlite_path

    database = sqlite_path(resolve_db_url(settings.db, create_folder=False))
    if database is None:
        return None
    stamps = []
    for candidate in (database, database.with_name(database.name + "-wal")):
        try:
            status = candidate.stat()
        except FileNotFoundError:
            stamps.append("-")
            continue
        stamps.append(f"{status.st_size}:{status.st_mtime_ns}")
    return "|".join(stamps)


def ledger_version(settings: WebSettings) -> str:
    """What the report's statuses depend on: the SQLite file's stamp, or the newest ledger entry's id."""
    from dosa.store import database_exists, open_store

    stamp = ledger_stamp(settings)
    if stamp is not None or not database_exists(settings.db):
        return stamp or "-"
    from sqlalchemy import func, select

    from dosa.monitoring.tables import StatusEntryRow

    with open_store(settings.db).engine.connect() as connection:
        return str(connection.execute(select(func.max(StatusEntryRow.id))).scalar() or 0)
