# SPDX-License-Identifier: EUPL-1.2
"""The EU critical-raw-materials method reproduces the published 2017 numbers and reads the 2023 tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dosa.errors import InputError
from dosa.risk import crm
from dosa.risk import crm_tables as tables
from shared_material import SHARED

CRM_EXAMPLES = SHARED / "guides" / "crm-2017-examples.csv"
CRM_2023 = SHARED / "research-data" / "eu-crm-2023"

TOLERANCE = 0.25
"""Published SR values are rounded to one decimal and so are their inputs (METHODS.md)."""


def _examples() -> Path:
    if not CRM_EXAMPLES.is_file():
        pytest.skip(f"needs the published example rows at {CRM_EXAMPLES} (../shared next to the repository)")
    return CRM_EXAMPLES


def _published_rows() -> list[dict[str, str]]:
    lines = [line for line in _examples().read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _results() -> dict[str, crm.CrmResult]:
    items = tables.assessment_inputs(tables.read_table(_examples()))
    return {r.input.material: r for r in crm.mark_bottlenecks([crm.assess_material(i) for i in items])}


def test_packaged_examples_are_the_published_rows() -> None:
    packaged = tables.resolve_table("eu-crm-2017-examples")
    assert packaged.read_bytes() == _examples().read_bytes()


def test_the_ten_example_rows_are_all_read() -> None:
    rows = _published_rows()
    assert len(rows) == 10
    assert set(_results()) == {row["material"] for row in rows}


@pytest.mark.parametrize(
    ("column", "scope"), [("sr", None), ("sr_gs_only", "GS"), ("sr_eu_only", "EU"), ("sr_gs_and_eu", "GS+EU")]
)
def test_supply_risk_within_tolerance_of_the_published_value(column: str, scope: str | None) -> None:
    results = _results()
    checked = 0
    for row in _published_rows():
        if not row[column]:
            continue
        result = results[row["material"]]
        computed = result.sr if scope is None else result.scopes[scope]
        assert computed is not None, row["material"]
        assert abs(computed.value - float(row[column])) <= TOLERANCE, (row["material"], column, computed.value)
        checked += 1
    assert checked == 10


def test_the_scope_used_is_the_published_one() -> None:
    results = _results()
    for row in _published_rows():
        assert results[row["material"]].scope_used == row["supply_data_used_in_sr"]


def test_criticality_as_published() -> None:
    """Criticality matches wherever the rounded inputs decide it; where the rounding interval straddles
    SR = 1.0 the calculator says 'borderline' and the published SR must lie in that interval."""
    results = _results()
    for row in _published_rows():
        result = results[row["material"]]
        published = "yes" if float(row["sr"]) >= 1.0 and float(row["ei"]) >= 2.8 else "no"
        assert result.published_critical == published
        if result.critical == "borderline":
            assert result.sr is not None
            assert crm.round1(result.sr.low) <= float(row["sr"]) <= crm.round1(result.sr.high)
            assert result.agrees == "within rounding"
        else:
            assert result.critical == published, row["material"]
            assert result.agrees == "yes"


def test_rounding_interval_contains_the_point_value() -> None:
    for result in _results().values():
        for scope in result.scopes.values():
            assert scope.low <= scope.value <= scope.high


measures = st.floats(0.0, 10.0)
fractions = st.floats(0.0, 1.0)


@given(measures, measures, fractions, fractions, fractions)
def test_combined_supply_risk_lies_between_the_two_scopes(
    gs: float, eu: float, ir: float, eol: float, si: float
) -> None:
    combined = crm.sr_gs_and_sourcing(gs, eu, ir, eol, si)
    low, high = sorted((crm.sr_gs_only(gs, eol, si), crm.sr_sourcing_only(eu, eol, si)))
    assert low - 1e-9 <= combined <= high + 1e-9
    assert crm.sr_gs_and_sourcing(gs, eu, 0.0, eol, si) == pytest.approx(crm.sr_sourcing_only(eu, eol, si))


@given(measures, measures, fractions, fractions, fractions, st.floats(0.0, 5.0))
def test_supply_risk_rises_with_concentration(
    gs: float, eu: float, ir: float, eol: float, si: float, more: float
) -> None:
    base = crm.sr_gs_and_sourcing(gs, eu, ir, eol, si)
    assert crm.sr_gs_and_sourcing(gs + more, eu, ir, eol, si) >= base - 1e-9
    assert crm.sr_gs_and_sourcing(gs, eu + more, ir, eol, si) >= base - 1e-9


def test_import_reliance_is_never_negative() -> None:
    assert crm.import_reliance(domestic=10, imports=5, exports=8) == 0.0
    assert crm.import_reliance(domestic=0, imports=5, exports=0) == 1.0


def test_round_half_up() -> None:
    assert crm.round1(0.95) == 1.0
    assert crm.round1(2.75) == 2.8


# -- the 2023 country-share tables ---------------------------------------------------------------


def _appendix(name: str) -> Path:
    path = CRM_2023 / name
    if not path.is_file():
        pytest.skip(f"needs the 2023 appendix tables at {CRM_2023} (../shared next to the repository)")
    return path


def _largest_from_file(material: str, stage: str) -> tuple[str, float]:
    lines = [
        line
        for line in _appendix("global_supply_shares_t.csv").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    rows = [r for r in csv.DictReader(lines) if r["Material"] == material and r["Stage"] == stage]
    rows = [r for r in rows if r["Country"] not in tables.EU27 and not r["Share"].startswith("<")]
    best = max(rows, key=lambda r: float(r["Share"].rstrip("%")))
    return best["Country"], float(best["Share"].rstrip("%"))


def test_crma_single_country_check_on_the_2023_gallium_data() -> None:
    global_supply = tables.read_shares(tables.read_table(_appendix("global_supply_shares_t.csv")))
    sourcing = tables.read_shares(tables.read_table(_appendix("eu_sourcing_shares_t.csv")))
    rows = {(r.material, r.stage): r for r in tables.score_shares(global_supply, sourcing)}
    gallium = rows[("Gallium", "P")]
    assert gallium.largest_third_country == _largest_from_file("Gallium", "P")
    assert gallium.crma_65_global is (gallium.largest_third_country[1] > 65)
    assert gallium.result is None, "no governance values, so no SR"
    for row in rows.values():
        if row.largest_third_country is not None:
            assert row.crma_65_global == (row.largest_third_country[1] > crm.CRMA_SINGLE_THIRD_COUNTRY)


def test_packaged_2023_tables_are_the_shared_ones() -> None:
    for name, file in (
        ("eu-crm-2023-global-supply", "global_supply_shares_t.csv"),
        ("eu-crm-2023-eu-sourcing", "eu_sourcing_shares_t.csv"),
        ("eu-crm-2023-end-uses", "material_use_shares_va.csv"),
    ):
        assert tables.resolve_table(name).read_bytes() == _appendix(file).read_bytes()


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shares_with_governance_give_the_guidelines_hhi_and_sr(tmp_path: Path) -> None:
    shares = _csv(
        tmp_path, "gs.csv", "# test data\nMaterial,Stage,Country,Share,t\nX,P,China,80%,1.2\nX,P,Germany,20%,0.8\n"
    )
    eu = _csv(tmp_path, "eu.csv", "Material,Stage,Country,Share,t\nX,P,China,50%,1.2\nX,P,Germany,50%,0.8\n")
    wgi = _csv(tmp_path, "wgi.csv", "country,wgi\nChina,6.0\nGermany,1.5\n")
    params = _csv(tmp_path, "p.csv", "material,import_reliance_pct,eol_rir_pct,si_sr,si_ei\nX,60,10,0.9,1.0\n")
    rows = tables.score_shares(
        tables.read_shares(tables.read_table(shares)),
        tables.read_shares(tables.read_table(eu)),
        tables.read_governance(tables.read_table(wgi)),
        tables.read_parameters(tables.read_table(params)),
    )
    (row,) = rows
    hhi_gs = 0.8**2 * 6.0 * 1.2 + 0.2**2 * 1.5 * 0.8
    hhi_eu = 0.5**2 * 6.0 * 1.2 + 0.5**2 * 1.5 * 0.8
    assert row.result is not None
    assert row.result.sr is not None
    assert row.result.scope_used == "GS+EU"
    assert row.result.sr.value == pytest.approx((hhi_gs * 0.3 + hhi_eu * 0.7) * 0.9 * 0.9)
    assert row.sourcing_from_eu == 50.0
    assert row.crma_domestic == "pass"
    assert row.crma_recycling == "fail"


def test_missing_governance_is_named(tmp_path: Path) -> None:
    shares = _csv(tmp_path, "gs.csv", "Material,Stage,Country,Share,t\nX,E,Chile,70%,1.0\nX,E,Peru,30%,1.0\n")
    wgi = _csv(tmp_path, "wgi.csv", "country,wgi\nChile,3.0\n")
    params = _csv(tmp_path, "p.csv", "material,import_reliance_pct,eol_rir_pct,si_sr\nX,100,0,1.0\n")
    (row,) = tables.score_shares(
        tables.read_shares(tables.read_table(shares)),
        governance=tables.read_governance(tables.read_table(wgi)),
        parameters=tables.read_parameters(tables.read_table(params)),
    )
    assert row.missing_governance == ("Peru",)
    assert row.result is None


def test_economic_importance_from_the_2023_end_uses() -> None:
    uses, largest = tables.read_end_uses(tables.read_table(_appendix("material_use_shares_va.csv")))
    lines = [
        line
        for line in _appendix("material_use_shares_va.csv").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines))
    gallium = [r for r in rows if r["Material"] == "Gallium"]
    expected = sum(float(r["Share"].rstrip("%")) / 100 * float(r["VA_million_EUR"]) for r in gallium) / largest * 10
    assert crm.economic_importance(uses["gallium"], 1.0, largest) == pytest.approx(expected)
    assert largest == max(float(r["VA_million_EUR"]) for r in rows if r["VA_million_EUR"])


def test_national_variant_uses_dutch_sourcing(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "nl.csv",
        "material,import_reliance_pct,eol_rir_pct,si_sr,hhi_wgi_t_gs,hhi_wgi_t_nl,import_reliance_nl_pct,ei\n"
        "X,50,0,1.0,2.0,4.0,100,3.0\n",
    )
    (item,) = tables.assessment_inputs(tables.read_table(path), national=True)
    result = crm.assess_material(item)
    assert result.scope_used == "GS+NL"
    assert result.sr is not None
    assert result.sr.value == pytest.approx(2.0 * 0.5 + 4.0 * 0.5)
    with pytest.raises(InputError) as caught:
        tables.assessment_inputs(tables.read_table(_examples()), national=True)
    assert "hhi_wgi_t_nl" in caught.value.message
    assert "import_reliance_nl_pct" in caught.value.message


def test_every_bad_cell_is_reported_at_once(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "bad.csv",
        "# comment\nmaterial,import_reliance_pct,eol_rir_pct,si_sr,hhi_wgi_t_gs\n"
        "A,50,x,1.0,2\n,50,0,1.0,2\nB,50,0,1.7,2\n",
    )
    with pytest.raises(InputError) as caught:
        tables.assessment_inputs(tables.read_table(path))
    message = caught.value.message
    assert "bad.csv:3 [eol_rir_pct]" in message
    assert "bad.csv:4 [material]" in message
    assert "bad.csv:5 [si_sr]" in message


def test_an_unknown_layout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no known layout"):
        tables.layout(tables.read_table(_csv(tmp_path, "x.csv", "a,b\n1,2\n")))
