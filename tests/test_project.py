# SPDX-License-Identifier: EUPL-1.2
"""Project metadata stays consistent: publiccode.yml, pyproject, licences, the public API, layering."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

import dosa

REPO = Path(__file__).parent.parent


def test_publiccode_is_complete_and_consistent() -> None:
    publiccode = yaml.safe_load((REPO / "publiccode.yml").read_text(encoding="utf-8"))
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    for key in (
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "categories",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ):
        assert key in publiccode, key
    assert publiccode["legal"]["license"] == pyproject["project"]["license"] == "EUPL-1.2"
    assert publiccode["softwareVersion"] == dosa.__version__
    assert set(publiccode["localisation"]["availableLanguages"]) == {"nl", "en"}
    for language in ("nl", "en"):
        description = publiccode["description"][language]
        assert len(description["shortDescription"]) <= 150
        assert 150 <= len(description["longDescription"]) <= 10000
        assert description["features"]
    assert "Open Strategische Autonomie" in publiccode["description"]["en"]["longDescription"]


def test_licence_texts_are_present() -> None:
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "Attribution 4.0 International" in (REPO / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    dataset = yaml.safe_load((REPO / "src/dosa/data/default/dataset.yaml").read_text(encoding="utf-8"))
    assert dataset["licence"] == "CC-BY-4.0"


def test_every_source_file_has_an_spdx_header() -> None:
    missing = [
        str(path.relative_to(REPO))
        for path in sorted((REPO / "src").rglob("*.py"))
        if "SPDX-License-Identifier: EUPL-1.2" not in path.read_text(encoding="utf-8").splitlines()[0]
    ]
    assert missing == []


def test_public_api_is_exported() -> None:
    for name in dosa.__all__:
        assert callable(getattr(dosa, name)) or name == "__version__", name
    assert "load_dataset" in dosa.__all__
    assert dosa.assess_risk is __import__("dosa.risk", fromlist=["assess"]).assess


def test_import_dosa_stays_light() -> None:
    code = "import sys, dosa; print(sorted(m for m in ('numpy', 'sqlalchemy', 'jinja2') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_core_imports_without_cli_or_web_frameworks() -> None:
    """The core must not import typer, rich, click or fastapi: the CLI and web are layers on top."""
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'typer', 'rich', 'click', 'fastapi', 'starlette'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import dosa, dosa.query, dosa.dataset, dosa.model\n"
        "import dosa.agenda, dosa.risk, dosa.graph, dosa.inventory, dosa.monitoring, dosa.store\n"
        "import dosa.observe, dosa.observe.report, dosa.observe.inventory\n"
        "dosa.load_dataset()\n"
        "for name in dosa.__all__:\n"
        "    getattr(dosa, name)\n"
    )
    result = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
