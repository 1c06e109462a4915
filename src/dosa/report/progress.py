# SPDX-License-Identifier: EUPL-1.2
"""The report's and dashboard's view of action monitoring (:mod:`dosa.monitoring`): statuses as of
a date from the status ledger, overdue actions and coverage, built on monitoring's own API."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dosa.dataset.model import Dataset
from dosa.i18n import Localizer
from dosa.monitoring import ProgressStatus, StatusEntry, attention, coverage_report, progress, states_on
from dosa.monitoring.labels import DEADLINE_LABELS, DUE_KIND_LABELS
from dosa.monitoring.status import status_label
from dosa.monitoring.views import ActionProgress
from dosa.report import charts
from dosa.report.content import Chart, Section, column, table_of, table_of_rows
from dosa.report.labels import N_
from dosa.tables import Table

STATUS_CODES = {
    ProgressStatus.NOT_STARTED: N_("NS"),
    ProgressStatus.IN_PROGRESS: N_("IP"),
    ProgressStatus.DELAYED: N_("DL"),
    ProgressStatus.ONGOING: N_("OG"),
    ProgressStatus.DONE: N_("DN"),
    ProgressStatus.STOPPED: N_("ST"),
}
"""Short codes written on the stacked bars, so that segments are told apart without colour."""


def ledger_entries(db: str | Path | None) -> list[StatusEntry]:
    """Every recorded status, or none when the database does not exist yet (nothing is created)."""
    from dosa.monitoring.ledger import Ledger
    from dosa.store import database_exists, open_store

    if not database_exists(db):
        return []
    return Ledger(open_store(db)).entries()


def rows_as_of(dataset: Dataset, entries: Sequence[StatusEntry], as_of: dt.date) -> list[ActionProgress]:
    return progress(dataset, states_on(dataset, entries, as_of), as_of)


def status_text(status: ProgressStatus, loc: Localizer) -> str:
    return status_label(status, loc.lang)


def attention_table(rows: Sequence[ActionProgress], dataset: Dataset, loc: Localizer) -> Table:
    items = attention(rows)
    caption = loc.gettext("Overdue and due soon as of {date}").format(date=loc.date(rows[0].as_of) if rows else "")

    def link(r: ActionProgress) -> str:
        return f"actions/{r.action.id}"

    columns = [
        column(loc, "number", "#", lambda r: r.action.number, link=link),
        column(loc, "summary", loc.gettext("Summary"), lambda r: r.action.summary, link=link),
        column(
            loc, "status", loc.gettext("Status"), lambda r: r.status.value, show=lambda r: status_text(r.status, loc)
        ),
        column(
            loc,
            "due",
            loc.gettext("Due"),
            lambda r: r.due.date.isoformat() if r.due.date else None,
            show=lambda r: loc.date(r.due.date, "medium"),
        ),
        column(
            loc,
            "standing",
            loc.gettext("Standing"),
            lambda r: r.deadline.value,
            show=lambda r: DEADLINE_LABELS[loc.lang][r.deadline],
        ),
        column(
            loc,
            "days_overdue",
            loc.gettext("Days overdue"),
            lambda r: r.days_overdue,
            show=lambda r: str(r.days_overdue or ""),
            numeric=True,
        ),
        column(
            loc,
            "owners",
            loc.gettext("Owners"),
            lambda r: "; ".join(r.action.owners),
            show=lambda r: r.action.owners_text,
        ),
    ]
    return table_of(loc, caption, items, columns)


def progress_sections(
    dataset: Dataset, loc: Localizer, as_of: dt.date, entries: Sequence[StatusEntry]
) -> tuple[list[Section], list[str]]:
    """Status per priority, what needs attention, and coverage, as of ``as_of``."""
    rows = rows_as_of(dataset, entries, as_of)
    states = states_on(dataset, entries, as_of)
    statuses = list(STATUS_CODES)
    counts = {p.id: Counter(r.status for r in rows if r.action.priority == p.id) for p in dataset.priorities_in_order()}
    totals = Counter(r.status for r in rows)
    reported = sum(1 for r in rows if r.state.reported)
    section = Section(id="progress", title=loc.gettext("Progress per action"))
    section.paragraphs.append(
        loc.gettext(
            "Status as of {date}: {reported} of {total} actions have a reported status; the others keep "
            "the status the agenda implies ({entries} entries in the status ledger)."
        ).format(date=loc.date(as_of), reported=reported, total=len(rows), entries=len(entries))
    )

    def count_of(status: ProgressStatus) -> Callable[[Any], int]:
        return lambda p: counts[p.id][status]

    columns = [
        column(loc, "priority", loc.gettext("Priority"), loc.name),
        *(column(loc, s.value, status_text(s, loc), count_of(s), numeric=True) for s in statuses),
        column(loc, "total", loc.gettext("Total"), lambda p: sum(counts[p.id].values()), numeric=True),
    ]
    table = table_of(
        loc,
        loc.gettext("Actions per priority by progress status, as of {date}").format(date=loc.date(as_of)),
        dataset.priorities_in_order(),
        columns,
    )
    codes = [(loc.gettext(STATUS_CODES[s]), status_text(s, loc)) for s in statuses]
    svg = charts.progress_bars(
        "chart-progress",
        table.caption,
        loc.gettext("Stacked bars: actions per priority by progress status; the numbers are in the table."),
        [
            (loc.name(p), [(loc.gettext(STATUS_CODES[s]), counts[p.id][s]) for s in statuses])
            for p in dataset.priorities_in_order()
        ],
        codes,
    )
    source = loc.gettext("dosa status ledger ({entries} entries) and the agenda's action lists").format(
        entries=len(entries)
    )
    section.charts.append(
        Chart(
            "chart-progress",
            table.caption,
            svg,
            source,
            table,
            loc.gettext("Stacked bar chart of actions per priority by progress status."),
        )
    )
    section.tables.append(attention_table(rows, dataset, loc))
    coverage = coverage_report(dataset, states, rows, as_of)
    uncovered = coverage.uncovered_subjects
    cover = Section(id="coverage", title=loc.gettext("Coverage: subjects no action addresses"))
    cover.paragraphs.append(
        loc.gettext(
            "{uncovered} of {total} subjects have no action linked to them directly; {unlinked} actions are linked "
            "to no subject or priority."
        ).format(uncovered=len(uncovered), total=len(coverage.subjects), unlinked=len(coverage.unlinked))
    )
    without_new = coverage.priorities_without_new_action
    if without_new:
        cover.paragraphs.append(
            loc.gettext("Priorities with no open new action: {names}.").format(
                names=loc.join(loc.name(p.priority) for p in without_new)
            )
        )
    cover.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Subjects without a directly linked action"),
            [
                column(loc, "subject", loc.gettext("Subject")),
                column(loc, "priorities", loc.gettext("Priorities")),
                column(
                    loc,
                    "actions_on_the_priority_as_a_whole",
                    loc.gettext("Actions on the priority as a whole"),
                    numeric=True,
                ),
            ],
            [
                [
                    loc.name(c.subject),
                    ", ".join(loc.name(dataset.priorities[p]) for p in c.subject.priorities if p in dataset.priorities),
                    str(len(c.general)),
                ]
                for c in uncovered
            ],
            links=[[f"subjects/{c.subject.id}", None, None] for c in uncovered],
        )
    )
    overdue = sum(1 for r in rows if r.days_overdue is not None)
    summary = [
        loc.gettext("As of {date}, {overdue} actions are overdue and {done} are done.").format(
            date=loc.date(as_of), overdue=overdue, done=totals[ProgressStatus.DONE]
        ),
        loc.gettext("{uncovered} of {total} subjects have no action linked to them directly.").format(
            uncovered=len(uncovered), total=len(coverage.subjects)
        ),
    ]
    return [section, cover], summary


def due_kind_text(row: ActionProgress, loc: Localizer) -> str:
    return DUE_KIND_LABELS[loc.lang][row.due.kind]
