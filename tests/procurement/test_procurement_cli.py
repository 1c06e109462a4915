# SPDX-License-Identifier: EUPL-1.2
"""The procurement commands end to end: import, grade into the inventory, the supplier view, the register."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.procurement.grades import load_grades
from dosa.store import open_store

FIXTURES = Path(__file__).parent / "fixtures"


def test_grade_into_inventory_and_supplier_view(tmp_path: Path, db_url: str, samples: Path) -> None:
    runner = CliRunner()
    db = db_url
    sbom = samples / "dtrack-valid-bom-1.6.json"
    imported = runner.invoke(app, ["inventory", "import", str(sbom), "--project", "p", "--db", db])
    assert imported.exit_code == 0, imported.output
    graded = runner.invoke(
        app, ["sbom", "grade", str(sbom), str(samples / "guac-cdx-v1.4.json"), "-p", "p", "--db", db, "-f", "json"]
    )
    assert graded.exit_code == 0, graded.output
    grades = load_grades(open_store(db), "p")
    assert {(g.source, g.profile, g.imported) for g in grades if g.profile == "bsi"} == {
        ("dtrack-valid-bom-1.6.json", "bsi", True),  # linked to the imported SBOM by its SHA-256
        ("guac-cdx-v1.4.json", "bsi", False),
    }
    view = runner.invoke(app, ["sbom", "suppliers", "-p", "p", "--db", db, "--profile", "ntia", "-f", "json"])
    assert view.exit_code == 0, view.output
    rows = json.loads(view.output)["sections"]["suppliers"]["rows"]
    assert {(r["supplier"], r["rule"]) for r in rows} == {
        ("Acme, Inc.", "ntia.supplier"),
        ("Acme, Inc.", "ntia.identifier"),
        ("Thomas Jensen and the boxes contributors", "ntia.supplier"),
        ("Thomas Jensen and the boxes contributors", "ntia.identifier"),
        ("Thomas Jensen and the boxes contributors", "ntia.dependencies"),
        ("Thomas Jensen and the boxes contributors", "ntia.author"),
    }


def test_grade_reports_files_it_cannot_read(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["sbom", "grade", str(bad)])
    assert result.exit_code == 1  # a rejected file
    assert "broken.json" in result.output


def test_registers_dora_writes_nothing_on_failure(tmp_path: Path) -> None:
    organisation = tmp_path / "org.yaml"
    organisation.write_text(
        (FIXTURES / "dora-organisation.yaml").read_text(encoding="utf-8").replace("reference: ICT-2024-012", "x: 1"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["registers", "dora", "--organisation", str(organisation), "--services",
         str(FIXTURES / "dora-services.yaml"), "--output", str(out), "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 1  # the check failed
    failures = json.loads(result.output)["sections"]["failures"]["rows"]
    assert {(f["template"], f["field"].split()[0]) for f in failures} == {
        (
            "organisation",
            "contracts.Analytics",
        ),  # the field 'x' is unknown (field name 'contracts.Analytics workspace.x')
        ("B_02.01", "c0010"),
        ("B_02.02", "c0010"),
        ("B_03.01", "c0010"),
        ("B_03.02", "c0010"),
        ("B_04.01", "c0010"),
        ("B_05.02", "c0010"),
        ("B_07.01", "c0010"),
    }  # the analytics contract's reference (a key in every template that names the contract) is empty
    assert not out.exists()


def test_reading_grades_never_creates_the_table(db_url: str, samples: Path) -> None:
    from sqlalchemy import inspect, text

    db = db_url
    runner = CliRunner()
    sbom = str(samples / "guac-cdx-v1.4.json")
    assert runner.invoke(app, ["inventory", "import", sbom, "-p", "p", "--db", db]).exit_code == 0
    store = open_store(db)
    with store.begin() as conn:
        conn.execute(text("DROP TABLE procurement_sbom_grades"))  # a database from before this feature
    view = runner.invoke(app, ["sbom", "suppliers", "-p", "p", "--db", db, "-f", "json"])
    assert view.exit_code == 0, view.output
    assert json.loads(view.output)["sections"]["suppliers"]["rows"] == []
    assert not inspect(store.engine).has_table("procurement_sbom_grades")
    unknown = runner.invoke(app, ["sbom", "suppliers", "-p", "nosuch", "--db", db])
    assert unknown.exit_code == 3


def test_registers_dora_consolidated_group(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["registers", "dora", "--organisation", str(FIXTURES / "dora-group-organisation.yaml"), "--services",
         str(FIXTURES / "dora-group-services.yaml"), "--output", str(out), "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    package = json.loads(result.output)["package"]
    assert package.startswith("529900DOSAHOLD000159.CON_NL_DORA010100_DORA_2025-12-31_")
    assert [p.name for p in out.iterdir()] == [package]
