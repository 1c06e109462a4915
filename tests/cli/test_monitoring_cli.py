# SPDX-License-Identifier: EUPL-1.2
"""The monitoring commands on the real actions with a real database: record, import, view, report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from dosa.cli import monitoring
from dosa.cli.app import app
from dosa.dataset import load_dataset

runner = CliRunner()
TODAY = dt.date(2024, 3, 1)
SUBCOMMANDS = ["status", "import-status", "overdue", "coverage", "history", "timeline", "workload"]


@pytest.fixture(autouse=True)
def environment(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database per test, a fixed 'today' and a known author."""
    db = db_url
    monkeypatch.setenv("DOSA_DB", db)
    monkeypatch.setenv("DOSA_AUTHOR", "test owner")
    monkeypatch.delenv("DOSA_DATASET", raising=False)
    monkeypatch.setattr(monitoring, "_today", lambda: TODAY)
    return db


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def run(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


@pytest.mark.parametrize("command", [["actions", c] for c in SUBCOMMANDS] + [["progress"], ["progress", "report"]])
def test_help(command: list[str]) -> None:
    assert "Usage:" in run(*command, "--help")


def test_actions_without_subcommand_still_lists_the_actions() -> None:
    records = json.loads(run("actions", "--format", "json"))
    assert len(records) == 128


def test_record_show_and_history() -> None:
    out = run("actions", "status", "a004", "--set", "in_progress", "--note", "begonnen", "--date", "2023-11-15")
    assert "a004: not_started → in_progress from 2023-11-15 by test owner" in out
    run("actions", "status", "a004", "--set", "gereed", "--date", "20-12-2023")
    shown = run("--lang", "en", "actions", "status", "a004", "--as-of", "2023-12-01")
    assert "in progress" in shown
    assert "begonnen" in shown
    history = json.loads(run("actions", "history", "a004", "--format", "json"))
    assert [(h["previous"], h["status"], h["date"]) for h in history] == [
        ("not_started", "in_progress", "2023-11-15"),
        ("in_progress", "done", "2023-12-20"),
    ]
    assert all(h["author"] == "test owner" and h["origin"] == "cli" for h in history)


def test_a_status_that_needs_a_note_is_refused() -> None:
    result = invoke("actions", "status", "a004", "--set", "stopped")
    assert result.exit_code == 3
    assert json.loads(run("actions", "history", "--format", "json")) == []


def test_status_listing_as_of_a_day() -> None:
    rows = list(csv.DictReader(io.StringIO(run("actions", "status", "--as-of", "2024-03-01", "--format", "csv"))))
    assert len(rows) == 128
    assert {r["as_of"] for r in rows} == {"2024-03-01"}
    a002 = next(r for r in rows if r["action"] == "a002")
    assert (a002["status"], a002["due"], a002["deadline"], a002["days"]) == (
        "in_progress",
        "2023-12-31",
        "overdue",
        "61",
    )
    assert rows[0]["dataset_version"]


def test_template_round_trip_through_xlsx(tmp_path: Path) -> None:
    template = tmp_path / "ezk.xlsx"
    run("actions", "status", "--template", "--owner", "EZK", "--format", "xlsx", "-o", str(template))
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:1] == ["action"]
    assert {"status", "date", "note", "author"} <= set(header)
    column = {name: index + 1 for index, name in enumerate(header)}
    filled = 0
    for row in range(2, sheet.max_row + 1):
        action = sheet.cell(row, column["action"]).value
        if action in ("a004", "a016"):
            sheet.cell(row, column["status"], "done" if action == "a004" else "vertraagd")
            sheet.cell(row, column["date"], dt.datetime(2024, 2, 1))
            sheet.cell(row, column["note"], "test: via the template")
            filled += 1
    assert filled == 2, "both are EZK's actions"
    workbook.save(template)
    result = invoke("actions", "import-status", str(template))
    assert result.exit_code == 0, result.output
    assert "2 update(s) recorded in batch 1" in result.stderr
    history = json.loads(run("actions", "history", "--format", "json"))
    assert [(h["action"], h["status"], h["batch"], h["origin"]) for h in history] == [
        ("a004", "done", 1, "import"),
        ("a016", "delayed", 1, "import"),
    ]


