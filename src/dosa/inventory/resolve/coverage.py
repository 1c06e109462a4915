# SPDX-License-Identifier: EUPL-1.2
"""How much of a set of components is named, per ecosystem and confidence.

*Before* is what dosa named without the resolver: a supplier or manufacturer the SBOM states (a
name, no country). *After* is the organisation found (the user's mapping, the dataset's suppliers
or the resolver). Both count components, not packages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from dosa.inventory.identity import parse_purl
from dosa.inventory.resolve.resolver import ComponentRecord, Resolution, Resolver, default_resolver
from dosa.inventory.sbom.model import Component

NO_PURL = "(no purl)"
ALL = "(all)"


def record_of(component: Component) -> ComponentRecord:
    """The resolver's view of a parsed SBOM component."""
    return ComponentRecord(
        component.purl, component.supplier, component.manufacturer, component.vcs_url, component.website_url
    )


def ecosystem_of(purl: str) -> str:
    """The purl type (``maven``, ``npm`` …), or ``(no purl)``."""
    info = parse_purl(purl) if purl.startswith("pkg:") else None
    return info.type if info is not None else NO_PURL


@dataclass
class EcosystemCoverage:
    ecosystem: str
    components: int = 0
    named_before: int = 0
    """Components with a supplier or manufacturer in the SBOM (what dosa named before the resolver)."""
    named: int = 0
    """Components whose organisation is named."""
    with_jurisdiction: int = 0
    """Components whose organisation (or its parent) has a known headquarters country."""
    by_confidence: Counter[str] = field(default_factory=Counter)
    """Named components per confidence (``high``, ``medium``, ``low``; ``mapping`` for the user's or dataset's)."""

    def pct(self, count: int) -> float:
        return 100 * count / self.components if self.components else 0.0


class CoverageTable:
    """Accumulates coverage per ecosystem and over all (``(all)``)."""

    def __init__(self) -> None:
        self.rows: dict[str, EcosystemCoverage] = {}

    def add(
        self, ecosystem: str, weight: int, *, before: bool, named: bool, jurisdiction: bool, confidence: str
    ) -> None:
        for key in (ecosystem, ALL):
            row = self.rows.setdefault(key, EcosystemCoverage(key))
            row.components += weight
            row.named_before += weight if before else 0
            if named:
                row.named += weight
                row.with_jurisdiction += weight if jurisdiction else 0
                row.by_confidence[confidence] += weight

    def ordered(self) -> list[EcosystemCoverage]:
        """Largest ecosystems first, ``(all)`` last."""
        rows = sorted((r for r in self.rows.values() if r.ecosystem != ALL), key=lambda r: (-r.components, r.ecosystem))
        return rows + ([self.rows[ALL]] if ALL in self.rows else [])


def coverage(
    records: Iterable[ComponentRecord], resolver: Resolver | None = None
) -> tuple[CoverageTable, list[tuple[ComponentRecord, Resolution]]]:
    """The resolver's coverage of ``records`` (one component each), and the unresolved records."""
    chosen = resolver or default_resolver()
    table = CoverageTable()
    unresolved: list[tuple[ComponentRecord, Resolution]] = []
    for record in records:
        result = chosen.resolve(record)
        table.add(
            ecosystem_of(record.purl),
            1,
            before=bool(record.supplier or record.manufacturer),
            named=result.resolved,
            jurisdiction=bool(result.jurisdictions),
            confidence=result.confidence.value if result.confidence else "",
        )
        if not result.resolved:
            unresolved.append((record, result))
    return table, unresolved
