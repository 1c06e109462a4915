# SPDX-License-Identifier: EUPL-1.2
"""Action-monitoring commands: ``dosa actions status|import-status|overdue|coverage|history|timeline|workload``
and ``dosa progress report``. They parse options, call :mod:`dosa.monitoring`, and render.

Mount them with :func:`register` (``register(app, actions_app)`` in :mod:`dosa.cli.app`).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from dosa.cli.context import state
from dosa.cli.options import DbOption, FormatOption, OutputOption, db_choice, resolve_format
from dosa.cli.output import Column, OutputFormat, emit, write_file
from dosa.dataset.model import Dataset
from dosa.dataset.problems import ValidationReport
from dosa.dates import parse_date
from dosa.errors import InputError
from dosa.monitoring.coverage import CoverageReport, coverage_report
from dosa.monitoring.due import AGENDA_DATE, DUE_SOON_DAYS
from dosa.monitoring.history import StatusEntry, states_on, status_on
from dosa.monitoring.labels import DEADLINE_LABELS, DUE_KIND_LABELS
from dosa.monitoring.ledger import Ledger, UpdateRejected
from dosa.monitoring.riskbridge import risk_findings
from dosa.monitoring.spreadsheet import read_update_file
from dosa.monitoring.status import status_label
from dosa.monitoring.updates import RawUpdate, plan_updates
from dosa.monitoring.views import ActionProgress, attention, by_owner, by_priority, progress, timeline, workload
from dosa.query import resolve_organisation
from dosa.store import open_existing_store, open_store

err = Console(stderr=True, soft_wrap=True)

AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="The day to look at, YYYY-MM-DD (default: today).", show_default=False)
]
AuthorOption = Annotated[
    str | None,
    typer.Option("--author", envvar="DOSA_AUTHOR", help="Who reports (default: your user name).", show_default=False),
]
PriorityOption = Annotated[list[str] | None, typer.Option("--priority", help="Only this priority id; repeatable.")]
OwnerOption = Annotated[
    list[str] | None, typer.Option("--owner", help="Only actions of this owner (id, abbreviation or alias).")
]
SoonOption = Annotated[int, typer.Option("--days", min=0, help="Window for 'due soon', in days.")]


def _today() -> dt.date:
    return dt.date.today()


def _date(value: str | None, option: str, default: dt.date) -> dt.date:
    if value is None:
        return default
    try:
        parsed = parse_date(value)
    except InputError as exc:
        raise typer.BadParameter(exc.message + (f"; {exc.hint}" if exc.hint else ""), param_hint=option) from None
    return parsed or default


def _author(value: str | None) -> str:
    if value and value.strip():
        return value.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        raise InputError("cannot tell who you are", hint="pass --author NAME or set DOSA_AUTHOR") from None


def _ledger(db: str | None) -> Ledger:
    """The ledger to write to (created on first use)."""
    return Ledger(open_store(db_choice(db)))


def _entries(db: str | None, action: str | None = None) -> list[StatusEntry]:
    """The recorded entries, read without creating a database (no database yet: nothing recorded)."""
    store = open_existing_store(db_choice(db), missing_ok=True)
    return [] if store is None else Ledger(store).entries(action)


def _owner_name(dataset: Dataset, owner: str) -> str:
    organisation = dataset.organisations.get(owner)
    return organisation.abbreviation if organisation else owner


def _owners(dataset: Dataset, ids: tuple[str, ...]) -> list[str]:
    return [_owner_name(dataset, o) for o in ids]


def _select(
    dataset: Dataset, rows: list[ActionProgress], priority: list[str] | None, owner: list[str] | None
) -> list[ActionProgress]:
    priorities = set(priority or ())
    unknown = sorted(priorities - set(dataset.priorities))
    if unknown:
        raise InputError(f"unknown priority '{unknown[0]}'", hint=f"known: {', '.join(sorted(dataset.priorities))}")
    owners = {resolve_organisation(dataset, name).id for name in owner or ()}
    return [
        r
        for r in rows
        if (not priorities or r.action.priority in priorities) and (not owners or owners & set(r.action.owners))
    ]


SHORT_SUMMARY = 60
"""Characters of an action's summary shown in a terminal table (files carry it whole)."""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_SUMMARY else text[: SHORT_SUMMARY - 1].rstrip() + "…"


