# SPDX-License-Identifier: EUPL-1.2
"""Every command, its --help and each output format, on the tiny dataset and through the real entry point."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dosa.cli.app import app

runner = CliRunner()
LISTINGS = ["layers", "priorities", "subjects", "actions"]


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def dosa(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point the way a user does."""
    return subprocess.run(
        [sys.executable, "-c", "from dosa.cli.app import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("command", [[], ["overview"], ["validate"], *[[c] for c in LISTINGS], ["show"]])
def test_help(command: list[str]) -> None:
    output = run(*command, "--help")
    assert "Usage:" in output


def test_overview_prints_stack_priorities_and_counts(mini_path: Path) -> None:
    output = run("-d", str(mini_path), "--lang", "en", "overview")
    assert "mini 0.0.1" in output
    assert output.index("Hardware") < output.index("Raw materials"), "the stack is printed top layer first"
    assert "Dataset valid" in output


def test_overview_in_dutch(mini_path: Path) -> None:
    output = run("-d", str(mini_path), "--lang", "nl", "overview")
    assert "Digitale stapel" in output
    assert "Grondstoffen" in output


@pytest.mark.parametrize("command", LISTINGS)
def test_listing_json_carries_dataset_version(mini_path: Path, command: str) -> None:
    records = json.loads(run("-d", str(mini_path), command, "--format", "json"))
    assert records, command
    assert {r["dataset_version"] for r in records} == {"mini 0.0.1"}


@pytest.mark.parametrize("command", LISTINGS)
def test_listing_csv_and_xlsx_agree(mini_path: Path, tmp_path: Path, command: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run("-d", str(mini_path), command, "--format", "csv"))))
    target = tmp_path / f"{command}.xlsx"
    run("-d", str(mini_path), command, "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(rows[0].keys())
    assert len(values) - 1 == len(rows)
    assert str(values[1][0]) == rows[0][next(iter(rows[0]))]


@pytest.mark.parametrize("command", LISTINGS)
def test_listing_table_to_file(mini_path: Path, tmp_path: Path, command: str) -> None:
    target = tmp_path / "out.txt"
    run("-d", str(mini_path), command, "--output", str(target))
    assert "mini 0.0.1" in target.read_text()


def test_actions_json_has_the_required_fields(mini_path: Path) -> None:
    records = json.loads(run("-d", str(mini_path), "actions", "--format", "json"))
    required = {"priority", "status", "scope", "summary", "timeline", "owners", "involved"}
    assert all(required <= set(r) for r in records)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--owner", "BZK"], {"a002"}),
        (["--owner", "J&V"], {"a003"}),
        (["--owner", "jenv", "--involved"], {"a002", "a003"}),
        (["--priority", "semiconductors"], {"a002"}),
        (["--status", "lopend"], {"a001"}),
        (["--scope", "eu"], {"a003"}),
        (["--due-before", "2024-01-01"], {"a002"}),
        (["--due-after", "2024-01-01"], {"a003"}),
        (["--owner", "ezk", "--status", "nieuw"], {"a002"}),
        (["--text", "grondstoffen"], {"a001"}),
    ],
)
def test_action_filters(mini_path: Path, args: list[str], expected: set[str]) -> None:
    records = json.loads(run("-d", str(mini_path), "actions", *args, "--format", "json"))
    assert {r["id"] for r in records} == expected


def test_actions_owner_csv(mini_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("-d", str(mini_path), "actions", "--owner", "EZK", "--format", "csv"))))
    assert {r["id"] for r in rows} == {"a001", "a002"}
    assert all("ezk" in r["owners"].split("; ") for r in rows)


def test_show_any_object(mini_path: Path) -> None:
    payload = json.loads(run("-d", str(mini_path), "show", "tsmc", "--format", "json"))
    assert payload[0]["kind"] == "supplier"
    assert payload[0]["hq_country"] == "TW"
    table = run("-d", str(mini_path), "show", "chips")
    assert "gallium (all)" in table


def test_subjects_filters(mini_path: Path) -> None:
    records = json.loads(run("-d", str(mini_path), "subjects", "--layer", "hardware", "--format", "json"))
    assert [r["id"] for r in records] == ["chips"]
    assert records[0]["inputs"] == ["gallium"]


def test_validate_lists_every_problem_and_fails(mini_copy: Path) -> None:
    text = (mini_copy / "shares.csv").read_text().replace("s3,gallium", "s3,unobtainium")
    (mini_copy / "shares.csv").write_text(text.replace("TW,country,TW", "QQ,country,TW"))
    result = dosa("validate", str(mini_copy), "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {(p["file"], p["field"]) for p in problems} >= {("shares.csv", "subject"), ("shares.csv", "holder")}
    assert all(p["line"] for p in problems)
    assert "error(s)" in result.stderr


def test_errors_exit_non_zero_without_traceback(mini_path: Path) -> None:
    result = dosa("-d", str(mini_path), "show", "nothing-like-this")
    assert result.returncode == 3
    assert "error: no object has id 'nothing-like-this'" in result.stderr
    assert "Traceback" not in result.stderr
    bad_owner = dosa("-d", str(mini_path), "actions", "--owner", "XYZ")
    assert bad_owner.returncode == 3
    assert "hint:" in bad_owner.stderr


def test_broken_dataset_stops_commands_with_every_problem(mini_copy: Path) -> None:
    (mini_copy / "countries.csv").write_text(
        (mini_copy / "countries.csv").read_text().replace("TW,Taiwan", "XX,Taiwan")
    )
    result = dosa("-d", str(mini_copy), "layers")
    assert result.returncode == 3
    assert "countries.csv:4 [code]" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(mini_path: Path) -> None:
    result = dosa("--debug", "-d", str(mini_path), "show", "nothing-like-this")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_bad_date_is_a_usage_error(mini_path: Path) -> None:
    result = dosa("-d", str(mini_path), "actions", "--due-before", "tomorrow")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_xlsx_needs_an_output_file(mini_path: Path) -> None:
    result = dosa("-d", str(mini_path), "layers", "--format", "xlsx")
    assert result.returncode == 3
    assert "--output" in result.stderr


def test_dutch_excel_csv(mini_path: Path) -> None:
    output = run("-d", str(mini_path), "subjects", "--format", "csv-nl")
    assert output.startswith("\ufeffid;name;")
    rows = list(csv.DictReader(io.StringIO(output.lstrip("\ufeff")), delimiter=";"))
    assert {r["id"] for r in rows} == {"gallium", "chips"}


def test_dutch_excel_csv_uses_a_decimal_comma() -> None:
    from dosa.tables import Provenance, Table, to_csv

    table = Table.from_rows(["holder", "value"], [("TW", 60.5)])
    provenance = Provenance("mini 0.0.1", "m 1")
    assert to_csv(table, provenance, dutch=True).decode("utf-8-sig").splitlines()[1] == "TW;60,5;mini 0.0.1;m 1"
    assert to_csv(table, provenance).decode().splitlines()[1] == "TW,60.5,mini 0.0.1,m 1"
