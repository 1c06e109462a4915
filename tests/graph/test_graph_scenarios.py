# SPDX-License-Identifier: EUPL-1.2
"""Scenario files: validation with file, line, field and hint; runs on the hand-made stack, checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from dosa.dataset import Dataset
from dosa.dataset.problems import ValidationReport
from dosa.errors import UnknownIdError
from dosa.graph.build import DatasetGraph, default_reliance_weights
from dosa.graph.errors import ScenarioError
from dosa.graph.model import NodeKind
from dosa.graph.run import run_scenario
from dosa.graph.scenario import load_scenario, parse_scenario, resolve_scenario
from dosa.model.vocab import Reliance

SCENARIOS = Path(__file__).parent / "fixtures" / "scenarios"
GOOD = SCENARIOS / "gallium-stop.yaml"


def _write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_broken_file_lists_every_problem_with_line_field_and_hint(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """name: Bad Name
title: t
disruptions:
  - id: d1
    description: x
    countries: [CN]
    fraction: 1.5
    rationale: r
    colour: red
  - id: d2
    description: y
    rationale: r
""",
    )
    report = ValidationReport()
    scenario, _ = parse_scenario(path, report)
    assert scenario is None
    problems = {p.field: p for p in report.errors}
    assert problems["name"].line == 1
    assert problems["name"].hint
    assert problems["description"].message == "required field is missing"
    assert problems["disruptions[0].fraction"].line == 4
    assert "less than or equal to 1" in problems["disruptions[0].fraction"].message
    assert problems["disruptions[0].colour"].message == "unknown field"
    assert problems["disruptions[1]"].line == 10
    assert "name what is disrupted" in problems["disruptions[1]"].message
    assert all(p.file == "mine.yaml" for p in report.errors)


def test_unknown_ids_are_reported_against_the_dataset_with_a_close_match(tmp_path: Path, stack: Dataset) -> None:
    path = _write(
        tmp_path,
        """name: typo
title: t
description: d
sources:
  - id: nowhere
disruptions:
  - id: d1
    description: x
    countries: [CNN]
    subjects: [galium]
    source: nowhere-else
    rationale: r
""",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path), stack)
    problems = {p.field: p for p in caught.value.report.errors}
    assert problems["disruptions[0].subjects"].hint == "did you mean 'gallium'?"
    assert problems["disruptions[0].countries"].message == "unknown country 'CNN'"
    assert problems["disruptions[0].countries"].line == 7
    assert "neither in dataset" in problems["sources[0].id"].message
    assert "disruptions[0].source" in problems
    assert "4 error(s)" in caught.value.message


def test_malformed_yaml_and_missing_files_are_problems_not_tracebacks(tmp_path: Path) -> None:
    report = ValidationReport()
    parse_scenario(_write(tmp_path, "name: [unclosed\n"), report)
    assert report.errors
    assert "malformed YAML" in report.errors[0].message
    with pytest.raises(ScenarioError):
        load_scenario(str(_write(tmp_path, "", "empty.yaml")))
    with pytest.raises(UnknownIdError, match="no shipped scenario") as caught:
        resolve_scenario("china-galium-germanium-2023")
    assert "china-gallium-germanium-2023" in (caught.value.hint or "")


def test_a_disruption_that_reaches_nothing_is_an_error(
    tmp_path: Path, stack: Dataset, stack_graph: DatasetGraph
) -> None:
    path = _write(
        tmp_path,
        """name: nothing
title: t
description: d
disruptions:
  - id: fr-gallium
    description: France stops gallium, of which it holds no share.
    countries: [FR]
    subjects: [gallium]
    rationale: r
