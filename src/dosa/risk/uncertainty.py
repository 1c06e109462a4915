# SPDX-License-Identifier: EUPL-1.2
"""Uncertainty: a seeded Monte Carlo over factor ranges and weight ranges, and a weight sensitivity.

Each draw takes every weight uniformly from its range in the method file (one draw for all subjects,
as a different weighting is a different view of all of them) and every factor uniformly from its
range (judgement ranges, unattributed supply, missing data), independently per subject. From the
draws come each score's interval, each subject's rank interval and its probability of being in the
top k; a ranking whose top k does not hold in most draws is reported as not stable.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from dosa.risk.factors import Factor
from dosa.risk.method import Harm, Method, RiskClass
from dosa.risk.score import (
    LEVELS,
    Assessment,
    HarmResult,
    HarmUncertainty,
    Stability,
    SubjectResult,
    SubjectUncertainty,
    risk_class,
    to_level,
)

WeightKey = tuple[Harm, str, str]
"""(harm, 'likelihood' or 'impact', factor or criterion name)."""


def weight_keys(method: Method) -> list[tuple[WeightKey, float, float, float]]:
    """Every weight of the method as (key, weight, low, high)."""
    keys = []
    for harm in Harm:
        spec = method.harms.of(harm)
        for name, weight in spec.likelihood.items():
            keys.append(((harm, "likelihood", name), weight.weight, weight.low, weight.high))
        for criterion, weight in spec.impact.items():
            keys.append(((harm, "impact", criterion.value), weight.weight, weight.low, weight.high))
    return keys


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def _mean(
    factors: Sequence[Factor], weights: dict[WeightKey, float], harm: Harm, part: str, pick: Callable[[Factor], float]
) -> float:
    total = 0.0
    weighted = 0.0
    for factor in factors:
        w = weights[(harm, part, factor.id)]
        total += w
        weighted += w * pick(factor)
    return weighted / total if total > 0 else 0.0


def evaluate(
    method: Method,
    result: HarmResult,
    weights: dict[WeightKey, float],
    pick: Callable[[Factor], float],
) -> tuple[float, float, RiskClass, tuple[int, float]]:
    """Likelihood, impact, risk class and order key of one harm under given weights and factor values."""
    harm = result.harm
    gate = pick(result.likelihood.gate) if result.likelihood.gate is not None else 1.0
    likelihood = gate * _mean(result.likelihood.factors, weights, harm, "likelihood", pick)
    impact = _mean(result.impact.factors, weights, harm, "impact", pick)
    lc = to_level(likelihood, method.classes.likelihood)
    ic = to_level(impact, method.classes.impact)
    risk = risk_class(method, lc, ic) if result.applicable else RiskClass.LOW
    key = (-1, 0.0) if result.coverage.insufficient else (risk.order, likelihood * impact)
    return likelihood, impact, risk, key


def _ranks(keys: Sequence[tuple[int, float]], ids: Sequence[str]) -> list[int]:
    order = sorted(range(len(keys)), key=lambda i: (-keys[i][0], -keys[i][1], ids[i]))
    ranks = [0] * len(keys)
    for position, index in enumerate(order, start=1):
        ranks[index] = position
    return ranks


@dataclass(frozen=True)
class _Plan:
    """One harm of one subject reduced to plain numbers for fast drawing."""

    likelihood: tuple[tuple[int, float, float], ...]
    """(index of the weight, low, high) per factor."""
    impact: tuple[tuple[int, float, float], ...]
    gate: tuple[float, float] | None
    applicable: bool
    insufficient: bool
    """Rests on defaults alone: ranks below every rated harm in each draw, as in the point ranking."""

    @classmethod
    def of(cls, result: HarmResult, spec: Sequence[tuple[WeightKey, float, float, float]]) -> _Plan:
        index = {key: i for i, (key, *_) in enumerate(spec)}
        gate = result.likelihood.gate
        return cls(
            tuple((index[(result.harm, "likelihood", f.id)], f.low, f.high) for f in result.likelihood.factors),
            tuple((index[(result.harm, "impact", f.id)], f.low, f.high) for f in result.impact.factors),
            None if gate is None else (gate.low, gate.high),
            result.applicable,
            result.coverage.insufficient,
        )


def _draw(bounds: tuple[float, float], uniform: Callable[[float, float], float]) -> float:
    return bounds[0] if bounds[0] == bounds[1] else uniform(bounds[0], bounds[1])


def _weighted(
    factors: Sequence[tuple[int, float, float]], weights: Sequence[float], uniform: Callable[[float, float], float]
) -> float:
    total = weighted = 0.0
    for index, low, high in factors:
        w = weights[index]
        total += w
        weighted += w * (low if low == high else uniform(low, high))
    return weighted / total if total > 0 else 0.0


def monte_carlo(assessment: Assessment, *, draws: int | None = None, seed: int | None = None) -> Assessment:
    """Return the assessment with every subject's intervals, rank interval and P(top k) filled in."""
    method = assessment.method
    settings = method.uncertainty
    draws = draws or settings.draws
    rng = random.Random(settings.seed if seed is None else seed)
    results = assessment.results
    ids = [r.subject.id for r in results]
    keys_spec = weight_keys(method)
    top_k = min(settings.top_k, len(results))
    samples: dict[tuple[int, Harm], tuple[list[float], list[float], list[RiskClass]]] = {
        (i, harm): ([], [], []) for i in range(len(results)) for harm in Harm
    }
    ranks: list[list[int]] = [[] for _ in results]

    plans = [[_Plan.of(result.harms[harm], keys_spec) for harm in Harm] for result in results]
    matrix = [[risk_class(method, lc, ic) for ic in LEVELS] for lc in LEVELS]
    l_bounds, i_bounds = method.classes.likelihood, method.classes.impact
    uniform = rng.uniform
    for _ in range(draws):
        weights = [w if low == high else uniform(low, high) for _, w, low, high in keys_spec]
        keys = []
        for i, harm_plans in enumerate(plans):
            best = (-1, -1.0)
            for harm, plan in zip(Harm, harm_plans, strict=True):
                gate = 1.0 if plan.gate is None else _draw(plan.gate, uniform)
                likelihood = gate * _weighted(plan.likelihood, weights, uniform)
                impact = _weighted(plan.impact, weights, uniform)
                if plan.applicable:
                    risk = matrix[bisect.bisect_right(l_bounds, likelihood)][bisect.bisect_right(i_bounds, impact)]
                else:
                    risk = RiskClass.LOW
                store = samples[(i, harm)]
                store[0].append(likelihood)
                store[1].append(impact)
                store[2].append(risk)
                best = max(best, (-1, 0.0) if plan.insufficient else (risk.order, likelihood * impact))
            keys.append(best)
        for i, position in enumerate(_ranks(keys, ids)):
            ranks[i].append(position)

    low_q, high_q = settings.interval
    updated = []
    for i, result in enumerate(results):
        harms = {}
        for harm in Harm:
            likelihoods, impacts, risks = samples[(i, harm)]
            l_interval = (_quantile(likelihoods, low_q), _quantile(likelihoods, high_q))
            i_interval = (_quantile(impacts, low_q), _quantile(impacts, high_q))
            harms[harm] = HarmUncertainty(
                likelihood=l_interval,
                impact=i_interval,
                likelihood_classes=(
                    to_level(l_interval[0], method.classes.likelihood),
                    to_level(l_interval[1], method.classes.likelihood),
                ),
                impact_classes=(
                    to_level(i_interval[0], method.classes.impact),
                    to_level(i_interval[1], method.classes.impact),
                ),
                risk_probabilities={c: risks.count(c) / draws for c in RiskClass},
            )
        rank_interval = (round(_quantile(ranks[i], low_q)), round(_quantile(ranks[i], high_q)))
        p_top = sum(position <= top_k for position in ranks[i]) / draws
        updated.append(replace(result, uncertainty=SubjectUncertainty(harms, rank_interval, p_top)))
    unstable = tuple(
        (r.subject.id, r.uncertainty.p_top_k)
        for r in updated[:top_k]
        if r.uncertainty is not None and r.uncertainty.p_top_k < settings.stable_probability
    )
    stability = Stability(top_k=top_k, draws=draws, stable=not unstable, unstable=unstable)
    return replace(assessment, results=tuple(updated), stability=stability)


