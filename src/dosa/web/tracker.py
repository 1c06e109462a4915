# SPDX-License-Identifier: EUPL-1.2
"""The action tracker's use of :mod:`dosa.monitoring`: an action's status and history, and recording a
status change with a note through the monitoring ledger (so every change lands in the audit trail)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from dosa.dataset.model import Dataset
from dosa.i18n import Localizer
from dosa.model.entities import Action
from dosa.monitoring import ProgressStatus, RawUpdate, plan_updates, status_on
from dosa.monitoring.labels import DEADLINE_LABELS, DUE_KIND_LABELS
from dosa.monitoring.ledger import Ledger, Provenance
from dosa.monitoring.status import status_label
from dosa.report.content import Section, column, table_of_rows
from dosa.report.progress import ledger_entries, rows_as_of


def action_progress(
    action: Action, dataset: Dataset, loc: Localizer, db: str | Path | None
) -> tuple[list[Section], dict[str, Any]]:
    """The action's status today, its due date standing and its full history."""
    today = dt.date.today()
    entries = ledger_entries(db)
    row = next(r for r in rows_as_of(dataset, entries, today) if r.action.id == action.id)
    state = status_on(action, entries, today)
    section = Section(id="progress", title=loc.gettext("Progress and history"))
    section.paragraphs.append(
        loc.gettext("Status on {date}: {status} ({standing}; {due}).").format(
            date=loc.date(today),
            status=status_label(state.status, loc.lang),
            standing=DEADLINE_LABELS[loc.lang][row.deadline],
            due=(loc.date(row.due.date) if row.due.date else DUE_KIND_LABELS[loc.lang][row.due.kind]),
        )
    )
    history = sorted((e for e in entries if e.action == action.id), key=lambda e: (e.date, e.id), reverse=True)
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("History of action {number} (audit trail)").format(number=action.number),
            [
                column(loc, "from", loc.gettext("From")),
                column(loc, "change", loc.gettext("Change")),
                column(loc, "note", loc.gettext("Note")),
                column(loc, "by", loc.gettext("By")),
                column(loc, "recorded", loc.gettext("Recorded")),
            ],
            [
                [
                    loc.date(e.date, "medium"),
                    f"{status_label(e.previous, loc.lang)} → {status_label(e.status, loc.lang)}",
                    e.note,
                    e.author,
                    e.recorded_at.strftime("%Y-%m-%d %H:%M UTC"),
                ]
                for e in history
            ],
            data=[
                [
                    e.date.isoformat(),
                    f"{e.previous.value} -> {e.status.value}",
                    e.note,
                    e.author,
                    e.recorded_at.isoformat(),
                ]
                for e in history
            ],
        )
    )
    if not history:
        section.notes.append(loc.gettext("No status has been recorded yet: the status follows from the agenda."))
    choices = [(s.value, status_label(s, loc.lang)) for s in ProgressStatus]
    return [section], {"status_choices": choices, "current_status": state.status.value, "today": today.isoformat()}


def record(
    dataset: Dataset,
    action_id: str,
    status: str,
    note: str,
    date: str,
    author: str,
    db: str | Path | None,
    loc: Localizer,
    provenance: Provenance | None = None,
) -> dict[str, str]:
    """Check and record one update; return the problems per form field (empty when recorded)."""
    from dosa.store import open_store

    ledger = Ledger(open_store(db))
    plan = plan_updates(
        dataset,
        [RawUpdate(action=action_id, status=status, date=date or None, note=note, author=author)],
        ledger.entries(),
        today=dt.date.today(),
        source="dashboard",
        default_author=author,
    )
    if not plan.ok:
        errors: dict[str, str] = {}
        for problem in plan.report.errors:
            field = {"status": "status", "note": "note", "date": "date"}.get(problem.field or "", "status")
            errors.setdefault(field, problem.message + (f" ({problem.hint})" if problem.hint else ""))
        return errors
    if not plan.updates:
        return {"status": loc.gettext("Nothing to record: choose another status or write a note.")}
    ledger.apply(dataset, plan, author=author, origin="web", provenance=provenance)
    return {}