def _progress_columns(dataset: Dataset, lang: str, detail: bool, skip: tuple[str, ...] = ()) -> list[Column]:
    """Columns of a progress listing: compact in a terminal table, complete in a file."""
    if not detail:
        columns = [
            Column("action", lambda r: r.action.id),
            Column("priority", lambda r: r.action.priority),
            Column("owners", lambda r: _owners(dataset, r.action.owners)),
            Column("status", lambda r: status_label(r.status, lang)),
            Column("due", lambda r: r.due.date),
            Column("deadline", lambda r: DEADLINE_LABELS[lang][r.deadline]),
            Column("days", lambda r: r.days_overdue if r.days_overdue is not None else r.days_left),
            Column("summary", lambda r: _short(r.action.summary)),
        ]
        return [c for c in columns if c.key not in skip]
    return [
        Column("action", lambda r: r.action.id),
        Column("priority", lambda r: r.action.priority),
        Column("owners", lambda r: _owners(dataset, r.action.owners)),
        Column("status", lambda r: r.status.value),
        Column("since", lambda r: r.state.since),
        Column("reported", lambda r: r.state.reported),
        Column("note", lambda r: r.state.note),
        Column("author", lambda r: r.state.entry.author if r.state.entry else None),
        Column("timeline", lambda r: r.action.timeline.text),
        Column("due_kind", lambda r: r.due.kind.value),
        Column("due", lambda r: r.due.date),
        Column("deadline", lambda r: r.deadline.value),
        Column("days", lambda r: r.days_overdue if r.days_overdue is not None else r.days_left),
        Column("summary", lambda r: " ".join(r.action.summary.split())),
        Column("as_of", lambda r: r.as_of),
    ]


def _rows_as_of(dataset: Dataset, db: str | None, as_of: dt.date, soon_days: int) -> list[ActionProgress]:
    entries = _entries(db)
    return progress(dataset, states_on(dataset, entries, as_of), as_of, soon_days=soon_days)


def _print_problems(report: ValidationReport) -> None:
    for problem in report.sorted():
        err.print(str(problem), markup=False, highlight=False, soft_wrap=True)


