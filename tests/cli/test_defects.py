# SPDX-License-Identifier: EUPL-1.2
"""Regression tests for the defects of issue 16, each as a user meets it, through the real ``dosa`` app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dosa.cli.app import ExitCode, app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOSA_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("DOSA_LANG", "en")


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def test_1_timeline_columns_are_never_squeezed_to_nothing() -> None:
    result = runner.invoke(
        app, ["actions", "timeline", "--owner", "BZK", "--as-of", "2024-06-01"], env={"COLUMNS": "60"}
    )
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("│ a0")]
    assert rows, result.stdout
    for row in rows:
        action, status = (cell.strip() for cell in row.split("│")[1:3])
        assert action.startswith("a0")
        assert len(action) == 4
        assert status in {"not_started", "in_progress", "done", "delayed", "stopped", "ongoing", "unknown"}


def test_12_narrow_terminals_get_fewer_whole_columns() -> None:
    result = runner.invoke(app, ["risk", "agenda"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = _lines(result.stdout)
    assert all(len(line) <= 80 for line in lines)
    assert any("critical_raw_materials" in line for line in lines), "a word is never cut in pieces"
    assert "more column(s)" in result.stdout
    wide = runner.invoke(app, ["risk", "agenda"], env={"COLUMNS": "200"})
    assert "verdict" in wide.stdout


def test_2_read_commands_never_create_a_database_and_say_what_they_searched(tmp_path: Path, db_url: str) -> None:
    missing = tmp_path / "typo.db"
    result = runner.invoke(app, ["where-used", "log4j-core", "--db", str(missing)])
    assert result.exit_code == ExitCode.INPUT
    assert "there is no dosa database" in result.stderr
    assert not missing.exists()
    listing = runner.invoke(app, ["inventory", "list"], env={"DOSA_DB": str(missing)})
    assert listing.exit_code == ExitCode.INPUT
    assert not missing.exists()
    db = db_url
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nMail,saas,Contoso\n", encoding="utf-8")
    assert (
        runner.invoke(app, ["inventory", "import", str(services), "-p", "waterschap", "--db", str(db)]).exit_code == 0
    )
    typo = runner.invoke(app, ["where-used", "log4j-core", "--project", "waterschp", "--db", str(db)])
    assert typo.exit_code == ExitCode.INPUT
    assert "no project 'waterschp'" in typo.stderr
    assert "did you mean waterschap?" in typo.stderr
    found = runner.invoke(app, ["where-used", "log4j-core", "--project", "waterschap", "--db", str(db)])
    assert found.exit_code == 0
    assert "0 match(es) in 0 SBOM(s) in 0 project(s) searched" in found.stderr


def test_5_report_onto_a_file_is_a_clear_error(tmp_path: Path) -> None:
    taken = tmp_path / "report"
    taken.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["report", "-o", str(taken), "-f", "html"])
    assert result.exit_code == ExitCode.INPUT
    assert "report is a file, not a folder" in result.stderr
    assert "unexpected" not in result.stderr
    assert str(tmp_path) not in result.stderr, "no path in a message"


def test_7_validate_speaks_plain_english(mini_copy: Path) -> None:
    subjects = mini_copy / "subjects.yaml"
    text = subjects.read_text(encoding="utf-8")
    text = text.replace("priorities: [critical_raw_materials]", "priorities: [critical_raw_material]").replace(
        "id: chips", "id: Chips X"
    )
    subjects.write_text(text, encoding="utf-8")
    shares = mini_copy / "shares.csv"
    shares.write_text(
        shares.read_text(encoding="utf-8").replace(",TW,country,TW,", ",TW,country,XY,"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(mini_copy), "-f", "json"])
    assert result.exit_code == ExitCode.FAILED_CHECK
    messages = [p["message"] for p in json.loads(result.stdout)]
    assert "unknown priority 'critical_raw_material'" in messages
    assert any(m.startswith("unknown country 'XY'") for m in messages)
    assert "not a valid id" in messages
    assert not any("prioritie" in m or "countrie" in m or "should match pattern" in m for m in messages)


def test_11_risk_explain_writes_dutch_excel_csv() -> None:
    result = runner.invoke(app, ["risk", "explain", "gallium", "-f", "csv-nl", "--draws", "20"])
    assert result.exit_code == 0, result.output
    header = result.stdout.lstrip("\ufeff").splitlines()[0]
    assert header.startswith("subject;harm;part;")
    assert "┃" not in result.stdout


def test_8_due_dates_agree_between_listing_and_monitoring() -> None:
    listing = json.loads(runner.invoke(app, ["actions", "-f", "json"]).stdout)
    status = json.loads(runner.invoke(app, ["actions", "status", "--as-of", "2024-06-01", "-f", "json"]).stdout)
    monitoring_due = {r["action"]: r["due"] for r in status}
    assert {r["id"]: r["due"] for r in listing} == monitoring_due
    for elapsed in ("a045", "a047", "a050"):  # periods that ended before the agenda: no due date anywhere
        assert monitoring_due[elapsed] is None
    before = json.loads(runner.invoke(app, ["actions", "--due-before", "31-12-2024", "-f", "json"]).stdout)
    ids = {r["id"] for r in before}
    assert ids.isdisjoint({"a045", "a047", "a050"})
    assert ids == {a for a, due in monitoring_due.items() if due is not None and due < "2024-12-31"}


def test_8_overdue_for_one_owner_shows_only_that_owner() -> None:
    result = runner.invoke(app, ["actions", "overdue", "--owner", "BZK", "--as-of", "2024-06-01", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows
    assert {r["owner"] for r in rows} == {"BZK"}


def _nested_cyclonedx(depth: int) -> str:
    component = '{"type": "library", "name": "leaf", "version": "1"}'
    for level in range(depth):
        component = f'{{"type": "library", "name": "c{level}", "version": "1", "components": [{component}]}}'
    return f'{{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [{component}]}}'


def test_10_a_deeply_nested_file_is_refused_alone_and_null_entries_keep_their_siblings(
    tmp_path: Path, db_url: str
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(_nested_cyclonedx(900), encoding="utf-8")
    nulls = tmp_path / "nulls.json"
    nulls.write_text(
        '{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": ['
        '{"type": "library", "name": "a", "version": "1"}, null, {"type": "library", "name": "b", "version": "2"}]}',
        encoding="utf-8",
    )
    db = db_url
    result = runner.invoke(app, ["inventory", "import", str(deep), str(nulls), "--db", str(db), "-q", "-f", "json"])
    assert result.exit_code == ExitCode.FAILED_CHECK, result.output
    outcomes = {o["file"]: o for o in json.loads(result.stdout)}
    assert outcomes["deep.json"]["status"] == "rejected"
    assert "nested too deeply" in outcomes["deep.json"]["detail"]
    assert outcomes["nulls.json"]["status"] == "imported"
    assert outcomes["nulls.json"]["components"] == 2, "the entry after the null is read too"
    assert "1 imported" in result.stderr
    assert "unexpected" not in result.stderr


def test_3_dutch_excel_csv_is_read_as_saved(tmp_path: Path, db_url: str) -> None:
    services = tmp_path / "diensten.csv"
    services.write_bytes("name;category;vendor;notes\r\nPost;saas;Rijnwaré;café\r\n".encode("cp1252"))
    db = db_url
    result = runner.invoke(app, ["inventory", "import", str(services), "--db", str(db), "-q", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["status"] == "imported"
    listed = json.loads(runner.invoke(app, ["inventory", "services", "--db", str(db), "-f", "json"]).stdout)
    assert (listed[0]["vendor"], listed[0]["notes"]) == ("Rijnwaré", "café")
    status = tmp_path / "status.csv"
    status.write_bytes(
        "Actie;Status;Datum;Toelichting\r\na004;in_progress;1-3-2024;begonnen, één stap\r\n".encode("cp1252")
    )
    imported = runner.invoke(app, ["actions", "import-status", str(status), "--db", str(db)], env={"DOSA_AUTHOR": "t"})
    assert imported.exit_code == 0, imported.output
    history = json.loads(runner.invoke(app, ["actions", "history", "a004", "--db", str(db), "-f", "json"]).stdout)
    assert history[-1]["note"] == "begonnen, één stap"
    assert history[-1]["date"] == "2024-03-01"


def test_3_binary_is_refused_once_not_twice(tmp_path: Path, db_url: str) -> None:
    status = tmp_path / "status.csv"
    status.write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(app, ["actions", "import-status", str(status), "--db", db_url])
    assert result.exit_code == ExitCode.INPUT
    assert "not a text file" in result.stderr
    assert "the file is empty" not in result.stderr


def test_9_the_services_sheet_is_chosen_by_name_or_content_and_named(tmp_path: Path, db_url: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    intro = workbook.active
    assert intro is not None
    intro.title = "Toelichting"
    intro.append(["Vul het tabblad Diensten in."])
    services = workbook.create_sheet("Diensten")
    services.append(["name", "category", "vendor"])
    services.append(["Post", "saas", "Contoso"])
    services.append(["Docs", "cloudy", "Rijnware"])
    path = tmp_path / "inventaris.xlsx"
    workbook.save(path)
    result = runner.invoke(app, ["inventory", "import", str(path), "--db", db_url, "-q"])
    assert result.exit_code == ExitCode.FAILED_CHECK
    assert "inventaris.xlsx (sheet Diensten):3 [category]" in result.stderr
    services.delete_rows(3)
    services.title = "Lijst"
    workbook.create_sheet("Oud").append(["name", "vendor"])
    workbook.save(path)
    ambiguous = runner.invoke(app, ["inventory", "import", str(path), "--db", db_url, "-q"])
    assert "cannot tell which sheet holds the services (sheets: 'Toelichting', 'Lijst', 'Oud')" in ambiguous.stderr


def test_11_services_yaml_problems_name_the_line(tmp_path: Path, db_url: str) -> None:
    services = tmp_path / "services.yaml"
    services.write_text(
        "services:\n"  # line 1
        "  - name: Post\n"  # 2
        "    category: saas\n"  # 3
        "    vendor: Contoso\n"  # 4
        "  - name: Docs\n"  # 5
        "    category: cloudy\n"  # 6
        "    vendor: Rijnware\n"  # 7
        "    colour: red\n",  # 8
        encoding="utf-8",
    )
    result = runner.invoke(app, ["inventory", "import", str(services), "--db", db_url, "-q"])
    assert result.exit_code == ExitCode.FAILED_CHECK
    assert "services.yaml:5 [category]" in result.stderr, "the entry's first line, not its index"
    assert "services.yaml:5 [services[2].colour]" in result.stderr


def test_3_dutch_column_and_country_names_are_understood(tmp_path: Path, db_url: str) -> None:
    services = tmp_path / "diensten.csv"
    services.write_bytes(
        "Naam;Categorie;Leverancier;Land leverancier\r\nPost;saas;Contoso;Verenigde Staten\r\n"
        "Docs;saas;Rijnware;Duitsland\r\n".encode("cp1252")
    )
    db = db_url
    result = runner.invoke(app, ["inventory", "import", str(services), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(app, ["inventory", "services", "--db", str(db), "-f", "json"]).stdout)
    assert {(s["name"], s["vendor_country"]) for s in listed} == {("Post", "US"), ("Docs", "DE")}
