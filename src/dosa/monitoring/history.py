# SPDX-License-Identifier: EUPL-1.2
"""Status histories as plain values: which status each action had on any day.

Entries are append-only. The status of an action on day D is set by its latest entry dated on or
before D (ties broken by the order of recording); before any entry it is the baseline read from
the agenda. Restricting entries to those recorded up to a moment reproduces a report exactly as it
was made, even after later back-dated entries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dosa.dataset.model import Dataset
from dosa.model.entities import Action
from dosa.monitoring.status import ProgressStatus, baseline_status


@dataclass(frozen=True)
class StatusEntry:
    """One recorded status or progress note: who said what, about which day, and when they said it."""

    id: int
    action: str
    date: dt.date
    """The day the status applies from."""
    status: ProgressStatus
    previous: ProgressStatus
    """The status in effect on ``date`` before this entry, as known when it was recorded."""
    note: str
    author: str
    recorded_at: dt.datetime
    """When it was recorded (UTC)."""
    origin: str
    """How it came in: 'cli', or 'import' with the batch."""
    batch: int | None = None

    @property
    def changed(self) -> bool:
        return self.status is not self.previous


@dataclass(frozen=True)
class ActionState:
    """An action's status on a given day, and where that status comes from."""

    action: Action
    status: ProgressStatus
    entry: StatusEntry | None
    """The entry that set the status; ``None`` while it is the agenda's baseline."""

    @property
    def reported(self) -> bool:
        return self.entry is not None

    @property
    def since(self) -> dt.date | None:
        return self.entry.date if self.entry else None

    @property
    def note(self) -> str:
        return self.entry.note if self.entry else ""


def _order(entry: StatusEntry) -> tuple[dt.date, int]:
    return (entry.date, entry.id)


def visible(
    entries: Iterable[StatusEntry], as_of: dt.date, recorded_until: dt.datetime | None = None
) -> list[StatusEntry]:
    """Entries dated on or before ``as_of`` (and recorded by ``recorded_until``), oldest first."""
    kept = [e for e in entries if e.date <= as_of and (recorded_until is None or e.recorded_at <= recorded_until)]
    return sorted(kept, key=_order)


def status_on(
    action: Action,
    entries: Iterable[StatusEntry],
    as_of: dt.date,
    recorded_until: dt.datetime | None = None,
) -> ActionState:
    """The status of one action on ``as_of``, from its own entries."""
    mine = visible((e for e in entries if e.action == action.id), as_of, recorded_until)
    if not mine:
        return ActionState(action, baseline_status(action), None)
    last = mine[-1]
    return ActionState(action, last.status, last)


def states_on(
    dataset: Dataset,
    entries: Iterable[StatusEntry],
    as_of: dt.date,
    recorded_until: dt.datetime | None = None,
) -> dict[str, ActionState]:
    """The status of every action on ``as_of``, in agenda order."""
    per_action: dict[str, list[StatusEntry]] = defaultdict(list)
    for entry in visible(entries, as_of, recorded_until):
        per_action[entry.action].append(entry)
    states = {}
    for action in dataset.actions_in_order():
        mine = per_action.get(action.id)
        states[action.id] = (
            ActionState(action, mine[-1].status, mine[-1])
            if mine
            else ActionState(action, baseline_status(action), None)
        )
    return states


def changes_between(
    entries: Iterable[StatusEntry],
    since: dt.date,
    as_of: dt.date,
    recorded_until: dt.datetime | None = None,
) -> list[StatusEntry]:
    """What a report on ``as_of`` must list as new since the report of ``since``, oldest first.

    That is every entry dated after ``since``, and every entry recorded after ``since`` although
    dated on or before it (a late report, which the previous report could not show; see
    :func:`reported_late`).
    """
    return [e for e in visible(entries, as_of, recorded_until) if e.date > since or e.recorded_at.date() > since]


def reported_late(entry: StatusEntry, since: dt.date) -> bool:
    """Dated on or before the previous report but recorded after it."""
    return entry.date <= since < entry.recorded_at.date()


def status_counts(states: Mapping[str, ActionState]) -> dict[ProgressStatus, int]:
    """How many actions have each status (every status present, zero included)."""
    counts = dict.fromkeys(ProgressStatus, 0)
    for state in states.values():
        counts[state.status] += 1
    return counts
