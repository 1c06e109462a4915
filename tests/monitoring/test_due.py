# SPDX-License-Identifier: EUPL-1.2
"""Due dates on the real 128 actions: every timeline form, and overdue as of fixed dates."""

from __future__ import annotations

import datetime as dt

import pytest

from dosa.dataset import Dataset
from dosa.model.entities import Timeline
from dosa.model.vocab import TimelineKind
from dosa.monitoring.due import AGENDA_DATE, Deadline, DueKind, deadline, due_of
from dosa.monitoring.history import states_on
from dosa.monitoring.status import ProgressStatus, baseline_status
from dosa.monitoring.views import progress


def test_the_agenda_has_128_actions(agenda: Dataset) -> None:
    assert len(agenda.actions) == 128


@pytest.mark.parametrize(
    ("action", "text", "kind", "due"),
    [
        ("a004", "Q4 2023", DueKind.DATED, dt.date(2023, 12, 31)),
        ("a063", "Afronding: Q1 2024", DueKind.DATED, dt.date(2024, 3, 31)),
        ("a035", "Start eind 2023 afronding Q2 2024", DueKind.DATED, dt.date(2024, 6, 30)),
        ("a031", "sept 2022 t/m eind 2024", DueKind.DATED, dt.date(2024, 12, 31)),
        ("a012", "2023 – 2028", DueKind.DATED, dt.date(2028, 12, 31)),
        ("a061", "O4 2023", DueKind.DATED, dt.date(2023, 12, 31)),
        ("a001", "Doorlopend", DueKind.ONGOING, None),
        ("a008", "N.t.b.", DueKind.UNDECIDED, None),
        ("a055", "n.n.b.", DueKind.UNDECIDED, None),
        ("a015", "Vanaf 2024", DueKind.OPEN_ENDED, None),
        ("a013", "Vanaf 1 juni 2023", DueKind.OPEN_ENDED, None),
        ("a050", "2019", DueKind.ELAPSED, None),
        ("a047", "2022", DueKind.ELAPSED, None),
    ],
)
def test_due_date_per_timeline_form(
    agenda: Dataset, action: str, text: str, kind: DueKind, due: dt.date | None
) -> None:
    record = agenda.actions[action]
    assert " ".join(record.timeline.text.split()) == text, "the agenda's own words"
    result = due_of(record)
    assert (result.kind, result.date) == (kind, due)


def test_an_unreadable_timeline_has_no_due_date(agenda: Dataset) -> None:
    action = agenda.actions["a004"]
    unreadable = action.model_copy(update={"timeline": Timeline(text="zie bijlage", kind=TimelineKind.UNPARSED)})
    result = due_of(unreadable)
    assert (result.kind, result.date) == (DueKind.UNPARSED, None)
    assert deadline(result, ProgressStatus.NOT_STARTED, dt.date(2030, 1, 1)) is Deadline.NO_DUE_DATE


@pytest.mark.parametrize("index", range(128))
def test_every_action_follows_the_rules(agenda: Dataset, index: int) -> None:
    action = agenda.actions_in_order()[index]
    timeline = action.timeline
    due = due_of(action)
    assert due.text == timeline.text
    if timeline.kind is TimelineKind.ONGOING:
        assert due.kind is DueKind.ONGOING
    elif timeline.kind is TimelineKind.UNKNOWN:
        assert due.kind is DueKind.UNDECIDED
    elif timeline.kind is TimelineKind.UNPARSED:
        assert due.kind is DueKind.UNPARSED
    elif timeline.end is None:
        assert due.kind is DueKind.OPEN_ENDED
    elif timeline.end < AGENDA_DATE:
        assert due.kind is DueKind.ELAPSED
    else:
        assert (due.kind, due.date) == (DueKind.DATED, timeline.end)
    far = dt.date(2100, 1, 1)
    late = deadline(due, baseline_status(action), far)
    assert (late is Deadline.OVERDUE) == (
        due.kind is DueKind.DATED and action.timeline.kind is not TimelineKind.ONGOING
    )


def test_nothing_is_overdue_on_the_day_the_agenda_appeared(agenda: Dataset) -> None:
    rows = progress(agenda, states_on(agenda, [], AGENDA_DATE), AGENDA_DATE)
    assert [r.action.id for r in rows if r.deadline is Deadline.OVERDUE] == []


@pytest.mark.parametrize("as_of", [dt.date(2024, 1, 1), dt.date(2024, 7, 1), dt.date(2026, 1, 1)])
def test_overdue_as_of_fixed_dates(agenda: Dataset, as_of: dt.date) -> None:
    """Without reports, overdue = open by the agenda, a due date from the timeline, and that date past."""
    rows = progress(agenda, states_on(agenda, [], as_of), as_of)
    overdue = {r.action.id for r in rows if r.deadline is Deadline.OVERDUE}
    expected = {
        a.id
        for a in agenda.actions.values()
        if a.timeline.kind is TimelineKind.DATED
        and a.timeline.end is not None
        and AGENDA_DATE <= a.timeline.end < as_of
    }
    assert overdue == expected
    assert overdue, "the agenda has dated actions due before each of these days"


def test_overdue_and_due_soon_around_a_quarter_end(agenda: Dataset) -> None:
    """'Q4 2023' is due on 31 December 2023: due soon the day before, overdue the day after."""
    a004 = agenda.actions["a004"]
    due = due_of(a004)
    assert deadline(due, ProgressStatus.NOT_STARTED, dt.date(2023, 12, 30)) is Deadline.DUE_SOON
    assert deadline(due, ProgressStatus.NOT_STARTED, dt.date(2023, 12, 31)) is Deadline.DUE_SOON
    assert deadline(due, ProgressStatus.NOT_STARTED, dt.date(2024, 1, 1)) is Deadline.OVERDUE
    assert deadline(due, ProgressStatus.NOT_STARTED, dt.date(2023, 9, 1)) is Deadline.ON_SCHEDULE
    assert deadline(due, ProgressStatus.DONE, dt.date(2024, 1, 1)) is Deadline.CLOSED
    assert deadline(due, ProgressStatus.STOPPED, dt.date(2024, 1, 1)) is Deadline.CLOSED
    assert deadline(due, ProgressStatus.ONGOING, dt.date(2024, 1, 1)) is Deadline.CONTINUOUS
    assert deadline(due, ProgressStatus.DELAYED, dt.date(2024, 1, 1)) is Deadline.OVERDUE


def test_baseline_status_reads_the_agenda(agenda: Dataset) -> None:
    assert baseline_status(agenda.actions["a001"]) is ProgressStatus.ONGOING  # Doorlopend
    assert baseline_status(agenda.actions["a002"]) is ProgressStatus.IN_PROGRESS  # lopend
    assert baseline_status(agenda.actions["a004"]) is ProgressStatus.NOT_STARTED  # nieuw
