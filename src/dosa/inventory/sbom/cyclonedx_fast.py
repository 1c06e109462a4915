# SPDX-License-Identifier: EUPL-1.2
"""CycloneDX JSON read straight into typed structs (msgspec), for bulk imports.

:func:`dosa.inventory.sbom.cyclonedx.parse_cyclonedx_json` works on a dict that ``orjson`` built
first: every key and value of every component becomes a Python object, and that is most of an
import's cost. Here the ``components`` and ``dependencies`` arrays are decoded by msgspec into
slotted structs holding only the fields dosa reads, skipping the rest in C.

:func:`parse_columns` reads the same structs into Arrow columns for bulk imports, field by field
without a :class:`Component` per row, and runs the general reader's checks column-wise (purls are
parsed once per distinct value); only documents with nested components go through the row walk.

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
import pyarrow as pa
import pyarrow.compute as pc

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
    """An SBOM whose components are Arrow columns: ``sbom`` holds the rest (its ``components`` list is
    empty), ``columns`` one string array per name in :data:`FIELDS`, ``parents`` the index of each
    component's parent (-1 at top level), ``purls`` each component's parsed purl per distinct value."""

    sbom: ParsedSbom
    columns: dict[str, pa.Array]
    parents: np.ndarray[Any, np.dtype[np.int64]]
    purls: PurlColumn

    def __len__(self) -> int:
        return len(self.parents)


@dataclass
class PurlColumn:
    """The purl column dictionary-encoded: ``codes`` per row into ``values``/``parsed``
    (:func:`dosa.inventory.identity.parse_purl` once per distinct purl; ``None`` when empty or invalid)."""

    codes: np.ndarray[Any, np.dtype[np.int32]]
    values: list[str]
    parsed: list[Any]

    @classmethod
    def of(cls, purls: pa.Array) -> PurlColumn:
        encoded = purls.dictionary_encode()
        values = encoded.dictionary.to_pylist()
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
        return cls(codes, values, [parse_purl(p) if p else None for p in values])

    def invalid(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Rows with a purl that does not parse."""
        bad = np.array([bool(v) and p is None for v, p in zip(self.values, self.parsed, strict=True)], dtype=bool)
        return bad[self.codes] if len(bad) else np.zeros(len(self.codes), dtype=bool)


_TEXT = pa.string()


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
    purls = PurlColumn.of(columns["purl"])
    _check(sbom, columns, purls, known)
    return ColumnarSbom(sbom, columns, np.full(len(entries), -1, dtype=np.int64), purls)


def _columns(entries: list[_Component]) -> dict[str, pa.Array]:
    """The structs as :class:`Component` field columns, by :func:`_component`'s rules, field by field."""

    def column(values: list[str]) -> pa.Array:
        return pa.array(values, _TEXT)

    links = [_links(c.external_references) if c.external_references else ("", "") for c in entries]
    vcs, website = zip(*links, strict=True) if links else ((), ())
    return {
        "name": column([c.name for c in entries]),
        "version": column([c.version for c in entries]),
        "group": column([c.group for c in entries]),
        "purl": column([c.purl for c in entries]),
        "cpe": column([c.cpe for c in entries]),
        "type": column([c.type for c in entries]),
        "scope": column([c.scope for c in entries]),
        "ref": column([c.ref for c in entries]),
        "supplier": column([_supplier(c.supplier) if c.supplier is not None else "" for c in entries]),
        "manufacturer": column(
            [_manufacturer(c) if c.manufacturer or c.author or c.publisher or c.authors else "" for c in entries]
        ),
        "licences": column([_licences(c.licenses) if c.licenses else "" for c in entries]),
        "hashes": column([_hashes(c.hashes) if c.hashes else "" for c in entries]),
        "vcs_url": column(list(vcs)),
        "website_url": column(list(website)),
    }


def _check(sbom: ParsedSbom, columns: dict[str, pa.Array], purls: PurlColumn, known: set[str]) -> None:
    """:func:`dosa.inventory.sbom.common.finish` on columns: only rows without a name or with an
    invalid purl are looked at one by one."""
    refs = Counter(columns["ref"].to_pylist())
    del refs[""]
    invalid = purls.invalid()
    rows = pa.array(np.flatnonzero(invalid | pc.equal(columns["name"], "").to_numpy(zero_copy_only=False)))
    named = zip(*(columns[f].take(rows).to_pylist() for f in ("name", "ref", "purl")), strict=True)
    suspects = [(n, r, p, bool(bad)) for (n, r, p), bad in zip(named, invalid[rows.to_numpy()], strict=True)]
    check(sbom.warnings, refs, suspects, sbom.dependencies, known)


def as_columns(sbom: ParsedSbom) -> ColumnarSbom:
    """Any parsed SBOM as columns (its ``components`` moved into them)."""
    components = sbom.components
    columns = {field: pa.array([getattr(c, field) for c in components], _TEXT) for field in FIELDS}
    parents = np.array([c.parent for c in components], dtype=np.int64)
    sbom.components = []
    return ColumnarSbom(sbom, columns, parents, PurlColumn.of(columns["purl"]))
