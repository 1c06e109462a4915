# SPDX-License-Identifier: EUPL-1.2
"""Docs that cannot drift: every dataset field and every CLI command is documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dosa.dataset.loader import SPECS

DOCS = Path(__file__).parent.parent / "docs"


def _section(text: str, filename: str) -> str:
    start = text.index(f"### {filename}")
    following = text.find("\n### ", start + 1)
    return text[start : following if following != -1 else None]


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.filename)
def test_every_field_is_documented(spec: object) -> None:
    text = (DOCS / "data-model.md").read_text(encoding="utf-8")
    section = _section(text, spec.filename)  # type: ignore[attr-defined]
    for name in spec.model.model_fields:  # type: ignore[attr-defined]
        if name == "citation":
            assert "citation" in section
            continue
        assert f"`{name}`" in section, f"{spec.filename}: field {name} is not documented"  # type: ignore[attr-defined]


def test_cli_reference_is_current(tmp_path: Path) -> None:
    """docs/cli.md is generated from the code; regenerate it with `python3 tasks.py docs`."""
    generated = tmp_path / "cli.md"
    subprocess.run(
        [sys.executable, "-m", "typer", "dosa.cli.app", "utils", "docs", "--name", "dosa", "--output", str(generated)],
        check=True,
        capture_output=True,
    )
    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current == generated.read_text(encoding="utf-8"), "docs/cli.md is stale: run python3 tasks.py docs"
