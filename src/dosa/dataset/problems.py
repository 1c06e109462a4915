# SPDX-License-Identifier: EUPL-1.2
"""Validation problems: collected in one pass so a user can fix a file once."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a dataset, with where it is and what to do."""

    file: str
    line: int | None
    field: str | None
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
        if self.field:
            place += f" [{self.field}]"
        return place

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        file: str,
        line: int | None,
        field: str | None,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(Problem(file, line, field, message, hint, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.file, p.line or 0, p.field or "", p.message))
