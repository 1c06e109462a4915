# SPDX-License-Identifier: EUPL-1.2
"""``dosa portfolio compact``: fewer files, the same answers, and a crash at any step leaves a store that
reads as before (or as after)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import astuple
from pathlib import Path
from typing import Any

import pytest
from tests.portfolio.conftest import LODASH, LOG4J, component, cyclonedx
from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.inventory.mapping import VendorMap
from dosa.inventory.where_used import parse_query
from dosa.portfolio import analyses
from dosa.portfolio.bulk import bulk_import
from dosa.portfolio.compact import compact
from dosa.portfolio.engines import DuckDBEngine

REPO = Path(__file__).resolve().parents[2]


def answers(root: Path) -> dict[str, Any]:
    engine = DuckDBEngine(root)
    try:
        out: dict[str, Any] = {}
        for query, version_range in [("log4j-core", "<2.17.1"), (LOG4J, None), (LODASH, None)]:
            result = analyses.where_used(engine, parse_query(query, version_range))
            out[f"where-used {query}"] = [astuple(h) for h in result.hits], [astuple(h) for h in result.uncomparable]
        out["prevalence"] = [astuple(r) for r in analyses.prevalence(engine, top=100)]
        out["prevalence all"] = [astuple(r) for r in analyses.prevalence(engine, top=100, current_only=False)]
        for dimension in ("vendor", "jurisdiction"):
            result = analyses.concentration_across(engine, dimension, vendors=VendorMap(None))
            out[dimension] = (result.concentration, result.rows, result.organisations)
        out["sboms"] = engine.rows(
            "SELECT organisation, project, subject, subject_version, is_current, component_count FROM sboms "
            "ORDER BY 1, 2, 3, 4"
        )
        out["component rows"] = engine.rows("SELECT count(*) FROM components c JOIN sboms s ON c.sbom_id = s.sbom_id")
        return out
    finally:
        engine.close()


def part_files(root: Path, table: str = "components") -> list[Path]:
    return sorted((root / table).glob("*/*/part-*.parquet"))


@pytest.fixture
def fragmented(tmp_path: Path, corpus: Path) -> Path:
    """The corpus imported in four runs into one partition, a hand-made organisation imported SBOM by SBOM,
    and one of its SBOMs replaced by a new document for the same subject version (its old rows stay behind)."""
    root = tmp_path / "store"
    files = sorted(p for p in corpus.iterdir() if p.name not in ("MANIFEST.tsv", "README.md"))
    for n in range(4):
        assert bulk_import(root, files[n::4], "acme", "apps").outcomes
    hand = tmp_path / "hand"
    hand.mkdir()
    documents = {
        "portal.json": cyclonedx("portal", "1.0", [component(f"{LOG4J}@2.14.1", "Apache")]),
        "cases.json": cyclonedx("cases", "2.0", [component(f"{LODASH}@4.17.20"), component(f"{LOG4J}@2.17.1")]),
        "site.json": cyclonedx("site", "7", [component(f"{LODASH}@4.17.21")]),
    }
    for name, data in documents.items():
        (hand / name).write_bytes(data)
        assert bulk_import(root, [hand / name], "Gemeente X", "main").ok
    (hand / "portal.json").write_bytes(cyclonedx("portal", "1.0", [component(f"{LOG4J}@2.17.1", "Apache")]))
    summary = bulk_import(root, [hand / "portal.json"], "Gemeente X", "main")
    assert [o.status.value for o in summary.outcomes] == ["updated"]
    return root


def test_compaction_merges_small_files_and_keeps_every_answer(fragmented: Path) -> None:
    before = answers(fragmented)
    assert len(part_files(fragmented)) >= 8  # 4 corpus runs + 4 hand-made imports (at least one file each)
    report = compact(fragmented)
    after = answers(fragmented)
    assert after == before
    # one file per table and partition; the replaced portal document's one component row is dropped
    assert [p.parent.parent.name for p in part_files(fragmented)] == ["Gemeente%20X", "acme"]
    hand = {(c.table, c.dropped) for c in report if c.organisation == "Gemeente X"}
    assert ("components", 1) in hand
    assert all(c.files_after == 1 for c in report if c.table == "components")
    again = compact(fragmented)  # nothing left to do: nothing changes
    assert [(c.files_before == c.files_after <= 1, c.dropped) for c in again] == [(True, 0)] * 4
    assert answers(fragmented) == before
    assert not list(fragmented.rglob("*.tmp"))


def test_compaction_that_fails_at_the_commit_point_changes_nothing(
    fragmented: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, files = answers(fragmented), part_files(fragmented)

    def fail(*_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("dosa.portfolio.compact.write_rows", fail)
    with pytest.raises(OSError, match="disk full"):
        compact(fragmented)
    assert answers(fragmented) == before
    assert part_files(fragmented) == files  # the merged files were removed again
    assert not list(fragmented.rglob("*.tmp"))


KILL = """
import os, sys
from pathlib import Path
import dosa.portfolio.compact as c
def die(*args, **kwargs):
    os._exit(9)
setattr(c, sys.argv[2], die)
c.compact(Path(sys.argv[1]))
"""


@pytest.mark.parametrize("step", ["write_rows", "_remove"], ids=["before the commit", "after the commit"])
def test_a_killed_compaction_leaves_a_readable_store_with_the_same_answers(fragmented: Path, step: str) -> None:
    """The process dies (exit without cleanup) just before replacing the sboms file, or just after it
    and before deleting the old files: either way the answers are the same, and the next compaction
    clears what was left."""
    before = answers(fragmented)
    killed = subprocess.run(
        [sys.executable, "-c", KILL, str(fragmented), step], cwd=REPO, env=_env(), check=False, timeout=300
    )
    assert killed.returncode == 9
    assert answers(fragmented) == before
    compact(fragmented)
    assert answers(fragmented) == before
    assert len(part_files(fragmented)) == 2


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(REPO / "src")}


def test_compact_command(fragmented: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["portfolio", "compact", "-s", str(fragmented), "-O", "Gemeente X", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {(r["table"], r["files_after"], r["dropped"]) for r in rows} >= {("components", 1, 1)}
    assert {r["organisation"] for r in rows} == {"Gemeente X"}
    empty = tmp_path / "nothing"
    result = runner.invoke(app, ["portfolio", "compact", "-s", str(empty)])
    assert result.exit_code == 3
    assert not empty.exists() or not any(empty.iterdir())
    shutil.rmtree(empty, ignore_errors=True)
