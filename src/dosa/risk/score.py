# SPDX-License-Identifier: EUPL-1.2
"""The DOSA score: likelihood and impact per harm, their A-E classes, the risk cell and class, rollups.

For each harm a likelihood and an impact score on 0..1 are weighted means of their factors
(:class:`WeightedScore`): a factor's *contribution* is ``weight * value / sum of weights`` (times the
access gate for the access likelihood), so the contributions add up to the score. Scores map to the
classes A-E by the method's boundaries, and the cell (likelihood class, impact class) to a risk
class by the method's risk matrix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dosa.dataset.model import Dataset
from dosa.errors import UnknownIdError
from dosa.model.entities import Subject
from dosa.risk.coverage import Coverage, coverage_of
from dosa.risk.factors import Factor, StackGraph, StageIndicators, SubjectFactors
from dosa.risk.method import Harm, Level, Method, RiskClass, load_method

LEVELS = tuple(Level)


def to_level(value: float, bounds: Sequence[float]) -> Level:
    """Class A-E of a 0..1 score: the number of lower bounds (of B, C, D, E) it reaches."""
    return LEVELS[sum(value >= bound for bound in bounds)]


def risk_class(method: Method, likelihood: Level, impact: Level) -> RiskClass:
    return method.classes.risk_matrix[likelihood][LEVELS.index(impact)]


@dataclass(frozen=True)
class WeightedScore:
    """A weighted mean of factors, optionally multiplied by a gate factor."""

    factors: tuple[Factor, ...]
    gate: Factor | None = None

    @property
    def total_weight(self) -> float:
        return sum(f.weight.weight for f in self.factors)

    @property
    def gate_value(self) -> float:
        return self.gate.value if self.gate is not None else 1.0

    def contribution(self, factor: Factor) -> float:
        total = self.total_weight
        return self.gate_value * factor.weight.weight * factor.value / total if total else 0.0

    @property
    def value(self) -> float:
        return sum(self.contribution(f) for f in self.factors)

    @property
    def coverage(self) -> float:
        """Share of the weight resting on data or judgements rather than the method's missing-data default."""
        total = self.total_weight
        known = sum(f.weight.weight for f in self.factors if f.basis != "missing")
        return known / total if total else 0.0

    @property
    def applicable(self) -> bool:
        """False when no value in any range lets the score rise above 0 (e.g. no access channel at all)."""
        return self.high > 0.0

    @property
    def low(self) -> float:
        """The score with every factor (and the gate) at the low end of its range."""
        return _evaluate(self, lambda f: f.low)

    @property
    def high(self) -> float:
        return _evaluate(self, lambda f: f.high)


def _evaluate(score: WeightedScore, pick: object) -> float:
    assert callable(pick)
    total = score.total_weight
    if not total:
        return 0.0
    gate = pick(score.gate) if score.gate is not None else 1.0
    return float(gate * sum(f.weight.weight * pick(f) for f in score.factors) / total)


@dataclass(frozen=True)
class HarmResult:
    harm: Harm
    likelihood: WeightedScore
    impact: WeightedScore
    likelihood_class: Level
    impact_class: Level
    risk: RiskClass
    coverage: Coverage
    """What the likelihood rests on; ``coverage.insufficient`` marks a rating on defaults alone."""

    @property
    def applicable(self) -> bool:
        return self.likelihood.applicable

    @property
    def rated(self) -> bool:
        """Applicable and resting on more than the method's defaults: a finding, not a placeholder."""
        return self.applicable and not self.coverage.insufficient

    @property
    def cell(self) -> str:
        """The cell of the risk diagram, likelihood class first (e.g. 'DC'); 'X' when not applicable."""
        return f"{self.likelihood_class.value}{self.impact_class.value}" if self.applicable else "X"

    @property
    def order_key(self) -> tuple[int, float]:
        """Risk class first, then likelihood x impact to order subjects within a class.

        A rating on defaults alone ranks below every real rating: it is no finding.
        """
        if self.coverage.insufficient:
            return (-1, 0.0)
        return (self.risk.order, self.likelihood.value * self.impact.value)


@dataclass(frozen=True)
class HarmUncertainty:
    """What the Monte Carlo says about one harm of one subject."""

    likelihood: tuple[float, float]
    impact: tuple[float, float]
    likelihood_classes: tuple[Level, Level]
    impact_classes: tuple[Level, Level]
    risk_probabilities: dict[RiskClass, float]


