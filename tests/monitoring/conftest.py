# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for monitoring: the real agenda's 128 actions, a real SQLite database, a fixed status history."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dosa.dataset import Dataset, load_dataset
from dosa.monitoring.ledger import Ledger
from dosa.monitoring.updates import RawUpdate, plan_updates
from dosa.store import Store, open_store

GOLDEN = Path(__file__).parent / "golden"

HISTORY: tuple[tuple[str, str, str, str], ...] = (
    # (date, action, status, note): a made-up status history on real actions, for reports and views.
    ("2023-11-15", "a004", "in_progress", "test: progress letter in preparation"),
    ("2023-12-20", "a004", "done", "test: progress letter sent"),
    ("2024-01-05", "a056", "done", "test: trilogue concluded"),
    ("2024-01-10", "a037", "delayed", "test: waiting for the open-source strategy"),
    ("2024-02-01", "a015", "in_progress", ""),
    ("2024-02-15", "a055", "stopped", "test: merged into another study"),
    ("2024-02-20", "a026", "", "test: progress note without a status change"),
)
HISTORY_TODAY = dt.date(2024, 3, 1)


@pytest.fixture(scope="session")
def agenda() -> Dataset:
    """The default dataset: the real agenda's 128 actions with the shipped links."""
    return load_dataset()


@pytest.fixture
def history_rows() -> tuple[tuple[str, str, str, str], ...]:
    return HISTORY


@pytest.fixture
def clock() -> Callable[..., Callable[[], dt.datetime]]:
    """Make a clock: ``clock()`` or ``clock(start)``."""
    return fixed_clock


def fixed_clock(start: dt.datetime = dt.datetime(2024, 3, 1, 9, 0)) -> Callable[[], dt.datetime]:
    """A clock that advances one minute per call, so recording times are known in advance."""
    ticks = itertools.count()
    return lambda: start + dt.timedelta(minutes=next(ticks))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A new database: SQLite, or PostgreSQL when DOSA_TEST_DB=postgresql."""
    opened = open_store(db_url)
    yield opened
    opened.dispose()


@pytest.fixture
def ledger(store: Store) -> Ledger:
    return Ledger(store, clock=fixed_clock())


def record_history(dataset: Dataset, ledger: Ledger) -> None:
    """Record :data:`HISTORY`, one command per row, as owners would: each the morning after its date."""
    for date, action, status, note in HISTORY:
        ledger.clock = fixed_clock(dt.datetime.combine(dt.date.fromisoformat(date), dt.time(9)) + dt.timedelta(days=1))
        plan = plan_updates(
            dataset,
            [RawUpdate(action=action, status=status, date=date, note=note, author="test owner")],
            ledger.entries(),
            today=HISTORY_TODAY,
            source="test",
        )
        assert plan.ok, plan.report.sorted()
        ledger.apply(dataset, plan, author="test owner")


@pytest.fixture
def history_ledger(agenda: Dataset, ledger: Ledger) -> Ledger:
    record_history(agenda, ledger)
    return ledger