""",
    )
    scenario = load_scenario(str(path), stack)
    with pytest.raises(ScenarioError, match="reaches nothing"):
        run_scenario(stack_graph, stack, scenario)


def test_gallium_stop_on_the_hand_made_stack(stack: Dataset, stack_graph: DatasetGraph) -> None:
    """Checked by hand: CN holds 98 % of gallium; chips need gallium for 30 % of their output."""
    result = run_scenario(stack_graph, stack, load_scenario(str(GOOD), stack))
    w = default_reliance_weights()
    gallium = result.impact(NodeKind.SUBJECT, "gallium")
    chips = result.impact(NodeKind.SUBJECT, "chips")
    assert gallium.remaining == pytest.approx(0.02)
    assert "CN 98 %" in gallium.limited_by
    assert "cn-gallium" in gallium.limited_by
    assert result.impact(NodeKind.SUBJECT, "gaas_wafers").remaining == pytest.approx(0.02)
    assert chips.remaining == pytest.approx(1 - 0.3 * 0.98)
    assert "needs gallium" in chips.limited_by
    # Cloud needs chips; office runs on cloud or, for half its need, on own servers (also chips):
    # 0.706 + 0.5 * 0.706 > 1, so office keeps all its supply.
    assert result.impact(NodeKind.SUBJECT, "cloud").remaining == pytest.approx(chips.remaining)
    assert result.impact(NodeKind.SUBJECT, "office").remaining == pytest.approx(1.0)
    vp24 = result.impact(NodeKind.VITAL_PROCESS, "vp24")
    assert vp24.remaining == pytest.approx(chips.remaining)  # high reliance on cloud
    vp07 = result.impact(NodeKind.VITAL_PROCESS, "vp07")
    assert vp07.remaining == pytest.approx(1 - w[Reliance.LOW] * (1 - chips.remaining))
    security = result.impact(NodeKind.PUBLIC_INTEREST, "national_security")
    assert security.remaining == pytest.approx(1 - w[Reliance.MEDIUM] * (1 - chips.remaining))
    continuity = result.impact(NodeKind.PUBLIC_INTEREST, "continuity_vital_processes")
    assert continuity.remaining == pytest.approx(vp24.remaining)  # the worst-hit vital process
    assert not result.impact(NodeKind.VITAL_PROCESS, "vp09").hit


def test_the_result_names_the_inputs_without_a_sourced_intensity(stack: Dataset, stack_graph: DatasetGraph) -> None:
    """Checked by hand on the fixture's requires.csv: gallium and chips lose supply; chips->gallium and
    office->onprem carry sourced intensities; cloud->cables is judged but the cables are not hit."""
    result = run_scenario(stack_graph, stack, load_scenario(str(GOOD), stack))
    assert [(e.subject, e.requires) for e in result.full_weight] == [
        ("cloud", "chips"),
        ("gaas_wafers", "gallium"),
        ("office", "cloud"),
        ("onprem", "chips"),
    ]
    assert result.judged == ()
    assert result.caveat.startswith("The loss passes on at full weight")
    assert "gaas_wafers needs gallium" in result.caveat
    assert "chips needs gallium" not in result.caveat.replace("gaas_wafers needs gallium", "")


def test_stocks_delay_the_shortfall(stack: Dataset, stack_graph: DatasetGraph) -> None:
    """30 days of stock against a 98 % shortfall from day 10 last until day 10 + 30 / 0.98."""
    result = run_scenario(stack_graph, stack, load_scenario(str(GOOD), stack))
    gallium = result.impact(NodeKind.SUBJECT, "gallium")
    assert gallium.short_from_day == 10 + int(30 / 0.98)
    assert gallium.lowest == pytest.approx(0.02)
    assert result.impact(NodeKind.VITAL_PROCESS, "vp24").short_from_day == gallium.short_from_day
    # The judgements give gallium a substitution time of 2 years: beyond the horizon here.
    assert result.recoveries["gallium"].lead_time_days == 730
    assert gallium.recovered_day is None


def test_substitution_and_duration_bring_supply_back(tmp_path: Path, stack: Dataset, stack_graph: DatasetGraph) -> None:
    path = _write(
        tmp_path,
        """name: temporary
title: t
description: d
horizon_days: 400
disruptions:
  - id: cn-gallium
    description: x
    countries: [CN]
    subjects: [gallium]
    start_day: 5
    duration_days: 300
    rationale: r
  - id: cables
    description: two of ten cables cut for 20 days
    subjects: [cables]
    fraction: 0.2
    duration_days: 20
    rationale: r
substitution:
  - subject: gallium
    lead_time_days: 100
    recovers: 0.5
    rationale: half comes back after 100 days
""",
    )
    result = run_scenario(stack_graph, stack, load_scenario(str(path), stack))
    gallium = result.impact(NodeKind.SUBJECT, "gallium")
    assert gallium.short_from_day == 5
    assert gallium.lowest == pytest.approx(0.02)
    assert gallium.recovered_day == 305
    assert result.recoveries["gallium"].basis == "scenario"
    cables = result.impact(NodeKind.SUBJECT, "cables")
    assert cables.remaining == pytest.approx(0.8)
    assert (cables.short_from_day, cables.recovered_day) == (0, 20)
    assert cables.at_horizon == pytest.approx(1.0)
