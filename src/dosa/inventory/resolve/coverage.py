# SPDX-License-Identifier: EUPL-1.2
"""How much of a set of components the resolver names, per ecosystem and confidence.

*Before* is what dosa named without the resolver: a supplier or manufacturer the SBOM states (a
name, no country). *After* is the resolver's organisation. Both count components, not packages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from dosa.inventory.identity import parse_purl
from dosa.inventory.resolve.resolver import ComponentRecord, Resolution, Resolver, default_resolver
from dosa.inventory.sbom.model import Component

NO_PURL = "(no purl)"


def record_of(component: Component) -> ComponentRecord:
    """The resolver's view of a parsed SBOM component."""
    return ComponentRecord(
        component.purl, component.supplier, component.manufacturer, component.vcs_url, component.website_url
    )


def ecosystem_of(purl: str) -> str:
    info = parse_purl(purl) if purl else None
    return info.type if info is not None else NO_PURL


@dataclass
class EcosystemCoverage:
    ecosystem: str
    components: int = 0
    named_before: int = 0
    """Components with a supplier or manufacturer in the SBOM (what dosa named before the resolver)."""
    named: int = 0
    """Components whose organisation the resolver names."""
    with_jurisdiction: int = 0
    """Components whose organisation (or its parent) has a known headquarters country."""
    by_confidence: Counter[str] = field(default_factory=Counter)

    def pct(self, count: int) -> float:
        return 100 * count / self.components if self.components else 0.0


def coverage(
    records: Iterable[ComponentRecord], resolver: Resolver | None = None
) -> tuple[dict[str, EcosystemCoverage], list[tuple[ComponentRecord, Resolution]]]:
    """Coverage per ecosystem (and ``(all)``), and the unresolved records."""
    chosen = resolver or default_resolver()
    table: dict[str, EcosystemCoverage] = {}
    unresolved: list[tuple[ComponentRecord, Resolution]] = []
    for record in records:
        result = chosen.resolve(record)
        for key in (ecosystem_of(record.purl), "(all)"):
            row = table.setdefault(key, EcosystemCoverage(key))
            row.components += 1
            row.named_before += bool(record.supplier or record.manufacturer)
            if result.resolved:
                row.named += 1
                row.with_jurisdiction += bool(result.jurisdictions)
                row.by_confidence[result.confidence.value if result.confidence else ""] += 1
        if not result.resolved:
            unresolved.append((record, result))
    return table, unresolved