@dataclass(frozen=True)
class SubjectUncertainty:
    harms: dict[Harm, HarmUncertainty]
    rank: tuple[int, int]
    """Rank at the interval's low and high quantile (1 = highest risk)."""
    p_top_k: float


@dataclass(frozen=True)
class SubjectResult:
    subject: Subject
    harms: dict[Harm, HarmResult]
    indicators: tuple[StageIndicators, ...]
    method_label: str
    dataset_label: str
    rank: int = 0
    uncertainty: SubjectUncertainty | None = None

    @property
    def order_key(self) -> tuple[int, float]:
        return max(result.order_key for result in self.harms.values())

    @property
    def risk(self) -> RiskClass:
        """The higher risk class of the harms rated on data or judgement (of all harms if none is)."""
        rated = [r.risk for r in self.harms.values() if not r.coverage.insufficient] or [
            r.risk for r in self.harms.values()
        ]
        return max(rated, key=lambda c: c.order)

    @property
    def insufficient(self) -> bool:
        """True when every harm's rating rests on the method's defaults alone."""
        return all(r.coverage.insufficient for r in self.harms.values())

    @property
    def crma_65(self) -> bool | None:
        """Whether any stage has one third country above the CRMA's 65 % benchmark (None: no data)."""
        flags = [i.exceeds_crma_65 for i in self.indicators if i.exceeds_crma_65 is not None]
        return any(flags) if flags else None


@dataclass(frozen=True)
class Stability:
    top_k: int
    draws: int
    stable: bool
    unstable: tuple[tuple[str, float], ...]
    """Subjects in the point top k that fall out of it too often: (id, probability in the top k)."""

    @property
    def statement(self) -> str:
        if self.stable:
            return f"The top {self.top_k} is stable: each subject in it stays in the top {self.top_k} in most draws."
        named = ", ".join(f"{s} ({p:.0%})" for s, p in self.unstable)
        return f"The top {self.top_k} is not stable: {named} leave it in many of {self.draws} draws."


@dataclass(frozen=True)
class Assessment:
    """Every subject's result, ranked, with the method and dataset that produced it."""

    method: Method
    dataset_label: str
    results: tuple[SubjectResult, ...]
    stability: Stability | None = None
    notes: tuple[str, ...] = field(default=())

    def get(self, subject: str) -> SubjectResult:
        for result in self.results:
            if result.subject.id == subject:
                return result
        import difflib

        close = difflib.get_close_matches(subject, [r.subject.id for r in self.results], n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "list subjects with 'dosa subjects'"
        raise UnknownIdError(f"no subject '{subject}' in the dataset", hint=hint)


def harm_result(method: Method, harm: Harm, likelihood: WeightedScore, impact: WeightedScore) -> HarmResult:
    """Classes and risk of one harm. A harm whose likelihood cannot rise above 0 is not applicable (X in the
    national risk assessment) and gets the lowest risk class whatever its impact."""
    lc = to_level(likelihood.value, method.classes.likelihood)
    ic = to_level(impact.value, method.classes.impact)
    risk = risk_class(method, lc, ic) if likelihood.applicable else RiskClass.LOW
    coverage = coverage_of(likelihood.factors, method.reporting.sourced_min_data_share)
    return HarmResult(harm, likelihood, impact, lc, ic, risk, coverage)


def score_subject(dataset: Dataset, method: Method, subject: str, graph: StackGraph | None = None) -> SubjectResult:
    """Score one subject for both harms."""
    graph = graph or StackGraph(dataset, method)
    factors = SubjectFactors(dataset, method, subject)
    reach = graph.reach(subject)
    harms = {
        Harm.INTERRUPTION: harm_result(
            method,
            Harm.INTERRUPTION,
            WeightedScore(tuple(factors.interruption())),
            WeightedScore(tuple(factors.impact(Harm.INTERRUPTION, reach))),
        ),
        Harm.ACCESS: harm_result(
            method,
            Harm.ACCESS,
            WeightedScore(tuple(factors.access()), gate=factors.access_gate()),
            WeightedScore(tuple(factors.impact(Harm.ACCESS, reach))),
        ),
    }
    return SubjectResult(
        subject=dataset.subjects[subject],
        harms=harms,
        indicators=tuple(factors.indicators),
        method_label=method.label,
        dataset_label=dataset.info.label,
    )


def rank(results: Iterable[SubjectResult]) -> list[SubjectResult]:
    """Highest risk first; ties by subject id so the order is deterministic."""
    ordered = sorted(results, key=lambda r: (tuple(-x for x in r.order_key), r.subject.id))
    from dataclasses import replace

    return [replace(result, rank=position) for position, result in enumerate(ordered, start=1)]


def assess(
    dataset: Dataset,
    method: Method | None = None,
    *,
    uncertainty: bool = True,
    draws: int | None = None,
    seed: int | None = None,
) -> Assessment:
    """Score and rank every subject of ``dataset``; with ``uncertainty``, run the seeded Monte Carlo."""
    method = method or load_method()
    graph = StackGraph(dataset, method)
    results = rank(score_subject(dataset, method, subject, graph) for subject in sorted(dataset.subjects))
    assessment = Assessment(method, dataset.info.label, tuple(results))
    if uncertainty and results:
        from dosa.risk.uncertainty import monte_carlo

        assessment = monte_carlo(assessment, draws=draws, seed=seed)
    return assessment


@dataclass(frozen=True)
class MatrixCell:
    """One cell of the risk diagram and the subjects in it."""

    harm: Harm
    likelihood: Level
    impact: Level
    risk: RiskClass
    subjects: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.subjects)


