# SPDX-License-Identifier: EUPL-1.2
"""Status updates from owners' spreadsheets: a good file, a file with errors in many rows, the template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from dosa.dataset import Dataset, ValidationReport
from dosa.monitoring.ledger import Ledger, UpdateRejected
from dosa.monitoring.spreadsheet import INPUT_COLUMNS, read_update_file
from dosa.monitoring.status import ProgressStatus
from dosa.monitoring.updates import UpdatePlan, plan_updates

TODAY = dt.date(2024, 3, 1)


def plan_file(agenda: Dataset, ledger: Ledger, path: Path) -> UpdatePlan:
    report = ValidationReport()
    rows = read_update_file(path, report)
    plan = plan_updates(agenda, rows, ledger.entries(), today=TODAY, source=path.name, default_author="importer")
    plan.report.problems[:0] = report.problems
    return plan


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_a_good_dutch_csv_is_applied_in_one_batch(agenda: Dataset, ledger: Ledger, tmp_path: Path) -> None:
    path = write(
        tmp_path / "ezk.csv",
        "action;priority;current_status;status;date;note;author\n"
        "a004;critical_raw_materials;not_started;gereed;20-12-2023;Brief verzonden;EZK\n"
        "a002;critical_raw_materials;in_progress;;;;\n"  # untouched template row
        "A016;semiconductors;in_progress;vertraagd;2024-02-01;Wacht op uitvoeringsregels;\n"
        "a001;critical_raw_materials;ongoing;doorlopend;;;\n",  # unchanged: skipped
    )
    plan = plan_file(agenda, ledger, path)
    assert plan.ok, plan.report.sorted()
    assert [(u.action, u.status, u.date, u.author) for u in plan.updates] == [
        ("a004", ProgressStatus.DONE, dt.date(2023, 12, 20), "EZK"),
        ("a016", ProgressStatus.DELAYED, dt.date(2024, 2, 1), "importer"),
    ]
    assert [(line, action) for line, action, _ in plan.skipped] == [(5, "a001")]
    batch, recorded = ledger.apply(agenda, plan, author="importer", origin="import", file_name=path.name)
    assert batch is not None
    assert batch.rows == 2
    assert batch.origin == "import"
    assert batch.file_name == "ezk.csv"
    assert [e.batch for e in recorded] == [batch.id, batch.id]
    assert [(e.action, e.previous) for e in ledger.entries()] == [
        ("a004", ProgressStatus.NOT_STARTED),
        ("a016", ProgressStatus.IN_PROGRESS),
    ]


def test_a_good_xlsx_is_read_with_its_dates(agenda: Dataset, ledger: Ledger, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["action", "summary", "status", "date", "note", "author"])
    sheet.append(
        ["a015", "Inzetten op middelen uit de Chips Act", "in uitvoering", dt.datetime(2024, 2, 1), None, "EZK"]
    )
    sheet.append(["a026", "IRIS2", None, dt.date(2024, 2, 20), "Voortgang besproken", "EZK"])
    path = tmp_path / "update.xlsx"
    workbook.save(path)
    plan = plan_file(agenda, ledger, path)
    assert plan.ok, plan.report.sorted()
    assert [(u.action, u.status, u.date, u.note) for u in plan.updates] == [
        ("a015", ProgressStatus.IN_PROGRESS, dt.date(2024, 2, 1), ""),
        ("a026", ProgressStatus.IN_PROGRESS, dt.date(2024, 2, 20), "Voortgang besproken"),
    ]


def test_errors_in_many_rows_are_all_reported_and_nothing_is_applied(
    agenda: Dataset, ledger: Ledger, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "bzk.csv",
        "action,status,date,note,author\n"
        "a004,done,2024-01-10,ok,BZK\n"  # 2: fine on its own
        "a999,done,2024-01-10,,BZK\n"  # 3: unknown action
        "a032,finished,2024-01-10,,BZK\n"  # 4: unknown status
        "a034,delayed,2024-01-10,,BZK\n"  # 5: delayed without a note
        "a035,done,31-02-2024,,BZK\n"  # 6: no such date
        "a036,done,2025-01-01,,BZK\n"  # 7: in the future
        "a037,done,2023-01-01,,BZK\n"  # 8: before the agenda
        "a004,in_progress,2024-01-11,,BZK\n"  # 9: a004 twice
        "a081,done,2024-01-10,,BZK\n",  # 10: repeat of a037, already in row 8
    )
    plan = plan_file(agenda, ledger, path)
    problems = [(p.line, p.field) for p in plan.report.errors]
    assert problems == [
        (3, "action"),
        (4, "status"),
        (5, "note"),
        (6, "date"),
        (7, "date"),
        (8, "date"),
        (9, "action"),
        (10, "action"),
    ]
    assert all(p.file == "bzk.csv" and p.hint for p in plan.report.errors)
    with pytest.raises(UpdateRejected) as rejected:
        ledger.apply(agenda, plan, author="importer", origin="import")
    assert len(rejected.value.report.errors) == 8
    assert ledger.entries() == [], "nothing of the file is applied, not even its good row"


def test_a_malformed_header_is_reported(agenda: Dataset, ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "actoin,stat,notes\na004,done,x\n")
    plan = plan_file(agenda, ledger, path)
    messages = [p.message for p in plan.report.errors]
    assert "unknown column 'actoin'" in messages
    assert "unknown column 'notes'" in messages
    assert "the column 'action' is missing" in messages


def test_the_template_columns_are_documented() -> None:
    text = (Path(__file__).parents[2] / "docs" / "monitoring.md").read_text(encoding="utf-8")
    for column in INPUT_COLUMNS:
        assert f"`{column}`" in text
