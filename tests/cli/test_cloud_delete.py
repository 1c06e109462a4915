# SPDX-License-Identifier: EUPL-1.2
"""Deleting a recorded cloud assessment (issue 16, defect 6): confirmation, audit trail, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dosa.cli.app import app

runner = CliRunner()


def _project_with_assessments(tmp_path: Path, db: str) -> str:
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nAzure,iaas,Microsoft\nAzur,iaas,Microsoft\n", encoding="utf-8")
    assert runner.invoke(app, ["inventory", "import", str(services), "-p", "gemeente", "--db", db, "-q"]).exit_code == 0
    for name in ("Azure", "Azur"):
        assessed = runner.invoke(
            app, ["cloud", "assess", "--service", name, "--seal", "SOV-1=3", "-p", "gemeente", "--db", db]
        )
        assert assessed.exit_code == 0, assessed.output
    return db


def _recorded(db: str) -> list[str]:
    from dosa.inventory.cloud import load_assessments
    from dosa.store import open_store

    return [a.service for a in load_assessments(open_store(db), "gemeente")]


def test_delete_asks_keeps_an_audit_copy_and_leaves_the_rest(tmp_path: Path, db_url: str) -> None:
    db = _project_with_assessments(tmp_path, db_url)
    declined = runner.invoke(app, ["cloud", "delete", "Azur", "-p", "gemeente", "--db", db], input="n\n")
    assert declined.exit_code == 1  # typer's Abort
    assert "Delete the assessment of 'Azur' in project 'gemeente'?" in declined.output
    assert _recorded(db) == ["Azur", "Azure"]

    confirmed = runner.invoke(
        app,
        ["cloud", "delete", "Azur", "-p", "gemeente", "--db", db, "--reason", "typo for Azure", "--by", "J. Jansen"],
        input="y\n",
    )
    assert confirmed.exit_code == 0, confirmed.output
    assert _recorded(db) == ["Azure"]

    trail = runner.invoke(app, ["cloud", "deletions", "-p", "gemeente", "--db", db, "--format", "json"])
    assert trail.exit_code == 0, trail.output
    records = json.loads(trail.stdout)
    assert [(r["service"], r["deleted_by"], r["reason"], r["framework_version"]) for r in records] == [
        ("Azur", "J. Jansen", "typo for Azure", "1.2.1")
    ]


def test_delete_without_an_answer_deletes_nothing_and_unknown_names_are_errors(tmp_path: Path, db_url: str) -> None:
    db = _project_with_assessments(tmp_path, db_url)
    unanswered = runner.invoke(app, ["cloud", "delete", "Azur", "-p", "gemeente", "--db", db], input="")
    assert unanswered.exit_code == 1
    assert _recorded(db) == ["Azur", "Azure"]
    unknown = runner.invoke(app, ["cloud", "delete", "Azuer", "-p", "gemeente", "--db", db, "--yes"])
    assert unknown.exit_code == 3
    assert "has no cloud assessment of 'Azuer'" in unknown.stderr
    assert "did you mean Azure" in unknown.stderr or "did you mean Azur" in unknown.stderr
    assert runner.invoke(app, ["cloud", "delete", "Azur", "-p", "nosuch", "--db", db, "-y"]).exit_code == 3
    missing_db = runner.invoke(
        app, ["cloud", "delete", "Azur", "-p", "gemeente", "--db", str(tmp_path / "no.db"), "-y"]
    )
    assert missing_db.exit_code == 3
    assert not (tmp_path / "no.db").exists()
    assert _recorded(db) == ["Azur", "Azure"]
    assert runner.invoke(app, ["cloud", "delete", "Azur", "-p", "gemeente", "--db", db, "-y"]).exit_code == 0
    assert _recorded(db) == ["Azure"]
