# SPDX-License-Identifier: EUPL-1.2
"""dosa's exceptions. Convert them to exit codes or HTTP problems only at the edges.

Hierarchy::

    DosaError                   every error dosa raises on purpose
    ├── InputError              a file or value the user gave cannot be used
    │   ├── DatasetError        a dataset failed validation (carries the full report)
    │   ├── RecordsError        a user's table of records (e.g. a service inventory) has errors (full report)
    │   ├── AgendaFormatError   a text is not in the agenda's format
    │   ├── MethodError         a risk-method file failed validation (carries every problem)
    │   └── UnknownIdError      no object has the id the user asked for
    └── ConfigurationError      dosa itself is installed or configured wrongly
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class ProblemReport(Protocol):
    """What an error needs of a report of problems (:class:`dosa.dataset.problems.ProblemReport`);
    a protocol, so that this module depends on nothing else of dosa."""

    @property
    def errors(self) -> Sequence[Any]: ...

    def sorted(self) -> Sequence[Any]: ...


class DosaError(Exception):
    """Root of dosa's errors; ``hint`` says what the user can do about it."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(DosaError):
    """``field`` names the input at fault (a form field, an option) when there is one, so a face can put
    the message next to it."""

    def __init__(self, message: str, *, hint: str | None = None, field: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.field = field


class DatasetError(InputError):
    def __init__(self, report: ProblemReport) -> None:
        super().__init__(
            f"the dataset has {len(report.errors)} error(s)",
            hint="fix every problem listed, then run 'dosa validate' again",
        )
        self.report = report


class RecordsError(InputError):
    """A file of records the user filled in (service inventory, mapping, answers) has errors."""

    def __init__(self, label: str, report: ProblemReport) -> None:
        super().__init__(
            f"{label} has {len(report.errors)} error(s)",
            hint="fix every problem listed (each names its row and field), then import the file again",
        )
        self.report = report


class AgendaFormatError(InputError):
    pass


class UnknownIdError(InputError):
    pass


class MethodError(InputError):
    """A method file is unusable; ``problems`` lists each one as 'file:line [field]: message'."""

    def __init__(self, message: str, problems: list[str], *, hint: str | None = None) -> None:
        super().__init__(message + "".join(f"\n  {problem}" for problem in problems), hint=hint)
        self.problems = problems


class ConfigurationError(DosaError):
    pass
