# SPDX-License-Identifier: EUPL-1.2
"""The README's promises on the embedded default dataset."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.dataset import load_dataset

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_default_dataset_validates() -> None:
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0


def test_overview_counts_every_action() -> None:
    dataset = load_dataset()
    output = run("--lang", "en", "overview")
    total_line = next(line for line in output.splitlines() if "Total" in line)
    assert total_line.split("│")[4].strip() == str(len(dataset.actions))
    for layer in dataset.layers.values():
        assert layer.name_en in output


def test_actions_of_bzk_as_csv() -> None:
    rows = list(csv.DictReader(io.StringIO(run("actions", "--owner", "BZK", "--format", "csv"))))
    assert rows, "the agenda gives BZK actions"
    # Independent check against the verbatim owner text of each action.
    expected = {a.id for a in load_dataset().actions.values() if "BZK" in a.owners_text.replace("\n", " ")}
    assert {r["id"] for r in rows} == expected
    assert all("bzk" in r["owners"].split("; ") for r in rows)


def test_every_listing_in_every_format_on_the_default_dataset(tmp_path: object) -> None:
    for command in ("layers", "priorities", "subjects", "actions"):
        records = json.loads(run(command, "--format", "json"))
        assert records
        assert all(r["dataset_version"].startswith("dosa-default ") for r in records)
    assert len(json.loads(run("priorities", "--format", "json"))) == 15
    assert len(json.loads(run("layers", "--format", "json"))) == 6


def test_show_an_action_with_its_place_in_the_text() -> None:
    payload = json.loads(run("show", "a001", "--format", "json"))
    assert payload[0]["kind"] == "action"
    assert payload[0]["location"]["line_start"] >= 1
