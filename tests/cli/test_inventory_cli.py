# SPDX-License-Identifier: EUPL-1.2
"""The inventory commands through typer's runner: help, import, list, report, where-used, cloud."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dosa.cli.app import app
from shared_material import SBOM_SAMPLES as SAMPLES
from shared_material import needs_sbom_samples as needs_samples

runner = CliRunner()


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["inventory"],
        ["inventory", "import"],
        ["inventory", "list"],
        ["inventory", "report"],
        ["inventory", "services"],
        ["inventory", "template"],
        ["where-used"],
        ["cloud"],
        ["cloud", "assess"],
        ["cloud", "levels"],
    ],
)
def test_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


@needs_samples
def test_import_list_and_where_used(db_url: str) -> None:
    db = db_url
    files = [
        str(SAMPLES / "cdx-bomex-juice-shop-v11.1.2.json"),
        str(SAMPLES / "wild-spdx-grype-sbom.spdx"),
        str(SAMPLES / "dtrack-bom-invalid.json"),
    ]
    result = runner.invoke(
        app, ["inventory", "import", *files, "--project", "org", "--db", db, "-q", "--format", "json"]
    )
    assert result.exit_code == 1  # one file was rejected
    outcomes = json.loads(result.stdout)
    assert [o["status"] for o in outcomes] == ["imported", "imported", "rejected"]
    assert "2 imported, 0 updated, 0 unchanged, 1 with warnings, 1 rejected" in result.stderr
    listed = json.loads(runner.invoke(app, ["inventory", "list", "--db", db, "--format", "json"]).stdout)
    assert sorted((s["source_name"], s["format"], s["spec_version"], s["component_count"]) for s in listed) == [
        ("cdx-bomex-juice-shop-v11.1.2.json", "cyclonedx-json", "1.2", 840),
        ("wild-spdx-grype-sbom.spdx", "spdx-tv", "2.2", 1160),
    ]
    found = runner.invoke(app, ["where-used", "lodash", "--range", "<4.17.21", "--db", db, "--format", "csv"])
    assert found.exit_code == 0
    lines = found.stdout.strip().splitlines()
    assert lines[0].startswith("project,subject,subject_version,current")
    assert len(lines) > 1
    assert all(",lodash," in line for line in lines[1:])


def test_report_in_every_format(tmp_path: Path, db_url: str) -> None:
    db = db_url
    services = tmp_path / "services.csv"
    services.write_text(
        "name,category,vendor,critical_functions,vendor_country\n"
        "Mail,saas,Contoso,payments,US\nDocs,office_suite,Rijnware,payments,NL\n"
    )
    assert runner.invoke(app, ["inventory", "import", str(services), "-p", "org", "--db", db, "-q"]).exit_code == 0
    report = ["--lang", "en", "inventory", "report", "-p", "org", "--db", db]
    as_json = runner.invoke(app, [*report, "-f", "json"])
    assert as_json.exit_code == 0, as_json.output
    payload = json.loads(as_json.stdout)
    assert payload["project"] == "org"
    assert payload["method_version"] == "inventory-1"
    rows = payload["sections"]["concentration"]["rows"]
    vendor = next(r for r in rows if r["dimension"] == "vendor" and r["basis"] == "critical functions")
    assert vendor["hhi"] == 5000
    table = runner.invoke(app, report)
    assert table.exit_code == 0
    assert "Concentration at a glance" in table.stdout
    dutch = runner.invoke(app, ["inventory", "report", "-p", "org", "--db", db])
    assert "Concentratie in één oogopslag" in dutch.stdout, "Dutch unless asked otherwise"
    csv_all = runner.invoke(app, [*report, "-f", "csv"])
    assert csv_all.exit_code == 3
    assert "--section" in csv_all.stderr
    csv_one = runner.invoke(app, [*report, "-f", "csv", "--section", "shares_vendor_critical_functions"])
    assert csv_one.stdout.splitlines()[0] == "holder,weight,share_pct,dataset_version,method_version"
    assert [line.split(",")[:3] for line in csv_one.stdout.splitlines()[1:]] == [
        ["Contoso", "1", "50"],
        ["Rijnware", "1", "50"],
    ], "one critical function each: 50 % apiece"
    xlsx = tmp_path / "report.xlsx"
    made = runner.invoke(app, [*report, "-f", "xlsx", "-o", str(xlsx)])
    assert made.exit_code == 0
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames[:3] == ["services", "concentration", "shares_vendor_critical_function"]
    assert workbook.sheetnames[-1] == "about"
    html = tmp_path / "report.html"
    assert runner.invoke(app, [*report, "-o", str(html)]).exit_code == 0, "the extension says html"
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    no_file = runner.invoke(app, [*report, "-f", "pdf"])
    assert no_file.exit_code == 3
    assert "--output dosa-inventory-org-en.pdf" in no_file.stderr
    pdf = tmp_path / "report.pdf"
    assert runner.invoke(app, [*report, "-o", str(pdf)]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_errors_are_messages_with_hints_and_exit_code_3(tmp_path: Path, db_url: str) -> None:
    db = db_url
    assert runner.invoke(app, ["inventory", "template", str(tmp_path / "t.csv")]).exit_code == 0
    absent = tmp_path / "absent.db"
    missing = runner.invoke(app, ["inventory", "report", "-p", "nosuch", "--db", str(absent)])
    assert missing.exit_code == 3
    assert "error: there is no dosa database" in missing.stderr, "reading never creates a database"
    assert not absent.exists()
    assert "hint:" in missing.stderr
    bad = tmp_path / "services.csv"
    bad.write_text("name,category,vendor\nA,cloudy,X\nB,saas,\n")
    result = runner.invoke(app, ["inventory", "import", str(bad), "--db", db, "-q"])
    assert result.exit_code == 1
    assert "services.csv:2 [category]" in result.stderr
    assert "services.csv:3 [vendor]" in result.stderr
    good = tmp_path / "good.csv"
    good.write_text("name,category,vendor\nA,saas,X\n")
    assert runner.invoke(app, ["inventory", "import", str(good), "--db", db, "-q"]).exit_code == 0
    unknown = runner.invoke(app, ["inventory", "report", "-p", "nosuch", "--db", db])
    assert unknown.exit_code == 3
    assert "error: no project 'nosuch'" in unknown.stderr
    query = runner.invoke(app, ["where-used", "pkg:", "--db", db])
    assert query.exit_code == 3
    assert "not a valid purl" in query.stderr


def test_cloud_assess_from_options_and_file(tmp_path: Path, db_url: str) -> None:
    db = db_url
    seals = [arg for n in range(1, 9) for arg in ("--seal", f"SOV-{n}=4")]
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nEU Cloud,iaas,Euro\nAzure,iaas,Microsoft\n")
    assert runner.invoke(app, ["inventory", "import", str(services), "-p", "org", "--db", db, "-q"]).exit_code == 0
    typo = runner.invoke(app, ["cloud", "assess", "--service", "Azur", *seals, "-p", "org", "--db", db])
    assert typo.exit_code == 3, "an unknown service is never recorded"
    assert "no service 'Azur'" in typo.stderr
    assert "did you mean Azure?" in typo.stderr
    result = runner.invoke(
        app,
        [
            "cloud",
            "assess",
            "--service",
            "EU Cloud",
            *seals,
            "--minimum",
            "SOV-2=3",
            "-p",
            "org",
            "--db",
            db,
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["score"] == "100.0"
    assert payload["eligible"] == "yes"
    answers = tmp_path / "answers.yaml"
    answers.write_text("service: Partial Cloud\nanswers:\n  SOV-1: 2\n")
    partial = json.loads(runner.invoke(app, ["cloud", "assess", str(answers), "-f", "json"]).stdout)
    assert partial["score"].startswith("not computed")
    assert partial["score_lower_bound"] == "7.5"
    levels = runner.invoke(app, ["cloud", "levels", "-f", "json"])
    assert "Full Digital Sovereignty" in levels.stdout


def test_template_command(tmp_path: Path) -> None:
    target = tmp_path / "inventory.xlsx"
    result = runner.invoke(app, ["inventory", "template", str(target)])
    assert result.exit_code == 0
    assert target.is_file()
    assert load_workbook(target).sheetnames == ["services", "fields"]


def test_xlsx_never_turns_text_into_formulas(tmp_path: Path, db_url: str) -> None:
    db = db_url
    services = tmp_path / "services.csv"
    services.write_text('name,category,vendor\n"=HYPERLINK(""http://x"")",saas,Acme\n')
    assert runner.invoke(app, ["inventory", "import", str(services), "--db", db, "-q"]).exit_code == 0
    target = tmp_path / "services.xlsx"
    assert runner.invoke(app, ["inventory", "services", "--db", db, "-f", "xlsx", "-o", str(target)]).exit_code == 0
    cell = load_workbook(target)["services"]["A2"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"


def test_report_rates_subjects_with_the_risk_engine(tmp_path: Path, db_url: str) -> None:
    from dosa.dataset import load_dataset
    from dosa.risk import Harm, assess

    db = db_url
    services = tmp_path / "services.csv"
    services.write_text(
        "name,category,vendor,critical_functions,subject\nDocs,office_suite,Rijnware,payments,office_suites\n"
    )
    assert runner.invoke(app, ["inventory", "import", str(services), "-p", "org", "--db", db, "-q"]).exit_code == 0
    as_json = runner.invoke(app, ["--lang", "en", "inventory", "report", "-p", "org", "--db", db, "-f", "json"])
    assert as_json.exit_code == 0, as_json.output
    (row,) = json.loads(as_json.stdout)["sections"]["rated_subjects"]["rows"]
    engine = assess(load_dataset(), uncertainty=False).get("office_suites")
    for harm in Harm:
        outcome = engine.harms[harm]
        assert row[harm.value] == f"{outcome.cell} {outcome.risk.value.replace('_', ' ')}"
    bad = runner.invoke(app, ["inventory", "report", "-p", "org", "--db", db, "--method", "no-such-method"])
    assert bad.exit_code == 3
    assert "no method file" in bad.stderr


@needs_samples
def test_inventory_list_in_dutch_excel_csv(db_url: str) -> None:
    db = db_url
    sample = str(SAMPLES / "cdx-bomex-juice-shop-v11.1.2.json")
    assert runner.invoke(app, ["inventory", "import", sample, "-p", "org", "--db", db, "-q"]).exit_code == 0
    result = runner.invoke(app, ["inventory", "list", "--db", db, "--format", "csv-nl"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeffproject;subject;subject_version;current;source_name;")
    (row,) = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert (row["project"], row["source_name"], row["component_count"]) == (
        "org",
        "cdx-bomex-juice-shop-v11.1.2.json",
        "840",
    )
