# SPDX-License-Identifier: EUPL-1.2
"""Commands on the dataset itself: overview, validate, layers, priorities, subjects, actions, show."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from dosa import __version__
from dosa.cli.context import state
from dosa.cli.mount import lazy_group
from dosa.cli.options import FormatOption, OutputOption, date_option, resolve_format
from dosa.cli.output import Column, OutputFormat, emit
from dosa.errors import DosaError
from dosa.model.vocab import ActionScope, ActionStatus, LayerId, SubjectKind
from dosa.query import ActionFilter, filter_actions, find_by_id, overview, resolve_organisation

err = Console(stderr=True)

ACTION_COMMANDS = {
    "status": "actions_status",
    "import-status": "import_status",
    "overdue": "overdue",
    "coverage": "coverage",
    "history": "history",
    "timeline": "timeline_command",
    "workload": "workload_command",
}
"""``dosa actions <name>``: the monitoring commands, imported from :mod:`dosa.cli.monitoring` when used."""


LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "table": "Priorities and actions",
        "caption": "Subj. subjects · Fig. sourced figures · Act. actions (Lop. ongoing, New) · Nat./EU scope",
        "priority": "Priority (specific, then cross-cutting)",
        "columns": ("Subj.", "Fig.", "Act.", "Lop.", "New", "Nat.", "EU"),
        "total": "Total",
    },
    "nl": {
        "table": "Prioriteiten en acties",
        "caption": "Ond. onderwerpen · Cijf. cijfers met bron · Act. acties (lopend, nieuw) · Nat./EU reikwijdte",
        "priority": "Prioriteit (specifiek, dan dwarsdoorsnijdend)",
        "columns": ("Ond.", "Cijf.", "Act.", "Lop.", "Nw.", "Nat.", "EU"),
        "total": "Totaal",
    },
}


def _name(record: Any) -> str:
    return str(getattr(record, f"name_{state.lang}", None) or getattr(record, "name", ""))


def overview_command() -> None:
    """Validate the dataset and print the stack, the priorities and their action counts (the main job)."""
    dataset = state.dataset()
    summary = overview(dataset)
    console = Console()
    heading = {"nl": "Digitale stapel", "en": "Digital stack"}[state.lang]
    console.print(f"[bold]dosa {__version__}[/] · dataset [bold]{summary.dataset_label}[/]")
    stack = Table(title=heading)
    stack.add_column("#", justify="right")
    stack.add_column({"nl": "Laag", "en": "Layer"}[state.lang])
    stack.add_column({"nl": "Prioriteiten (figuur p. 10)", "en": "Priorities (figure p. 10)"}[state.lang])
    for order, (layer_id, priority_ids) in reversed(list(enumerate(summary.stack, start=1))):
        names = ", ".join(_name(dataset.priorities[p]) for p in priority_ids)
        stack.add_row(str(order), _name(dataset.layers[layer_id]), names)
    cross = ", ".join(_name(dataset.priorities[p]) for p in summary.cross_cutting)
    stack.caption = {"nl": "Dwarsdoorsnijdend: ", "en": "Cross-cutting: "}[state.lang] + cross
    console.print(stack)
    labels = LABELS[state.lang]
    table = Table(title=labels["table"], caption=labels["caption"])
    table.add_column(labels["priority"], ratio=1, min_width=24)
    for header in labels["columns"]:
        table.add_column(header, justify="right", no_wrap=True)
    specific_done = False
    for row in summary.counts:
        priority = dataset.priorities[row.priority]
        if priority.kind == "cross_cutting" and not specific_done:
            table.add_section()
            specific_done = True
        cells = (row.subjects, row.figures, row.actions, row.lopend, row.nieuw, row.national, row.eu)
        table.add_row(_name(priority), *map(str, cells))
    table.add_section()
    total_cells = (
        summary.totals["subjects"],
        summary.totals["shares"] + summary.totals["facts"],
        *(sum(getattr(r, name) for r in summary.counts) for name in ("actions", "lopend", "nieuw", "national", "eu")),
    )
    table.add_row(labels["total"], *map(str, total_cells))
    console.print(table)
    counts = " · ".join(f"{count} {name.replace('_', ' ')}" for name, count in summary.totals.items())
    console.print(f"[dim]{counts}[/]")
    warnings = len(state.report().warnings)
    console.print(f"[green]Dataset valid[/] ({warnings} warning(s); run 'dosa validate' to list them).")


def validate(
    directory: Annotated[
        Path | None, typer.Argument(help="Dataset folder to check (default: the --dataset or embedded one).")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Check a dataset and list every problem at once, each with file, line and field."""
    from dosa.dataset import load_dataset_with_report

    fmt = resolve_format(fmt, output)
    dataset, report = load_dataset_with_report(directory) if directory is not None else state.loaded()
    problems = report.sorted()
    version = dataset.info.label if dataset else "unknown"
    columns = [
        Column("file", lambda p: p.file),
        Column("line", lambda p: p.line),
        Column("field", lambda p: p.field),
        Column("severity", lambda p: p.severity.value),
        Column("message", lambda p: p.message, wrap=True),
        Column("hint", lambda p: p.hint, wrap=True),
    ]
    if problems or fmt is not OutputFormat.TABLE:
        emit(problems, columns, fmt=fmt, output=output, title="Problems", version=version)
    failed = bool(report.errors) or (strict and bool(report.warnings))
    if not state.quiet:
        verdict = "[red]invalid[/]" if failed else "[green]valid[/]"
        err.print(f"{version}: {verdict} — {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    if failed:
        raise typer.Exit(1)


def layers(fmt: FormatOption = OutputFormat.TABLE, output: OutputOption = None) -> None:
    """The six layers of the digital stack, bottom to top."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    columns = [
        Column("order", lambda layer: layer.order),
        Column("id", lambda layer: layer.id),
        Column("name", _name),
        Column("priorities", lambda layer: [p.id for p in dataset.priorities_in_order() if layer.id in p.layers]),
        Column("description", lambda layer: getattr(layer, f"description_{state.lang}"), wrap=True),
    ]
    emit(dataset.layers_in_order(), columns, fmt=fmt, output=output, title="Layers", version=dataset.info.label)


def priorities(fmt: FormatOption = OutputFormat.TABLE, output: OutputOption = None) -> None:
    """The fifteen policy priorities: ten specific, five cross-cutting."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    columns = [
        Column("id", lambda p: p.id),
        Column("kind", lambda p: p.kind),
        Column("number", lambda p: p.number),
        Column("name", _name),
        Column("layers", lambda p: p.layers),
        Column("other_layers", lambda p: p.other_layers),
        Column("actions", lambda p: sum(a.priority == p.id for a in dataset.actions.values())),
        Column("description", lambda p: getattr(p, f"description_{state.lang}"), wrap=True),
    ]
    emit(dataset.priorities_in_order(), columns, fmt=fmt, output=output, title="Priorities", version=dataset.info.label)


