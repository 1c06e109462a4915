# SPDX-License-Identifier: EUPL-1.2
"""The ``dosa`` command: the global options, the list of commands, and the one error edge.

Mounting a command is one line in :data:`COMMANDS` (``"name": "module:attribute"``, see
:mod:`dosa.cli.mount`); the module is imported only when its command runs. Errors become a message,
a hint and an exit code in :class:`DosaGroup` and nowhere else (:class:`ExitCode`, documented in docs/cli.md).
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click as click

from dosa import __version__
from dosa.cli.context import State, state
from dosa.cli.mount import LazyGroup
from dosa.cli.options import DB_ENV, DEFAULT_LANG, LANGUAGES

COMMANDS = {
    "overview": "dosa.cli.dataset:overview_command",
    "validate": "dosa.cli.dataset:validate",
    "layers": "dosa.cli.dataset:layers",
    "priorities": "dosa.cli.dataset:priorities",
    "subjects": "dosa.cli.dataset:subjects",
    "actions": "dosa.cli.dataset:actions_app",
    "show": "dosa.cli.dataset:show",
    "risk": "dosa.cli.risk:risk_app",
    "crm": "dosa.cli.risk:crm_app",
    "progress": "dosa.cli.monitoring:progress_app",
    "inventory": "dosa.cli.inventory:inventory_app",
    "cloud": "dosa.cli.inventory:cloud_app",
    "where-used": "dosa.cli.inventory:where_used_command",
    "advisories": "dosa.cli.exposure:advisories_app",
    "exposure": "dosa.cli.exposure:exposure_command",
    "agenda": "dosa.cli.agenda:app",
    "report": "dosa.cli.report:report_command",
    "serve": "dosa.cli.report:serve_command",
    "scenario": "dosa.cli.graph:scenario_app",
    "chokepoints": "dosa.cli.graph:chokepoints_command",
    "sbom": "dosa.cli.procurement:sbom_app",
    "registers": "dosa.cli.procurement:registers_app",
    "portfolio": "dosa.cli.portfolio:portfolio_app",
    "db": "dosa.cli.db:db_app",
    "observe": "dosa.cli.observe:observe_app",
    "tokens": "dosa.cli.tokens:tokens_app",
}
"""Every top-level command. Add yours here: one line."""


class ExitCode(IntEnum):
    """What ``dosa`` exits with; the meanings below are printed in ``dosa --help`` and docs/cli.md."""

    OK = 0
    FAILED_CHECK = 1
    USAGE = 2
    INPUT = 3
    ENVIRONMENT = 4
    INTERNAL = 70


EXIT_CODE_MEANINGS = {
    ExitCode.OK: "the command did what was asked",
    ExitCode.FAILED_CHECK: "the command ran and what it checks failed (an invalid dataset, a rejected file, "
    "an out-of-date agenda import)",
    ExitCode.USAGE: "the command line is wrong (an unknown command or option, a bad date or choice)",
    ExitCode.INPUT: "something given cannot be used (a dataset with errors, a malformed file, an unknown id, "
    "project or service, a database that does not exist)",
    ExitCode.ENVIRONMENT: "the system refused (no permission, a full disk, a locked database, a folder in the way)",
    ExitCode.INTERNAL: "a defect in dosa: run again with --debug and report it",
}
EPILOG = "**Exit codes**:\n\n" + "\n".join(f"* `{code.value}`: {text}" for code, text in EXIT_CODE_MEANINGS.items())


class DosaGroup(LazyGroup):
    """The root group: its commands, mounted lazily, and the one error edge around all of them."""

    lazy = COMMANDS

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click.ClickException):
            raise
        except Exception as exc:
            if state.debug:
                raise
            for line in describe(exc):
                click.echo(line, err=True)
            raise typer.Exit(exit_code(exc)) from exc


app = typer.Typer(
    name="dosa",
    help="dosa: the Agenda Digitale Open Strategische Autonomie (2023) as working software.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=DosaGroup,
    epilog=EPILOG,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dosa {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    dataset: Annotated[
        Path | None,
        typer.Option("--dataset", "-d", envvar="DOSA_DATASET", help="Dataset folder (default: the embedded one)."),
    ] = None,
    lang: Annotated[
        str,
        typer.Option("--lang", envvar="DOSA_LANG", help="Language of names, labels and reports: nl or en."),
    ] = DEFAULT_LANG,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar=DB_ENV,
            help="The dosa database (default: the per-user data folder).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary lines on stderr.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    if lang not in LANGUAGES:
        raise typer.BadParameter("use nl or en", param_hint="--lang")
    state.configure(State(dataset_path=dataset, lang=lang, db=db, debug=debug, quiet=quiet))


def exit_code(exc: BaseException) -> ExitCode:
    """The exit code for an error that reached the edge."""
    from dosa.errors import ConfigurationError, DosaError

    if isinstance(exc, ConfigurationError):
        return ExitCode.ENVIRONMENT
    if isinstance(exc, DosaError):
        return ExitCode.INPUT
    if isinstance(exc, OSError):
        return ExitCode.ENVIRONMENT
    if type(exc).__module__.startswith("sqlalchemy") and type(exc).__name__ == "OperationalError":
        return ExitCode.ENVIRONMENT
    return ExitCode.INTERNAL


def describe(exc: BaseException) -> list[str]:
    """The lines a user sees for an error: what went wrong, every problem of a report, and a hint."""
    from dosa.errors import DosaError

    if isinstance(exc, DosaError):
        lines = [f"error: {exc.message}"]
        report = getattr(exc, "report", None)
        if report is not None:
            lines += [f"  {problem}" for problem in report.sorted()]
        if exc.hint:
            lines.append(f"hint: {exc.hint}")
        return lines
    if isinstance(exc, OSError):
        where = f" ({Path(exc.filename).name})" if exc.filename else ""
        return [
            f"error: {exc.strerror or type(exc).__name__}{where}",
            "hint: check permissions, free disk space, and that no other program holds the file",
        ]
    if exit_code(exc) is ExitCode.ENVIRONMENT:
        return [
            "error: the database cannot be used right now (locked, read-only or full)",
            "hint: close other programs using it, check free disk space, then try again",
        ]
    return [
        f"error: unexpected {type(exc).__name__}: {exc}",
        "hint: run again with --debug for a traceback, and please report it",
    ]


def main() -> None:
    """Entry point (the ``dosa`` script)."""
    app()
