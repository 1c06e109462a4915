# SPDX-License-Identifier: EUPL-1.2
"""The status ledger in a real SQLite database: recorded history, as-of views, the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy
from sqlalchemy.exc import DBAPIError

from dosa.dataset import Dataset
from dosa.monitoring.history import changes_between, states_on, status_counts
from dosa.monitoring.ledger import Ledger, UpdateRejected
from dosa.monitoring.status import ProgressStatus
from dosa.monitoring.updates import RawUpdate, plan_updates, repeat_group
from dosa.store import Store, open_store

HISTORY_TODAY = dt.date(2024, 3, 1)


def test_history_is_recorded_with_old_and_new_status(agenda: Dataset, history_ledger: Ledger) -> None:
    entries = history_ledger.entries("a004")
    assert [(e.date.isoformat(), e.previous, e.status) for e in entries] == [
        ("2023-11-15", ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS),
        ("2023-12-20", ProgressStatus.IN_PROGRESS, ProgressStatus.DONE),
    ]
    assert {e.author for e in entries} == {"test owner"}
    assert entries[0].recorded_at < entries[1].recorded_at


def test_an_update_reaches_the_repeat_of_an_action(agenda: Dataset, history_ledger: Ledger) -> None:
    assert repeat_group(agenda, "a037") == ("a037", "a081")
    repeat = history_ledger.entries("a081")
    assert [(e.status, e.note) for e in repeat] == [
        (ProgressStatus.DELAYED, "test: waiting for the open-source strategy")
    ]


def test_a_note_without_status_keeps_the_status(agenda: Dataset, history_ledger: Ledger) -> None:
    (entry,) = history_ledger.entries("a026")
    assert entry.status is entry.previous is ProgressStatus.IN_PROGRESS
    assert not entry.changed


def test_as_of_views_reproduce_any_day(agenda: Dataset, history_ledger: Ledger) -> None:
    entries = history_ledger.entries()
    assert states_on(agenda, entries, dt.date(2023, 11, 14))["a004"].status is ProgressStatus.NOT_STARTED
    assert states_on(agenda, entries, dt.date(2023, 11, 15))["a004"].status is ProgressStatus.IN_PROGRESS
    assert states_on(agenda, entries, dt.date(2023, 12, 19))["a004"].status is ProgressStatus.IN_PROGRESS
    on_march = states_on(agenda, entries, HISTORY_TODAY)
    assert on_march["a004"].status is ProgressStatus.DONE
    assert not on_march["a002"].reported, "an action nobody reported on keeps the agenda's status"
    counts = status_counts(on_march)
    assert sum(counts.values()) == 128
    assert counts[ProgressStatus.DONE] == 2
    assert counts[ProgressStatus.STOPPED] == 1
    since_new_year = changes_between(entries, dt.date(2023, 12, 31), HISTORY_TODAY)
    assert [e.action for e in since_new_year] == ["a056", "a037", "a081", "a015", "a055", "a026"]


def test_a_back_dated_entry_does_not_change_a_reproduced_report(
    agenda: Dataset, history_ledger: Ledger, clock: Callable[..., Callable[[], dt.datetime]]
) -> None:
    before = history_ledger.entries()
    made_at = max(e.recorded_at for e in before)
    history_ledger.clock = clock(dt.datetime(2024, 3, 1, 12))
    plan = plan_updates(
        agenda,
        [RawUpdate("a015", "done", "2024-02-10", "test: late report", "test owner")],
        before,
        today=HISTORY_TODAY,
        source="test",
    )
    history_ledger.apply(agenda, plan, author="test owner")
    after = history_ledger.entries()
    assert states_on(agenda, after, HISTORY_TODAY)["a015"].status is ProgressStatus.DONE
    assert states_on(agenda, after, dt.date(2024, 2, 9))["a015"].status is ProgressStatus.IN_PROGRESS
    reproduced = states_on(agenda, after, HISTORY_TODAY, recorded_until=made_at)
    assert reproduced["a015"].status is ProgressStatus.IN_PROGRESS, "as the report of 1 March showed it"


def test_the_ledger_refuses_updates_and_deletes(
    history_ledger: Ledger, history_rows: tuple[tuple[str, ...], ...]
) -> None:
    for statement in (
        "UPDATE monitoring_status_entries SET note = 'rewritten'",
        "DELETE FROM monitoring_status_entries",
        "UPDATE monitoring_batches SET author = 'someone else'",
    ):
        with pytest.raises(DBAPIError, match="append-only"), history_ledger.store.begin() as connection:
            connection.execute(sqlalchemy.text(statement))
    assert len(history_ledger.entries()) == len(history_rows) + 1, "the repeat a081 adds one entry"


def test_the_audit_trail_survives_reopening(
    agenda: Dataset, history_ledger: Ledger, history_rows: tuple[tuple[str, ...], ...]
) -> None:
    url = history_ledger.store.engine.url.render_as_string(hide_password=False).removeprefix("sqlite:///")
    reopened = Ledger(open_store(url))
    assert reopened.entries() == history_ledger.entries()
    batches = reopened.batches()
    assert len(batches) == len(history_rows)
    assert all(b.dataset_version == agenda.info.label and b.origin == "cli" for b in batches)
    reopened.store.dispose()


def test_a_plan_with_errors_is_refused_and_records_nothing(agenda: Dataset, ledger: Ledger) -> None:
    plan = plan_updates(
        agenda,
        [RawUpdate("a004", "done", "2024-01-01", "", "x"), RawUpdate("a999", "done", "2024-01-01", "", "x")],
        [],
        today=HISTORY_TODAY,
        source="test",
    )
    with pytest.raises(UpdateRejected):
        ledger.apply(agenda, plan, author="x")
    assert ledger.entries() == []


def test_a_failure_inside_the_transaction_leaves_nothing(
    agenda: Dataset, store: Store, clock: Callable[[], Callable[[], dt.datetime]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger(store, clock=clock())
    plan = plan_updates(
        agenda,
        [RawUpdate("a004", "done", "2024-01-01", "", "x"), RawUpdate("a037", "done", "2024-01-01", "", "x")],
        [],
        today=HISTORY_TODAY,
        source="test",
    )
    from sqlalchemy.orm import Session

    real_add_all = Session.add_all

    def add_then_fail(self: Session, instances: object) -> None:
        real_add_all(self, instances)  # type: ignore[arg-type]
        self.flush()
        raise RuntimeError("disk full")

    monkeypatch.setattr(Session, "add_all", add_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        ledger.apply(agenda, plan, author="x")
    monkeypatch.setattr(Session, "add_all", real_add_all)
    assert ledger.entries() == []
    assert ledger.batches() == []
