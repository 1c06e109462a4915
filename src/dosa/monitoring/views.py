# SPDX-License-Identifier: EUPL-1.2
"""What the monitoring views show: every action's status against its due date on a given day,
grouped per owner and per priority, as a timeline, and as each owner's workload."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dosa.dataset.model import Dataset
from dosa.model.entities import Action
from dosa.monitoring.due import AGENDA_DATE, DUE_SOON_DAYS, Deadline, Due, DueKind, deadline, due_of
from dosa.monitoring.history import ActionState
from dosa.monitoring.status import CLOSED, ProgressStatus

UNOWNED = "-"
"""Owner key of actions the agenda gives no owner."""


@dataclass(frozen=True)
class ActionProgress:
    """One action on one day: its status, its due date and where it stands against it."""

    state: ActionState
    due: Due
    deadline: Deadline
    as_of: dt.date

    @property
    def action(self) -> Action:
        return self.state.action

    @property
    def status(self) -> ProgressStatus:
        return self.state.status

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    @property
    def days_overdue(self) -> int | None:
        if self.deadline is Deadline.OVERDUE and self.due.date is not None:
            return (self.as_of - self.due.date).days
        return None

    @property
    def days_left(self) -> int | None:
        if self.deadline in (Deadline.DUE_SOON, Deadline.ON_SCHEDULE) and self.due.date is not None:
            return (self.due.date - self.as_of).days
        return None


def progress(
    dataset: Dataset,
    states: Mapping[str, ActionState],
    as_of: dt.date,
    *,
    soon_days: int = DUE_SOON_DAYS,
    agenda_date: dt.date = AGENDA_DATE,
) -> list[ActionProgress]:
    """Every action on ``as_of``, in agenda order."""
    rows = []
    for action in dataset.actions_in_order():
        state = states[action.id]
        due = due_of(action, agenda_date)
        rows.append(ActionProgress(state, due, deadline(due, state.status, as_of, soon_days), as_of))
    return rows


def attention(rows: Iterable[ActionProgress], *, include_soon: bool = True) -> list[ActionProgress]:
    """Overdue actions (most overdue first), then those due soon (soonest first)."""
    overdue = sorted(
        (r for r in rows if r.deadline is Deadline.OVERDUE), key=lambda r: (-(r.days_overdue or 0), r.action.number)
    )
    soon = sorted(
        (r for r in rows if include_soon and r.deadline is Deadline.DUE_SOON),
        key=lambda r: (r.days_left or 0, r.action.number),
    )
    return overdue + soon


def by_owner(rows: Iterable[ActionProgress]) -> dict[str, list[ActionProgress]]:
    """Rows per owning organisation id; an action with several owners is listed under each."""
    groups: dict[str, list[ActionProgress]] = defaultdict(list)
    for row in rows:
        for owner in row.action.owners or (UNOWNED,):
            groups[owner].append(row)
    return dict(sorted(groups.items()))


def by_priority(dataset: Dataset, rows: Iterable[ActionProgress]) -> dict[str, list[ActionProgress]]:
    """Rows per priority, in the agenda's order of priorities."""
    groups: dict[str, list[ActionProgress]] = defaultdict(list)
    for row in rows:
        groups[row.action.priority].append(row)
    order = [p.id for p in dataset.priorities_in_order()]
    return {p: groups[p] for p in order if p in groups} | {p: v for p, v in groups.items() if p not in order}


@dataclass(frozen=True)
class Workload:
    """How many actions an owner carries on one day, by where they stand."""

    owner: str
    total: int
    open: int
    overdue: int
    due_soon: int
    no_due_date: int
    continuous: int
    delayed: int
    done: int
    stopped: int
    lead: int
    """Open actions where this owner is named first."""


