# SPDX-License-Identifier: EUPL-1.2
"""``dosa risk`` and ``dosa crm``: every command's --help, each output format, filters and errors."""

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
from dosa.risk import load_method
from dosa.risk.uncertainty import weight_keys

runner = CliRunner()
COMMANDS = [["risk"], ["risk", "explain"], ["risk", "matrix"], ["risk", "rollup"], ["risk", "sensitivity"],
            ["risk", "method"], ["risk", "agenda"], ["crm"], ["crm", "score"]]  # fmt: skip


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    return result.stdout


def dosa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from dosa.cli.app import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command: list[str]) -> None:
    assert "Usage:" in run(*command, "--help")


def test_rank_table(small_path: Path) -> None:
    output = run("-d", str(small_path), "risk", "--draws", "50")
    assert "DOSA risk ranking" in output
    assert "dosa-risk 1.0.0" in output
    assert "gallium" in output
    assert "risk-small 0.0.1" in output
    assert "stable" in output


def test_rank_csv_carries_versions_and_every_subject(small_path: Path) -> None:
    text = run("-d", str(small_path), "risk", "--format", "csv", "--draws", "50")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["subject"] for r in rows} == {
        "gallium",
        "germanium",
        "chips",
        "cloud",
        "ran_equipment",
        "quantum_sensors",
    }
    for row in rows:
        assert row["dataset_version"] == "risk-small 0.0.1"
        assert row["method_version"] == "dosa-risk 1.0.0"
        assert row["interruption_cell"] == row["interruption_likelihood"] + row["interruption_impact"]
        assert float(row["interruption_likelihood_low"]) <= float(row["interruption_likelihood_high"])
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))


def test_rank_json_and_filters(small_path: Path) -> None:
    every = json.loads(run("-d", str(small_path), "risk", "--format", "json", "--draws", "50"))
    raw = json.loads(
        run("-d", str(small_path), "risk", "--format", "json", "--layer", "raw_materials", "--draws", "50")
    )
    assert {r["subject"] for r in raw} == {r["subject"] for r in every if r["layer"] == "raw_materials"}
    high = json.loads(run("-d", str(small_path), "risk", "-f", "json", "--class", "high", "--draws", "50"))
    assert high
    assert all(r["risk"] == "high" for r in high)
    assert {r["subject"] for r in high} == {r["subject"] for r in every if r["risk"] == "high"}
    access = json.loads(
        run("-d", str(small_path), "risk", "-f", "json", "--class", "medium", "--harm", "access", "--draws", "50")
    )
    assert {r["subject"] for r in access} == {r["subject"] for r in every if r["access_risk"] == "medium"}
    cloud = json.loads(run("-d", str(small_path), "risk", "-f", "json", "--priority", "cloud", "--draws", "50"))
    assert [r["subject"] for r in cloud] == ["cloud"]


