# SPDX-License-Identifier: EUPL-1.2
"""The seeded Monte Carlo and the weight sensitivity."""

from __future__ import annotations

import pytest

from dosa.dataset import Dataset
from dosa.risk import Assessment, Harm, Method, assess, sensitivity
from dosa.risk.method import RiskClass
from dosa.risk.uncertainty import weight_keys


def test_every_subject_gets_intervals_and_a_rank_interval(assessment: Assessment) -> None:
    n = len(assessment.results)
    for result in assessment.results:
        u = result.uncertainty
        assert u is not None
        assert 1 <= u.rank[0] <= u.rank[1] <= n
        assert 0.0 <= u.p_top_k <= 1.0
        for harm in Harm:
            h = u.harms[harm]
            assert 0.0 <= h.likelihood[0] <= h.likelihood[1] <= 1.0
            assert 0.0 <= h.impact[0] <= h.impact[1] <= 1.0
            assert sum(h.risk_probabilities.values()) == pytest.approx(1.0)
            outcome = result.harms[harm]
            assert outcome.likelihood.low - 1e-9 <= h.likelihood[0]
            assert h.likelihood[1] <= outcome.likelihood.high + 1e-9


def test_probabilities_of_the_top_k_sum_to_k(small: Dataset, method: Method) -> None:
    """Every draw puts exactly k subjects in the top k."""
    result = assess(small, method, draws=100, seed=7)
    assert result.stability is not None
    k = result.stability.top_k
    assert sum(r.uncertainty.p_top_k for r in result.results if r.uncertainty) == pytest.approx(k)


def test_the_monte_carlo_is_reproducible_with_its_seed(small: Dataset, method: Method) -> None:
    def snapshot(seed: int) -> list[tuple[float, ...]]:
        result = assess(small, method, draws=60, seed=seed)
        return [
            (*r.uncertainty.harms[Harm.INTERRUPTION].likelihood, r.uncertainty.p_top_k)
            for r in result.results
            if r.uncertainty
        ]

    assert snapshot(11) == snapshot(11)
    assert snapshot(11) != snapshot(12)


def test_a_fixed_judgement_gives_a_narrower_interval(small: Dataset, method: Method) -> None:
    """Gallium's judged ranges are narrow; quantum sensors have no data at all."""
    result = assess(small, method, draws=200)

    def width(subject: str) -> float:
        u = result.get(subject).uncertainty
        assert u is not None
        low, high = u.harms[Harm.INTERRUPTION].likelihood
        return high - low

    assert width("gallium") < width("quantum_sensors")


def test_stability_is_reported(small: Dataset, method: Method) -> None:
    result = assess(small, method, draws=100)
    assert result.stability is not None
    stable = all(
        r.uncertainty and r.uncertainty.p_top_k >= method.uncertainty.stable_probability
        for r in result.results[: result.stability.top_k]
    )
    assert result.stability.stable == stable
    assert ("not stable" in result.stability.statement) != stable


def test_an_unstable_ranking_says_so(small: Dataset, method: Method) -> None:
    """With a top 1 and the two high-risk subjects close together, the top is not stable."""
    narrow = method.model_copy(update={"uncertainty": method.uncertainty.model_copy(update={"top_k": 1})})
    result = assess(small, narrow, draws=300)
    assert result.stability is not None
    leader = result.results[0]
    assert leader.uncertainty is not None
    assert result.stability.stable == (leader.uncertainty.p_top_k >= narrow.uncertainty.stable_probability)
    if not result.stability.stable:
        assert leader.subject.id in result.stability.statement


def test_sensitivity_covers_every_weight_largest_first(assessment: Assessment, method: Method) -> None:
    rows = sensitivity(assessment)
    assert {(r.harm, r.part, r.name) for r in rows} == {key for key, *_ in weight_keys(method)}
    shifts = [r.mean_rank_shift for r in rows]
    assert shifts == sorted(shifts, reverse=True)
    n = len(assessment.results)
    for row in rows:
        assert 0 <= row.max_rank_shift < n
        assert 0 <= row.class_changes <= n


def test_risk_probabilities_use_every_class(assessment: Assessment) -> None:
    result = assessment.results[0]
    assert result.uncertainty is not None
    assert set(result.uncertainty.harms[Harm.INTERRUPTION].risk_probabilities) == set(RiskClass)
