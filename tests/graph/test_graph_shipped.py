# SPDX-License-Identifier: EUPL-1.2
"""Every shipped scenario runs on the default dataset; each headline result is checked by hand.

The expected numbers are worked out here from the dataset's own share and fact rows (what a reader
would do with a calculator), not taken from the engine.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dosa.dataset import Dataset
from dosa.dataset.problems import ValidationReport
from dosa.graph.build import DatasetGraph, SupplyBasis, default_reliance_weights
from dosa.graph.model import NodeKind
from dosa.graph.run import ScenarioResult, run_scenario
from dosa.graph.scenario import check_scenario, load_scenario, parse_scenario, shipped_scenarios
from dosa.model.vocab import Reliance, Scope

SHIPPED = sorted(shipped_scenarios())


def _run(name: str, dataset: Dataset, dgraph: DatasetGraph) -> ScenarioResult:
    return run_scenario(dgraph, dataset, load_scenario(name, dataset))


def _left(basis: SupplyBasis | None, *, countries: set[str]) -> float:
    """What a stage keeps when every share held in ``countries`` is lost, from the rows themselves."""
    assert basis is not None
    lost = sum(s.value for s in basis.shares if s.holder in countries or s.holder_country in countries)
    return 1 - lost / 100


def test_the_issue_asks_for_these_scenarios() -> None:
    assert {
        "china-gallium-germanium-2023",
        "china-export-controls-2023-2025",
        "taiwan-advanced-chips",
        "us-cloud-office-withdrawal",
        "north-sea-cable-sabotage",
        "gnss-outage",
        "high-risk-5g-vendors-excluded",
    } <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_is_valid_grounded_and_runs(name: str, default: Dataset, default_graph: DatasetGraph) -> None:
    report = ValidationReport()
    scenario, lines = parse_scenario(shipped_scenarios()[name], report)
    assert scenario is not None
    check_scenario(scenario, default, report, name, lines)
    assert report.ok, report.sorted()
    assert scenario.agenda, "every shipped scenario quotes the agenda and names sources"
    assert scenario.sources, "every shipped scenario quotes the agenda and names sources"
    assert all(d.source for d in scenario.disruptions)
    result = run_scenario(default_graph, default, scenario)
    assert any(i.kind is NodeKind.VITAL_PROCESS for i in result.hit())
    assert all(0 <= i.remaining <= 1 for i in result.impacts)
    assert all(i.limited_by for i in result.hit() if i.remaining < 1)


def test_agenda_quotes_are_verbatim(default: Dataset) -> None:
    from dosa.graph.scenario import shipped_scenarios_path

    text = " ".join((shipped_scenarios_path().parent / "agenda" / "agenda-dosa-2023.txt").read_text().split())
    text = text.replace("- ", "")  # words broken across lines in the PDF text
    for name in SHIPPED:
        scenario = load_scenario(name)
        for passage in scenario.agenda:
            quote = " ".join(passage.quote.split()).replace(" (footnote 53)", "")
            assert quote.replace("- ", "") in text, f"{name}: quote not found in the agenda"


def test_china_gallium_germanium(default: Dataset, default_graph: DatasetGraph) -> None:
    result = _run("china-gallium-germanium-2023", default, default_graph)
    for subject in ("gallium", "germanium"):
        stages = [b for b in default_graph.bases if b.subject == subject]
        assert stages, "EU sourcing is used"
        assert all(b.scope in (Scope.EU, Scope.NL) for b in stages), "EU sourcing is used"
        expected = min(_left(b, countries={"CN"}) for b in stages)
        assert result.impact(NodeKind.SUBJECT, subject).remaining == pytest.approx(expected)
    germanium = result.impact(NodeKind.SUBJECT, "germanium").remaining
    gallium = result.impact(NodeKind.SUBJECT, "gallium").remaining
    # Only part of mature-node output needs germanium or gallium: each edge's intensity i caps the chips
    # at 1 - i * (1 - remaining input); the scarcer cap binds.
    i_ge = default.requires["mature_node_chips->germanium"].intensity
    i_ga = default.requires["mature_node_chips->gallium"].intensity
    assert i_ge is not None
    assert i_ga is not None
    chips = min(1 - i_ge * (1 - germanium), 1 - i_ga * (1 - gallium))
    assert result.impact(NodeKind.SUBJECT, "mature_node_chips").remaining == pytest.approx(chips)
    # vp28 (Defence) relies highly on chips, which need mature-node chips.
    assert result.impact(NodeKind.VITAL_PROCESS, "vp28").remaining == pytest.approx(chips)
    w = default_reliance_weights()[Reliance.MEDIUM]
    assert result.impact(NodeKind.VITAL_PROCESS, "vp01").remaining == pytest.approx(1 - w * (1 - chips))
    # Internet access (vp07) relies on mobile networks -> RAN -> mature-node chips: no longer at germanium's 17 %.
    internet = result.impact(NodeKind.VITAL_PROCESS, "vp07").remaining
    assert internet == pytest.approx(chips)
    assert internet > 0.5
    # The intensities are judgements, and RAN needs mature-node chips at full weight: the result says so.
    assert {(e.subject, e.requires) for e in result.judged} == {
        ("mature_node_chips", "germanium"),
        ("mature_node_chips", "gallium"),
    }
    assert ("ran_equipment", "mature_node_chips") in {(e.subject, e.requires) for e in result.full_weight}
    assert "ran_equipment needs mature_node_chips" in result.caveat


def test_china_controls_follow_their_dates(default: Dataset, default_graph: DatasetGraph) -> None:
    result = _run("china-export-controls-2023-2025", default, default_graph)
    day0 = dt.date(2023, 8, 1)
    assert result.impact(NodeKind.SUBJECT, "gallium").short_from_day == 0
    assert result.impact(NodeKind.SUBJECT, "tungsten").short_from_day == (dt.date(2025, 2, 4) - day0).days
    assert result.impact(NodeKind.SUBJECT, "rare_earths").short_from_day == (dt.date(2025, 4, 4) - day0).days
    stages = [b for b in default_graph.bases if b.subject == "tungsten"]
    expected = min(_left(b, countries={"CN"}) for b in stages)
    assert result.impact(NodeKind.SUBJECT, "tungsten").remaining == pytest.approx(expected)
    # The agenda names rare earths among the inputs of network equipment (p. 14): the rare-earth step reaches
    # telecom equipment through its judged intensity i: 1 - i * (1 - rare earths remaining) at most.
    rare_earths = result.impact(NodeKind.SUBJECT, "rare_earths").remaining
    intensity = default.requires["telecom_equipment->rare_earths"].intensity
    assert intensity is not None
    assert rare_earths < 1
    assert result.impact(NodeKind.SUBJECT, "telecom_equipment").remaining <= 1 - intensity * (1 - rare_earths) + 1e-9
    assert ("telecom_equipment", "rare_earths") in {(e.subject, e.requires) for e in result.judged}


def test_taiwan(default: Dataset, default_graph: DatasetGraph) -> None:
    result = _run("taiwan-advanced-chips", default, default_graph)
    chips = default_graph.basis("semiconductor_chips", "fabrication")
    logic = default_graph.basis("advanced_logic_chips", "fabrication")
    expected_chips = _left(chips, countries={"TW"})
    assert result.impact(NodeKind.SUBJECT, "semiconductor_chips").remaining == pytest.approx(
        min(expected_chips, _left(logic, countries={"TW"}))
    )
    assert "tsmc" in result.impact(NodeKind.SUBJECT, "semiconductor_chips").limited_by
    assert result.impact(NodeKind.VITAL_PROCESS, "vp28").remaining == pytest.approx(
        min(expected_chips, _left(logic, countries={"TW"}))
    )


def test_us_cloud_office(default: Dataset, default_graph: DatasetGraph) -> None:
    result = _run("us-cloud-office-withdrawal", default, default_graph)
    office = _left(default_graph.basis("office_suites", "provision"), countries={"US"})
    cloud = _left(default_graph.basis("cloud_iaas_paas", "provision"), countries={"US"})
    assert result.impact(NodeKind.SUBJECT, "office_suites").remaining == pytest.approx(office)
    assert result.impact(NodeKind.SUBJECT, "cloud_iaas_paas").remaining == pytest.approx(cloud)
    # vp26 (electronic messaging to citizens) relies highly on office suites and e-mail.
    assert result.impact(NodeKind.VITAL_PROCESS, "vp26").remaining == pytest.approx(office)


def test_cables(default: Dataset, default_graph: DatasetGraph) -> None:
    result = _run("north-sea-cable-sabotage", default, default_graph)
    landings = default.facts["ref-f024"].value
    assert landings == 11
    assert result.impact(NodeKind.SUBJECT, "submarine_cables").remaining == pytest.approx(1 - 2 / landings, abs=1e-4)
    assert result.impact(NodeKind.VITAL_PROCESS, "vp07").remaining == pytest.approx(1 - 2 / landings, abs=1e-4)


def test_gnss(default: Dataset, default_graph: DatasetGraph, tmp_path: object) -> None:
    result = _run("gnss-outage", default, default_graph)
    assert result.impact(NodeKind.SUBJECT, "gnss_positioning_timing").remaining == 0
    assert result.impact(NodeKind.VITAL_PROCESS, "vp09").remaining == 0
    w = default_reliance_weights()[Reliance.MEDIUM]
    assert result.impact(NodeKind.VITAL_PROCESS, "vp15").remaining == pytest.approx(1 - w)


def test_gnss_one_constellation_is_absorbed(default: Dataset, default_graph: DatasetGraph, tmp_path: object) -> None:
    """Galileo and GPS are alternatives: losing GPS alone leaves positioning whole."""
    from pathlib import Path

    path = Path(str(tmp_path)) / "gps.yaml"
    path.write_text(
        "name: gps-only\ntitle: t\ndescription: d\ndisruptions:\n"
        "  - {id: gps, description: x, subjects: [gps], rationale: r}\n",
        encoding="utf-8",
    )
    result = run_scenario(default_graph, default, load_scenario(str(path), default))
    assert result.impact(NodeKind.SUBJECT, "gnss_positioning_timing").remaining == pytest.approx(1.0)
    w = default_reliance_weights()[Reliance.MEDIUM]
    assert result.impact(NodeKind.VITAL_PROCESS, "vp09").remaining == pytest.approx(1 - w)  # vp09 also names GPS


def test_5g_vendors(default: Dataset, default_graph: DatasetGraph) -> None:
    result = _run("high-risk-5g-vendors-excluded", default, default_graph)
    ran = _left(default_graph.basis("ran_equipment", "provision"), countries={"CN"})
    telecom = _left(default_graph.basis("telecom_equipment", "provision"), countries={"CN"})
    assert result.impact(NodeKind.SUBJECT, "ran_equipment").remaining == pytest.approx(ran)
    assert result.impact(NodeKind.SUBJECT, "telecom_equipment").remaining == pytest.approx(telecom)
    # vp08 (voice and SMS) relies highly on 5G networks, which need the radio equipment; the core
    # network can run on cloud instead of telecom equipment, so only the radio side binds.
    assert result.impact(NodeKind.VITAL_PROCESS, "vp08").remaining == pytest.approx(ran)
