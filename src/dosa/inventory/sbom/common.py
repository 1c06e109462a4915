# SPDX-License-Identifier: EUPL-1.2
"""Helpers the format parsers share: lenient value access and the checks every document gets."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

from dosa.errors import InputError
from dosa.inventory.identity import parse_purl
from dosa.inventory.sbom.model import ParsedSbom, Warnings

MAX_NESTING = 256
"""Components nested deeper than this are refused: no real SBOM comes near it (npm trees reach ~20)."""

_ACTOR = re.compile(r"^\s*(?:Organization|Person|Tool)\s*:\s*(.*?)\s*(?:\([^()]*\))?\s*$", re.IGNORECASE)
_NO_VALUE = {"", "NOASSERTION", "NONE"}


def text(value: Any) -> str:
    """A scalar as a stripped string; anything else (lists, objects, None) as empty."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return ""


def as_list(value: Any) -> list[Any]:
    """A list as given, a single value as a one-item list, nothing as an empty list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def spdx_actor(value: Any) -> str:
    """The name in an SPDX actor (``Organization: ACME (x@acme.example)``); empty for NOASSERTION."""
    raw = text(value)
    if raw.upper() in _NO_VALUE:
        return ""
    match = _ACTOR.match(raw)
    name = match.group(1) if match else raw
    return "" if name.upper() in _NO_VALUE else name


def spdx_value(value: Any) -> str:
    """An SPDX field value, with NOASSERTION and NONE read as 'not stated'."""
    raw = text(value)
    return "" if raw.upper() in _NO_VALUE else raw


def too_deep(name: str, what: str = "components") -> InputError:
    return InputError(
        f"{name}: {what} are nested more than {MAX_NESTING} levels deep",
        hint="this is not a real dependency tree; check how the file was generated",
    )


def finish(sbom: ParsedSbom, known_refs: set[str] | None = None) -> ParsedSbom:
    """Checks every format gets: duplicate refs, invalid purls, dependencies on unknown refs."""
    refs = Counter(c.ref for c in sbom.components if c.ref)
    named = ((c.name, c.ref, c.purl, bool(c.purl) and parse_purl(c.purl) is None) for c in sbom.components)
    check(sbom.warnings, refs, named, sbom.dependencies, known_refs)
    return sbom


def check(
    warnings: Warnings,
    refs: Counter[str],
    components: Iterable[tuple[str, str, str, bool]],
    dependencies: Sequence[tuple[str, str]],
    known_refs: set[str] | None = None,
) -> None:
    """:func:`finish`'s checks on a document's component refs (counted), its ``(name, ref, purl, purl
    invalid)`` rows in document order (only those without a name or with an invalid purl matter),
    and its dependencies; a columnar reader passes just those rows."""
    for ref, count in refs.items():
        if count > 1:
            warnings.add("duplicate component ref; dependencies on it are ambiguous", f"{ref!r} ×{count}")
    for name, ref, purl, invalid in components:
        if not name:
            warnings.add("component without a name", ref or purl or "(no ref)")
        if invalid:
            warnings.add("invalid purl, component identified by name and version instead", repr(purl))
    known = set(refs) | (known_refs or set())
    if known.issuperset(chain.from_iterable(dependencies)):  # the common case, checked in C
        return
    for ref, target in dependencies:
        for end in (ref, target):
            if end not in known:
                warnings.add("dependency names a ref that no component has", repr(end))
