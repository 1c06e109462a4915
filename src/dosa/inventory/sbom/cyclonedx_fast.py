# SPDX-License-Identifier: EUPL-1.2
"""CycloneDX JSON read straight into typed structs (msgspec), for bulk imports.

:func:`dosa.inventory.sbom.cyclonedx.parse_cyclonedx_json` works on a dict that ``orjson`` built
first: every key and value of every component becomes a Python object, and that is most of an
import's cost. Here the ``components`` and ``dependencies`` arrays are decoded by msgspec into
slotted structs holding only the fields dosa reads, skipping the rest in C.

:func:`parse_columns` reads the same structs into columns (lists of strings) for bulk imports, field by
field without a :class:`Component` per row, and runs the general reader's checks column-wise (purls
are parsed once per distinct value); only documents with nested components go through the row walk.

The structs are strict: a value of an unexpected type (a number for a name, a string for a
licence entry, ``null`` for a version) makes :func:`parse_fast` return ``None``, and the caller
reads the file with the general, lenient reader. So a document is either read exactly as the
general reader reads it, or by the general reader itself; ``tests/inventory/test_cyclonedx_fast.py``
compares both on the real SBOM corpus and on malformed variants.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import msgspec
import numpy as np
import orjson

from dosa.inventory.identity import parse_purl
from dosa.inventory.sbom.common import MAX_NESTING, check
from dosa.inventory.sbom.cyclonedx import (
    json_dependencies,
    json_document,
    json_header,
    json_links,
    json_manufacturer,
    json_unchecked,
)
from dosa.inventory.sbom.model import Component, ParsedSbom, SbomFormat, Warnings


class _Entity(msgspec.Struct):
    """An organisational entity (supplier): only its name is read."""

    name: str | None = None


class _Licence(msgspec.Struct):
    id: str | None = None
    name: str | None = None


class _LicenceEntry(msgspec.Struct):
    license: _Licence | None = None
    expression: str | None = None


class _Hash(msgspec.Struct):
    alg: str | None = None
    content: str | None = None


class _Component(msgspec.Struct, rename={"ref": "bom-ref", "external_references": "externalReferences"}):
    name: str = ""
    version: str = ""
    group: str = ""
    purl: str = ""
    cpe: str = ""
    type: str = ""
    scope: str = ""
    ref: str = ""
    supplier: _Entity | str | None = None
    licenses: list[_LicenceEntry] | None = None
    hashes: list[_Hash] | None = None
    # rare, and "manufacturer or author or publisher" depends on an object's truthiness: kept raw and
    # read by the general reader's own rule
    manufacturer: msgspec.Raw = msgspec.Raw()
    author: msgspec.Raw = msgspec.Raw()
    publisher: msgspec.Raw = msgspec.Raw()
    authors: msgspec.Raw = msgspec.Raw()
    external_references: msgspec.Raw = msgspec.Raw()  # vcs and website URLs, read by the general rule
    components: list[_Component] | None = None


class _Dependency(msgspec.Struct, rename={"depends_on": "dependsOn"}):
    ref: str = ""
    depends_on: list[str] | None = None
    provides: list[str] | None = None


_TOP = msgspec.json.Decoder(dict[str, msgspec.Raw])
_COMPONENTS = msgspec.json.Decoder(list[_Component] | None)
_DEPENDENCIES = msgspec.json.Decoder(list[_Dependency] | None)
_ARRAYS = ("components", "dependencies")


def parse_fast(data: bytes, name: str) -> ParsedSbom | None:
    """The CycloneDX JSON document in ``data``, or ``None`` when it is anything else or holds a value
    the typed reading does not take (then the general reader must read it)."""
    decoded = _decode(data)
    if decoded is None:
        return None
    document, entries, edges = decoded
    try:
        components = _flatten(entries)
    except orjson.JSONDecodeError:  # a manufacturer value orjson refuses (NaN, a huge integer)
        return None
    if components is None:
        return None
    warnings = Warnings()
    version = json_header(document, warnings)
    dependencies = _dependencies(edges, warnings)
    return json_document(document, version, components, dependencies, warnings, name)


def _decode(data: bytes) -> tuple[dict[str, Any], list[_Component], list[_Dependency]] | None:
    """The document's top-level values and its components and dependencies as structs; ``None`` if it is
    not CycloneDX JSON or holds a value the structs do not take."""
    read = _top(data)
    if read is None:
        return None
    top, document = read
    try:
        entries = _COMPONENTS.decode(top["components"]) if "components" in top else None
        edges = _DEPENDENCIES.decode(top["dependencies"]) if "dependencies" in top else None
    except (msgspec.DecodeError, RecursionError):
        return None
    return document, entries or [], edges or []


def _top(data: bytes) -> tuple[dict[str, msgspec.Raw], dict[str, Any]] | None:
    """The document's top-level values (the two big arrays undecoded), if it is CycloneDX JSON."""
    if data[:64].lstrip()[:1] != b"{":
        return None
    try:
        if not data.isascii():  # ASCII is valid UTF-8, and checked without building a string
            data.decode()  # msgspec does not check the UTF-8 of values it skips; the general reader refuses it
        top = _TOP.decode(data)
        document = {key: orjson.loads(memoryview(raw)) for key, raw in top.items() if key not in _ARRAYS}
    except (msgspec.DecodeError, orjson.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return None
    return (top, document) if _is_cyclonedx(document, top.keys()) else None


def _is_cyclonedx(document: dict[str, Any], keys: Any) -> bool:
    """The general detector's verdict (:func:`dosa.inventory.sbom.detect.detect`) is CycloneDX JSON."""
    from dosa.inventory.sbom.detect import json_kind  # detect imports the readers, this one included

    return json_kind(dict.fromkeys(keys) | document)[0] is SbomFormat.CYCLONEDX_JSON


def _flatten(top: list[_Component]) -> list[Component] | None:
    """Components in document order, nested ones after their parent (as the general reader walks them);
    ``None`` when nested deeper than the general reader allows (it reports that)."""
    out: list[Component] = []
    stack: list[tuple[list[_Component], int, int]] = [(top, 0, -1)]
    while stack:
        entries, position, parent = stack.pop()
        for at in range(position, len(entries)):
            entry = entries[at]
            index = len(out)
            out.append(_component(entry, parent))
            if entry.components:
                if len(stack) + 1 >= MAX_NESTING:
                    return None
                stack.append((entries, at + 1, parent))
                stack.append((entry.components, 0, index))
                break
    return out


def _component(c: _Component, parent: int) -> Component:
    vcs, website = _links(c.external_references) if c.external_references else ("", "")
    return Component(
        c.name,
        c.version,
        c.group,
        c.purl,
        c.cpe,
        c.type,
        c.scope,
        c.ref,
        _supplier(c.supplier) if c.supplier is not None else "",
        _manufacturer(c) if c.manufacturer or c.author or c.publisher or c.authors else "",
        _licences(c.licenses) if c.licenses else "",
        _hashes(c.hashes) if c.hashes else "",
        parent,
        vcs,
        website,
    )


def _supplier(supplier: _Entity | str) -> str:
    return supplier.strip() if isinstance(supplier, str) else (supplier.name or "").strip()


def _licences(entries: list[_LicenceEntry]) -> str:
    if len(entries) == 1:  # the common case, without the list and join
        entry = entries[0]
        return ((entry.license.id or entry.license.name) if entry.license else entry.expression) or ""
    names = [(e.license.id or e.license.name) if e.license else e.expression for e in entries]
    return "; ".join(n for n in names if n)


def _hashes(hashes: list[_Hash]) -> str:
    if len(hashes) == 1:  # the common case, without the generator and join
        h = hashes[0]
        return f"{h.alg}:{h.content}" if h.alg is not None and h.content is not None else ""
    return " ".join(f"{h.alg}:{h.content}" for h in hashes if h.alg is not None and h.content is not None)


def _manufacturer(c: _Component) -> str:
    """By the general reader's rule ("manufacturer or author or publisher" depends on truthiness)."""
    raw = {"manufacturer": c.manufacturer, "author": c.author, "publisher": c.publisher, "authors": c.authors}
    return json_manufacturer({k: orjson.loads(memoryview(v)) for k, v in raw.items() if v}.get)


def _links(raw: msgspec.Raw) -> tuple[str, str]:
    return json_links(orjson.loads(memoryview(raw)))


def _dependencies(edges: list[_Dependency], warnings: Warnings) -> list[tuple[str, str]]:
    """As :func:`json_dependencies` reads them (it is called for the rare entries it must judge)."""
    out: list[tuple[str, str]] = []
    for edge in edges:
        if not edge.ref or edge.provides is not None:
            out += json_dependencies(
                [{"ref": edge.ref, "dependsOn": edge.depends_on, "provides": edge.provides}], warnings
            )
            continue
        if edge.depends_on:
            out += zip(repeat(edge.ref), filter(None, edge.depends_on))  # empty targets dropped
    return out


# --- columns ----------------------------------------------------------------------------------

FIELDS = (
    "name",
    "version",
    "group",
    "purl",
    "cpe",
    "type",
    "scope",
    "ref",
    "supplier",
    "manufacturer",
    "licences",
    "hashes",
    "vcs_url",
    "website_url",
)
"""The :class:`Component` fields a :class:`ColumnarSbom` holds as columns (``parent`` apart)."""


@dataclass
class ColumnarSbom:
    """An SBOM whose components are columns: ``sbom`` holds the rest (its ``components`` list is
    empty), ``columns`` one list of strings per name in :data:`FIELDS`, ``parents`` the index of each
    component's parent (-1 at top level). Plain lists, because a bulk import joins the columns of many
    documents before it converts them to Arrow once per part."""

    sbom: ParsedSbom
    columns: dict[str, list[str]]
    parents: np.ndarray[Any, np.dtype[np.int64]]

    def __len__(self) -> int:
        return len(self.parents)


def parse_columns(data: bytes, name: str) -> ColumnarSbom | None:
    """The CycloneDX JSON document in ``data`` with its components as columns; ``None`` as
    :func:`parse_fast`, whose reading, column by column, this equals."""
    decoded = _decode(data)
    if decoded is None:
        return None
    document, entries, edges = decoded
    if any(entry.components for entry in entries):  # nested: walked in document order, one by one
        sbom = parse_fast(data, name)
        return None if sbom is None else as_columns(sbom)
    try:
        columns = _columns(entries)
    except orjson.JSONDecodeError:  # a manufacturer or reference value orjson refuses
        return None
    warnings = Warnings()
    version = json_header(document, warnings)
    dependencies = _dependencies(edges, warnings)
    sbom, known = json_unchecked(document, version, [], dependencies, warnings, name)
    _check(sbom, columns, known)
    return ColumnarSbom(sbom, columns, np.full(len(entries), -1, dtype=np.int64))


def _columns(entries: list[_Component]) -> dict[str, list[str]]:
    """The structs as :class:`Component` field columns, by :func:`_component`'s rules, field by field."""
    links = [_links(c.external_references) if c.external_references else ("", "") for c in entries]
    vcs, website = zip(*links, strict=True) if links else ((), ())
    return {
        "name": [c.name for c in entries],
        "version": [c.version for c in entries],
        "group": [c.group for c in entries],
        "purl": [c.purl for c in entries],
        "cpe": [c.cpe for c in entries],
        "type": [c.type for c in entries],
        "scope": [c.scope for c in entries],
        "ref": [c.ref for c in entries],
        "supplier": [_supplier(c.supplier) if c.supplier is not None else "" for c in entries],
        "manufacturer": [
            _manufacturer(c) if c.manufacturer or c.author or c.publisher or c.authors else "" for c in entries
        ],
        "licences": [_licences(c.licenses) if c.licenses else "" for c in entries],
        "hashes": [_hashes(c.hashes) if c.hashes else "" for c in entries],
        "vcs_url": list(vcs),
        "website_url": list(website),
    }


def _check(sbom: ParsedSbom, columns: dict[str, list[str]], known: set[str]) -> None:
    """:func:`dosa.inventory.sbom.common.finish` on columns: purls are parsed once per distinct value,
    and rows are looked at one by one only when some lack a name or have an invalid purl."""
    names, refs, purls = columns["name"], columns["ref"], columns["purl"]
    counted = Counter(refs)
    del counted[""]
    invalid = {purl for purl in dict.fromkeys(purls) if purl and parse_purl(purl) is None}
    suspects = []
    if invalid or "" in names:
        rows = zip(names, refs, purls, strict=True)
        suspects = [(n, r, p, p in invalid) for n, r, p in rows if not n or p in invalid]
    check(sbom.warnings, counted, suspects, sbom.dependencies, known)


def as_columns(sbom: ParsedSbom) -> ColumnarSbom:
    """Any parsed SBOM as columns (its ``components`` moved into them)."""
    components = sbom.components
    columns = {field: [getattr(c, field) for c in components] for field in FIELDS}
    parents = np.array([c.parent for c in components], dtype=np.int64)
    sbom.components = []
    return ColumnarSbom(sbom, columns, parents)
