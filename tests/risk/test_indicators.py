# SPDX-License-Identifier: EUPL-1.2
"""Invariants of the concentration indicators: bounds, monotonicity, permutation invariance."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dosa.risk import indicators as ind


@st.composite
def distributions(draw: st.DrawFn, min_size: int = 1) -> list[float]:
    """Shares in percent that sum to at most 100."""
    weights = draw(st.lists(st.floats(0.0, 1.0), min_size=min_size, max_size=12))
    total = draw(st.floats(0.0, 100.0))
    scale = sum(weights)
    if scale == 0:
        return [0.0 for _ in weights]
    return [w / scale * total for w in weights]


@given(distributions())
def test_hhi_lies_between_zero_and_ten_thousand(shares: list[float]) -> None:
    value = ind.hhi(shares)
    assert 0.0 <= value <= ind.HHI_MAX
    assert value >= max(shares) ** 2 - 1e-9, "the largest holder alone sets a floor"


@given(distributions(), st.randoms(use_true_random=False))
def test_hhi_is_invariant_under_permutation(shares: list[float], rng: random.Random) -> None:
    shuffled = shares[:]
    rng.shuffle(shuffled)
    assert ind.hhi(shuffled) == pytest.approx(ind.hhi(shares), abs=1e-9)


@given(distributions(min_size=2), st.floats(0.0, 1.0))
def test_moving_share_to_the_larger_holder_never_lowers_hhi(shares: list[float], fraction: float) -> None:
    ranked = sorted(shares, reverse=True)
    moved = ranked[-1] * fraction
    concentrated = [ranked[0] + moved, *ranked[1:-1], ranked[-1] - moved]
    assert ind.hhi(concentrated) >= ind.hhi(ranked) - 1e-9


@given(distributions())
def test_hhi_bounds_bracket_the_listed_hhi(shares: list[float]) -> None:
    remainder = max(0.0, 100.0 - sum(shares))
    low, high = ind.hhi_bounds(shares, remainder)
    assert low == pytest.approx(ind.hhi(shares))
    assert low <= high <= ind.HHI_MAX


def test_hhi_of_monopoly_and_duopoly() -> None:
    assert ind.hhi([100.0]) == 10_000
    assert ind.hhi([50.0, 50.0]) == 50.0**2 * 2


def test_hhi_rejects_shares_outside_percent() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        ind.hhi([120.0])


@given(distributions(), st.floats(1.0, 100.0))
def test_holders_for_threshold(shares: list[float], threshold: float) -> None:
    result = ind.holders_for(shares, threshold)
    top = sorted(shares, reverse=True)[: result.count]
    assert result.reached == (sum(top) >= threshold)
    if result.reached and result.count > 1:
        assert sum(top[:-1]) < threshold, "one holder fewer would not reach the threshold"


def test_crma_benchmark_is_strictly_more_than_65() -> None:
    assert ind.exceeds_crma_benchmark(65.1)
    assert not ind.exceeds_crma_benchmark(65.0)


def test_governance_weighted_hhi_needs_every_country() -> None:
    shares = {"CN": 80.0, "US": 20.0}
    assert ind.governance_weighted_hhi(shares, {"CN": 6.0}) is None
    value = ind.governance_weighted_hhi(shares, {"CN": 6.0, "US": 2.0}, {"CN": 1.2})
    assert value == pytest.approx(0.8**2 * 6.0 * 1.2 + 0.2**2 * 2.0 * 1.0)


@given(st.lists(st.tuples(st.floats(0.0, 100.0, allow_subnormal=False), st.floats(0.0, 1.0)), min_size=1, max_size=8))
def test_weighted_mean_stays_within_the_values(pairs: list[tuple[float, float]]) -> None:
    mean = ind.weighted_mean(pairs)
    if sum(s for s, _ in pairs) == 0:
        assert mean is None
    else:
        assert mean is not None
        values = [v for s, v in pairs if s > 0]
        assert min(values) - 1e-9 <= mean <= max(values) + 1e-9
