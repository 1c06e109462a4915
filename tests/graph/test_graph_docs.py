# SPDX-License-Identifier: EUPL-1.2
"""The scenario docs cannot drift: every shipped scenario and every scenario field is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from dosa.graph.scenario import Disruption, Scenario, Stock, Substitution, shipped_scenarios

DOCS = Path(__file__).parent.parent.parent / "docs"


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_every_shipped_scenario_has_a_section(name: str) -> None:
    assert f"### {name}\n" in (DOCS / "scenarios.md").read_text(encoding="utf-8")


def test_every_scenario_field_is_documented() -> None:
    text = (DOCS / "scenarios.md").read_text(encoding="utf-8")
    for model, prefix in (
        (Scenario, ""),
        (Disruption, "disruptions[]."),
        (Stock, "stocks[]"),
        (Substitution, "substitution[]"),
    ):
        for field in model.model_fields:
            if model in (Stock, Substitution):
                assert f"`{field}`" in text, f"{prefix}{field}"
            elif field not in ("disruptions", "stocks", "substitution"):
                assert f"{prefix}{field}" in text, f"{prefix}{field} is not documented"


def test_docs_link_each_other() -> None:
    graph = (DOCS / "graph.md").read_text(encoding="utf-8")
    assert "scenarios.md" in graph
    assert "performance.md#stack-graph" in graph
    assert "## Stack graph" in (DOCS / "performance.md").read_text(encoding="utf-8")
