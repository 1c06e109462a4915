# SPDX-License-Identifier: EUPL-1.2
"""The engine next to the agenda's own verdicts: every statement of strength or risky dependency, per
priority, layer or subject, with the engine's result and whether the two agree.

The checks live in ``dosa/data/checks/agenda-assessments-2023.yaml``, each with the agenda quote it rests
on (verbatim, with line and page of the packaged agenda text), dosa's reading of it in English and Dutch,
and the expected range of the risk class, the likelihood class or the impact class. A disagreement is a
finding to explain (the check carries the explanation the report prints), never a reason to change the
method.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dosa.dataset.model import Dataset
from dosa.errors import InputError
from dosa.risk.method import Harm, Level, RiskClass
from dosa.risk.score import Assessment, HarmResult, SubjectResult

LEVELS = tuple(Level)
VERDICTS = ("agrees", "engine higher", "engine lower", "insufficient data", "no subjects")


@dataclass(frozen=True)
class AgendaReading:
    """One verdict of the agenda and what dosa reads in it."""

    id: str
    harm: Harm
    line: int
    """Line of the packaged agenda text where the quote starts."""
    quote: str
    reading: str
    """dosa's reading of the quote, in English."""
    expected: tuple[RiskClass, RiskClass] | None = None
    """Lowest and highest risk class that agree with the reading."""
    priority: str | None = None
    subject: str | None = None
    layer: str | None = None
    page: int | None = None
    """Page of the agenda (as printed) where the quote starts."""
    kind: str = "risk"
    """``risk`` (a risky dependency) or ``strength`` (an EU or Dutch strength)."""
    reading_nl: str = ""
    expected_likelihood: tuple[Level, Level] | None = None
    expected_impact: tuple[Level, Level] | None = None
    explanation: str = ""
    """Why the engine disagrees, in English, for the report; empty while it agrees."""
    explanation_nl: str = ""

    @property
    def scope(self) -> str:
        """What the check compares: ``priority X``, ``layer X`` or ``subject X``."""
        if self.subject:
            return f"subject {self.subject}"
        if self.layer:
            return f"layer {self.layer}"
        return f"priority {self.priority}"

    @property
    def expectation(self) -> str:
        """The expected ranges in words, e.g. 'risk high-very_high; likelihood A-B'."""
        parts = []
        if self.expected:
            parts.append(f"risk {self.expected[0].value}-{self.expected[1].value}")
        if self.expected_likelihood:
            parts.append(f"likelihood {self.expected_likelihood[0].value}-{self.expected_likelihood[1].value}")
        if self.expected_impact:
            parts.append(f"impact {self.expected_impact[0].value}-{self.expected_impact[1].value}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Comparison:
    reading: AgendaReading
    worst: str | None
    """The subject compared: the named subject, or the priority's/layer's rated subject with the highest
    risk for the harm; None if there is none."""
    cell: str | None
    engine: RiskClass | None
    coverage: float | None = None
    """Share of the compared subject's likelihood weight that rests on data or judgements."""
    likelihood: Level | None = None
    impact: Level | None = None
    insufficient: bool = False
    """The compared rating (or every rating in scope) rests on the method's defaults alone."""
    unrated: tuple[str, ...] = ()
    """Subjects in scope whose rating for the harm rests on defaults alone (not compared)."""

    @property
    def verdict(self) -> str:
        """One of :data:`VERDICTS`: the first expectation the engine falls outside decides."""
        if self.insufficient:
            return "insufficient data"
        if self.engine is None:
            return "no subjects"
        reading = self.reading
        checks: list[tuple[int, int, int]] = []
        if reading.expected:
            low, high = reading.expected
            checks.append((self.engine.order, low.order, high.order))
        if reading.expected_likelihood and self.likelihood is not None:
            low_l, high_l = reading.expected_likelihood
            checks.append((LEVELS.index(self.likelihood), LEVELS.index(low_l), LEVELS.index(high_l)))
        if reading.expected_impact and self.impact is not None:
            low_i, high_i = reading.expected_impact
            checks.append((LEVELS.index(self.impact), LEVELS.index(low_i), LEVELS.index(high_i)))
        for value, low_bound, high_bound in checks:
            if value < low_bound:
                return "engine lower"
            if value > high_bound:
                return "engine higher"
        return "agrees"

    @property
    def agrees(self) -> bool:
        return self.verdict == "agrees"


def readings_path() -> Path:
    return Path(str(resources.files("dosa") / "data" / "checks" / "agenda-assessments-2023.yaml"))


def _pair(record: dict[str, Any], key: str, kind: type[RiskClass] | type[Level]) -> Any:
    value = record.get(key)
    if value is None:
        return None
    low, high = (kind(str(v)) for v in value)
    return (low, high)


def load_readings(path: Path | None = None) -> list[AgendaReading]:
    """Read the checks file; a malformed entry is an :class:`InputError` naming its position and field."""
    source = path or readings_path()
    records = yaml.safe_load(source.read_text(encoding="utf-8"))
    if not isinstance(records, list):
        raise InputError(f"{source.name}: expected a list of checks")
    readings = []
    for index, record in enumerate(records):
        try:
            scopes = [k for k in ("priority", "layer", "subject") if record.get(k)]
            if len(scopes) != 1:
                raise ValueError("give exactly one of priority, layer or subject")
            reading = AgendaReading(
                id=str(record.get("id") or f"{record[scopes[0]]}-{record['harm']}"),
                harm=Harm(record["harm"]),
                line=int(record["line"]),
                quote=" ".join(str(record["quote"]).split()),
                reading=" ".join(str(record["reading"]).split()),
                expected=_pair(record, "expected", RiskClass),
                priority=record.get("priority"),
                subject=record.get("subject"),
                layer=record.get("layer"),
                page=int(record["page"]) if record.get("page") is not None else None,
                kind=str(record.get("kind", "risk")),
                reading_nl=" ".join(str(record.get("reading_nl", "")).split()),
                expected_likelihood=_pair(record, "expected_likelihood", Level),
                expected_impact=_pair(record, "expected_impact", Level),
                explanation=" ".join(str(record.get("explanation", "")).split()),
                explanation_nl=" ".join(str(record.get("explanation_nl", "")).split()),
            )
            if not (reading.expected or reading.expected_likelihood or reading.expected_impact):
                raise ValueError("give expected, expected_likelihood or expected_impact")
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(f"{source.name}: check {index + 1} is malformed: {exc}") from None
        readings.append(reading)
    return readings


def _members(assessment: Assessment, reading: AgendaReading) -> list[SubjectResult]:
    results = assessment.results
    if reading.subject:
        return [r for r in results if r.subject.id == reading.subject]
    if reading.layer:
        return [r for r in results if r.subject.layer.value == reading.layer]
    return [r for r in results if reading.priority in r.subject.priorities]


def _compare_one(outcome: HarmResult, result: SubjectResult, reading: AgendaReading, unrated: list[str]) -> Comparison:
    return Comparison(
        reading,
        result.subject.id,
        outcome.cell,
        outcome.risk,
        outcome.likelihood.coverage,
        outcome.likelihood_class,
        outcome.impact_class,
        outcome.coverage.insufficient,
        tuple(unrated),
    )


def compare(assessment: Assessment, dataset: Dataset, readings: list[AgendaReading] | None = None) -> list[Comparison]:
    """Each check next to the engine: the named subject, or the worst rated subject of the priority or layer."""
    result = []
    for reading in readings if readings is not None else load_readings():
        members = _members(assessment, reading)
        if (reading.priority and reading.priority not in dataset.priorities) or not members:
            result.append(Comparison(reading, None, None, None))
            continue
        harm = reading.harm
        unrated = [r.subject.id for r in members if r.harms[harm].coverage.insufficient]
        rated = [r for r in members if not r.harms[harm].coverage.insufficient]
        if not rated:
            chosen = members[0]
            result.append(_compare_one(chosen.harms[harm], chosen, reading, unrated))
            continue
        worst = min(rated, key=lambda r: (tuple(-x for x in r.harms[harm].order_key), r.subject.id))
        result.append(_compare_one(worst.harms[harm], worst, reading, unrated))
    return result
