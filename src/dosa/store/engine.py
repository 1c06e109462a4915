# SPDX-License-Identifier: EUPL-1.2
"""Open the dosa database and create its schema on first use."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dosa.errors import InputError
from dosa.store.base import Base

DB_ENV = "DOSA_DB"
DB_FILENAME = "dosa.db"
CACHE_ENV = "DOSA_SQLITE_CACHE_MIB"


def sqlite_cache_kib() -> int:
    """SQLite page cache per connection: 64 MiB by default (``$DOSA_SQLITE_CACHE_MIB`` to change), a
    fixed amount that keeps index updates fast on large portfolios."""
    try:
        return max(2, int(os.environ.get(CACHE_ENV, "64"))) * 1024
    except ValueError as exc:
        raise InputError(f"{CACHE_ENV} must be a whole number of MiB", hint="e.g. 64") from exc


def default_db_path() -> Path:
    """The per-user data directory's ``dosa/dosa.db``, following each platform's convention.

    Linux and other Unix: ``$XDG_DATA_HOME/dosa`` (default ``~/.local/share/dosa``); macOS:
    ``~/Library/Application Support/dosa``; Windows: ``%LOCALAPPDATA%\\dosa``.
    """
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "dosa" / DB_FILENAME


def resolve_db_url(db: str | Path | None = None, *, create_folder: bool = True) -> str:
    """Choose the database: ``db`` if given, else ``$DOSA_DB``, else :func:`default_db_path`.

    A value containing ``://`` is taken as a SQLAlchemy URL; anything else as a SQLite file path.
    """
    value = str(db) if db is not None else os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        return value
    path = Path(value).expanduser()
    if path.is_dir():
        raise InputError(f"database path {path} is a directory", hint=f"give a file path, e.g. {path / DB_FILENAME}")
    try:
        if create_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the folder for the database {path}: {exc.strerror}",
            hint=f"choose another place with --db PATH or {DB_ENV}",
        ) from exc
    return f"sqlite:///{path.resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Enforce foreign keys; WAL lets readers work while an import writes.

    Also hands transaction control to SQLAlchemy (the documented pysqlite recipe), so that a
    transaction begins when SQLAlchemy says so and everything in it is rolled back together.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{sqlite_cache_kib()}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


class Store:
    """An open dosa database. Tables are created for every model module imported so far."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def database_files(self) -> set[Path]:
        """The SQLite file and its journals (so that importing a folder never reads the database itself)."""
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if not database or database == ":memory:":
            return set()
        path = Path(database).resolve()
        return {path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))}

    def ensure_schema(self) -> None:
        """Create missing tables of every area whose table module has been imported."""
        try:
            Base.metadata.create_all(self.engine, checkfirst=True)
        except SQLAlchemyError as exc:
            raise InputError(
                f"cannot create the dosa tables in {self.url}: {exc.__class__.__name__}",
                hint="check that the database file is writable and is a dosa database",
            ) from exc

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A Core connection in one transaction: committed on success, rolled back on any error."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session in one transaction."""
        with Session(self.engine) as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory ones)."""
    if not url.startswith("sqlite:///"):
        return None
    name = url.removeprefix("sqlite:///")
    return None if name in ("", ":memory:") else Path(name)


def open_existing_store(db: str | Path | None = None, *, missing_ok: bool = False) -> Store | None:
    """Open the database for reading, never creating it.

    Returns None when the default database does not exist yet (nothing recorded); a database named
    with ``--db`` or ``$DOSA_DB`` that does not exist is an error, so a typo never reads as "nothing found"
    (``missing_ok``: None as well, for readers where an empty database is a normal start).
    """
    url = resolve_db_url(db, create_folder=False)
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        if not missing_ok and (db is not None or os.environ.get(DB_ENV)):
            raise InputError(
                f"there is no dosa database at {path.name}",
                hint=f"check --db or {DB_ENV}; a database is created by the first import or status update",
            )
        return None
    return open_store(url, create=False)


def open_store(db: str | Path | None = None, *, create: bool = True) -> Store:
    """Open (and by default initialise) the dosa database chosen by :func:`resolve_db_url`."""
    url = resolve_db_url(db)
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError) as exc:
        raise InputError(f"cannot open database {url}: {exc}", hint="check the --db value or DOSA_DB") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    store = Store(engine)
    if create:
        store.ensure_schema()
    return store
