# SPDX-License-Identifier: EUPL-1.2
"""Open the dosa database: one engine and pool per database per process, writes that wait their turn.

SQLite is the embedded default; PostgreSQL (``postgresql://…``, driver psycopg) serves a whole
ministry or sector. Writing transactions on SQLite begin ``IMMEDIATE`` (they take the write lock at
once, so two writers never deadlock half-way) and wait up to :data:`BUSY_TIMEOUT_S` for it; a write
that still meets a busy database or, on PostgreSQL, a serialisation failure is retried whole by
:meth:`Store.write`, and reported as :class:`StoreBusy` (retryable, nothing recorded) after that.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from dosa.errors import InputError
from dosa.store.errors import StoreBusy
from dosa.store.urls import mask_url, resolve_db_url, sqlite_path

CACHE_ENV = "DOSA_SQLITE_CACHE_MIB"
BUSY_TIMEOUT_S = 15.0
"""How long a SQLite writer waits for another writer's transaction before its attempt fails."""
WRITE_ATTEMPTS = 5
_RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03"}
"""PostgreSQL: serialization failure, deadlock detected, lock not available."""

T = TypeVar("T")


def sqlite_cache_kib() -> int:
    """SQLite page cache per connection: 64 MiB by default (``$DOSA_SQLITE_CACHE_MIB`` to change), a
    fixed amount that keeps index updates fast on large portfolios."""
    try:
        return max(2, int(os.environ.get(CACHE_ENV, "64"))) * 1024
    except ValueError as exc:
        raise InputError(f"{CACHE_ENV} must be a whole number of MiB", hint="e.g. 64") from exc


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
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute(f"PRAGMA cache_size=-{sqlite_cache_kib()}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """``BEGIN IMMEDIATE`` for a writing connection (see :meth:`Store.write`), a plain ``BEGIN`` otherwise."""
    write = connection.get_execution_options().get("dosa_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_retryable(exc: BaseException) -> bool:
    """A busy SQLite database or a PostgreSQL serialisation failure/deadlock: the same work may succeed again."""
    if isinstance(exc, StoreBusy):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


_engines: dict[tuple[int, str], Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str) -> Engine:
    """The process's one engine (and connection pool) for ``url``; a forked process makes its own."""
    key = (os.getpid(), url)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is not None:
            return engine
        try:
            if url.startswith("sqlite"):
                engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})
            else:
                engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, pool_timeout=30)
        except ImportError as exc:
            raise InputError(
                f"cannot open database {mask_url(url)}: the driver is not installed ({exc.name})",
                hint="install dosa with PostgreSQL support: pip install 'dosa[postgresql]'",
            ) from None
        except (SQLAlchemyError, ValueError) as exc:
            raise InputError(
                f"cannot open database {mask_url(url)}: {exc.__class__.__name__}",
                hint="check the --db value or DOSA_DB",
            ) from None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        _engines[key] = engine
        return engine


def forget_engines() -> None:
    """Close every pooled connection of this process (tests, and after a restore)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _populated.clear()


_populated: set[tuple[int, str]] = set()
"""Server databases seen holding tables: tables are never removed by dosa, so one look is enough."""


def server_database_has_tables(url: str) -> bool:
    """Whether a server database holds any table (``True`` when it cannot be reached: opening it then
    gives the clear error). A new, empty database is like a SQLite file that does not exist yet."""
    key = (os.getpid(), url)
    if key in _populated:
        return True
    try:
        with engine_for(url).connect() as connection:
            found = bool(inspect(connection).get_table_names())
    except (InputError, SQLAlchemyError):
        return True
    if found:
        _populated.add(key)
    return found


class Store:
    """An open dosa database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        """The address with the password hidden: safe to show."""
        return mask_url(self.engine.url.render_as_string(hide_password=False))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def database_files(self) -> set[Path]:
        """The SQLite file and its journals (so that importing a folder never reads the database itself)."""
        path = sqlite_path(self.engine.url.render_as_string(hide_password=False))
        if path is None:
            return set()
        path = path.resolve()
        return {path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))}

    def ensure_schema(self) -> None:
        """Bring a new database to the current schema; refuse an outdated or damaged one (see
        :mod:`dosa.store.schema`)."""
        from dosa.store.schema import ensure_current

        ensure_current(self)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A writing Core connection in one transaction: committed on success, rolled back on any error."""
        with self.engine.connect().execution_options(dosa_write=True) as connection, connection.begin():
            yield connection

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A writing Core connection whose transactions the caller begins (SQLite: ``BEGIN IMMEDIATE``)."""
        with self.engine.connect().execution_options(dosa_write=True) as connection:
            yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session in one (reading) transaction."""
        with Session(self.engine) as session, session.begin():
            yield session

    def write(self, work: Callable[[Session], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
        """Run ``work`` in one writing transaction, again from the start when the database was busy.

        ``work`` must only read and write through its session (it may run more than once). After
        ``attempts`` busy tries, :class:`StoreBusy` says so; nothing of the work was recorded.
        """
        for attempt in range(attempts):
            try:
                with (
                    self.engine.connect().execution_options(dosa_write=True) as connection,
                    Session(bind=connection) as session,
                    session.begin(),
                ):
                    return work(session)
            except DBAPIError as exc:
                if not is_retryable(exc):
                    raise
                time.sleep(min(0.05 * 2**attempt, 1.0))
        raise StoreBusy(
            "the database is busy with other changes; nothing was recorded",
            hint="try again in a moment (your input is kept)",
        )

    def dispose(self) -> None:
        self.engine.dispose()


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory ones)."""
    return sqlite_path(url)


def open_existing_store(db: str | Path | None = None, *, missing_ok: bool = False) -> Store | None:
    """Open the database for reading, never creating or changing it (its schema is checked).

    Returns None when the default database does not exist yet (nothing recorded); a database named
    with ``--db`` or ``$DOSA_DB`` that does not exist is an error, so a typo never reads as "nothing found"
    (``missing_ok``: None as well, for readers where an empty database is a normal start). A server
    database without tables counts as not existing, as a missing SQLite file does.
    """
    from dosa.store.schema import ensure_current
    from dosa.store.urls import DB_ENV

    url = resolve_db_url(db, create_folder=False)
    path = sqlite_file(url)
    missing = not path.is_file() if path is not None else not server_database_has_tables(url)
    if missing:
        if not missing_ok and (db is not None or os.environ.get(DB_ENV)):
            raise InputError(
                f"there is no dosa database at {path.name if path is not None else mask_url(url)}",
                hint=f"check --db or {DB_ENV}; a database is created by the first import or status update",
            )
        return None
    store = Store(engine_for(url))
    ensure_current(store, create=False)
    return store


def open_store(db: str | Path | None = None, *, create: bool = True) -> Store:
    """Open the dosa database chosen by :func:`resolve_db_url`; bring a new one to the current schema.

    ``create=False`` opens without creating or changing anything (read commands)."""
    url = resolve_db_url(db, create_folder=create)
    store = Store(engine_for(url))
    if create:
        store.ensure_schema()
    return store
