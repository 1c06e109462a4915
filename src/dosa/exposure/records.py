# SPDX-License-Identifier: EUPL-1.2
"""Plain records the readers produce and the importer writes (no database types here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Affected:
    package_key: str
    scheme: str
    spec: dict[str, Any]


@dataclass
class Advisory:
    advisory_id: str
    source: str
    aliases: list[str] = field(default_factory=list)
    summary: str = ""
    severity_vector: str = ""
    cvss_score: float | None = None
    severity_label: str = ""
    published: str = ""
    modified: str = ""
    withdrawn: str = ""
    publisher: str = ""
    licence: str = ""
    affected: list[Affected] = field(default_factory=list)


@dataclass(frozen=True)
class KevEntry:
    cve: str
    date_added: str
    due_date: str
    vendor: str
    product: str
    name: str
    ransomware: str
    catalogue_version: str


@dataclass(frozen=True)
class EpssScore:
    cve: str
    score: float
    percentile: float
    score_date: str
    model_version: str


@dataclass(frozen=True)
class VexStatement:
    vulnerability: str
    product: str
    status: str
    justification: str = ""
    detail: str = ""
    format: str = ""
    author: str = ""


@dataclass
class Parsed:
    """What one file held: advisories, KEV entries, EPSS scores and/or VEX statements."""

    kind: str
    """``osv``, ``csaf``, ``csaf_vex``, ``kev``, ``epss``, ``cyclonedx_vex`` or ``openvex``."""
    advisories: list[Advisory] = field(default_factory=list)
    kev: list[KevEntry] = field(default_factory=list)
    epss: list[EpssScore] = field(default_factory=list)
    vex: list[VexStatement] = field(default_factory=list)
    licence: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.advisories) + len(self.kev) + len(self.epss) + len(self.vex)
