# SPDX-License-Identifier: EUPL-1.2
"""Issue 10, item 5: the shipped World Bank WGI table and the EU CRM 2023 governance-weighted
concentrations, checked against the published 2023 supply-risk values.

The 2023 study's import reliance, end-of-life recycling input rates and substitution indices are not
shipped (no open transcription was found), so the full SR cannot be recomputed. What the formula
does allow is a bound: SR = [HHI_GS * IR/2 + HHI_EU * (1 - IR/2)] * (1 - EoL_RIR) * SI_SR lies between
0 and the larger of HHI_GS and HHI_EU of the bottleneck stage, because the IR-weighted mean lies
between the two HHIs and (1 - EoL_RIR) * SI_SR is at most 1. Published values are from the study
(via the transcription named in eu-crm-2023-results.csv), typed here independently of that file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dosa.risk import crm
from dosa.risk import crm_tables as tables

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"

# Published 2023 SR (EC CRM 2023 study; transcription Data/dimension_CRMsOverTime.csv, Year 2023).
PUBLISHED_SR = {
    "Cobalt": 2.8,
    "Gallium": 3.9,
    "Germanium": 1.8,
    "Indium": 0.6,
    "Lithium": 1.9,
    "Silicon metal": 1.3,
    "Tungsten": 1.2,
}


def governance() -> dict[str, float]:
    return tables.read_governance(tables.read_table(tables.resolve_table("wgi-2022")))


def weighted_hhis() -> dict[str, list[tuple[str, float, float | None]]]:
    """Per material: (stage, HHI_WGI_t global supply, HHI_WGI_t EU sourcing) for every stage assessed."""
    wgi = governance()
    supply = tables.read_shares(tables.read_table(tables.resolve_table("eu-crm-2023-global-supply")))
    sourcing = tables.read_shares(tables.read_table(tables.resolve_table("eu-crm-2023-eu-sourcing")))

    def hhi(shares: list[tables.CountryShare]) -> float:
        return crm.hhi_wgi_t((s.share / 100, wgi[s.country], s.t) for s in shares)

    found: dict[str, list[tuple[str, float, float | None]]] = {}
    for material in PUBLISHED_SR:
        for stage in ("E", "P"):
            keys = [k for k in supply if k[0].lower() == material.lower() and k[1] == stage]
            if not keys:
                continue
            eu = [k for k in sourcing if k[0].lower() == material.lower() and k[1] == stage]
            found.setdefault(material, []).append((stage, hhi(supply[keys[0]]), hhi(sourcing[eu[0]]) if eu else None))
    return found


def comparison_table() -> str:
    lines = [
        "| material | stage | HHI_WGI-t global supply | HHI_WGI-t EU sourcing | SR published | "
        "published SR / larger HHI |",
        "|---|---|---|---|---|---|",
    ]
    for material, stages in weighted_hhis().items():
        bound = max(max(gs, eu or 0.0) for _, gs, eu in stages)
        for stage, gs, eu in stages:
            eu_text = "" if eu is None else f"{eu:.2f}"
            lines.append(
                f"| {material} | {stage} | {gs:.2f} | {eu_text} | {PUBLISHED_SR[material]:g} "
                f"| {PUBLISHED_SR[material] / bound:.2f} |"
            )
    return "\n".join(lines)


def test_governance_table_rescales_the_world_bank_mean_by_hand() -> None:
    wgi = governance()
    # Source column wgi_mean_0_1: China 0.4333497367799282, Russian Federation 0.29357685049374904,
    # Netherlands 0.8041839003562927; rescaled 10 * (1 - x).
    assert wgi["China"] == pytest.approx(5.6665, abs=1e-4)
    assert wgi["Russia"] == pytest.approx(7.0642, abs=1e-4)
    assert wgi["Netherlands"] == pytest.approx(1.9582, abs=1e-4)
    assert all(0 <= value <= 10 for value in wgi.values())


def test_every_country_of_the_2023_share_tables_has_a_governance_value() -> None:
    wgi = governance()
    names = set()
    for name in ("eu-crm-2023-global-supply", "eu-crm-2023-eu-sourcing"):
        for shares in tables.read_shares(tables.read_table(tables.resolve_table(name))).values():
            names |= {s.country for s in shares}
    assert sorted(names - set(wgi)) == []


def test_published_values_file_matches_the_study() -> None:
    text = tables.resolve_table("eu-crm-2023-results").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^([A-Z][\w ]+),([\d.]+),[\d.]+$", text, re.M))
    assert {material: float(value) for material, value in rows.items()} == PUBLISHED_SR


@pytest.mark.parametrize("material", sorted(PUBLISHED_SR))
def test_published_supply_risk_lies_within_the_governance_weighted_bound(material: str) -> None:
    stages = weighted_hhis()[material]
    bound = max(max(gs, eu or 0.0) for _, gs, eu in stages)
    # Half a unit of the printed digit of SR is rounding, not disagreement.
    assert 0 < PUBLISHED_SR[material] <= bound + 0.05, (material, bound)


def test_methodology_shows_the_current_comparison() -> None:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- crm2023-wgi:start -->\n(.*?)\n<!-- crm2023-wgi:end -->", text, re.S)
    assert match, "docs/methodology.md lacks the crm2023-wgi table"
    assert match.group(1) == comparison_table()


def test_score_shares_reports_weighted_hhis_without_parameters() -> None:
    """Regression: with governance but no parameter table the weighted HHIs were computed and dropped."""
    rows = tables.score_shares(
        tables.read_shares(tables.read_table(tables.resolve_table("eu-crm-2023-global-supply"))),
        tables.read_shares(tables.read_table(tables.resolve_table("eu-crm-2023-eu-sourcing"))),
        governance=governance(),
    )
    gallium = next(r for r in rows if r.material.lower() == "gallium" and r.stage == "P")
    expected_gs, expected_eu = next((gs, eu) for stage, gs, eu in weighted_hhis()["Gallium"] if stage == "P")
    assert gallium.result is None
    assert gallium.hhi_wgi_t_gs == pytest.approx(expected_gs)
    assert gallium.hhi_wgi_t_sourcing == pytest.approx(expected_eu)
