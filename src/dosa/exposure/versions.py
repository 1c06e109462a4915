# SPDX-License-Identifier: EUPL-1.2
"""Is a version affected? OSV ranges, CSAF version lists and vers ranges, per ecosystem.

Versions are compared with univers' version classes for each ecosystem (Maven, npm, PyPI, Go,
NuGet, Cargo, Debian, RPM, …). OSV ranges follow the OSV schema's evaluation: events sorted by
version; ``introduced`` opens an affected interval, ``fixed`` (exclusive) and ``last_affected``
(inclusive) close it, ``limit`` caps the range. ``SEMVER`` ranges use semantic versions;
``GIT`` ranges name commits, which cannot be compared with a release version, so only the
record's explicit ``versions`` list counts for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from univers.version_range import RANGE_CLASS_BY_SCHEMES, VersionRange
from univers.versions import SemverVersion

OSV_ECOSYSTEMS = {
    "maven": "maven",
    "npm": "npm",
    "pypi": "pypi",
    "go": "golang",
    "nuget": "nuget",
    "crates.io": "cargo",
    "rubygems": "gem",
    "packagist": "composer",
    "hex": "hex",
    "debian": "deb",
    "ubuntu": "deb",
    "alpine": "apk",
    "red hat": "rpm",
    "rocky linux": "rpm",
    "almalinux": "rpm",
    "suse": "rpm",
    "opensuse": "rpm",
}
"""OSV ecosystem name (lower case, without a release suffix such as ``Debian:11``) → purl type."""

PURL_SCHEMES = {"golang": "golang", "cargo": "cargo", "gem": "gem", "deb": "deb", "rpm": "rpm", "apk": "apk"}


def scheme_for(purl_type: str) -> str:
    """The univers scheme for a purl type (``generic`` when univers has none)."""
    return purl_type if purl_type in RANGE_CLASS_BY_SCHEMES else "generic"


@lru_cache(maxsize=1_000_000)
def parse_version(scheme: str, text: str) -> Any:
    """A comparable version, or ``None`` when ``text`` is no valid version of that scheme."""
    try:
        return cast(Any, RANGE_CLASS_BY_SCHEMES[scheme]).version_class(text)
    except Exception:  # univers raises its own InvalidVersion and ValueError/TypeError alike
        return None


@lru_cache(maxsize=1_000_000)
def semver(text: str) -> Any:
    try:
        return SemverVersion(text.removeprefix("v"))
    except Exception:
        return None


ORDER = {"introduced": 0, "fixed": 1, "last_affected": 1}


@dataclass(frozen=True)
class CompiledRange:
    """One OSV range with its events parsed and sorted once (``None`` bound: ``introduced: 0``)."""

    semver: bool
    events: tuple[tuple[Any, str], ...]
    limits: tuple[Any, ...]


def compile_range(kind: str, events: Sequence[Mapping[str, str]], scheme: str) -> CompiledRange | None:
    """Parse and sort a range's events; ``None`` when an event's version cannot be parsed."""
    parse = semver if kind == "SEMVER" else (lambda text: parse_version(scheme, text))
    zero: list[tuple[Any, str]] = []
    keyed: list[tuple[Any, int, str]] = []
    limits = []
    for event in events:
        for name, value in event.items():
            if name == "introduced" and value == "0":
                zero.append((None, name))
                continue
            if name not in ("introduced", "fixed", "last_affected", "limit"):
                continue
            parsed = parse(value)
            if parsed is None:
                return None
            if name == "limit":
                limits.append(parsed)
            else:
                keyed.append((parsed, ORDER[name], name))
    try:
        ordered = sorted(keyed, key=lambda item: (item[0], item[1]))
    except TypeError:
        return None
    return CompiledRange(kind == "SEMVER", tuple(zero) + tuple((b, n) for b, _, n in ordered), tuple(limits))


def in_range(compiled: CompiledRange, scheme: str, version: str) -> bool | None:
    """Evaluate one compiled OSV range; ``None`` when the version cannot be compared."""
    current = semver(version) if compiled.semver else parse_version(scheme, version)
    if current is None:
        return None
    try:
        if any(current >= limit for limit in compiled.limits):
            return False
        affected = False
        for bound, name in compiled.events:
            if name == "introduced":
                if bound is None or current >= bound:
                    affected = True
            elif name == "fixed":
                if current >= bound:
                    affected = False
            elif current > bound:  # last_affected
                affected = False
        return affected
    except TypeError:  # versions of different kinds that univers cannot order
        return None


def _in_osv_range(kind: str, events: Sequence[Mapping[str, str]], scheme: str, version: str) -> bool | None:
    compiled = compile_range(kind, events, scheme)
    return None if compiled is None else in_range(compiled, scheme, version)


@lru_cache(maxsize=65_536)
def _vers(text: str) -> Any:
    return VersionRange.from_string(text)  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class CompiledSpec:
    """An affected-package spec prepared for many evaluations (ranges parsed and sorted once)."""

    scheme: str
    ranges: tuple[CompiledRange | None, ...]
    versions: frozenset[str]
    not_affected: frozenset[str]
    vers: tuple[str, ...]


def compile_spec(spec: Mapping[str, Any], scheme: str) -> CompiledSpec:
    ranges = tuple(
        compile_range(item.get("type", "ECOSYSTEM"), item.get("events", ()), scheme)
        for item in spec.get("ranges", ())
        if item.get("type") != "GIT"
    )
    return CompiledSpec(
        scheme,
        ranges,
        frozenset(spec.get("versions", ())),
        frozenset(spec.get("not_affected", ())),
        tuple(spec.get("vers", ())),
    )


def affects_compiled(spec: CompiledSpec, version: str) -> bool | None:
    """As :func:`affects`, for a compiled spec."""
    if not version:
        return None
    if version in spec.versions:
        return True
    if version in spec.not_affected:
        return False
    undecided = False
    for compiled in spec.ranges:
        inside = None if compiled is None else in_range(compiled, spec.scheme, version)
        if inside:
            return True
        undecided = undecided or inside is None
    for text in spec.vers:
        try:
            version_range = _vers(text)
            inside = version_range.version_class(version) in version_range
        except Exception:
            undecided = True
            continue
        if inside:
            return True
    if undecided and not spec.versions:
        return None
    return False


def affects(spec: Mapping[str, Any], scheme: str, version: str) -> bool | None:
    """Whether ``version`` is affected according to ``spec`` (an :class:`AffectedRow` spec).

    ``None`` means undecidable (the version cannot be compared); it is not reported as affected.
    """
    return affects_compiled(compile_spec(spec, scheme), version)
