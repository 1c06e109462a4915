# SPDX-License-Identifier: EUPL-1.2
"""The schema of the dosa database, kept by Alembic migrations (``dosa db upgrade``).

A new, empty database is brought to the current revision the first time it is opened. An existing
one is never changed silently: when it is behind (or was made by a dosa before migrations) every
command says so and ``dosa db upgrade`` moves it forward. A table the migrations made that has gone
missing is reported as damage, never re-created empty (an emptied ledger must not pass unnoticed).
Tables of areas whose migration is still to be written are created as before (``create_all``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.exc import SQLAlchemyError

from dosa.store.base import Base
from dosa.store.errors import SchemaError
from dosa.store.urls import sqlite_path

if TYPE_CHECKING:
    from dosa.store.engine import Store

MIGRATIONS = Path(__file__).parent / "migrations"
LEGACY_REVISION = "0001"
"""The schema dosa made with ``create_all`` before it had migrations."""
MIGRATED_TABLES = frozenset(
    {
        "monitoring_batches",
        "monitoring_status_entries",
        "inventory_projects",
        "inventory_sboms",
        "inventory_packages",
        "inventory_components",
        "inventory_services",
        "inventory_cloud_assessments",
        "inventory_cloud_assessment_deletions",
        "inventory_import_jobs",
        "api_tokens",
    }
)
"""Tables the migrations create: their absence in a migrated database is damage."""
LEDGER_TABLES = ("monitoring_batches", "monitoring_status_entries")

_checked: set[int] = set()


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _dosa_tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _refuse_empty_file(store: Store) -> None:
    path = sqlite_path(store.engine.url.render_as_string(hide_password=False))
    if path is not None and path.exists() and path.stat().st_size == 0:
        raise SchemaError(
            f"the database file {path.name} is empty (0 bytes): a dosa database is never empty",
            hint="restore it from a backup (dosa db restore), or remove the file to start a new database",
        )


def upgrade(store: Store) -> tuple[str | None, str]:
    """Bring the database to the newest revision: (revision before, revision after)."""
    _refuse_empty_file(store)
    with store.engine.connect().execution_options(dosa_write=True) as connection:
        before = current_revision(connection)
        tables = _dosa_tables(connection)
        config = alembic_config(connection)
        if before is None and tables & MIGRATED_TABLES:
            command.stamp(config, LEGACY_REVISION)
        command.upgrade(config, "head")
        connection.commit()
        Base.metadata.create_all(connection, checkfirst=True)
        connection.commit()
    _checked.discard(id(store.engine))
    return before, head_revision()


def ensure_current(store: Store, *, create: bool = True) -> None:
    """Initialise a new database; check an existing one is current and undamaged (once per engine).

    ``create=False`` (readers) only checks: an empty database is left empty, no table is added."""
    if id(store.engine) in _checked:
        return
    _refuse_empty_file(store)
    try:
        with store.engine.connect() as connection:
            tables = _dosa_tables(connection)
            revision = current_revision(connection) if tables else None
    except SQLAlchemyError as exc:
        raise SchemaError(
            f"cannot read the dosa database {store.url}: {exc.__class__.__name__}",
            hint="check that the database exists, is reachable and is a dosa database",
        ) from None
    if not tables:
        if not create:
            return
        try:
            upgrade(store)
        except SQLAlchemyError as exc:
            raise SchemaError(
                f"cannot create the dosa tables in {store.url}: {exc.__class__.__name__}",
                hint="check that the database is writable and is a dosa database",
            ) from None
        _checked.add(id(store.engine))
        return
    head = head_revision()
    if revision != head:
        found = f"at revision {revision}" if revision else "made by a dosa before migrations"
        raise SchemaError(
            f"the dosa database {store.url} is {found}; this dosa needs revision {head}",
            hint="back it up (dosa db backup), then run: dosa db upgrade",
        )
    missing = MIGRATED_TABLES - tables
    if missing:
        raise SchemaError(
            f"the dosa database {store.url} is damaged: table(s) {', '.join(sorted(missing))} are missing",
            hint="restore it from a backup (dosa db restore); dosa db verify tells what else is wrong",
        )
    newer = {t.name for t in Base.metadata.sorted_tables} - tables
    if newer and not create:
        return
    if newer:
        try:
            Base.metadata.create_all(store.engine, checkfirst=True)
        except SQLAlchemyError as exc:
            raise SchemaError(
                f"cannot create the dosa tables in {store.url}: {exc.__class__.__name__}",
                hint="check that the database is writable and is a dosa database",
            ) from None
    _checked.add(id(store.engine))


def forget_checks() -> None:
    _checked.clear()
