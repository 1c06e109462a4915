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

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dosa.exposure.versions import CompiledRange, CompiledSpec, affects_compiled, compile_spec, parse_version, semver


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
    compiled: dict[str, list[tuple[int, CompiledSpec]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, advisory: IndexedAdvisory, affected: Iterable[tuple[str, str, Mapping[str, Any]]]) -> int:
        """Index one advisory (withdrawn advisories are kept out of the index); returns its number."""
        number = len(self.advisories)
        self.advisories.append(advisory)
        if not advisory.withdrawn:
            for package_key, scheme, spec in affected:
                self.by_package[package_key].append((number, scheme, spec))
                self.compiled[package_key].append((number, compile_spec(spec, scheme)))
        return number

    def match(self, package_key: str, version: str) -> list[int]:
        """Numbers of the advisories that affect ``package_key`` at ``version``."""
        hits = []
        for number, spec in self.compiled.get(package_key, ()):
            if number not in hits and affects_compiled(spec, version):
                hits.append(number)
        return hits


class Matcher:
    """Caches each distinct (package, version) decision; ``rematch`` updates it for one new advisory."""

    def __init__(self, index: AdvisoryIndex) -> None:
        self.index = index
        self.decided: dict[tuple[str, str], list[int]] = {}
        self.versions: dict[str, list[str]] = defaultdict(list)
        """The versions decided per package, so that a new advisory looks at its own packages only."""

    def match_pairs(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[int]]:
        """Decide every distinct pair not decided yet; returns the pairs that have findings.

        The new versions of each package are decided together: sorted once, then each range of each
        advisory marks the versions between its bounds by binary search, so a package with V versions
        and A advisories costs about V log V + A log V comparisons instead of V * A range evaluations.
        """
        found = {}
        fresh: dict[str, list[str]] = defaultdict(list)
        for pair in pairs:
            hits = self.decided.get(pair)
            if hits is None:
                if pair[0] in self.index.compiled:
                    fresh[pair[0]].append(pair[1])
                    continue
                hits = self.decided[pair] = []
                self.versions[pair[0]].append(pair[1])
            if hits:
                found[pair] = hits
        for package_key, versions in fresh.items():
            decided = decide_package(self.index.compiled[package_key], sorted(set(versions)))
            for version, hits in decided.items():
                self.decided[(package_key, version)] = hits
                self.versions[package_key].append(version)
                if hits:
                    found[(package_key, version)] = hits
        return found

    def rematch(
        self, advisory: IndexedAdvisory, affected: list[tuple[str, str, Mapping[str, Any]]]
    ) -> list[tuple[str, str]]:
        """Add an advisory and decide it for the known pairs of its packages only; returns newly hit pairs."""
        number = self.index.add(advisory, affected)
        if advisory.withdrawn:
            return []
        packages: dict[str, list[CompiledSpec]] = defaultdict(list)
        for package_key, scheme, spec in affected:
            packages[package_key].append(compile_spec(spec, scheme))
        hit = []
        for package_key, specs in packages.items():
            for version in self.versions.get(package_key, ()):
                hits = self.decided[(package_key, version)]
                if number not in hits and any(affects_compiled(spec, version) for spec in specs):
                    hits.append(number)
                    hit.append((package_key, version))
        return hit


def _intervals(compiled: CompiledRange) -> list[tuple[Any, Any, bool]]:
    """``(start, end, end_inclusive)`` intervals of one range (``None`` start: from the lowest version;
    ``None`` end: no upper bound), walking the sorted events as the OSV schema describes."""
    out: list[tuple[Any, Any, bool]] = []
    active, start = False, None
    for bound, name in compiled.events:
        if name == "introduced":
            if not active:
                active, start = True, bound
        elif active:
            out.append((start, bound, name == "last_affected"))
            active = False
    if active:
        out.append((start, None, False))
    return out


def decide_package(specs: list[tuple[int, CompiledSpec]], versions: list[str]) -> dict[str, list[int]]:
    """Which advisories affect each of a package's versions (the answer :func:`affects_compiled` gives)."""
    hits: dict[str, list[int]] = {version: [] for version in versions}
    orders: dict[tuple[bool, str], tuple[list[Any], list[str]] | None] = {}

    def ordered(semver_range: bool, scheme: str) -> tuple[list[Any], list[str]] | None:
        key = (semver_range, scheme)
        if key not in orders:
            parsed = [(semver(v) if semver_range else parse_version(scheme, v), v) for v in versions]
            good = [(p, v) for p, v in parsed if p is not None]
            try:
                good.sort(key=lambda item: item[0])
                orders[key] = ([p for p, _ in good], [v for _, v in good])
            except TypeError:
                orders[key] = None
        return orders[key]

    for number, spec in specs:
        affected: set[str] = set()
        slow = False
        for compiled in spec.ranges:
            order = ordered(compiled.semver, spec.scheme) if compiled is not None else None
            if compiled is None or order is None:
                slow = True
                continue
            keys, names = order
            try:
                cap = min(bisect_left(keys, limit) for limit in compiled.limits) if compiled.limits else len(keys)
                for start, end, inclusive in _intervals(compiled):
                    low = 0 if start is None else bisect_left(keys, start)
                    high = len(keys) if end is None else (bisect_right if inclusive else bisect_left)(keys, end)
                    affected.update(names[low : min(high, cap)])
            except TypeError:
                slow = True
        for version in versions:
            if slow or spec.vers:
                inside = affects_compiled(spec, version)
            elif version in spec.versions:
                inside = True
            elif version in spec.not_affected:
                inside = False
            else:
                inside = version in affected
            if inside and number not in hits[version]:
                hits[version].append(number)
    return hits


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
