# SPDX-License-Identifier: EUPL-1.2
"""``dosa db backup`` and ``dosa db restore`` on SQLite and PostgreSQL: the restored database holds exactly
what was recorded when the backup was made, and verifies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.dataset import load_dataset
from dosa.monitoring.ledger import Ledger
from dosa.monitoring.updates import RawUpdate, plan_updates
from dosa.store import open_store

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
runner = CliRunner()


def _record(db: str, action: str, note: str) -> None:
    dataset = load_dataset(MINI)
    ledger = Ledger(open_store(db))
    plan = plan_updates(
        dataset,
        [RawUpdate(action, "in_progress", note=note, author="o")],
        ledger.entries(),
        today=dt.date.today(),
        source="t",
    )
    ledger.apply(dataset, plan, author="o")


def test_backup_then_restore_gives_back_what_was_recorded(any_db_url: str, tmp_path: Path) -> None:
    _record(any_db_url, "a001", "before the backup")
    backup = tmp_path / "backup.dump"
    made = runner.invoke(app, ["db", "backup", str(backup), "--db", any_db_url])
    assert made.exit_code == 0, made.output
    assert backup.stat().st_size > 0
    again = runner.invoke(app, ["db", "backup", str(backup), "--db", any_db_url])
    assert again.exit_code != 0, "an existing backup is never overwritten without --force"
    _record(any_db_url, "a002", "after the backup")
    assert len(Ledger(open_store(any_db_url)).entries()) == 2
    restored = runner.invoke(app, ["db", "restore", str(backup), "--yes", "--db", any_db_url])
    assert restored.exit_code == 0, restored.output
    assert [e.note for e in Ledger(open_store(any_db_url)).entries()] == ["before the backup"]
    verified = runner.invoke(app, ["db", "verify", "--db", any_db_url])
    assert verified.exit_code == 0, verified.output
    _record(any_db_url, "a003", "after the restore")  # the restored database takes new entries
    assert [e.note for e in Ledger(open_store(any_db_url)).entries()] == ["before the backup", "after the restore"]


def test_an_empty_backup_is_refused(tmp_path: Path, db_url: str) -> None:
    db = db_url
    _record(db, "a001", "kept")
    (tmp_path / "empty.dump").write_bytes(b"")
    result = runner.invoke(app, ["db", "restore", str(tmp_path / "empty.dump"), "--yes", "--db", db])
    assert result.exit_code != 0
    assert [e.note for e in Ledger(open_store(db)).entries()] == ["kept"]
