# SPDX-License-Identifier: EUPL-1.2
"""The command line's one vocabulary: options every command declares the same way.

Use these in a command's signature instead of declaring ``--format``, ``--output``, ``--db``,
``--dataset`` or a date option yourself::

    def my_command(fmt: FormatOption = Format.TABLE, output: OutputOption = None, db: DbOption = None):
        fmt = resolve_format(fmt, output)
        ...

The global options (``dosa --dataset X --lang en --db F …``) live in :data:`dosa.cli.context.state`;
a command-level ``--db`` or ``--dataset`` overrides them for that command (:func:`db_choice`,
:func:`dataset_choice`). Light on purpose: importing this module loads typer and nothing of dosa's
engines, so ``dosa --version`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer._click.core import ParameterSource
from typer._click.globals import get_current_context

from dosa.cli.context import state
from dosa.dates import parse_date
from dosa.errors import InputError
from dosa.tables import Format

if TYPE_CHECKING:
    from dosa.store import Store

DB_ENV = "DOSA_DB"
LANGUAGES = ("nl", "en")
DEFAULT_LANG = "nl"
"""Dutch unless asked otherwise (``--lang en`` or ``DOSA_LANG=en``): the agenda and its readers are Dutch."""

FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="table, csv (RFC 4180), csv-nl (Dutch Excel: ; and decimal comma), json or xlsx "
        "(default: table, or what the --output extension says).",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of stdout; .csv, .json and .xlsx set the format unless --format is given.",
        show_default=False,
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help="The dosa database (default: dosa --db, or the per-user data folder).",
        show_default=False,
    ),
]
DatasetOption = Annotated[
    Path | None,
    typer.Option(
        "--dataset",
        help="Dataset folder (default: dosa --dataset, or the embedded one).",
        show_default=False,
    ),
]


def parse_date_option(value: str | None) -> dt.date | None:
    """Parser for every date option: YYYY-MM-DD or D-M-YYYY; a bad date is a usage error (exit 2)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return parse_date(value)
    except InputError as exc:
        raise typer.BadParameter(f"{exc.message}; {exc.hint}") from None


def date_option(name: str, help_text: str) -> typer.models.OptionInfo:
    """A date option (``--as-of``, ``--due-before`` …) that accepts YYYY-MM-DD and D-M-YYYY."""
    option: typer.models.OptionInfo = typer.Option(
        name, help=f"{help_text} (YYYY-MM-DD or D-M-YYYY)", parser=parse_date_option, metavar="DATE"
    )
    return option


def _given(name: str) -> bool:
    """Whether the user gave parameter ``name`` (on the command line or by environment), not its default."""
    context = get_current_context(silent=True)
    if context is None:
        return True
    source = context.get_parameter_source(name)
    return source is not None and source is not ParameterSource.DEFAULT


def resolve_format(fmt: Format, output: Path | None) -> Format:
    """The format to write: ``--format`` when given, else what the ``--output`` extension asks for.

    ``dosa actions -o bzk.xlsx`` writes a workbook, not a text table in a file named .xlsx.
    """
    if output is None or _given("fmt"):
        return fmt
    return Format.from_suffix(output.suffix) or fmt


def db_choice(db: str | Path | None) -> str | None:
    """The database for this command: its own ``--db``, else the global one (``None``: the default)."""
    chosen = db if db is not None else state.db
    return None if chosen is None else str(chosen)


def dataset_choice(path: Path | None) -> Path | None:
    """The dataset folder for this command: its own ``--dataset``, else the global one."""
    return path if path is not None else state.dataset_path


def writable_store(db: str | None) -> Store:
    """The database a command writes to: its own ``--db``, else the global one (created on first use)."""
    from dosa.store import open_store

    return open_store(db_choice(db))


def existing_store(db: str | None, hint: str) -> Store:
    """The database a command reads: reading never creates one, so a missing database is an error
    (exit code 3) with ``hint`` saying what to import first."""
    from dosa.store import open_existing_store

    store = open_existing_store(db_choice(db))
    if store is None:
        raise InputError("nothing is imported yet: there is no dosa database", hint=hint)
    return store
