# SPDX-License-Identifier: EUPL-1.2
"""Errors of the stack graph: a cycle in the graph, an unusable scenario file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dosa.errors import InputError

if TYPE_CHECKING:
    from dosa.dataset.problems import ValidationReport


class CycleError(InputError):
    """The graph has a cycle, so supply cannot be propagated; ``cycle`` lists its nodes in order."""

    def __init__(self, cycle: list[str]) -> None:
        super().__init__(
            f"the stack graph has a cycle: {' -> '.join(cycle)}",
            hint="a subject cannot need itself through its inputs: remove one edge of the cycle",
        )
        self.cycle = cycle


class ScenarioError(InputError):
    """A scenario file cannot be used; ``report`` holds every problem found, each with its place."""

    def __init__(self, report: ValidationReport, name: str) -> None:
        lines = "\n".join(f"  {problem}" for problem in report.sorted() if problem.severity == "error")
        super().__init__(
            f"scenario {name} has {len(report.errors)} error(s):\n{lines}",
            hint="fix every problem listed; 'dosa scenario show NAME' checks a scenario without running it",
        )
        self.report = report
