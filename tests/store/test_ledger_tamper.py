# SPDX-License-Identifier: EUPL-1.2
"""Tampering with the status ledger shows: ``dosa db verify`` and the dashboard's start-up check find a
dropped or disabled trigger, a changed entry, a deleted entry, removed newest entries (against an
anchor), a replaced, truncated or emptied database file; on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy
from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.dataset import load_dataset
from dosa.monitoring.ledger import Ledger, Provenance
from dosa.monitoring.updates import RawUpdate, plan_updates
from dosa.store import SchemaError, open_store
from dosa.store.engine import forget_engines
from dosa.store.schema import forget_checks
from dosa.web import WebSettings, create_app

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
runner = CliRunner()


def _record(db: str, *updates: tuple[str, str, str]) -> None:
    dataset = load_dataset(MINI)
    ledger = Ledger(open_store(db))
    for action, status, note in updates:
        plan = plan_updates(
            dataset,
            [RawUpdate(action, status, note=note, author="owner")],
            ledger.entries(),
            today=dt.date.today(),
            source="t",
        )
        ledger.apply(dataset, plan, author="owner", provenance=Provenance("bzk", "192.0.2.7", "req-1"))


def _verify(db: str, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["db", "verify", "--db", db, *extra])
    return result.exit_code, result.output


def _three_entries(db: str) -> None:
    _record(db, ("a001", "in_progress", "one"), ("a002", "in_progress", "two"), ("a003", "done", "three"))


def _without_triggers(store_db: str, statement: str) -> None:
    """Run ``statement`` as someone with the database owner's rights who first disables the guard."""
    store = open_store(store_db)
    with store.begin() as connection:
        if store.dialect == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS monitoring_status_entries_no_update")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS monitoring_status_entries_no_delete")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS monitoring_batches_no_update")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS monitoring_batches_no_delete")
        else:
            connection.exec_driver_sql("ALTER TABLE monitoring_status_entries DISABLE TRIGGER USER")
            connection.exec_driver_sql("ALTER TABLE monitoring_batches DISABLE TRIGGER USER")
        connection.execute(sqlalchemy.text(statement))


def test_an_intact_ledger_verifies_with_its_provenance(any_db_url: str) -> None:
    _three_entries(any_db_url)
    code, output = _verify(any_db_url)
    assert code == 0, output
    assert "ok: 3 ledger entries, chain intact" in output
    entries = (
        open_store(any_db_url)
        .engine.connect()
        .execute(
            sqlalchemy.text("SELECT author, organisation, source_address, request_id FROM monitoring_status_entries")
        )
    )
    assert set(entries) == {("owner", "bzk", "192.0.2.7", "req-1")}


def test_a_dropped_trigger_alone_is_found(any_db_url: str) -> None:
    _three_entries(any_db_url)
    _without_triggers(any_db_url, "SELECT 1")
    code, output = _verify(any_db_url)
    assert code == 1
    assert "append-only trigger monitoring_status_entries_" in output


def test_a_changed_entry_is_found(any_db_url: str) -> None:
    _three_entries(any_db_url)
    _without_triggers(any_db_url, "UPDATE monitoring_status_entries SET note = 'rewritten' WHERE id = 2")
    code, output = _verify(any_db_url)
    assert code == 1
    assert "entry 2: its content or its batch's was changed" in output
    assert "entry 1:" not in output


def test_a_changed_batch_is_found(any_db_url: str) -> None:
    _three_entries(any_db_url)
    _without_triggers(any_db_url, "UPDATE monitoring_batches SET author = 'someone else' WHERE id = 3")
    code, output = _verify(any_db_url)
    assert code == 1
    assert "entry 3: its content or its batch's was changed" in output


def test_a_deleted_entry_is_found(any_db_url: str) -> None:
    _three_entries(any_db_url)
    _without_triggers(any_db_url, "DELETE FROM monitoring_status_entries WHERE id = 2")
    code, output = _verify(any_db_url)
    assert code == 1
    assert "entries 2-2 are missing" in output
    assert "batch 2: recorded 1 entries, 0 remain" in output


def test_removed_newest_entries_are_found_against_the_anchor(any_db_url: str, tmp_path: Path) -> None:
    anchor = tmp_path / "anchor.json"
    _three_entries(any_db_url)
    code, output = _verify(any_db_url, "--anchor", str(anchor))
    assert code == 0, output
    assert json.loads(anchor.read_text())["entries"] == 3
    _without_triggers(any_db_url, "DELETE FROM monitoring_status_entries WHERE id = 3")
    _without_triggers(any_db_url, "DELETE FROM monitoring_batches WHERE id = 3")
    code, output = _verify(any_db_url, "--anchor", str(anchor))
    assert code == 1
    assert "the ledger had 3 entries and now has fewer" in output


@pytest.mark.sqlite_only(reason="a database file replaced by another")
def test_a_replaced_file_is_found_against_the_anchor(tmp_path: Path) -> None:
    real, other, anchor = tmp_path / "dosa.db", tmp_path / "other.db", tmp_path / "anchor.json"
    _three_entries(str(real))
    assert _verify(str(real), "--anchor", str(anchor))[0] == 0
    _record(str(other), ("a001", "done", "a different history"), ("a002", "done", "x"), ("a003", "done", "y"))
    forget_engines()
    shutil.copy(other, real)
    code, output = _verify(str(real), "--anchor", str(anchor))
    assert code == 1
    assert "entry 3 is not the one recorded before" in output


@pytest.mark.sqlite_only(reason="a truncated or emptied database file")
def test_a_truncated_or_emptied_file_is_found(tmp_path: Path) -> None:
    db = tmp_path / "dosa.db"
    _three_entries(str(db))
    forget_engines()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    code, output = _verify(str(db))
    assert code == 1
    assert "problem:" in output
    assert "ok:" not in output
    forget_engines()
    forget_checks()
    db.write_bytes(b"")
    code, output = _verify(str(db))
    assert code == 1
    assert "table(s) missing" in output


def test_the_dashboard_does_not_start_on_a_tampered_ledger(any_db_url: str) -> None:
    _three_entries(any_db_url)
    _without_triggers(any_db_url, "UPDATE monitoring_status_entries SET note = 'rewritten' WHERE id = 1")
    forget_checks()
    with pytest.raises(SchemaError, match="failed its start-up check") as refused:
        create_app(WebSettings(db=any_db_url), load_dataset(MINI))
    assert "dosa db verify" in (refused.value.hint or "")
