# SPDX-License-Identifier: EUPL-1.2
"""``dosa advisories import`` and ``dosa exposure`` end to end (the issue's done-when, CLI side)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from exposure_helpers import FIXTURES, LOG4J
from typer.testing import CliRunner

from dosa.cli.app import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _setup(db_url: str) -> str:
    db = db_url
    code, _, _ = _run("inventory", "import", str(FIXTURES / "inventory"), "--project", "ministry-x", "--db", db, "-q")
    assert code == 0
    code, out, err = _run("advisories", "import", str(FIXTURES / "osv"), str(FIXTURES / "kev"), "--db", db)
    assert code == 0, err
    assert "GHSA-jfh8-c2jp-5v3q.json" in out
    return db


def test_done_when_on_the_command_line(tmp_path: Path, db_url: str) -> None:
    db = _setup(db_url)
    code, out, _ = _run("exposure", "--project", "ministry-x", "--db", db, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    by_version: dict[str, set[str]] = {}
    for row in rows:
        if row["component"] == "log4j-core":
            by_version.setdefault(row["version"], set()).add(row["vulnerability"])
    assert by_version["2.6.1"] == {"CVE-2021-44228", "CVE-2021-45046", "CVE-2021-45105", "CVE-2021-44832"}
    assert by_version["2.17.0"] == {"CVE-2021-44832"}
    assert "2.17.1" not in by_version
    [kev_row] = [r for r in rows if r["version"] == "2.6.1" and r["vulnerability"] == "CVE-2021-44228"]
    assert (kev_row["kev"], kev_row["kev_date_added"], kev_row["severity"]) == ("yes", "2021-12-10", "CRITICAL")


def test_vex_statement_removes_the_finding_and_the_output_says_why(tmp_path: Path, db_url: str) -> None:
    db = _setup(db_url)
    vex = {
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": "https://example.org/vex/1",
        "author": "Ministry X",
        "timestamp": "2026-12-03T12:00:00Z",
        "version": 1,
        "statements": [
            {
                "vulnerability": {"name": "CVE-2021-44832"},
                "products": [{"@id": f"{LOG4J}@2.17.0"}],
                "status": "not_affected",
                "justification": "vulnerable_code_not_in_execute_path",
                "impact_statement": "No JDBC appender is configured.",
            }
        ],
    }
    (tmp_path / "vex.json").write_text(json.dumps(vex), encoding="utf-8")
    assert _run("advisories", "import", str(tmp_path / "vex.json"), "--db", db)[0] == 0
    code, out, err = _run("exposure", "--db", db, "--format", "json", "--vex-out", str(tmp_path / "out.cdx.json"))
    assert code == 0
    report = json.loads(out)
    open_findings = {(r["version"], r["vulnerability"]) for r in report["sections"]["findings"]["rows"]}
    assert ("2.17.0", "CVE-2021-44832") not in open_findings
    [suppressed] = report["sections"]["suppressed"]["rows"]
    assert suppressed["justification"] == "vulnerable_code_not_in_execute_path"
    assert suppressed["detail"] == "No JDBC appender is configured."
    assert "suppressed CVE-2021-44832 in log4j-core 2.17.0 (portal): VEX not_affected" in err
    written = json.loads((tmp_path / "out.cdx.json").read_text(encoding="utf-8"))
    assert written["bomFormat"] == "CycloneDX"
    assert any(v["analysis"]["state"] == "not_affected" for v in written["vulnerabilities"])


def test_bad_file_exits_1_and_names_it(tmp_path: Path, db_url: str) -> None:
    db = db_url
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    code, out, err = _run("advisories", "import", str(tmp_path / "broken.json"), str(FIXTURES / "kev"), "--db", db)
    assert code == 1
    assert "error: broken.json: not valid JSON" in err
    assert "1 refused" in err
    assert "broken.json" in out
    code, out, _ = _run("advisories", "list", "--db", db, "--format", "json")
    assert code == 0
    # The JSON excerpt holds the same three CVEs as the CSV one, so it updated them: one origin, three rows.
    assert [(r["kind"], r["origin"], r["records"]) for r in json.loads(out)] == [
        ("kev", "known_exploited_vulnerabilities-excerpt.json", 3)
    ]


def test_unknown_project_and_both_scopes_are_errors(tmp_path: Path, db_url: str) -> None:
    db = _setup(db_url)
    code, _, err = _run("exposure", "--project", "nope", "--db", db)
    assert code == 3
    assert "no inventory project 'nope'" in err
    code, _, err = _run("exposure", "--project", "ministry-x", "--organisation", "x", "--db", db)
    assert code == 3
    assert "project 'ministry-x' is not one of organisation 'x'" in err


def test_organisation_scope_takes_its_projects(db_url: str) -> None:
    db = db_url
    for project in ("minx/payments", "other"):
        _run(
            "inventory",
            "import",
            str(FIXTURES / "inventory" / "payments-1.0.cdx.json"),
            "--project",
            project,
            "--db",
            db,
            "-q",
        )
    _run("advisories", "import", str(FIXTURES / "osv"), "--db", db)
    code, out, _ = _run("exposure", "--organisation", "minx", "--db", db, "--format", "csv")
    assert code == 0
    assert {r["project"] for r in csv.DictReader(io.StringIO(out))} == {"minx/payments"}
