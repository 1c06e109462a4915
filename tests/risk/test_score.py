# SPDX-License-Identifier: EUPL-1.2
"""The DOSA score on a small hand-made stack: classes, contributions, impact through the stack, invariants."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dosa.dataset import Dataset
from dosa.model.entities import Citation, Judgement, Share
from dosa.model.vocab import HolderKind, JudgementKind, JudgementUnit, Reliance, Scope, Stage
from dosa.risk import Assessment, Harm, Method, assess, load_method, rollups
from dosa.risk.factors import Factor
from dosa.risk.method import RiskClass, Weight
from dosa.risk.score import LEVELS, WeightedScore, risk_class, score_subject, to_level

CITE = Citation(source="survey")


def _likelihood(dataset: Dataset, method: Method, subject: str, harm: Harm = Harm.INTERRUPTION) -> float:
    return score_subject(dataset, method, subject).harms[harm].likelihood.value


def _factor(result: Assessment, subject: str, harm: Harm, name: str) -> Factor:
    outcome = result.get(subject).harms[harm]
    return next(f for f in (*outcome.likelihood.factors, *outcome.impact.factors) if f.id == name)


def test_every_subject_gets_both_harms_with_consistent_classes(assessment: Assessment, small: Dataset) -> None:
    method = assessment.method
    assert {r.subject.id for r in assessment.results} == set(small.subjects)
    for result in assessment.results:
        assert set(result.harms) == set(Harm)
        for outcome in result.harms.values():
            assert 0.0 <= outcome.likelihood.value <= 1.0
            assert 0.0 <= outcome.impact.value <= 1.0
            assert outcome.likelihood_class == to_level(outcome.likelihood.value, method.classes.likelihood)
            assert outcome.impact_class == to_level(outcome.impact.value, method.classes.impact)
            assert outcome.risk == risk_class(method, outcome.likelihood_class, outcome.impact_class)
            assert outcome.likelihood.low <= outcome.likelihood.value <= outcome.likelihood.high
            assert outcome.impact.low <= outcome.impact.value <= outcome.impact.high


def test_contributions_add_up_to_the_score(assessment: Assessment) -> None:
    for result in assessment.results:
        for outcome in result.harms.values():
            for score in (outcome.likelihood, outcome.impact):
                assert sum(score.contribution(f) for f in score.factors) == pytest.approx(score.value)


def test_results_record_method_and_dataset_version(assessment: Assessment, small: Dataset, method: Method) -> None:
    assert assessment.dataset_label == small.info.label == "risk-small 0.0.1"
    for result in assessment.results:
        assert result.method_label == method.label
        assert result.dataset_label == small.info.label


def test_ranking_is_ordered_by_risk_then_likelihood_times_impact(assessment: Assessment) -> None:
    keys = [r.order_key for r in assessment.results]
    assert keys == sorted(keys, reverse=True)
    assert [r.rank for r in assessment.results] == list(range(1, len(keys) + 1))


def test_a_raw_material_gives_no_access(assessment: Assessment) -> None:
    gallium = assessment.get("gallium").harms[Harm.ACCESS]
    assert gallium.likelihood.gate is not None
    assert gallium.likelihood.gate.value == 0.0
    assert gallium.likelihood.value == 0.0
    assert gallium.likelihood_class.value == "A"
    assert not gallium.applicable
    assert gallium.cell == "X"
    assert gallium.risk is RiskClass.LOW, "not applicable whatever the impact"
    assert gallium.impact.value > 0
    u = assessment.get("gallium").uncertainty
    assert u is not None
    assert u.harms[Harm.ACCESS].risk_probabilities[RiskClass.LOW] == 1.0


def test_impact_reaches_raw_materials_through_the_stack(assessment: Assessment, method: Method) -> None:
    """Electricity (category A) relies on chips; chips take gallium as one of two alternatives."""
    chips = _factor(assessment, "chips", Harm.INTERRUPTION, "continuity_vital_processes")
    gallium = _factor(assessment, "gallium", Harm.INTERRUPTION, "continuity_vital_processes")
    high = method.mappings.reliance[Reliance.HIGH].value
    assert chips.value == pytest.approx(high)
    assert gallium.value == pytest.approx(high * method.mappings.alternative_input_factor)
    assert "chips" in gallium.raw
    assert "vp-power" in gallium.raw
    assert any(source.startswith("requires chips->gallium") for source in gallium.sources)


def test_intensity_scales_impact_along_an_edge(assessment: Assessment, method: Method) -> None:
    """RAN equipment needs chips for half its output and national security relies medium on RAN."""
    factor = _factor(assessment, "chips", Harm.INTERRUPTION, "national_security")
    assert factor.value == pytest.approx(0.5 * method.mappings.reliance[Reliance.MEDIUM].value)


def test_confidentiality_counts_for_access_only(assessment: Assessment) -> None:
    cloud = assessment.get("cloud")
    access = {f.id for f in cloud.harms[Harm.ACCESS].impact.factors}
    interruption = {f.id for f in cloud.harms[Harm.INTERRUPTION].impact.factors}
    assert "confidentiality_sensitive_information" in access
    assert "confidentiality_sensitive_information" not in interruption
    assert _factor(assessment, "cloud", Harm.ACCESS, "confidentiality_sensitive_information").value == 1.0


def test_latest_distribution_is_chosen(assessment: Assessment) -> None:
    factor = _factor(assessment, "chips", Harm.INTERRUPTION, "country_concentration")
    assert factor.value == pytest.approx((60**2 + 20**2 + 10**2) / 10_000)
    assert "2023" in factor.raw
    assert "c7" not in factor.sources[0]


def test_company_shares_give_a_country_view_by_hq(assessment: Assessment) -> None:
    factor = _factor(assessment, "cloud", Harm.INTERRUPTION, "country_concentration")
    assert factor.value == pytest.approx(55**2 / 10_000), "the Dutch provider is inside the EU: no dependency on others"
    assert "by company HQ" in factor.raw


def test_concentration_counts_third_countries_only(small: Dataset, method: Method) -> None:
    """An EU monopoly (like ASML for EUV) is no concentration of dependence on others; a third-country one is."""
    eu = score_subject(_with_country_shares(small, [("FI", 100.0)]), method, "germanium")
    third = score_subject(_with_country_shares(small, [("TW", 100.0)]), method, "germanium")
    eu_factor = next(f for f in eu.harms[Harm.INTERRUPTION].likelihood.factors if f.id == "country_concentration")
    third_factor = next(f for f in third.harms[Harm.INTERRUPTION].likelihood.factors if f.id == "country_concentration")
    assert (eu_factor.value, third_factor.value) == (0.0, 1.0)
    hhi = next(i for i in eu.indicators if i.hhi_countries is not None)
    assert hhi.hhi_countries == (10_000.0, 10_000.0), "the plain HHI is still reported"


def test_access_threats_from_jurisdiction_cyber_and_vendor(assessment: Assessment) -> None:
    assert _factor(assessment, "cloud", Harm.ACCESS, "compelled_access").value == pytest.approx(55 / 58)
    assert _factor(assessment, "ran_equipment", Harm.ACCESS, "high_risk_vendor").value == pytest.approx(30 / 75)
    assert _factor(assessment, "ran_equipment", Harm.ACCESS, "offensive_cyber").value == pytest.approx(30 / 75)
    gate = assessment.get("ran_equipment").harms[Harm.ACCESS].likelihood.gate
    assert gate is not None
    assert gate.basis == "judgement"
    assert gate.value == pytest.approx(0.75)


def test_export_restrictions_by_third_countries_count(assessment: Assessment) -> None:
    gallium = _factor(assessment, "gallium", Harm.INTERRUPTION, "export_restrictions")
    assert gallium.value == pytest.approx(1.0), "all attributed gallium comes from CN, which restricted its export"
    assert any(source.startswith("fact f-ga-ec") for source in gallium.sources)
    germanium = _factor(assessment, "germanium", Harm.INTERRUPTION, "export_restrictions")
    assert germanium.value == 0.0, "an EU member's own export licence is no restriction on supply to the EU"
    assert germanium.high == pytest.approx(0.1), "the unattributed 10 % could come from a restricting country"


def test_missing_data_take_the_method_default_with_the_full_range(assessment: Assessment, method: Method) -> None:
    for factor in assessment.get("quantum_sensors").harms[Harm.INTERRUPTION].likelihood.factors:
        assert factor.basis == "missing"
        assert (factor.value, factor.low, factor.high) == (
            method.mappings.missing.value,
            method.mappings.missing.low,
            method.mappings.missing.high,
        )


def test_rollups_cover_every_priority_and_layer(assessment: Assessment, small: Dataset) -> None:
    for by, groups in (("priority", small.priorities), ("layer", small.layers)):
        rows = rollups(assessment, small, by)
        assert {(r.group, r.harm) for r in rows} == set(itertools.product(groups, Harm))
        for row in rows:
            members = [r for r in assessment.results if row.group in (*r.subject.priorities, r.subject.layer.value)]
            unrated = [m for m in members if m.harms[row.harm].coverage.insufficient]
            assert row.insufficient == len(unrated)
            assert sum(row.counts.values()) + row.insufficient == row.subjects
            if row.worst is not None:
                worst = assessment.get(row.worst).harms[row.harm]
                assert not worst.coverage.insufficient
                assert all(m.harms[row.harm].order_key <= worst.order_key for m in members)


# -- invariants ---------------------------------------------------------------------------------------

scores = st.floats(0.0, 1.0)


@given(st.lists(st.tuples(scores, st.floats(0.0, 2.0)), min_size=1, max_size=8), st.data())
def test_raising_a_factor_never_lowers_the_score(pairs: list[tuple[float, float]], data: st.DataObject) -> None:
    factors = tuple(
        Factor(f"f{i}", "", v, v, v, Weight(weight=w, rationale="test"), "data", ("test",))
        for i, (v, w) in enumerate(pairs)
    )
    index = data.draw(st.integers(0, len(factors) - 1))
    raised = data.draw(st.floats(factors[index].value, 1.0))
    higher = (*factors[:index], dataclasses.replace(factors[index], value=raised), *factors[index + 1 :])
    assert WeightedScore(higher).value >= WeightedScore(factors).value - 1e-12


def _with_judgement(dataset: Dataset, subject: str, kind: JudgementKind, low: float, high: float) -> Dataset:
    judgements = {k: j for k, j in dataset.judgements.items() if not (j.subject == subject and j.kind is kind)}
    judgement = Judgement(
        id="j-test", subject=subject, kind=kind, low=low, high=high, unit=JudgementUnit.SCORE_0_1,
        rationale="test", assessed_by="test", citation=Citation(source="agenda"),
    )  # fmt: skip
    return dataclasses.replace(dataset, judgements={**judgements, "j-test": judgement})


@settings(max_examples=40, deadline=None)
@given(scores, scores, scores)
def test_a_more_substitutable_subject_never_scores_a_higher_likelihood(
    small: Dataset, method: Method, a: float, b: float, width: float
) -> None:
    less, more = sorted((a, b))
    worse = _with_judgement(small, "chips", JudgementKind.SUBSTITUTABILITY, less, min(1.0, less + width * (1 - less)))
    better = _with_judgement(small, "chips", JudgementKind.SUBSTITUTABILITY, more, min(1.0, more + width * (1 - more)))
    assert _likelihood(better, method, "chips") <= _likelihood(worse, method, "chips") + 1e-12


@settings(max_examples=40, deadline=None)
@given(scores, scores)
def test_more_mutual_dependence_never_raises_the_likelihood(small: Dataset, method: Method, a: float, b: float) -> None:
    less, more = sorted((a, b))
    low = _with_judgement(small, "gallium", JudgementKind.MUTUAL_DEPENDENCE, less, less)
    high = _with_judgement(small, "gallium", JudgementKind.MUTUAL_DEPENDENCE, more, more)
    assert _likelihood(high, method, "gallium") <= _likelihood(low, method, "gallium") + 1e-12


def _with_country_shares(dataset: Dataset, holdings: list[tuple[str, float]]) -> Dataset:
    shares = {k: s for k, s in dataset.shares.items() if s.subject != "germanium"}
    for index, (country, value) in enumerate(holdings):
        share = Share(
            id=f"t{index}", subject="germanium", stage=Stage.PROCESSING, holder=country, holder_kind=HolderKind.COUNTRY,
            holder_country=country, scope=Scope.GLOBAL, year="2023", value=value, metric="production", citation=CITE,
        )  # fmt: skip
        shares[share.id] = share
    return dataclasses.replace(dataset, shares=shares)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 50.0), st.floats(0.0, 50.0), st.floats(0.0, 1.0))
def test_more_concentration_never_lowers_the_likelihood(
    small: Dataset, method: Method, tw: float, kr: float, fraction: float
) -> None:
    """Move share from the smaller to the larger of two suppliers the method rates alike (TW, KR)."""
    (big, big_share), (small_holder, small_share) = sorted([("TW", tw), ("KR", kr)], key=lambda p: -p[1])
    moved = small_share * fraction
    before = _with_country_shares(small, [(big, big_share), (small_holder, small_share)])
    after = _with_country_shares(small, [(big, big_share + moved), (small_holder, small_share - moved)])
    assert _likelihood(after, method, "germanium") >= _likelihood(before, method, "germanium") - 1e-12


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(4)))
def test_the_score_is_invariant_under_permutation_of_holders(small: Dataset, method: Method, order: list[int]) -> None:
    holdings = [("TW", 40.0), ("KR", 25.0), ("US", 20.0), ("CN", 15.0)]
    base = _with_country_shares(small, holdings)
    permuted = _with_country_shares(small, [holdings[i] for i in order])
    for harm in Harm:
        assert _likelihood(permuted, method, "germanium", harm) == pytest.approx(
            _likelihood(base, method, "germanium", harm)
        )


def test_levels_follow_the_boundaries(method: Method) -> None:
    bounds = method.classes.likelihood
    assert to_level(0.0, bounds) == LEVELS[0]
    assert to_level(1.0, bounds) == LEVELS[4]
    for index, bound in enumerate(bounds):
        assert to_level(bound, bounds) == LEVELS[index + 1]
        assert to_level(bound - 1e-9, bounds) == LEVELS[index]


def test_a_user_method_changes_the_result_and_its_label(small: Dataset, method: Method, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "extends: dosa-risk-1.0.0\nversion: 1.0.0-mine\n"
        "harms:\n  interruption:\n    likelihood:\n"
        "      mutual_dependence: {weight: 0, range: [0, 0], rationale: ignored here}\n",
        encoding="utf-8",
    )
    mine = load_method(path)
    assert mine.label == "dosa-risk 1.0.0-mine"
    default = assess(small, method, uncertainty=False).get("gallium").harms[Harm.INTERRUPTION].likelihood.value
    changed = assess(small, mine, uncertainty=False).get("gallium")
    assert changed.method_label == mine.label
    assert changed.harms[Harm.INTERRUPTION].likelihood.value != pytest.approx(default)
