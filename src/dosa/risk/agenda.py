# SPDX-License-Identifier: EUPL-1.2
"""The engine next to the agenda's own judgement: per specific priority, does the worst subject's risk
class match what the agenda's 'Publieke belangen en risico's' paragraphs say?

The readings live in ``dosa/data/checks/agenda-assessments-2023.yaml`` with the agenda quote they rest
on. A disagreement is a finding to explain, never a reason to change the method.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from dosa.dataset.model import Dataset
from dosa.risk.method import Harm, RiskClass
from dosa.risk.score import Assessment


@dataclass(frozen=True)
class AgendaReading:
    priority: str
    harm: Harm
    line: int
    """Line of the packaged agenda text where the quote starts."""
    quote: str
    reading: str
    expected: tuple[RiskClass, RiskClass]
    """Lowest and highest risk class that agree with the reading."""


@dataclass(frozen=True)
class Comparison:
    reading: AgendaReading
    worst: str | None
    """The priority's subject with the highest risk for the harm; None if the priority has no subjects."""
    cell: str | None
    engine: RiskClass | None
    coverage: float | None = None
    """Share of the worst subject's likelihood weight that rests on data or judgements."""

    @property
    def verdict(self) -> str:
        """``agrees``, ``engine higher``, ``engine lower`` or ``no subjects``."""
        if self.engine is None:
            return "no subjects"
        low, high = self.reading.expected
        if self.engine.order < low.order:
            return "engine lower"
        if self.engine.order > high.order:
            return "engine higher"
        return "agrees"


def readings_path() -> Path:
    return Path(str(resources.files("dosa") / "data" / "checks" / "agenda-assessments-2023.yaml"))


def load_readings(path: Path | None = None) -> list[AgendaReading]:
    records = yaml.safe_load((path or readings_path()).read_text(encoding="utf-8"))
    readings = []
    for record in records:
        low, high = (RiskClass(value) for value in record["expected"])
        readings.append(
            AgendaReading(
                priority=record["priority"],
                harm=Harm(record["harm"]),
                line=int(record["line"]),
                quote=" ".join(str(record["quote"]).split()),
                reading=record["reading"],
                expected=(low, high),
            )
        )
    return readings


def compare(assessment: Assessment, dataset: Dataset, readings: list[AgendaReading] | None = None) -> list[Comparison]:
    """Each reading next to the engine's worst subject of that priority for that harm."""
    result = []
    for reading in readings if readings is not None else load_readings():
        members = [r for r in assessment.results if reading.priority in r.subject.priorities]
        if reading.priority not in dataset.priorities or not members:
            result.append(Comparison(reading, None, None, None))
            continue
        worst = min(members, key=lambda r: (tuple(-x for x in r.harms[reading.harm].order_key), r.subject.id))
        outcome = worst.harms[reading.harm]
        result.append(Comparison(reading, worst.subject.id, outcome.cell, outcome.risk, outcome.likelihood.coverage))
    return result
