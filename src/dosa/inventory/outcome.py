# SPDX-License-Identifier: EUPL-1.2
"""What happened to each imported file, and to the batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"
    ROLLED_BACK = "rolled_back"
    """Read fine, but not kept: another file of an atomic batch was rejected."""


@dataclass
class FileOutcome:
    """What happened to one file."""

    path: str
    kind: str = ""
    """``sbom`` or ``services``."""
    status: Status = Status.REJECTED
    format: str = ""
    spec_version: str = ""
    component_count: int = 0
    """Components of an SBOM, or services of a service inventory."""
    subject: str = ""
    subject_version: str = ""
    added: int = 0
    removed: int = 0
    changed: int = 0
    services: int = 0
    """Services of a SaaSBOM (CycloneDX ``services``) written to the service inventory."""
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    hint: str = ""
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    project: str
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, *statuses: Status) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def warned(self) -> int:
        kept = (Status.IMPORTED, Status.UPDATED)
        return sum(1 for o in self.outcomes if o.status in kept and o.warnings)

    @property
    def ok(self) -> bool:
        return self.count(Status.REJECTED, Status.ROLLED_BACK) == 0
