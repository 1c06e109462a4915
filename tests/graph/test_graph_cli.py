# SPDX-License-Identifier: EUPL-1.2
"""The scenario and chokepoint commands: --help, every output format, errors without tracebacks."""

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
HERE = Path(__file__).parent
STACK = str(HERE / "fixtures" / "stack")
GALLIUM = str(HERE / "fixtures" / "scenarios" / "gallium-stop.yaml")


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["scenario"],
        ["scenario", "list"],
        ["scenario", "show"],
        ["scenario", "run"],
        ["scenario", "simulate"],
        ["chokepoints"],
    ],
)
def test_help(command: list[str]) -> None:
    assert "Usage:" in run(*command, "--help")


def test_list_names_the_shipped_scenarios() -> None:
    records = json.loads(run("scenario", "list", "--format", "json"))
    names = {r["name"] for r in records}
    assert "china-gallium-germanium-2023" in names
    assert "gnss-outage" in names
    assert all(r["dataset_version"] for r in records)


def test_run_json_lists_hit_nodes_with_reasons() -> None:
    records = json.loads(run("-d", STACK, "scenario", "run", GALLIUM, "--format", "json"))
    by_id = {r["id"]: r for r in records}
    assert by_id["gallium"]["remaining_pct"] == 2.0
    assert by_id["chips"]["remaining_pct"] == pytest.approx(70.6)
    assert "needs gallium" in by_id["chips"]["limited_by"]
    assert "office" not in by_id, "office keeps its supply through its alternatives"
    assert [r["kind"] for r in records].index("vital_process") > [r["kind"] for r in records].index("subject")
    everything = json.loads(run("-d", STACK, "scenario", "run", GALLIUM, "--format", "json", "--all"))
    assert len(everything) > len(records)


def test_run_csv_and_xlsx(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("-d", STACK, "scenario", "run", GALLIUM, "--format", "csv"))))
    assert rows[0]["layer"] == "raw_materials"
    assert rows[0]["dataset_version"] == "stack-fixture 0.0.1"
    target = tmp_path / "run.xlsx"
    run("-d", STACK, "scenario", "run", GALLIUM, "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    assert sheet is not None
    assert sheet["C1"].value == "id"


def test_run_table_shows_title_and_summary() -> None:
    result = runner.invoke(app, ["-d", STACK, "scenario", "run", GALLIUM], catch_exceptions=False)
    assert result.exit_code == 0
    assert "China stops exporting gallium" in result.stdout
    assert "vital process(es) lose supply, worst vp24" in result.stderr


def test_show_validates_and_lists_disruptions() -> None:
    assert "cn-gallium" in run("-d", STACK, "scenario", "show", GALLIUM)
    payload = json.loads(run("-d", STACK, "scenario", "show", GALLIUM, "--format", "json"))
    assert payload["name"] == "gallium-stop"
    assert payload["disruptions"][0]["countries"] == ["CN"]


def test_simulate_is_reproducible_and_needs_probabilities() -> None:
    args = ["-d", STACK, "scenario", "simulate", GALLIUM, "--runs", "500", "--seed", "7", "--probability", "0.3"]
    first = json.loads(run(*args, "--format", "json"))
    assert first == json.loads(run(*args, "--format", "json"))
    vp24 = next(r for r in first if r["id"] == "vp24")
    assert 0 <= vp24["p5_pct"] <= vp24["mean_pct"] <= 100
    assert vp24["runs"] == 500
    result = runner.invoke(app, ["-d", STACK, "scenario", "simulate", GALLIUM, "--runs", "10"])
    assert result.exit_code != 0


def test_chokepoint_views() -> None:
    ranking = json.loads(run("-d", STACK, "chokepoints", "--format", "json", "--top", "0"))
    assert ranking[0]["rank"] == 1
    assert ranking[0]["loss"] >= ranking[-1]["loss"]
    assert any(r["id"] == "asml" and r["small_party"] == "yes" for r in ranking)
    cuts = json.loads(run("-d", STACK, "chokepoints", "--view", "cuts", "--format", "json"))
    assert {c["process"] for c in cuts} == {"vp07", "vp09", "vp24"}
    leverage = list(
        csv.DictReader(io.StringIO(run("-d", STACK, "chokepoints", "--view", "leverage", "--format", "csv")))
    )
    assert leverage[0]["holder"] == "asml"


def _dosa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from dosa.cli.app import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_broken_scenario_file_exits_non_zero_listing_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\ntitle: t\ndescription: d\ndisruptions:\n"
        "  - {id: x, description: y, countries: [XX], fraction: 2, rationale: r}\n",
        encoding="utf-8",
    )
    done = _dosa("-d", STACK, "scenario", "run", str(bad))
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert "bad.yaml:5 [disruptions[0].fraction]" in done.stderr
    done = _dosa("-d", STACK, "scenario", "run", "no-such-scenario")
    assert done.returncode == 3
    assert "no shipped scenario" in done.stderr


def test_shipped_scenario_runs_on_the_default_dataset() -> None:
    records = json.loads(run("scenario", "run", "us-cloud-office-withdrawal", "--format", "json"))
    assert any(r["id"] == "vp26" for r in records)
