# SPDX-License-Identifier: EUPL-1.2
"""Start-up cost guarded by what a command imports, not by a clock (issue 16: a fast CLI).

Each command runs in a fresh interpreter as the ``dosa`` script does, and reports the modules it
loaded. Heavy libraries a command does not use must stay out: a new eager import shows up here as a
named module, whatever the machine's load. The timings live in benchmarks/bench_cli.py and
docs/performance.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPORT_MODULES = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: sys.stderr.write('MODULES ' + json.dumps(sorted(sys.modules)) + '\\n'))\n"
    "sys.argv = ['dosa', *{args!r}]\n"
    "from dosa.cli import main\n"
    "main()\n"
)

HEAVY = {
    "sqlalchemy",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "typst",
    "numpy",
    "openpyxl",
    "babel",
    "yaml",
    "duckdb",
    "pyarrow",
    "cyclonedx",
    "spdx_tools",
    "rdflib",
    "fontTools",
    "lingua",
}
"""Libraries no listing needs (database, web, templates, PDF, numbers, spreadsheets, SBOM parsers)."""


def _modules(args: list[str], cache: Path) -> set[str]:
    env = {**os.environ, "DOSA_CACHE_DIR": str(cache), "DOSA_DB": str(cache / "absent.db")}
    env.pop("DOSA_DATASET", None)
    result = subprocess.run(
        [sys.executable, "-c", REPORT_MODULES.format(args=args)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_version_reads_only_the_package_file(tmp_path: Path) -> None:
    loaded = _modules(["--version"], tmp_path)
    assert {name for name in loaded if name.startswith("dosa")} == {"dosa", "dosa.cli"}
    assert not _top_level(loaded) & {"typer", "pydantic", "rich", "typing", *HEAVY}


@pytest.mark.parametrize(
    "args",
    [["actions", "--owner", "BZK", "--format", "csv"], ["layers", "--format", "json"]],
    ids=["actions", "layers"],
)
def test_a_listing_loads_the_cached_dataset_and_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    _modules(args, tmp_path)  # the first run fills the dataset cache, as a user's first command does
    loaded = _modules(args, tmp_path)
    assert not _top_level(loaded) & HEAVY
    assert "rich" not in _top_level(loaded), "a CSV or JSON listing needs no terminal rendering"
    # served from the cache: the reader and validator of the dataset files stay unloaded
    assert "dosa.dataset.loader" not in loaded
    # typer below 0.29 coerces options itself; 0.29 builds a pydantic TypeAdapter per option (~0.1 s)
    assert "pydantic.type_adapter" not in loaded
    engines = {"dosa.risk", "dosa.graph", "dosa.inventory", "dosa.store", "dosa.report", "dosa.web"}
    assert not loaded & engines
    assert "dosa.monitoring.coverage" not in loaded