@dataclass(frozen=True)
class WeightSensitivity:
    """How far the ranking moves when one weight goes to the ends of its range, all else fixed."""

    harm: Harm
    part: str
    name: str
    weight: float
    low: float
    high: float
    mean_rank_shift: float
    """Mean over subjects of |rank change|, the larger of the two ends."""
    max_rank_shift: int
    class_changes: int
    """Subjects whose risk class (for this harm) changes at either end of the range."""


def _point(factor: Factor) -> float:
    return factor.value


def _point_ranking(
    method: Method, results: Sequence[SubjectResult], weights: dict[WeightKey, float]
) -> tuple[list[int], list[dict[Harm, RiskClass]]]:
    keys = []
    classes = []
    for result in results:
        best = (-1, -1.0)
        risks = {}
        for harm in Harm:
            _, _, risk, key = evaluate(method, result.harms[harm], weights, _point)
            risks[harm] = risk
            best = max(best, key)
        keys.append(best)
        classes.append(risks)
    return _ranks(keys, [r.subject.id for r in results]), classes


def sensitivity(assessment: Assessment) -> list[WeightSensitivity]:
    """Every weight, the one that moves the ranking most first."""
    method = assessment.method
    results = assessment.results
    spec = weight_keys(method)
    base = {key: w for key, w, _, _ in spec}
    base_ranks, base_classes = _point_ranking(method, results, base)
    rows = []
    for key, weight, low, high in spec:
        shifts_mean = []
        shifts_max = 0
        changed: set[int] = set()
        for end in (low, high):
            ranks, classes = _point_ranking(method, results, {**base, key: end})
            moves = [abs(a - b) for a, b in zip(ranks, base_ranks, strict=True)]
            shifts_mean.append(sum(moves) / len(moves) if moves else 0.0)
            shifts_max = max(shifts_max, max(moves, default=0))
            changed |= {i for i, c in enumerate(classes) if c[key[0]] != base_classes[i][key[0]]}
        rows.append(
            WeightSensitivity(
                harm=key[0],
                part=key[1],
                name=key[2],
                weight=weight,
                low=low,
                high=high,
                mean_rank_shift=max(shifts_mean),
                max_rank_shift=shifts_max,
                class_changes=len(changed),
            )
        )
    return sorted(rows, key=lambda r: (-r.mean_rank_shift, -r.class_changes, r.harm, r.part, r.name))