def test_rank_xlsx(small_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "risk.xlsx"
    run("-d", str(small_path), "risk", "--format", "xlsx", "--output", str(target), "--draws", "50")
    sheet = load_workbook(target).active
    assert sheet is not None
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert "interruption_risk" in header
    assert "method_version" in header
    assert sheet.max_row == 7


def test_unknown_priority_is_an_error(small_path: Path) -> None:
    result = dosa("-d", str(small_path), "risk", "--priority", "nope")
    assert result.returncode == 3
    assert "unknown priority 'nope'" in result.stderr


def test_explain_table_names_factors_and_sources(small_path: Path) -> None:
    output = run("-d", str(small_path), "risk", "explain", "gallium", "--draws", "50")
    for text in ("country_concentration", "mutual_dependence", "judgement j-ga-sub", "Interruption of supply", "CN 98"):
        assert text in output, text


def test_explain_json(small_path: Path) -> None:
    record = json.loads(run("-d", str(small_path), "risk", "explain", "cloud", "-f", "json", "--draws", "50"))
    assert record["subject"] == "cloud"
    assert record["method_version"] == "dosa-risk 1.0.0"
    assert {h["harm"] for h in record["harms"]} == {"interruption", "access"}
    for harm in record["harms"]:
        likelihood = sum(line["contribution"] for line in harm["lines"] if line["part"] == "likelihood")
        assert likelihood == pytest.approx(harm["likelihood"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_explain_csv_and_xlsx(small_path: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"explain.{fmt}"
    run("-d", str(small_path), "risk", "explain", "chips", "-f", fmt, "-o", str(target), "--draws", "50")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    else:
        sheet = load_workbook(target).active
        assert sheet is not None
        values = list(sheet.iter_rows(values_only=True))
        rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    assert all(row["sources"] for row in rows)
    assert {row["part"] for row in rows} >= {"likelihood", "impact", "gate", "indicator"}


def test_explain_unknown_subject(small_path: Path) -> None:
    result = dosa("-d", str(small_path), "risk", "explain", "galium")
    assert result.returncode == 3
    assert "no subject 'galium'" in result.stderr
    assert "gallium" in result.stderr


def test_matrix_table_and_json(small_path: Path) -> None:
    output = run("-d", str(small_path), "risk", "matrix")
    assert "catastrophic" in output
    assert "very likely" in output
    assert "gallium" in output
    cells = json.loads(run("-d", str(small_path), "risk", "matrix", "--harm", "access", "-f", "json"))
    assert len(cells) == 25
    placed = {s for c in cells for s in c["subjects"]}
    assert sum(c["count"] for c in cells) == len(placed) == 3
    # quantum_sensors has no share rows at all, so every access factor takes the method's default:
    # insufficient data, listed apart and placed in no cell.
    assert placed == {"chips", "cloud", "ran_equipment"}, "raw materials give no access: X"
    output = run("-d", str(small_path), "risk", "matrix", "--harm", "access")
    assert "Not applicable" in output
    assert "gallium, germanium" in output
    assert "Insufficient data" in output
    assert "quantum_sensors" in output


def test_rollup_by_priority_and_layer(small_path: Path) -> None:
    by_priority = json.loads(run("-d", str(small_path), "risk", "rollup", "-f", "json"))
    assert {r["priority"] for r in by_priority} == {
        "critical_raw_materials",
        "semiconductors",
        "network_technology",
        "cloud",
        "security_policy",
    }
    by_layer = list(
        csv.DictReader(io.StringIO(run("-d", str(small_path), "risk", "rollup", "--by", "layer", "-f", "csv")))
    )
    assert len(by_layer) == 12
    result = dosa("-d", str(small_path), "risk", "rollup", "--by", "country")
    assert result.returncode == 3
    assert "cannot roll up by 'country'" in result.stderr


def test_sensitivity(small_path: Path) -> None:
    rows = json.loads(run("-d", str(small_path), "risk", "sensitivity", "-f", "json"))
    assert len(rows) == len(weight_keys(load_method()))
    assert rows[0]["mean_rank_shift"] >= rows[-1]["mean_rank_shift"]


def test_method_listing_and_a_bad_method_file(small_path: Path, tmp_path: Path) -> None:
    rows = json.loads(run("risk", "method", "-f", "json"))
    assert {r["harm"] for r in rows} == {"interruption", "access"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: dosa-risk-1.0.0\nclasses: {likelihood: [0.5, 0.4, 0.6, 0.8]}\n", encoding="utf-8")
    result = dosa("-d", str(small_path), "risk", "--method", str(bad))
    assert result.returncode == 3
    assert "bad.yaml" in result.stderr
    assert "rise strictly" in result.stderr
    assert "Traceback" not in result.stderr


def test_crm_score_reproduces_the_examples() -> None:
    output = run("crm", "score")
    assert "Antimony" in output
    assert "within" in output
    rows = list(csv.DictReader(io.StringIO(run("crm", "score", "eu-crm-2017-examples", "-f", "csv"))))
    assert len(rows) == 10
    for row in rows:
        assert abs(float(row["sr"]) - float(row["sr_published"])) <= 0.25
        assert row["agrees"] in ("yes", "within rounding")


def test_crm_score_json_and_xlsx(tmp_path: Path) -> None:
    records = json.loads(run("crm", "score", "-f", "json"))
    assert all("dataset_version" in r for r in records)
    target = tmp_path / "crm.xlsx"
    run("crm", "score", "-f", "xlsx", "-o", str(target))
    sheet = load_workbook(target).active
    assert sheet is not None
    assert sheet.max_row == 11


def test_crm_score_on_country_shares() -> None:
    rows = json.loads(
        run("crm", "score", "eu-crm-2023-global-supply", "--sourcing", "eu-crm-2023-eu-sourcing", "-f", "json")
    )
    gallium = next(r for r in rows if r["material"] == "Gallium" and r["stage"] == "P")
    assert gallium["crma_65_global"] == "exceeds"
    assert gallium["largest_third_country"].startswith("China")
    assert gallium["sr"] is None


def test_crm_score_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = dosa("crm", "score", str(bad))
    assert result.returncode == 3
    assert "no known layout" in result.stderr
    missing = dosa("crm", "score", str(tmp_path / "absent.csv"))
    assert missing.returncode == 3
    assert "no file" in missing.stderr


def test_crm_score_with_packaged_governance_shows_weighted_hhis() -> None:
    """Regression: `--governance` without `--params` printed empty HHI_WGI_t columns."""
    output = run(
        "crm", "score", "eu-crm-2023-global-supply", "--sourcing", "eu-crm-2023-eu-sourcing",
        "--governance", "wgi-2022", "-f", "csv",
    )  # fmt: skip
    rows = {(r["material"], r["stage"]): r for r in csv.DictReader(io.StringIO(output))}
    gallium = rows[("Gallium", "P")]
    assert float(gallium["hhi_wgi_t_gs"]) > float(gallium["hhi_wgi_t_eu"]) > 0
    assert gallium["missing_governance"] in ("", "[]")
