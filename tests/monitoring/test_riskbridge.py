# SPDX-License-Identifier: EUPL-1.2
"""The bridge from the risk engine's results to coverage findings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dosa.dataset import Dataset
from dosa.monitoring.riskbridge import HIGH_CLASSES, findings_from_results, risk_findings
from dosa.risk import Harm, RiskClass, assess


class _Class(StrEnum):
    LOW = "low"
    VERY_HIGH = "very_high"


@dataclass(frozen=True)
class _Harm:
    risk: _Class
    cell: str


@dataclass(frozen=True)
class _Subject:
    id: str


@dataclass(frozen=True)
class _Result:
    subject: _Subject
    harms: dict[str, _Harm]
    method_label: str


def test_findings_keep_the_engines_class_and_cell() -> None:
    results = [
        _Result(
            _Subject("gallium"),
            {"interruption": _Harm(_Class.VERY_HIGH, "DE"), "access": _Harm(_Class.LOW, "AB")},
            "m 1",
        ),
    ]
    findings = findings_from_results(results)
    assert [(f.subject, f.harm, f.risk_class, f.high, f.method) for f in findings] == [
        ("gallium", "access", "low (AB)", False, "m 1"),
        ("gallium", "interruption", "very high (DE)", True, "m 1"),
    ]
    assert {"high", "very_high"} == HIGH_CLASSES


def test_risk_findings_follow_the_engine(agenda: Dataset) -> None:
    findings = risk_findings(agenda)
    assert {f.subject for f in findings} == set(agenda.subjects)
    assert all(f.method for f in findings)
    engine = {r.subject.id: r for r in assess(agenda, uncertainty=False).results}
    for finding in findings:
        harm = engine[finding.subject].harms[Harm(finding.harm)]
        if harm.coverage.insufficient:
            assert finding.risk_class == f"insufficient data ({harm.cell})"
            assert not finding.high, "a rating on defaults alone is never a high risk without an action"
        else:
            assert finding.risk_class == f"{harm.risk.value.replace('_', ' ')} ({harm.cell})"
            assert finding.high == (harm.risk in (RiskClass.HIGH, RiskClass.VERY_HIGH))
    assert any(f.insufficient for f in findings), "the default dataset has subjects without likelihood data"


@dataclass(frozen=True)
class _Coverage:
    insufficient: bool


@dataclass(frozen=True)
class _RatedHarm:
    risk: _Class
    cell: str
    coverage: _Coverage


def test_a_rating_on_defaults_alone_is_never_high() -> None:
    results = [
        _Result(
            _Subject("dram"),
            {
                "interruption": _RatedHarm(_Class.VERY_HIGH, "CE", _Coverage(True)),  # type: ignore[dict-item]
                "access": _RatedHarm(_Class.VERY_HIGH, "EE", _Coverage(False)),  # type: ignore[dict-item]
            },
            "m 1",
        )
    ]
    findings = findings_from_results(results)
    assert [(f.harm, f.risk_class, f.high, f.insufficient) for f in findings] == [
        ("access", "very high (EE)", True, False),
        ("interruption", "insufficient data (CE)", False, True),
    ]
