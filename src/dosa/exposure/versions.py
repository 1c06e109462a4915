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


def _semver(text: str) -> Any:
    try:
        return SemverVersion(text.removeprefix("v"))
    except Exception:
        return None


def _in_osv_range(kind: str, events: Sequence[Mapping[str, str]], scheme: str, version: str) -> bool | None:
    """Evaluate one OSV range; ``None`` when a version cannot be compared."""
    parse = _semver if kind == "SEMVER" else (lambda text: parse_version(scheme, text))
    current = parse(version)
    if current is None:
        return None
    keyed: list[tuple[Any, int, str]] = []
    limits = []
    for event in events:
        for name, value in event.items():
            if name == "introduced" and value == "0":
                keyed.append((None, 0, name))
                continue
            parsed = parse(value)
            if parsed is None:
                return None
            if name == "limit":
                limits.append(parsed)
            elif name in ("introduced", "fixed", "last_affected"):
                keyed.append((parsed, {"introduced": 0, "fixed": 1, "last_affected": 1}[name], name))
    try:
        if any(current >= limit for limit in limits):
            return False
        ordered = [k for k in keyed if k[0] is None] + sorted(
            (k for k in keyed if k[0] is not None), key=lambda item: (item[0], item[1])
        )
        affected = False
        for bound, _, name in ordered:
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


@lru_cache(maxsize=65_536)
def _vers(text: str) -> Any:
    return VersionRange.from_string(text)  # type: ignore[no-untyped-call]


def affects(spec: Mapping[str, Any], scheme: str, version: str) -> bool | None:
    """Whether ``version`` is affected according to ``spec`` (an :class:`AffectedRow` spec).

    ``None`` means undecidable (the version cannot be compared); it is not reported as affected.
    """
    if not version:
        return None
    if version in spec.get("versions", ()):
        return True
    if version in spec.get("not_affected", ()):
        return False
    undecided = False
    for item in spec.get("ranges", ()):
        kind = item.get("type", "ECOSYSTEM")
        if kind == "GIT":
            continue
        inside = _in_osv_range(kind, item.get("events", ()), scheme, version)
        if inside:
            return True
        undecided = undecided or inside is None
    for text in spec.get("vers", ()):
        try:
            version_range = _vers(text)
            inside = version_range.version_class(version) in version_range
        except Exception:
            undecided = True
            continue
        if inside:
            return True
    if undecided and not spec.get("versions"):
        return None
    return False
