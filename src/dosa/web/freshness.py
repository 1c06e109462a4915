# SPDX-License-Identifier: EUPL-1.2
"""How fresh the database behind a page is: the response cache and the report download key on it."""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path

from dosa.store.urls import DB_ENV
from dosa.web.settings import WebSettings


@functools.lru_cache(maxsize=16)
def _sqlite_file(db: str | None, _environment: tuple[str | None, ...]) -> Path | None:
    """The SQLite file behind ``db`` (``None``: a database server); asked on every cached page, so
    the address is parsed once (per ``$DOSA_DB`` and home folder, the second argument)."""
    from dosa.store.urls import resolve_db_url, sqlite_path

    return sqlite_path(resolve_db_url(db, create_folder=False))


def ledger_stamp(settings: WebSettings) -> str | None:
    """Size and modification time of the SQLite status ledger (and its journal); ``None`` when the
    database is not a local SQLite file, whose changes cannot be seen this cheaply."""
    environment = (os.environ.get(DB_ENV), os.environ.get("XDG_DATA_HOME"), os.environ.get("HOME"))
    database = _sqlite_file(settings.db, environment)
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


SERVER_VERSION_TTL_S = 1.0
"""How long a database server's ledger version is reused by this process. A change this process
makes is seen at once (:func:`ledger_changed`); one another worker makes, within this time."""
_server_versions: dict[str | None, tuple[float, str]] = {}


def ledger_changed(settings: WebSettings) -> None:
    """This process has just written to the ledger: ask the database again next time."""
    _server_versions.pop(settings.db, None)


_refreshing: set[str | None] = set()
"""Databases whose version one thread is asking for now: the others keep the last answer meanwhile."""


def ledger_version_known(settings: WebSettings) -> bool:
    """Whether :func:`ledger_version` answers without asking the database server now."""
    known = _server_versions.get(settings.db)
    if known is None:
        return False
    return time.monotonic() - known[0] < SERVER_VERSION_TTL_S or settings.db in _refreshing


def ledger_version(settings: WebSettings) -> str:
    """What the report's statuses depend on: the SQLite file's stamp, or the newest ledger entry's id
    (one indexed query, reused for :data:`SERVER_VERSION_TTL_S`: 50 readers at once ask once)."""
    from dosa.store import database_exists

    stamp = ledger_stamp(settings)
    if stamp is not None or not database_exists(settings.db):
        return stamp or "-"
    known = _server_versions.get(settings.db)
    if known is not None and ledger_version_known(settings):
        return known[1]
    _refreshing.add(settings.db)
    try:
        now = time.monotonic()
        version = _newest_entry(settings)
        _server_versions[settings.db] = (now, version)
    finally:
        _refreshing.discard(settings.db)
    return version


def _newest_entry(settings: WebSettings) -> str:
    from sqlalchemy import func, select

    from dosa.monitoring.tables import StatusEntryRow
    from dosa.store import open_store

    with open_store(settings.db).engine.connect() as connection:
        return str(connection.execute(select(func.max(StatusEntryRow.id))).scalar() or 0)