def actions_status(
    action: Annotated[str | None, typer.Argument(help="Action id, e.g. a012 (leave out to list every action).")] = None,
    set_status: Annotated[
        str | None,
        typer.Option(
            "--set",
            help="New status: not_started, in_progress, done, delayed, stopped, ongoing (or the Dutch label).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Progress note (required for delayed and stopped).")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Day the status applies from (default: today).", show_default=False)
    ] = None,
    author: AuthorOption = None,
    as_of: AsOfOption = None,
    priority: PriorityOption = None,
    owner: OwnerOption = None,
    template: Annotated[
        bool, typer.Option("--template", help="Write the update template owners fill in (use with -o FILE.xlsx).")
    ] = False,
    days: SoonOption = DUE_SOON_DAYS,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Record an action's status with a dated note, show it, or list every action's status as of a day.

    With --set or --note: record (the change goes to the audit trail). With an id only: show the
    status and its history. Without an id: every action with its status and due date (--template
    gives the spreadsheet owners fill in for 'dosa actions import-status').
    """
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    if set_status is not None or note is not None:
        if action is None:
            raise InputError("which action?", hint="give the action id: dosa actions status a012 --set done")
        _record(dataset, action, set_status or "", note or "", date, author, db)
        return
    day = _date(as_of, "--as-of", _today())
    rows = _select(dataset, _rows_as_of(dataset, db, day, days), priority, owner)
    if action is not None:
        _show_one(dataset, action, rows, day, db, fmt, output)
        return
    if template:
        _emit_template(dataset, rows, day, fmt, output)
        return
    columns = _progress_columns(dataset, state.lang, detail=fmt is not OutputFormat.TABLE)
    title = f"Actions as of {day.isoformat()}"
    emit(rows, columns, fmt=fmt, output=output, title=title, version=dataset.info.label)


def _record(
    dataset: Dataset, action: str, status: str, note: str, date: str | None, author: str | None, db: str | None
) -> None:
    who = _author(author)
    ledger = _ledger(db)
    plan = plan_updates(
        dataset,
        [RawUpdate(action=action, status=status, date=date, note=note, author=who)],
        ledger.entries(),
        today=_today(),
        source="command line",
        default_author=who,
    )
    if not plan.ok:
        _print_problems(plan.report)
        raise UpdateRejected(plan.report, "the update", hint="correct the command and run it again")
    if not plan.updates:
        reason = plan.skipped[0][2] if plan.skipped else "nothing to record"
        err.print(f"Nothing recorded: {action} is {reason}; add --note to record a progress note.")
        return
    _, recorded = ledger.apply(dataset, plan, author=who, origin="cli")
    for entry in recorded:
        arrow = f"{entry.previous} → {entry.status}" if entry.changed else f"{entry.status} (note)"
        via = f" (repeat of {action})" if entry.action != action.strip().lower() else ""
        typer.echo(f"{entry.action}{via}: {arrow} from {entry.date.isoformat()} by {entry.author} [entry {entry.id}]")


def _show_one(
    dataset: Dataset,
    action_id: str,
    rows: list[ActionProgress],
    day: dt.date,
    db: str | None,
    fmt: OutputFormat,
    output: Path | None,
) -> None:
    wanted = action_id.strip().lower()
    if wanted not in dataset.actions:
        raise InputError(f"unknown action '{action_id}'", hint="list ids with 'dosa actions'")
    row = next((r for r in rows if r.action.id == wanted), None)
    if row is None:
        entries = _entries(db, wanted)
        row = progress(dataset, {wanted: status_on(dataset.actions[wanted], entries, day)}, day)[0]
    if fmt is not OutputFormat.TABLE:
        emit([row], _progress_columns(dataset, state.lang, detail=True), fmt=fmt, output=output,
             title=f"{wanted} as of {day}", version=dataset.info.label)  # fmt: skip
        return
    lang = state.lang
    table = Table(title=f"{wanted} as of {day.isoformat()}", show_header=False, caption=f"dataset {dataset.info.label}")
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    a = row.action
    for name, value in (
        ("summary", " ".join(a.summary.split())),
        ("priority", a.priority),
        ("owners", ", ".join(_owners(dataset, a.owners))),
        ("timeline", a.timeline.text),
        ("due", f"{row.due.date or '—'} ({DUE_KIND_LABELS[lang][row.due.kind]})"),
        ("status", f"{status_label(row.status, lang)}" + ("" if row.state.reported else " (from the agenda)")),
        ("since", str(row.state.since or "")),
        ("deadline", DEADLINE_LABELS[lang][row.deadline]),
        ("note", row.state.note),
    ):
        table.add_row(name, value)
    Console().print(table)
    _emit_history(dataset, _entries(db, wanted), OutputFormat.TABLE, None, f"History of {wanted}")


def _emit_template(
    dataset: Dataset, rows: list[ActionProgress], day: dt.date, fmt: OutputFormat, output: Path | None
) -> None:
    if fmt is OutputFormat.TABLE or fmt is OutputFormat.JSON:
        raise InputError("the template is a spreadsheet", hint="add --format xlsx -o FILE.xlsx (or csv / csv-nl)")
    columns = [
        Column("action", lambda r: r.action.id),
        Column("priority", lambda r: r.action.priority),
        Column("owners", lambda r: _owners(dataset, r.action.owners)),
        Column("summary", lambda r: " ".join(r.action.summary.split())),
        Column("timeline", lambda r: r.action.timeline.text),
        Column("due", lambda r: r.due.date),
        Column("current_status", lambda r: r.status.value),
        Column("since", lambda r: r.state.since),
        Column("status", lambda r: None),
        Column("date", lambda r: None),
        Column("note", lambda r: None),
        Column("author", lambda r: None),
    ]
    emit(rows, columns, fmt=fmt, output=output, title=f"status {day.isoformat()}", version=dataset.info.label)


def import_status(
    file: Annotated[Path, typer.Argument(help="The filled-in template: .csv (comma or semicolon) or .xlsx.")],
    author: AuthorOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the file and report; record nothing.")] = False,
    db: DbOption = None,
) -> None:
    """Import status updates from an owner's spreadsheet: every row checked, all problems listed at once,
    and either every update recorded in one transaction or none."""
    dataset = state.dataset()
    who = _author(author)
    report = ValidationReport()
    rows = read_update_file(file, report)
    ledger = _ledger(db)
    plan = plan_updates(dataset, rows, ledger.entries(), today=_today(), source=file.name, default_author=who)
    if not report.ok:
        plan.report.problems[:0] = report.problems
    if not plan.ok:
        _print_problems(plan.report)
        raise UpdateRejected(plan.report, file.name)
    for line, action_id, why in plan.skipped:
        if not state.quiet:
            err.print(f"{file.name}:{line}: {action_id} unchanged ({why})", markup=False, highlight=False)
    if dry_run:
        err.print(f"{file.name}: valid; {len(plan.updates)} update(s) would be recorded (dry run, nothing written).")
        return
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    batch, recorded = ledger.apply(dataset, plan, author=who, origin="import", file_name=file.name, sha256=digest)
    if batch is None:
        err.print(f"{file.name}: nothing to record.")
        return
    err.print(f"{file.name}: {len(recorded)} update(s) recorded in batch {batch.id}.")


class GroupBy(StrEnum):
    OWNER = "owner"
    PRIORITY = "priority"
    NONE = "none"


def overdue(
    as_of: AsOfOption = None,
    by: Annotated[GroupBy, typer.Option("--by", help="Group the table per owner or per priority.")] = GroupBy.OWNER,
    priority: PriorityOption = None,
    owner: OwnerOption = None,
    days: SoonOption = DUE_SOON_DAYS,
    no_soon: Annotated[bool, typer.Option("--no-soon", help="Only overdue actions, not those due soon.")] = False,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Overdue actions and those due soon, as of a day, per owner or per priority.

    Ongoing, undecided and open-ended timelines have no due date and are never overdue; nor are
    actions that are done or stopped.
    """
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    day = _date(as_of, "--as-of", _today())
    rows = attention(_select(dataset, _rows_as_of(dataset, db, day, days), priority, owner), include_soon=not no_soon)
    title = f"Overdue{'' if no_soon else f' and due within {days} days'} as of {day.isoformat()}"
    table = fmt is OutputFormat.TABLE
    skip = ("priority", "owners") if table and by is not GroupBy.NONE else ()
    columns = _progress_columns(dataset, state.lang, detail=not table, skip=skip)
    if by is GroupBy.NONE:
        emit(rows, columns, fmt=fmt, output=output, title=title, version=dataset.info.label)
        return
    groups = by_owner(rows) if by is GroupBy.OWNER else by_priority(dataset, rows)
    if by is GroupBy.OWNER and owner:  # --owner BZK: BZK's group only, not its co-owners' groups
        wanted = {resolve_organisation(dataset, name).id for name in owner}
        groups = {key: members for key, members in groups.items() if key in wanted}
    key_name = by.value
    grouped: list[tuple[str, ActionProgress]] = [(key, row) for key, members in groups.items() for row in members]

    def label(key: str) -> str:
        return _owner_name(dataset, key) if by is GroupBy.OWNER else key

    def inner(column: Column) -> Column:
        return Column(column.key, lambda pair: column.value(pair[1]), label_en=column.label_en, wrap=column.wrap)

    group_columns = [Column(key_name, lambda pair: label(pair[0])), *(inner(c) for c in columns)]
    emit(grouped, group_columns, fmt=fmt, output=output, title=title, version=dataset.info.label)


class CoveragePart(StrEnum):
    SUBJECTS = "subjects"
    RISKS = "risks"
    UNLINKED = "unlinked"
    PRIORITIES = "priorities"
    OWNERS = "owners"


def coverage(
    as_of: AsOfOption = None,
    part: Annotated[
        CoveragePart | None,
        typer.Option(
            "--part", help="One part only (needed for csv/json/xlsx): subjects, risks, unlinked, priorities, owners."
        ),
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Which risks the actions cover: high and very high risks with no action, subjects with no action,
    actions linked to nothing, priorities with no open new action, owners carrying most open actions."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    day = _date(as_of, "--as-of", _today())
    entries = _entries(db)
    states = states_on(dataset, entries, day)
    rows = progress(dataset, states, day)
    report = coverage_report(dataset, states, rows, day, risk_findings(dataset))
    if fmt is not OutputFormat.TABLE and part is None:
        raise InputError("choose one part for a file export", hint="add --part subjects (or risks, unlinked, …)")
    parts = [part] if part is not None else list(CoveragePart)
    for each in parts:
        _emit_coverage_part(dataset, report, each, fmt, output, day)


def _emit_coverage_part(
    dataset: Dataset, report: CoverageReport, part: CoveragePart, fmt: OutputFormat, output: Path | None, day: dt.date
) -> None:
    version = dataset.info.label
    lang = state.lang
    suffix = f" as of {day.isoformat()}"
    if part is CoveragePart.RISKS:
        if report.risks is None:
            message = "No risk results are available: see the subjects part for coverage per subject."
            if fmt is OutputFormat.TABLE:
                err.print(message)
                return
            raise InputError(message, hint="use --part subjects")
        columns = [
            Column("subject", lambda r: r.finding.subject),
            Column("name", lambda r: getattr(r.coverage.subject, f"name_{lang}")),
            Column("harm", lambda r: r.finding.harm),
            Column("risk_class", lambda r: r.finding.risk_class),
            Column("general_cover", lambda r: r.coverage.general),
            Column("stopped", lambda r: r.coverage.stopped),
            Column("as_of", lambda r: day),
        ]
        title = f"High and very high risks with no action{suffix} (method {report.risk_method or 'n/s'})"
        emit(report.risks, columns, fmt=fmt, output=output, title=title, version=version)
    elif part is CoveragePart.SUBJECTS:
        columns = [
            Column("subject", lambda s: s.subject.id),
            Column("name", lambda s: getattr(s.subject, f"name_{lang}")),
            Column("priorities", lambda s: s.subject.priorities),
            Column("covered", lambda s: s.covered),
            Column("actions", lambda s: s.actions),
            Column("stopped", lambda s: s.stopped),
            Column("general_cover", lambda s: s.general, wrap=True),
            Column("as_of", lambda s: day),
        ]
        items = report.subjects if fmt is not OutputFormat.TABLE else report.uncovered_subjects
        title = ("Subjects" if fmt is not OutputFormat.TABLE else "Subjects with no action") + suffix
        emit(items, columns, fmt=fmt, output=output, title=title, version=version)
    elif part is CoveragePart.UNLINKED:
        columns = [
            Column("action", lambda a: a.id),
            Column("priority", lambda a: a.priority),
            Column("status", lambda a: a.status),
            Column("summary", lambda a: " ".join(a.summary.split()), wrap=True),
        ]
        emit(report.unlinked, columns, fmt=fmt, output=output, title="Actions linked to nothing", version=version)
    elif part is CoveragePart.PRIORITIES:
        columns = [
            Column("priority", lambda p: p.priority.id),
            Column("actions", lambda p: p.actions),
            Column("lopend", lambda p: p.lopend),
            Column("nieuw", lambda p: p.nieuw),
            Column("open_new", lambda p: p.open_new),
            Column("no_new_action", lambda p: p.no_new_action),
            Column("subjects", lambda p: p.subjects),
            Column("uncovered_subjects", lambda p: p.uncovered_subjects, wrap=True),
            Column("as_of", lambda p: day),
        ]
        title = f"Priorities: new actions and uncovered subjects{suffix}"
        emit(report.priorities, columns, fmt=fmt, output=output, title=title, version=version)
    else:
        _emit_workload(dataset, report.owners, fmt, output, day)


def _emit_workload(dataset: Dataset, loads: list[Any], fmt: OutputFormat, output: Path | None, day: dt.date) -> None:
    columns = [
        Column("owner", lambda w: _owner_name(dataset, w.owner)),
        Column("open", lambda w: w.open),
        Column("lead", lambda w: w.lead),
        Column("overdue", lambda w: w.overdue),
        Column("due_soon", lambda w: w.due_soon),
        Column("delayed", lambda w: w.delayed),
        Column("no_due_date", lambda w: w.no_due_date),
        Column("continuous", lambda w: w.continuous),
        Column("done", lambda w: w.done),
        Column("stopped", lambda w: w.stopped),
        Column("total", lambda w: w.total),
        Column("as_of", lambda w: day),
    ]
    title = f"Workload per owner as of {day.isoformat()}"
    emit(loads, columns, fmt=fmt, output=output, title=title, version=dataset.info.label)


def workload_command(
    as_of: AsOfOption = None,
    days: SoonOption = DUE_SOON_DAYS,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Per owner: open actions (and those it leads), overdue, due soon, delayed, done — most open first."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    day = _date(as_of, "--as-of", _today())
    _emit_workload(dataset, workload(_rows_as_of(dataset, db, day, days), dataset), fmt, output, day)


def timeline_command(
    as_of: AsOfOption = None,
    start: Annotated[str | None, typer.Option("--from", help="First quarter shown (default: the agenda).")] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last quarter shown (default: end of as-of year + 2).")
    ] = None,
    priority: PriorityOption = None,
    owner: OwnerOption = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """A Gantt-like timeline of the actions per quarter: █ planned, ▓ overdue, → continuing, ? no date."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    day = _date(as_of, "--as-of", _today())
    first = _date(start, "--from", AGENDA_DATE)
    last = _date(end, "--to", dt.date(day.year + 2, 12, 31))
    if last < first:
        raise InputError("--to lies before --from", hint="swap them")
    rows = _select(dataset, _rows_as_of(dataset, db, day, DUE_SOON_DAYS), priority, owner)
    columns_q, bars = timeline(rows, first, last)
    if fmt is OutputFormat.TABLE:
        table = Table(title=f"Timeline as of {day.isoformat()}", caption=f"dataset {dataset.info.label}")
        ids = [bar.progress.action.id for bar in bars]
        statuses = [bar.progress.status.value for bar in bars]
        id_width = max(map(len, ["action", *ids]))
        status_width = max(map(len, ["status", *statuses]))
        table.add_column("action", no_wrap=True, min_width=id_width)
        table.add_column("status", no_wrap=True, min_width=status_width)
        for year, quarter in columns_q:
            table.add_column(f"{year % 100:02d}Q{quarter}", justify="center", no_wrap=True, min_width=4)
        for bar in bars:
            table.add_row(bar.progress.action.id, bar.progress.status.value, *bar.cells)
        # every column is its text plus one space either side and a border: nothing is squeezed to zero
        width = 1 + (id_width + 3) + (status_width + 3) + 7 * len(columns_q)
        if output is None:
            Console(width=max(width, Console().width)).print(table)
        else:
            recorder = Console(record=True, width=width, file=io.StringIO())
            recorder.print(table)
            write_file(output, recorder.export_text().encode("utf-8"))
        return
    columns = [
        Column("action", lambda b: b.progress.action.id),
        Column("priority", lambda b: b.progress.action.priority),
        Column("owners", lambda b: _owners(dataset, b.progress.action.owners)),
        Column("status", lambda b: b.progress.status.value),
        Column("timeline", lambda b: b.progress.action.timeline.text),
        Column("start", lambda b: b.start),
        Column("end", lambda b: b.end),
        Column("due_kind", lambda b: b.progress.due.kind.value),
        Column("deadline", lambda b: b.progress.deadline.value),
        Column("as_of", lambda b: day),
    ]
    emit(bars, columns, fmt=fmt, output=output, title=f"Timeline as of {day}", version=dataset.info.label)


def _emit_history(
    dataset: Dataset, entries: list[StatusEntry], fmt: OutputFormat, output: Path | None, title: str
) -> None:
    if fmt is OutputFormat.TABLE:
        compact = [
            Column("entry", lambda e: e.id),
            Column("action", lambda e: e.action),
            Column("date", lambda e: e.date),
            Column("change", lambda e: f"{e.previous} → {e.status}" if e.changed else f"{e.status} (note)"),
            Column("note", lambda e: e.note, wrap=True),
            Column("author", lambda e: e.author),
            Column("recorded", lambda e: f"{e.recorded_at.isoformat(sep=' ')}Z"),
        ]
        emit(entries, compact, fmt=fmt, output=output, title=title, version=dataset.info.label)
        return
    columns = [
        Column("entry", lambda e: e.id),
        Column("action", lambda e: e.action),
        Column("date", lambda e: e.date),
        Column("previous", lambda e: e.previous.value),
        Column("status", lambda e: e.status.value),
        Column("note", lambda e: e.note, wrap=True),
        Column("author", lambda e: e.author),
        Column("recorded_at", lambda e: f"{e.recorded_at.isoformat()}Z"),
        Column("origin", lambda e: e.origin),
        Column("batch", lambda e: e.batch),
    ]
    emit(entries, columns, fmt=fmt, output=output, title=title, version=dataset.info.label)


def history(
    action: Annotated[str | None, typer.Argument(help="Action id (leave out for the whole audit trail).")] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """The audit trail: every recorded status and note (who, when, the day it applies, old → new), oldest first."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    wanted = action.strip().lower() if action else None
    if wanted is not None and wanted not in dataset.actions:
        raise InputError(f"unknown action '{action}'", hint="list ids with 'dosa actions'")
    entries = _entries(db, wanted)
    title = f"History of {wanted}" if wanted else "Audit trail of action statuses"
    _emit_history(dataset, entries, fmt, output, title)


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    PDF = "pdf"


progress_app = typer.Typer(name="progress", help="Progress reporting on the agenda's actions.", no_args_is_help=True)


@progress_app.command("report")
def progress_report_command(
    since: Annotated[
        str | None,
        typer.Option("--since", help="The previous report's date: changes after it are listed (default: the agenda)."),
    ] = None,
    as_of: AsOfOption = None,
    lang: Annotated[str | None, typer.Option("--lang", help="nl or en (default: dosa --lang).")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="md, html or pdf.")] = ReportFormat.MD,
    output: OutputOption = None,
    recorded_until: Annotated[
        str | None,
        typer.Option(
            "--recorded-until",
            help="Use only entries recorded up to this UTC time (YYYY-MM-DDTHH:MM:SS), to reproduce an earlier report.",
        ),
    ] = None,
    days: SoonOption = DUE_SOON_DAYS,
    db: DbOption = None,
) -> None:
    """The progress report (voortgangsrapportage) per priority: status counts, changes since the previous
    report, overdue actions and uncovered risks; as Markdown, HTML or tagged PDF, in Dutch or English."""
    from dosa.report.progress import progress_report, progress_view
    from dosa.report.write import render

    lang = lang or state.lang
    if lang not in ("nl", "en"):
        raise typer.BadParameter("use nl or en", param_hint="--lang")
    dataset = state.dataset()
    day = _date(as_of, "--as-of", _today())
    previous = _date(since, "--since", AGENDA_DATE)
    until = None
    if recorded_until is not None:
        try:
            until = dt.datetime.fromisoformat(recorded_until).replace(tzinfo=None)
        except ValueError:
            raise typer.BadParameter("use YYYY-MM-DDTHH:MM:SS (UTC)", param_hint="--recorded-until") from None
    view = progress_view(
        dataset,
        _entries(db),
        day,
        since=previous,
        recorded_until=until,
        soon_days=days,
        findings=risk_findings(dataset),
    )
    data = render(progress_report(view, lang), fmt.value)
    if output is None:
        if fmt is ReportFormat.PDF and sys.stdout.isatty():
            raise InputError("a PDF cannot be shown in the terminal", hint="add --output report.pdf")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_file(output, data)
    if not state.quiet:
        err.print(f"Wrote {output} ({fmt.value}, {lang}, as of {day.isoformat()}).")


__all__ = ["progress_app"]
