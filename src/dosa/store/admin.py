# SPDX-License-Identifier: EUPL-1.2
"""Looking after a dosa database: checking it (``dosa db verify``), backing it up and restoring it,
and the PostgreSQL application role that may add to the ledger but never change it."""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from dosa.errors import InputError
from dosa.store.engine import Store, forget_engines
from dosa.store.schema import LEDGER_TABLES, MIGRATED_TABLES, current_revision, forget_checks, head_revision
from dosa.store.urls import sqlite_path

SQLITE_TRIGGERS = frozenset(f"{table}_no_{verb}" for table in LEDGER_TABLES for verb in ("update", "delete"))
PG_TRIGGERS = frozenset(f"{table}_{kind}" for table in LEDGER_TABLES for kind in ("append_only", "no_truncate"))
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def structural_problems(store: Store, connection: Connection) -> list[str]:
    """What is wrong with the database as a whole: file integrity, schema revision, missing tables,
    missing or disabled ledger triggers."""
    problems: list[str] = []
    if store.dialect == "sqlite":
        result = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check").fetchall()]
        if result != ["ok"]:
            problems.append(f"the database file is damaged: {'; '.join(result[:3])}")
    tables = set(inspect(connection).get_table_names())
    missing = MIGRATED_TABLES - tables
    if missing:
        problems.append(f"table(s) missing: {', '.join(sorted(missing))}")
    revision = current_revision(connection) if "alembic_version" in tables else None
    if revision != head_revision():
        problems.append(f"schema revision {revision or 'none'}, this dosa needs {head_revision()} (dosa db upgrade)")
    if store.dialect == "sqlite":
        found = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
        expected = SQLITE_TRIGGERS
    elif store.dialect == "postgresql":
        found = {
            row[0]
            for row in connection.execute(
                text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
            )
        }
        expected = PG_TRIGGERS
    else:
        found, expected = set(), frozenset()
    for trigger in sorted(expected - found):
        problems.append(f"the ledger's append-only trigger {trigger} is missing or disabled")
    return problems


def _tool(name: str) -> str:
    """A PostgreSQL client program: on PATH or in Debian's versioned folder (the newest)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    if not candidates:
        raise InputError(f"{name} is not installed", hint="install the PostgreSQL client (Debian: postgresql-client)")
    return candidates[-1]


def _libpq(store: Store) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL client programs; the password goes in the environment,
    never on a command line other users can read."""
    url = store.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    options = ["--dbname", str(url.database or "")]
    if url.host:
        options += ["--host", url.host]
    if url.port:
        options += ["--port", str(url.port)]
    if url.username:
        options += ["--username", url.username]
    return options, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise InputError(f"{what} failed: {last}", hint="check the database address and that the server is reachable")


def backup(store: Store, target: Path, *, overwrite: bool = False) -> Path:
    """Copy the database to ``target`` while it stays in use: SQLite's online backup, or ``pg_dump``'s
    custom format for PostgreSQL."""
    if target.exists() and not overwrite:
        raise InputError(f"{target.name} exists", hint="choose a new file name, or pass --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if store.dialect == "sqlite":
        source = sqlite_path(store.engine.url.render_as_string(hide_password=False))
        if source is None or not source.exists():
            raise InputError("there is no database file to back up", hint="check --db or DOSA_DB")
        with sqlite3.connect(source) as origin, sqlite3.connect(partial) as copy:
            origin.backup(copy)
        copy.close()
    elif store.dialect == "postgresql":
        options, env = _libpq(store)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), *options], env, "pg_dump")
    else:
        raise InputError(f"backups of {store.dialect} databases are not supported", hint="use SQLite or PostgreSQL")
    partial.replace(target)
    return target


def restore(store: Store, source: Path) -> None:
    """Replace the database's content with a backup made by :func:`backup` (checked afterwards with
    ``dosa db verify``)."""
    if not source.is_file() or source.stat().st_size == 0:
        raise InputError(
            f"{source.name} is not a dosa backup (missing or empty)", hint="give a file from dosa db backup"
        )
    if store.dialect == "sqlite":
        target = sqlite_path(store.engine.url.render_as_string(hide_password=False))
        assert target is not None
        with sqlite3.connect(source) as origin:
            if origin.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise InputError(f"{source.name} is damaged", hint="use another backup")
            store.dispose()
            with sqlite3.connect(target) as copy:
                origin.backup(copy)
            copy.close()
    elif store.dialect == "postgresql":
        options, env = _libpq(store)
        store.dispose()
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *options,
                str(source),
            ],
            env,
            "pg_restore",
        )
    else:
        raise InputError(f"restoring {store.dialect} databases is not supported", hint="use SQLite or PostgreSQL")
    forget_engines()
    forget_checks()


def grant_application_role(store: Store, role: str) -> list[str]:
    """Let ``role`` (an existing PostgreSQL role that dosa's web service logs in as) read and write
    everything except changing the ledger: no UPDATE, DELETE or TRUNCATE on it. Returns the statements."""
    if store.dialect != "postgresql":
        raise InputError("application roles exist on PostgreSQL only", hint="on SQLite the triggers guard the ledger")
    if not _ROLE.match(role):
        raise InputError(f"'{role}' is not a plain role name", hint="lower-case letters, digits and _, e.g. dosa_app")
    database = make_url(store.engine.url.render_as_string(hide_password=False)).database
    ledger = ", ".join(LEDGER_TABLES)
    statements = [
        f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {ledger} FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
    ]
    try:
        with store.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    except ProgrammingError as exc:
        raise InputError(
            f"cannot grant to {role}: {str(exc.orig).splitlines()[0]}",
            hint=f"create the role first (CREATE ROLE {role} LOGIN PASSWORD '…') and run this as the owner",
        ) from None
    return statements
