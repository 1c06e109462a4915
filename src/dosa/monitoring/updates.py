# SPDX-License-Identifier: EUPL-1.2
"""Status updates checked before anything is written: every problem of a batch found in one pass.

An update comes from the command line or from a row of an owner's spreadsheet. A batch is applied
only when it has no error at all, so an owner fixes the file once and nothing is half-applied.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dosa.dataset.model import Dataset
from dosa.dataset.problems import ValidationReport
from dosa.dates import parse_date
from dosa.errors import InputError
from dosa.monitoring.due import AGENDA_DATE
from dosa.monitoring.history import StatusEntry, status_on
from dosa.monitoring.status import NEEDS_NOTE, ProgressStatus, parse_status
from dosa.tables import CONTROL_CHARACTERS

NOTE_MAX = 2000
"""Longest note accepted, in characters: a paragraph for parliament, not a document."""


@dataclass(frozen=True)
class RawUpdate:
    """An update as given, before checking: strings from a command line or a spreadsheet row."""

    action: str
    status: str = ""
    date: str | dt.date | None = None
    note: str = ""
    author: str = ""
    line: int | None = None
    """Row in the file it came from (the header is row 1)."""


@dataclass(frozen=True)
class StatusUpdate:
    """A checked update for one action, ready to record."""

    action: str
    status: ProgressStatus
    date: dt.date
    note: str
    author: str
    line: int | None = None
    via: str | None = None
    """The action the update was given for, when it is applied to a repeat of that action."""


@dataclass
class UpdatePlan:
    """What a batch would do: the updates to record, the rows skipped, and every problem found."""

    source: str
    updates: list[StatusUpdate] = field(default_factory=list)
    skipped: list[tuple[int | None, str, str]] = field(default_factory=list)
    """(row, action, why) for rows that change nothing."""
    report: ValidationReport = field(default_factory=ValidationReport)

    @property
    def ok(self) -> bool:
        return self.report.ok


def repeat_group(dataset: Dataset, action_id: str) -> tuple[str, ...]:
    """The action and every repeat of it under another priority (the agenda lists some actions twice)."""
    group = {action_id}
    todo = [action_id]
    while todo:
        current = dataset.actions.get(todo.pop())
        if current is None:
            continue
        linked = set(current.repeated_as) | {a.id for a in dataset.actions.values() if current.id in a.repeated_as}
        for other in linked - group:
            group.add(other)
            todo.append(other)
    return tuple(sorted(group, key=lambda a: dataset.actions[a].number if a in dataset.actions else 0))


def plan_updates(
    dataset: Dataset,
    rows: Sequence[RawUpdate],
    entries: Iterable[StatusEntry],
    *,
    today: dt.date,
    source: str,
    default_author: str = "",
    agenda_date: dt.date = AGENDA_DATE,
) -> UpdatePlan:
    """Check every row and collect every problem; the plan is applicable only if ``plan.ok``.

    A row with neither status nor note is left alone (an owner's untouched template row). A row
    with a note and no status records a progress note under the status in effect. A row that would
    set the status the action already has, without a note, changes nothing and is skipped.
    An update to an action the agenda repeats under another priority is applied to every copy.
    """
    known_entries = list(entries)
    plan = UpdatePlan(source)
    report = plan.report
    seen: dict[str, int | None] = {}

    def problem(row: RawUpdate, column: str, message: str, hint: str) -> None:
        report.add(source, row.line, column, message, hint)

    for row in rows:
        action_id = row.action.strip().lower()
        status_text = row.status.strip()
        note = (row.note or "").strip()
        if not action_id and not status_text and not note:
            continue
        errors_before = len(report.errors)
        if not action_id:
            problem(row, "action", "the action id is missing", "write the id, e.g. a012")
        elif action_id not in dataset.actions:
            close = difflib.get_close_matches(action_id, list(dataset.actions), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "use an id from 'dosa actions', e.g. a012"
            problem(row, "action", f"unknown action '{row.action.strip()}'", hint)
        if not status_text and not note:
            continue
        status: ProgressStatus | None = None
        if status_text:
            try:
                status = parse_status(status_text)
            except InputError as exc:
                problem(row, "status", exc.message, exc.hint or "")
        try:
            date = parse_date(row.date) or today
        except InputError as exc:
            problem(row, "date", exc.message, exc.hint or "")
            date = None
        if date is not None and date > today:
            problem(row, "date", f"{date} lies in the future", "report a status for today or an earlier day")
        if date is not None and date < agenda_date:
            problem(
                row,
                "date",
                f"{date} is before the agenda ({agenda_date})",
                f"statuses start at the agenda; use {agenda_date} or later",
            )
        if status in NEEDS_NOTE and not note:
            problem(row, "note", f"status '{status}' needs a note saying why", "add a short reason in the note")
        if len(note) > NOTE_MAX:
            problem(row, "note", f"the note has {len(note)} characters", f"keep it to {NOTE_MAX}")
        if CONTROL_CHARACTERS.search(note):
            # PostgreSQL cannot store a NUL in text, and no export or PDF can show these: refused on every store
            problem(row, "note", "the note holds a control character (such as NUL)", "write plain text")
        author = (row.author or "").strip() or default_author.strip()
        if CONTROL_CHARACTERS.search(author):
            problem(row, "author", "the author holds a control character (such as NUL)", "write plain text")
        if not author:
            problem(row, "author", "the author is missing", "fill in who reports this (name or e-mail)")
        if action_id in dataset.actions:
            group = repeat_group(dataset, action_id)
            clash = next((a for a in group if a in seen), None)
            if clash is not None:
                where = f"row {seen[clash]}" if seen[clash] is not None else "another update"
                same = "the same action" if clash == action_id else f"its repeat {clash}"
                problem(row, "action", f"{same} is already updated in {where}", "keep one row per action")
            for member in group:
                seen[member] = row.line
        if len(report.errors) > errors_before or date is None or action_id not in dataset.actions:
            continue
        action = dataset.actions[action_id]
        current = status_on(action, known_entries, date).status
        new_status = status or current
        if new_status is current and not note:
            plan.skipped.append((row.line, action_id, f"already {current}"))
            continue
        for member in repeat_group(dataset, action_id):
            plan.updates.append(
                StatusUpdate(
                    member,
                    new_status,
                    date,
                    note,
                    author,
                    row.line,
                    via=None if member == action_id else action_id,
                )
            )
    return plan
