# SPDX-License-Identifier: EUPL-1.2
"""From the risk engine's results to coverage findings.

The coverage analysis only needs, per subject and harm, the risk class and whether it is high;
this module reads those from an assessment of :mod:`dosa.risk` (``assess(dataset)``), so that
coverage stays testable on its own and follows the engine's own classes rather than re-deriving them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from dosa.dataset.model import Dataset
from dosa.monitoring.coverage import RiskFinding
from dosa.risk import assess

HIGH_CLASSES = frozenset({"high", "very_high"})
"""The risk engine's classes that coverage must find an action for."""


class _HarmResult(Protocol):
    @property
    def risk(self) -> Any: ...

    @property
    def cell(self) -> str: ...


class _SubjectResult(Protocol):
    @property
    def subject(self) -> Any: ...

    @property
    def harms(self) -> Mapping[Any, _HarmResult]: ...

    @property
    def method_label(self) -> str: ...


def findings_from_results(results: Iterable[_SubjectResult]) -> list[RiskFinding]:
    """One finding per subject and harm, in subject and harm order.

    A rating that rests on the method's defaults alone (``coverage.insufficient``) is no finding: it
    is never high, so it never appears among the high risks without an action.
    """
    findings = []
    for result in results:
        for harm, harm_result in sorted(result.harms.items(), key=lambda item: str(item[0])):
            risk = str(getattr(harm_result.risk, "value", harm_result.risk))
            insufficient = bool(getattr(getattr(harm_result, "coverage", None), "insufficient", False))
            label = "insufficient data" if insufficient else risk.replace("_", " ")
            findings.append(
                RiskFinding(
                    subject=str(result.subject.id),
                    harm=str(getattr(harm, "value", harm)),
                    risk_class=f"{label} ({harm_result.cell})",
                    high=risk in HIGH_CLASSES and not insufficient,
                    method=result.method_label,
                    insufficient=insufficient,
                    risk="" if insufficient else risk,
                    cell=str(harm_result.cell),
                )
            )
    return sorted(findings, key=lambda f: (f.subject, f.harm))


def risk_findings(dataset: Dataset) -> list[RiskFinding]:
    """Score the dataset with the risk engine and return its findings.

    The engine runs without its Monte Carlo: coverage needs the point classes only.
    """
    return findings_from_results(assess(dataset, uncertainty=False).results)