def test_template_round_trip_through_dutch_csv(tmp_path: Path) -> None:
    template = tmp_path / "bzk.csv"
    run("actions", "status", "--template", "--owner", "BZK", "--format", "csv-nl", "-o", str(template))
    text = template.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("action;")
    rows = text.splitlines()
    header = rows[0].split(";")
    first = rows[1].split(";")
    first[header.index("status")] = "in uitvoering"
    first[header.index("note")] = "test"
    template.write_text("\n".join([rows[0], ";".join(first)]) + "\n", encoding="utf-8-sig")
    result = invoke("actions", "import-status", str(template), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run" in result.stderr
    assert json.loads(run("actions", "history", "--format", "json")) == []


def test_a_file_with_errors_is_rejected_whole(tmp_path: Path) -> None:
    path = tmp_path / "update.csv"
    path.write_text(
        "action,status,date,note\na004,done,2024-01-10,ok\na999,done,,\na034,delayed,,\na035,done,2099-01-01,\n",
        encoding="utf-8",
    )
    result = invoke("actions", "import-status", str(path))
    assert result.exit_code != 0
    for line in ("update.csv:3 [action]", "update.csv:4 [note]", "update.csv:5 [date]"):
        assert line in result.stderr
    assert json.loads(run("actions", "history", "--format", "json")) == []


def test_overdue_per_owner_and_priority() -> None:
    records = json.loads(run("actions", "overdue", "--as-of", "2024-03-01", "--by", "owner", "--format", "json"))
    assert records
    assert {r["deadline"] for r in records} <= {"overdue", "due_soon"}
    assert {"owner", "action", "days", "as_of"} <= set(records[0])
    a002 = [r for r in records if r["action"] == "a002"]
    assert sorted(r["owner"] for r in a002) == ["BHOS", "EZK"], "listed under each owner"
    by_priority = json.loads(run("actions", "overdue", "--as-of", "2024-03-01", "--by", "priority", "--format", "json"))
    assert {r["action"] for r in by_priority} == {r["action"] for r in records}
    only_overdue = json.loads(
        run("actions", "overdue", "--as-of", "2024-03-01", "--no-soon", "--by", "none", "-f", "json")
    )
    assert {r["deadline"] for r in only_overdue} == {"overdue"}
    run("actions", "status", "a002", "--set", "done", "--date", "2024-02-01")
    after = json.loads(run("actions", "overdue", "--as-of", "2024-03-01", "--by", "none", "--format", "json"))
    assert "a002" not in {r["action"] for r in after}


def test_coverage_parts() -> None:
    subjects = json.loads(run("actions", "coverage", "--part", "subjects", "--format", "json"))
    leo = next(s for s in subjects if s["subject"] == "leo_satellite_communication")
    assert leo["covered"] is True
    assert "a026" in leo["actions"]
    unlinked = json.loads(run("actions", "coverage", "--part", "unlinked", "--format", "json"))
    assert [a["action"] for a in unlinked] == ["a123", "a124", "a125", "a127"]
    table = run("actions", "coverage", "--as-of", "2024-03-01")
    assert "Subjects with no action" in table
    assert "Workload per owner" in table
    result = invoke("actions", "coverage", "--format", "json")
    assert result.exit_code == 3, "a file export needs one part"


def test_timeline_and_workload(tmp_path: Path) -> None:
    table = run("actions", "timeline", "--as-of", "2024-03-01", "--to", "2025-12-31", "--priority", "quantum")
    assert "24Q1" in table
    assert "a008" in table
    rows = list(csv.DictReader(io.StringIO(run("actions", "timeline", "--as-of", "2024-03-01", "-f", "csv"))))
    a004 = next(r for r in rows if r["action"] == "a004")
    assert (a004["end"], a004["due_kind"]) == ("2023-12-31", "dated")
    loads = json.loads(run("actions", "workload", "--as-of", "2024-03-01", "--format", "json"))
    assert loads[0]["owner"] == "EZK"
    assert loads[0]["open"] >= loads[1]["open"]


def test_progress_report_in_every_format(tmp_path: Path) -> None:
    run("actions", "status", "a056", "--set", "done", "--date", "2024-01-05", "--note", "test: trilogue concluded")
    markdown = run("progress", "report", "--since", "2023-12-31", "--as-of", "2024-03-01", "--lang", "en")
    assert markdown.startswith("# Progress report")
    assert "| a056 | 5 Jan 2024 | in progress → done | test: trilogue concluded |" in markdown
    dataset = load_dataset().info.label
    method = re.search(r"^- Method: risk method (.+); due dates from the agenda's timelines$", markdown, re.M)
    assert method is not None, "the colophon names the risk method the coverage used"
    assert f"- Dataset: {dataset}" in markdown
    for fmt, magic in (("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF-")):
        target = tmp_path / f"report.{fmt}"
        run("progress", "report", "--as-of", "2024-03-01", "--format", fmt, "-o", str(target), "--lang", "en")
        body = target.read_bytes()
        assert body.startswith(magic)
        if fmt == "html":
            text = body.decode("utf-8")
        else:
            text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        assert dataset in text, f"the {fmt} colophon names the dataset"
        assert method.group(1) in text, f"the {fmt} colophon names the method"
    dutch = run("progress", "report", "--as-of", "2024-03-01", "--days", "30")
    assert dutch.startswith("# Voortgangsrapportage")
    assert "- Binnen 30 dagen af:" in dutch


def test_a_report_can_be_reproduced_after_later_entries() -> None:
    run("actions", "status", "a015", "--set", "in_progress", "--date", "2024-02-01")
    first = run("progress", "report", "--as-of", "2024-03-01", "--lang", "en")
    recorded = json.loads(run("actions", "history", "--format", "json"))[-1]["recorded_at"].rstrip("Z")
    run("actions", "status", "a015", "--set", "done", "--date", "2024-02-20", "--note", "test: late report")
    assert run("progress", "report", "--as-of", "2024-03-01", "--lang", "en") != first
    again = run("progress", "report", "--as-of", "2024-03-01", "--lang", "en", "--recorded-until", recorded)
    assert again == first