def matrix(assessment: Assessment, harm: Harm, results: Sequence[SubjectResult] | None = None) -> list[MatrixCell]:
    """The 25 cells of the likelihood x impact diagram, likelihood E first, impact A first.

    Subjects for which the harm is not applicable (cell 'X') or whose rating rests on the method's
    defaults alone (insufficient data, see :func:`insufficient`) are in no cell."""
    chosen = assessment.results if results is None else results
    cells = []
    for likelihood in reversed(LEVELS):
        for impact in LEVELS:
            members = tuple(
                r.subject.id
                for r in chosen
                if r.harms[harm].rated
                and r.harms[harm].likelihood_class == likelihood
                and r.harms[harm].impact_class == impact
            )
            cells.append(
                MatrixCell(harm, likelihood, impact, risk_class(assessment.method, likelihood, impact), members)
            )
    return cells


def insufficient(results: Sequence[SubjectResult], harm: Harm) -> list[SubjectResult]:
    """Subjects whose rating for ``harm`` rests on defaults alone: listed apart, never counted."""
    return [r for r in results if r.harms[harm].applicable and r.harms[harm].coverage.insufficient]


@dataclass(frozen=True)
class Rollup:
    """The worst subject and the spread of risk classes within a priority or a layer, per harm."""

    group_kind: str
    group: str
    harm: Harm
    subjects: int
    worst: str | None
    risk: RiskClass | None
    cell: str | None
    counts: dict[RiskClass, int]
    """Per risk class, the subjects rated on data or judgement (ratings on defaults alone are not counted)."""
    insufficient: int = 0
    """Subjects whose rating for the harm rests on the method's defaults alone."""


def rollups(assessment: Assessment, dataset: Dataset, by: str) -> list[Rollup]:
    """Roll subjects up per ``priority`` or per ``layer`` (in the dataset's order)."""
    if by == "priority":
        groups = [
            (p.id, [r for r in assessment.results if p.id in r.subject.priorities])
            for p in dataset.priorities_in_order()
        ]
    elif by == "layer":
        groups = [
            (layer.id.value, [r for r in assessment.results if r.subject.layer == layer.id])
            for layer in dataset.layers_in_order()
        ]
    else:
        raise ValueError(f"roll up by priority or layer, not {by}")
    rows = []
    for group, members in groups:
        for harm in Harm:
            rated = [r for r in members if not r.harms[harm].coverage.insufficient]
            ordered = sorted(rated, key=lambda r: (tuple(-x for x in r.harms[harm].order_key), r.subject.id))
            worst = ordered[0] if ordered else None
            counts = Counter(r.harms[harm].risk for r in rated)
            rows.append(
                Rollup(
                    group_kind=by,
                    group=group,
                    harm=harm,
                    subjects=len(members),
                    worst=worst.subject.id if worst else None,
                    risk=worst.harms[harm].risk if worst else None,
                    cell=worst.harms[harm].cell if worst else None,
                    counts={c: counts.get(c, 0) for c in RiskClass},
                    insufficient=len(members) - len(rated),
                )
            )
    return rows
