# SPDX-License-Identifier: EUPL-1.2
"""A database kept busy by another writer: the save is retried, then refused clearly with nothing
recorded, and the dashboard gives the form back with the note in it (503, Retry-After)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import dosa.store.engine
from dosa.dataset import load_dataset
from dosa.monitoring.ledger import Ledger
from dosa.monitoring.updates import RawUpdate, plan_updates
from dosa.store import StoreBusy, open_store
from dosa.web import WebSettings, create_app

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
pytestmark = pytest.mark.sqlite_only(reason="SQLite's write lock held by another connection")


@pytest.fixture
def locked_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, sqlite3.Connection]]:
    """A new SQLite database whose write lock another connection holds (and a short busy timeout)."""
    monkeypatch.setattr(dosa.store.engine, "BUSY_TIMEOUT_S", 0.05)
    path = tmp_path / "dosa.db"
    open_store(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield path, other
    other.close()


def test_a_busy_database_is_retried_then_refused_with_nothing_recorded(
    locked_db: tuple[Path, sqlite3.Connection],
) -> None:
    path, other = locked_db
    dataset = load_dataset(MINI)
    ledger = Ledger(open_store(path))
    plan = plan_updates(
        dataset,
        [RawUpdate("a001", "in_progress", note="while busy", author="t")],
        [],
        today=dt.date.today(),
        source="t",
    )
    with pytest.raises(StoreBusy, match="busy") as refused:
        ledger.apply(dataset, plan, author="t")
    assert "try again" in (refused.value.hint or "")
    other.execute("ROLLBACK")
    assert ledger.entries() == []
    ledger.apply(dataset, plan, author="t")  # the same plan succeeds once the other writer is done
    assert [e.note for e in ledger.entries()] == ["while busy"]


def test_the_dashboard_keeps_the_note_when_the_database_is_busy(locked_db: tuple[Path, sqlite3.Connection]) -> None:
    path, other = locked_db
    client = TestClient(create_app(WebSettings(db=str(path), editor="Editor"), load_dataset(MINI)))
    page = client.get("/en/actions/a001")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    note = "A careful paragraph for parliament that must not be lost"
    answer = client.post(
        "/en/actions/a001/status",
        data={"status": "in_progress", "note": note, "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "2"
    assert answer.headers["content-type"].startswith("text/html")
    assert note in answer.text
    assert "nothing was recorded" in answer.text
    other.execute("ROLLBACK")
    assert Ledger(open_store(path)).entries() == []
