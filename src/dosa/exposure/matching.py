# SPDX-License-Identifier: EUPL-1.2
"""Match components against advisories, fast: advisories indexed by package, each distinct
(package, version) decided once.

A portfolio of millions of component rows holds far fewer distinct (package, version) pairs (a
popular library appears in thousands of SBOMs at a few versions), and an advisory names one or a
few packages. So matching groups the rows by pair, looks each pair's package up in the index and
evaluates only that package's ranges, once; the answer is shared by every row with that pair.
A new advisory is matched incrementally against the pairs of its own packages only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dosa.exposure.versions import affects


@dataclass(frozen=True)
class IndexedAdvisory:
    """The part of an advisory matching needs."""

    advisory_id: str
    aliases: tuple[str, ...]
    withdrawn: bool = False


@dataclass
class AdvisoryIndex:
    """Advisories by package key: ``package_key → [(advisory number, scheme, spec)]``."""

    advisories: list[IndexedAdvisory] = field(default_factory=list)
    by_package: dict[str, list[tuple[int, str, Mapping[str, Any]]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, advisory: IndexedAdvisory, affected: Iterable[tuple[str, str, Mapping[str, Any]]]) -> int:
        """Index one advisory (withdrawn advisories are kept out of the index); returns its number."""
        number = len(self.advisories)
        self.advisories.append(advisory)
        if not advisory.withdrawn:
            for package_key, scheme, spec in affected:
                self.by_package[package_key].append((number, scheme, spec))
        return number

    def match(self, package_key: str, version: str) -> list[int]:
        """Numbers of the advisories that affect ``package_key`` at ``version``."""
        hits = []
        for number, scheme, spec in self.by_package.get(package_key, ()):
            if affects(spec, scheme, version) and number not in hits:
                hits.append(number)
        return hits


class Matcher:
    """Caches each distinct (package, version) decision; ``rematch`` updates it for one new advisory."""

    def __init__(self, index: AdvisoryIndex) -> None:
        self.index = index
        self.decided: dict[tuple[str, str], list[int]] = {}

    def match_pairs(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[int]]:
        """Decide every distinct pair not decided yet; returns the pairs that have findings."""
        found = {}
        for pair in pairs:
            hits = self.decided.get(pair)
            if hits is None:
                hits = self.index.match(*pair) if pair[0] in self.index.by_package else []
                self.decided[pair] = hits
            if hits:
                found[pair] = hits
        return found

    def rematch(
        self, advisory: IndexedAdvisory, affected: list[tuple[str, str, Mapping[str, Any]]]
    ) -> list[tuple[str, str]]:
        """Add an advisory and decide it for the known pairs of its packages only; returns newly hit pairs."""
        number = self.index.add(advisory, affected)
        if advisory.withdrawn:
            return []
        packages: dict[str, list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
        for package_key, scheme, spec in affected:
            packages[package_key].append((scheme, spec))
        hit = []
        for (package_key, version), hits in self.decided.items():
            specs = packages.get(package_key)
            if specs and any(affects(spec, scheme, version) for scheme, spec in specs) and number not in hits:
                hits.append(number)
                hit.append((package_key, version))
        return hit


def merge_aliases(advisories: Iterable[IndexedAdvisory]) -> list[tuple[str, tuple[str, ...], list[IndexedAdvisory]]]:
    """Group advisories that name the same vulnerability (shared id or alias) into one.

    Returns ``(canonical id, all ids, advisories)`` per vulnerability; the canonical id is the
    lowest CVE id when there is one, else the lowest id.
    """
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    listed = list(advisories)
    for advisory in listed:
        root = find(advisory.advisory_id.upper())
        for alias in advisory.aliases:
            parent[find(alias.upper())] = root
    spelled: dict[str, str] = {}
    for advisory in listed:
        for name in (advisory.advisory_id, *advisory.aliases):
            spelled.setdefault(name.upper(), name)
    groups: dict[str, list[IndexedAdvisory]] = defaultdict(list)
    for advisory in listed:
        groups[find(advisory.advisory_id.upper())].append(advisory)
    merged = []
    for members in groups.values():
        upper = {m.advisory_id.upper() for m in members} | {a.upper() for m in members for a in m.aliases}
        ids = sorted(spelled[u] for u in upper)
        cves = [i for i in ids if i.upper().startswith("CVE-")]
        merged.append(((cves or ids)[0], tuple(ids), members))
    return sorted(merged, key=lambda item: item[0])
