# SPDX-License-Identifier: EUPL-1.2
"""``dosa agenda``: import a text in the agenda's format into a dataset's actions file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dosa.agenda import (
    ACTIONS_FILE,
    AGENDA_YEAR,
    PRIORITY_HEADINGS,
    ImportResult,
    default_index,
    import_agenda,
    overrides_for,
    read_agenda_file,
    render_actions,
)
from dosa.agenda.organisations import ORGANISATIONS_FILE
from dosa.agenda.writer import write_text_atomically
from dosa.errors import InputError

app = typer.Typer(name="agenda", help="The agenda text: import its actions.", no_args_is_help=True)


@app.callback()
def agenda() -> None:
    """The agenda text: import its actions into a dataset."""


def _summary(result: ImportResult, console: Console) -> None:
    counts = result.counts()
    table = Table(title="Actions per priority")
    for title, justify in (("priority", "left"), ("lopend", "right"), ("nieuw", "right"), ("total", "right")):
        table.add_column(title, justify=justify)  # type: ignore[arg-type]
    seen = [p for p in PRIORITY_HEADINGS if any(key[0] == p for key in counts)]
    seen += sorted({key[0] for key in counts} - set(seen))
    for priority in seen:
        lopend, nieuw = counts[(priority, "lopend")], counts[(priority, "nieuw")]
        table.add_row(priority, str(lopend), str(nieuw), str(lopend + nieuw))
    table.add_section()
    lopend = sum(v for (_, status), v in counts.items() if status == "lopend")
    nieuw = sum(v for (_, status), v in counts.items() if status == "nieuw")
    table.add_row("total", str(lopend), str(nieuw), str(lopend + nieuw))
    console.print(table)
    flagged = sum(action.timeline.flag is not None for action in result.actions)
    repeated = sum(bool(action.repeated_as) for action in result.actions)
    console.print(
        f"{len(result.actions)} actions; {repeated} repeated under another priority; "
        f"{flagged} timelines flagged for review (see timeline.flag)."
    )
    if result.overrides_applied:
        console.print(f"Manual corrections applied to: {', '.join(result.overrides_applied)}.")
    if result.warnings:
        console.print(f"[yellow]{len(result.warnings)} warning(s):[/]")
        for warning in result.warnings:
            console.print(f"  {warning}", markup=False, highlight=False)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The agenda text (UTF-8), e.g. agenda-dosa-2023.txt.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Dataset folder to write actions.yaml into (its organisations.yaml, if any, adds "
            "organisations). Without it nothing is written: the import is only checked and summarised.",
        ),
    ] = None,
    overrides: Annotated[
        Path | None,
        typer.Option(
            "--overrides",
            help="Corrections file for this text (default: the shipped corrections when FILE is the shipped text).",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="With --output: fail if actions.yaml differs from the import; write nothing."),
    ] = False,
    year: Annotated[
        int,
        typer.Option("--year", help="Year the agenda appeared: lone earlier years on ongoing actions are flagged."),
    ] = AGENDA_YEAR,
) -> None:
    """Read a text in the agenda's format, print what it holds, and write the dataset's actions.yaml."""
    console = Console()
    text = read_agenda_file(file)
    if check and output is None:
        raise InputError("--check needs --output DIR", hint="name the dataset folder whose actions.yaml to compare")
    if output is not None and output.exists() and not output.is_dir():
        raise InputError(f"{output} is not a folder", hint="--output takes the dataset folder, not a file")
    index = default_index(output / ORGANISATIONS_FILE if output is not None else None)
    result = import_agenda(text, organisations=index, overrides=overrides_for(text, overrides), published_year=year)
    _summary(result, console)
    if output is None:
        console.print(f"Nothing written (no --output). Pass --output DIR to write DIR/{ACTIONS_FILE}.")
        return
    target = output / ACTIONS_FILE
    rendered = render_actions(result.actions, source=file.name)
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current != rendered:
            console.print(f"[red]{target} differs from the import of {file.name}[/]")
            raise typer.Exit(1)
        console.print(f"{target} is up to date.")
        return
    write_text_atomically(target, rendered)
    console.print(f"Wrote {len(result.actions)} actions to {target}.")
