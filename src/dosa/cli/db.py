# SPDX-License-Identifier: EUPL-1.2
"""``dosa db …``: the database's schema, integrity, backups and PostgreSQL application role."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from dosa.cli.options import DbOption, db_choice
from dosa.errors import InputError

if TYPE_CHECKING:
    from dosa.store import Store

db_app = typer.Typer(help="Look after the dosa database: upgrade, verify, backup, restore.", no_args_is_help=True)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _store(db: str | None, *, must_exist: bool = True) -> Store:
    from dosa.store import database_exists, mask_url, resolve_db_url
    from dosa.store.engine import Store, engine_for

    if must_exist and not database_exists(db):
        raise InputError("there is no dosa database there yet", hint="check --db or DOSA_DB")
    url = resolve_db_url(db)
    err.print(f"database: {mask_url(url)}", markup=False)
    return Store(engine_for(url))


def _register_tables() -> None:
    import dosa.access.tokens
    import dosa.inventory.jobs
    import dosa.inventory.tables
    import dosa.monitoring.tables  # noqa: F401 - every area's tables, for create_all


@db_app.command("upgrade")
def upgrade_command(db: DbOption = None) -> None:
    """Bring the database to this dosa's schema (creates a new one). Back it up first."""
    from dosa.store.schema import upgrade

    _register_tables()
    before, after = upgrade(_store(db_choice(db), must_exist=False))
    out.print(f"schema revision {before or 'none'} -> {after}" if before != after else f"schema is current ({after})")


@db_app.command("current")
def current_command(db: DbOption = None) -> None:
    """Show the database's schema revision and the one this dosa needs (changes nothing)."""
    from dosa.store.schema import current_revision, head_revision

    store = _store(db_choice(db))
    with store.engine.connect() as connection:
        revision = current_revision(connection)
    out.print(f"database revision: {revision or 'none'}\nthis dosa needs:   {head_revision()}")
    if revision != head_revision():
        raise typer.Exit(1)


@db_app.command("verify")
def verify_command(
    db: DbOption = None,
    anchor: Annotated[
        Path | None,
        typer.Option(
            "--anchor",
            help="JSON file with the ledger's head from an earlier verify: checks no entry was removed since, "
            "then records the new head (keep it outside the database's machine).",
        ),
    ] = None,
) -> None:
    """Check the database and the status ledger's hash chain; exit 1 and list every problem found."""
    from dosa.monitoring.chain import verify_database

    earlier: tuple[int, str] | None = None
    if anchor is not None and anchor.exists():
        try:
            recorded = json.loads(anchor.read_text(encoding="utf-8"))
            earlier = (int(recorded["entries"]), str(recorded["head"]))
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{anchor.name} is not a ledger anchor", hint="give the file verify wrote") from None
    _register_tables()
    problems, count, head = verify_database(_store(db_choice(db)), earlier)
    if problems:
        for problem in problems:
            err.print(f"problem: {problem}", markup=False)
        err.print(f"{len(problems)} problem(s): the database cannot be trusted as it is; restore a backup")
        raise typer.Exit(1)
    if anchor is not None:
        anchor.write_text(json.dumps({"entries": count, "head": head}) + "\n", encoding="utf-8")
    out.print(f"ok: {count} ledger entries, chain intact, head {head[:16]}")


@db_app.command("backup")
def backup_command(
    target: Annotated[Path, typer.Argument(help="Backup file to write.")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Back up the database while it is in use (SQLite online backup; pg_dump for PostgreSQL)."""
    from dosa.store.admin import backup

    written = backup(_store(db_choice(db)), target, overwrite=force)
    out.print(f"backup written: {written} ({written.stat().st_size} bytes)")


@db_app.command("restore")
def restore_command(
    source: Annotated[Path, typer.Argument(help="Backup file made by dosa db backup.")],
    db: DbOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Replace the database's content without asking.")] = False,
) -> None:
    """Replace the database's content with a backup, then verify it. Stop dosa serve first."""
    from dosa.store.admin import restore

    store = _store(db_choice(db), must_exist=False)
    if not yes:
        typer.confirm("Replace everything in the database with the backup?", abort=True)
    restore(store, source)
    out.print(f"restored from {source.name}; run dosa db verify to check it")


@db_app.command("grant-app-role")
def grant_command(
    role: Annotated[str, typer.Argument(help="Existing PostgreSQL role dosa serve logs in as, e.g. dosa_app.")],
    db: DbOption = None,
) -> None:
    """PostgreSQL: let ROLE use dosa, but never UPDATE, DELETE or TRUNCATE the ledger."""
    from dosa.store.admin import grant_application_role

    for statement in grant_application_role(_store(db_choice(db)), role):
        out.print(statement + ";", markup=False)