def subjects(
    priority: Annotated[str | None, typer.Option(help="Only subjects of this priority id.")] = None,
    layer: Annotated[LayerId | None, typer.Option(help="Only subjects in this layer.")] = None,
    kind: Annotated[SubjectKind | None, typer.Option(help="Only subjects of this kind.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """What is supplied: raw materials, components, technologies, products and services."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    if priority is not None and priority not in dataset.priorities:
        raise DosaError(f"unknown priority '{priority}'", hint=f"known: {', '.join(sorted(dataset.priorities))}")
    items = [
        s
        for s in sorted(dataset.subjects.values(), key=lambda s: (s.layer, s.id))
        if (priority is None or priority in s.priorities)
        and (layer is None or s.layer == layer)
        and (kind is None or s.kind == kind)
    ]
    columns = [
        Column("id", lambda s: s.id),
        Column("name", _name),
        Column("kind", lambda s: s.kind),
        Column("layer", lambda s: s.layer),
        Column("priorities", lambda s: s.priorities),
        Column("inputs", lambda s: [e.requires for e in dataset.inputs_of(s.id)]),
        Column("shares", lambda s: len(dataset.shares_of(s.id))),
    ]
    emit(items, columns, fmt=fmt, output=output, title="Subjects", version=dataset.info.label)


actions_app = typer.Typer(
    name="actions",
    help="The agenda's actions: list and filter them (subcommands track their progress).",
    invoke_without_command=True,
    cls=lazy_group({name: f"dosa.cli.monitoring:{function}" for name, function in ACTION_COMMANDS.items()}),
)


@actions_app.callback()
def actions(
    ctx: typer.Context,
    priority: Annotated[list[str] | None, typer.Option(help="Priority id; repeat for several.")] = None,
    owner: Annotated[
        list[str] | None, typer.Option(help="Owning organisation (id, abbreviation or alias, e.g. BZK).")
    ] = None,
    involved: Annotated[bool, typer.Option("--involved", help="With --owner: also match involved parties.")] = False,
    status: Annotated[list[ActionStatus] | None, typer.Option(help="lopend or nieuw.")] = None,
    scope: Annotated[list[ActionScope] | None, typer.Option(help="nationaal or eu.")] = None,
    due_before: Annotated[dt.date | None, date_option("--due-before", "Due (timeline end) before this day")] = None,
    due_after: Annotated[dt.date | None, date_option("--due-after", "Due (timeline end) after this day")] = None,
    text: Annotated[str | None, typer.Option(help="Summary contains this text (case-insensitive).")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """The agenda's actions, filtered. Date filters leave out ongoing and undecided timelines."""
    if ctx.invoked_subcommand is not None:
        return
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    criteria = ActionFilter(
        priorities=tuple(priority or ()),
        owners=tuple(resolve_organisation(dataset, name).id for name in owner or ()),
        include_involved=involved,
        statuses=tuple(status or ()),
        scopes=tuple(scope or ()),
        due_before=due_before,
        due_after=due_after,
        text=text,
    )
    items = filter_actions(dataset, criteria)
    columns = [
        Column("id", lambda a: a.id),
        Column("priority", lambda a: a.priority),
        Column("status", lambda a: a.status),
        Column("scope", lambda a: a.scope),
        Column("summary", lambda a: a.summary, wrap=True),
        Column("timeline", lambda a: a.timeline.text, wrap=True),
        Column("due", lambda a: a.timeline.end),
        Column("owners", lambda a: a.owners),
        Column("involved", lambda a: a.involved),
    ]
    if fmt is not OutputFormat.TABLE:
        columns += [
            Column("timeline_kind", lambda a: a.timeline.kind),
            Column("start", lambda a: a.timeline.start),
            Column("owners_text", lambda a: a.owners_text),
            Column("involved_text", lambda a: a.involved_text),
            Column("page", lambda a: a.location.page),
            Column("line", lambda a: a.location.line_start),
        ]
    emit(items, columns, fmt=fmt, output=output, title="Actions", version=dataset.info.label)


def show(
    identifier: Annotated[str, typer.Argument(help="Id of any object: priority, subject, action, supplier …")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table or json.")] = OutputFormat.TABLE,
) -> None:
    """Show every field of the object(s) with this id."""
    dataset = state.dataset()
    matches = find_by_id(dataset, identifier)
    if fmt is OutputFormat.JSON:
        payload = [
            {"kind": kind, "dataset_version": dataset.info.label, **record.model_dump(mode="json")}
            for kind, record in matches
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if fmt is not OutputFormat.TABLE:
        raise DosaError("show supports table and json", hint="use --format json")
    console = Console()
    for kind, record in matches:
        table = Table(title=f"{kind} {identifier}", show_header=False, caption=f"dataset {dataset.info.label}")
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for name, value in record.model_dump(mode="json").items():
            if isinstance(value, dict):
                value = ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
            elif isinstance(value, list):
                value = "; ".join(str(v) for v in value)
            table.add_row(name, "" if value is None else str(value))
        extra = _related(dataset, kind, record)
        for name, value in extra:
            table.add_row(name, value)
        console.print(table)


def _related(dataset: Any, kind: str, record: Any) -> list[tuple[str, str]]:
    """Links worth showing next to a record: inputs, users, shares, actions."""
    if kind == "subject":
        used_by = sorted(e.subject for e in dataset.requires.values() if e.requires == record.id)
        return [
            ("→ inputs", "; ".join(f"{e.requires} ({e.mode})" for e in dataset.inputs_of(record.id))),
            ("← used by", "; ".join(used_by)),
            ("shares", str(len(dataset.shares_of(record.id)))),
        ]
    if kind == "priority":
        return [
            ("subjects", "; ".join(sorted(s.id for s in dataset.subjects.values() if record.id in s.priorities))),
            ("actions", "; ".join(a.id for a in dataset.actions_in_order() if a.priority == record.id)),
        ]
    if kind == "organisation":
        owned = [a.id for a in dataset.actions_in_order() if record.id in a.owners]
        return [("owns actions", f"{len(owned)}: {'; '.join(owned)}")]
    return []