def workload(rows: Sequence[ActionProgress], dataset: Dataset | None = None) -> list[Workload]:
    """Per owner, most open actions first. Repeats of one action under two priorities count once."""
    seen: set[tuple[str, str]] = set()
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        key_action = _canonical(row.action, dataset)
        for index, owner in enumerate(row.action.owners or (UNOWNED,)):
            if (owner, key_action) in seen:
                continue
            seen.add((owner, key_action))
            tally = tallies[owner]
            tally["total"] += 1
            tally[row.status.value] += 1
            if row.is_open:
                tally["open"] += 1
                tally["lead"] += index == 0
            tally[row.deadline.value] += 1
    result = [
        Workload(
            owner=owner,
            total=t["total"],
            open=t["open"],
            overdue=t[Deadline.OVERDUE.value],
            due_soon=t[Deadline.DUE_SOON.value],
            no_due_date=t[Deadline.NO_DUE_DATE.value],
            continuous=t[Deadline.CONTINUOUS.value],
            delayed=t[ProgressStatus.DELAYED.value],
            done=t[ProgressStatus.DONE.value],
            stopped=t[ProgressStatus.STOPPED.value],
            lead=t["lead"],
        )
        for owner, t in tallies.items()
    ]
    return sorted(result, key=lambda w: (-w.open, -w.overdue, w.owner))


def _canonical(action: Action, dataset: Dataset | None) -> str:
    if dataset is None or not action.repeated_as:
        return action.id
    numbers = [(action.number, action.id)] + [
        (dataset.actions[a].number, a) for a in action.repeated_as if a in dataset.actions
    ]
    return min(numbers)[1]


@dataclass(frozen=True)
class TimelineRow:
    """One bar of the Gantt-like timeline: from start to due date, one cell per quarter."""

    progress: ActionProgress
    start: dt.date | None
    end: dt.date | None
    cells: tuple[str, ...]
    """Per quarter: '█' planned, '▓' past the due date while still open, '·' outside the bar,
    '→' continuing past the last quarter, '?' no dates, and '|' marks the as-of quarter where empty."""


def quarters(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """(year, quarter) pairs from the quarter of ``first`` to that of ``last``."""
    result = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while (year, quarter) <= (last.year, (last.month - 1) // 3 + 1):
        result.append((year, quarter))
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return result


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return (day.year, (day.month - 1) // 3 + 1)


def timeline(
    rows: Sequence[ActionProgress], first: dt.date, last: dt.date
) -> tuple[list[tuple[int, int]], list[TimelineRow]]:
    """Gantt rows over the quarters from ``first`` to ``last``.

    A bar runs from the timeline's start (or the agenda if none) to its due date; open-ended and
    continuous actions run to the edge; undecided and unreadable timelines show '?'.
    """
    columns = quarters(first, last)
    now = _quarter_of(rows[0].as_of) if rows else None
    result = []
    for row in rows:
        due = row.due
        start = due.start or (AGENDA_DATE if due.kind is not DueKind.ELAPSED else None)
        end: dt.date | None
        if due.kind in (DueKind.UNDECIDED, DueKind.UNPARSED):
            cells = tuple("?" if q == columns[0] else ("|" if q == now else "·") for q in columns)
            result.append(TimelineRow(row, due.start, None, cells))
            continue
        if due.kind is DueKind.ELAPSED:
            end = row.action.timeline.end
            start = row.action.timeline.start or end
        elif due.kind is DueKind.DATED:
            end = due.date
        else:
            end = None
        bar_start = _quarter_of(start) if start else columns[0]
        bar_end = _quarter_of(end) if end else columns[-1]
        overdue = row.deadline is Deadline.OVERDUE and now is not None
        cells_list = []
        for q in columns:
            if bar_start <= q <= bar_end:
                cells_list.append("█")
            elif overdue and now is not None and bar_end < q <= now:
                cells_list.append("▓")
            else:
                cells_list.append("|" if q == now else "·")
        if end is None and due.kind is not DueKind.ELAPSED:
            cells_list[-1] = "→"
        result.append(TimelineRow(row, start, end, tuple(cells_list)))
    return columns, result
