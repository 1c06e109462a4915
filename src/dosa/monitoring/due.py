# SPDX-License-Identifier: EUPL-1.2
"""Due dates derived from the agenda's parsed timelines, and where an action stands against its date.

Rules (``docs/monitoring.md`` explains them with examples):

- a dated timeline with an end is due on that end (the last day of the stated period);
- a dated timeline with only a start ('Vanaf 2024', 'Start Q4 2023') is open-ended: no due date;
- 'Doorlopend' is a continuous task: no due date, never overdue;
- 'N.t.b.' / 'n.n.b.' is undecided: no due date, listed as such so someone decides one;
- a timeline the parser could not read has no due date and is listed for review;
- a period that had already ended when the agenda was sent to parliament (e.g. '2019' for a running
  programme) describes the past, not a deadline: no due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from dosa.model.entities import Action
from dosa.model.vocab import TimelineKind
from dosa.monitoring.status import CLOSED, ProgressStatus

AGENDA_DATE = dt.date(2023, 10, 17)
"""The day the agenda was sent to parliament: the baseline of every status history."""

AGENDA_DATE_SOURCE = "Kamerstuk 36 259, nr. 21, https://zoek.officielebekendmakingen.nl/kst-36259-21.html"
"""Where the date is stated: the letter of the Minister of Economic Affairs and Climate Policy of
17 October 2023 that sent the agenda to the House of Representatives."""

DUE_SOON_DAYS = 90
"""Default window for 'due soon': one quarter, the agenda's usual unit of time."""


class DueKind(StrEnum):
    DATED = "dated"
    OPEN_ENDED = "open_ended"
    ONGOING = "ongoing"
    UNDECIDED = "undecided"
    UNPARSED = "unparsed"
    ELAPSED = "elapsed"
    """The stated period had ended before the agenda was sent: it dates the past, not a deadline."""


@dataclass(frozen=True)
class Due:
    kind: DueKind
    date: dt.date | None
    """The due date; only for ``dated``."""
    start: dt.date | None
    text: str
    """The timeline as the agenda writes it."""


def due_of(action: Action, agenda_date: dt.date = AGENDA_DATE) -> Due:
    """Derive an action's due date from its parsed timeline (rules in the module docstring)."""
    timeline = action.timeline
    kind = {
        TimelineKind.ONGOING: DueKind.ONGOING,
        TimelineKind.UNKNOWN: DueKind.UNDECIDED,
        TimelineKind.UNPARSED: DueKind.UNPARSED,
    }.get(timeline.kind)
    if kind is not None:
        return Due(kind, None, timeline.start, timeline.text)
    if timeline.end is None:
        return Due(DueKind.OPEN_ENDED, None, timeline.start, timeline.text)
    if timeline.end < agenda_date:
        return Due(DueKind.ELAPSED, None, timeline.start, timeline.text)
    return Due(DueKind.DATED, timeline.end, timeline.start, timeline.text)


class Deadline(StrEnum):
    """Where an action stands against its due date on a given day."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_SCHEDULE = "on_schedule"
    NO_DUE_DATE = "no_due_date"
    CONTINUOUS = "continuous"
    """Status 'ongoing': a continuous task is never overdue."""
    CLOSED = "closed"
    """Done or stopped."""


def deadline(due: Due, status: ProgressStatus, as_of: dt.date, soon_days: int = DUE_SOON_DAYS) -> Deadline:
    """Overdue: an open action whose due date lies before ``as_of``; due soon: within ``soon_days``."""
    if status in CLOSED:
        return Deadline.CLOSED
    if status is ProgressStatus.ONGOING:
        return Deadline.CONTINUOUS
    if due.kind is not DueKind.DATED or due.date is None:
        return Deadline.NO_DUE_DATE
    if due.date < as_of:
        return Deadline.OVERDUE
    if (due.date - as_of).days <= soon_days:
        return Deadline.DUE_SOON
    return Deadline.ON_SCHEDULE
