# SPDX-License-Identifier: EUPL-1.2
"""docs/inventory.md stays true: every template column, command and objective weight is in it."""

from __future__ import annotations

import re
from pathlib import Path

from dosa.cli.inventory import cloud_app, inventory_app
from dosa.inventory.cloud import load_framework
from dosa.inventory.services import FIELDS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "inventory.md").read_text(encoding="utf-8")


def test_every_template_column_and_its_choices_are_documented() -> None:
    for spec in FIELDS:
        assert f"`{spec.name}`" in DOC, spec.name
        for choice in spec.choices:
            if choice not in ("yes", "no"):
                assert f"`{choice}`" in DOC, (spec.name, choice)


def test_every_command_is_documented() -> None:
    for command in inventory_app.registered_commands:
        assert f"dosa inventory {command.name}" in DOC, command.name
    for command in cloud_app.registered_commands:
        assert f"dosa cloud {command.name}" in DOC, command.name
    assert "dosa where-used" in DOC


def test_objective_weights_match_the_data() -> None:
    for objective in load_framework().objectives:
        pattern = rf"{objective.id} {re.escape(objective.name)} \| {objective.weight_pct:g} %"
        assert re.search(pattern, DOC), objective.id
