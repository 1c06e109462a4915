# SPDX-License-Identifier: EUPL-1.2
"""`dosa show SUBJECT` lists the subject's shares, facts, judgements and edges with year and source.

Expected rows are read straight from the packaged CSV files, not from dosa's loader.
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from dosa.cli.app import app

runner = CliRunner()
DEFAULT = Path(str(resources.files("dosa") / "data" / "default"))


def _rows(name: str) -> list[dict[str, str]]:
    with (DEFAULT / name).open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def _show(subject: str, *extra: str) -> str:
    result = runner.invoke(
        app, ["--lang", "en", "show", subject, *extra], env={"COLUMNS": "200"}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_show_subject_json_lists_every_figure_with_year_and_source() -> None:
    (item,) = json.loads(_show("germanium", "--format", "json"))
    evidence = item["evidence"]
    shares = {r["id"]: r for r in _rows("shares.csv") if r["subject"] == "germanium"}
    assert {e["id"] for e in evidence["shares"]} == set(shares)
    sources = {r["id"]: r for r in _rows("sources.csv")}
    for entry in evidence["shares"]:
        row = shares[entry["id"]]
        assert entry["year"] == row["year"]
        assert sources[row["source"]]["publisher"] in entry["source"]
        assert f"[{row['source']}]" in entry["source"]
        assert f"licence {sources[row['source']]['licence']}" in entry["source"]
    facts = {r["id"] for r in _rows("facts.csv") if r["subject"] == "germanium"}
    assert {e["id"] for e in evidence["facts"]} == facts
    assert all(e["year"] for e in evidence["facts"]), "every fact shows a year (its own or its source's)"
    edges = [r for r in _rows("requires.csv") if "germanium" in (r["subject"], r["requires"])]
    assert {e["id"] for e in evidence["used_by"]} == {f"{r['subject']}->{r['requires']}" for r in edges}
    chips = next(e for e in evidence["used_by"] if e["id"] == "mature_node_chips->germanium")
    row = next(r for r in edges if r["subject"] == "mature_node_chips")
    assert chips["value"].startswith(f"intensity {float(row['intensity']):g} ({row['intensity_basis']}")


def test_show_subject_table_has_the_sections() -> None:
    output = _show("cryptographic_products")
    facts = [r for r in _rows("facts.csv") if r["subject"] == "cryptographic_products"]
    assert "Expert judgements (assessments, not measurements)" in output
    assert "Vital processes and public interests relying on it" in output
    assert ("Facts ·" in output) == bool(facts)
    assert "licence" in output
