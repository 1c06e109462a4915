# SPDX-License-Identifier: EUPL-1.2
"""CycloneDX JSON read straight into typed structs (msgspec), for bulk imports.

:func:`dosa.inventory.sbom.cyclonedx.parse_cyclonedx_json` works on a dict that ``orjson`` built
first: every key and value of every component becomes a Python object, and that is most of an
import's cost. Here the ``components`` and ``dependencies`` arrays are decoded by msgspec into
slotted structs holding only the fields dosa reads, skipping the rest in C.

The structs are strict: a value of an unexpected type (a number for a name, a string for a
licence entry, ``null`` for a version) makes :func:`parse_fast` return ``None``, and the caller
reads the file with the general, lenient reader. So a document is either read exactly as the
general reader reads it, or by the general reader itself; ``tests/inventory/test_cyclonedx_fast.py``
compares both on the real SBOM corpus and on malformed variants.
"""

from __future__ import annotations

from typing import Any

import msgspec
import orjson

from dosa.inventory.sbom.common import MAX_NESTING
from dosa.inventory.sbom.cyclonedx import (
    json_dependencies,
    json_document,
    json_header,
    json_links,
    json_manufacturer,
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
    if data[:64].lstrip()[:1] != b"{":
        return None
    try:
        data.decode()  # msgspec does not check the UTF-8 of values it skips; the general reader refuses it
        top = _TOP.decode(data)
        document = {key: orjson.loads(memoryview(raw)) for key, raw in top.items() if key not in _ARRAYS}
        entries = _COMPONENTS.decode(top["components"]) if "components" in top else None
        edges = _DEPENDENCIES.decode(top["dependencies"]) if "dependencies" in top else None
    except (msgspec.DecodeError, orjson.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return None
    if not _is_cyclonedx(document, top.keys()):
        return None
    try:
        components = _flatten(entries or [])
    except orjson.JSONDecodeError:  # a manufacturer value orjson refuses (NaN, a huge integer)
        return None
    if components is None:
        return None
    warnings = Warnings()
    version = json_header(document, warnings)
    dependencies = _dependencies(edges or [], warnings)
    return json_document(document, version, components, dependencies, warnings, name)


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
    supplier = c.supplier
    if supplier is None:
        supplier_name = ""
    elif isinstance(supplier, str):
        supplier_name = supplier.strip()
    else:
        supplier_name = (supplier.name or "").strip()
    licences = ""
    if entries := c.licenses:
        if len(entries) == 1:  # the common case, without the list and join
            entry = entries[0]
            licences = ((entry.license.id or entry.license.name) if entry.license else entry.expression) or ""
        else:
            names = [(e.license.id or e.license.name) if e.license else e.expression for e in entries]
            licences = "; ".join(n for n in names if n)
    hashes = ""
    if c.hashes:
        hashes = " ".join(f"{h.alg}:{h.content}" for h in c.hashes if h.alg is not None and h.content is not None)
    manufacturer = ""
    if c.manufacturer or c.author or c.publisher or c.authors:
        raw = {"manufacturer": c.manufacturer, "author": c.author, "publisher": c.publisher, "authors": c.authors}
        manufacturer = json_manufacturer({k: orjson.loads(memoryview(v)) for k, v in raw.items() if v}.get)
    vcs = website = ""
    if c.external_references:
        vcs, website = json_links(orjson.loads(memoryview(c.external_references)))
    return Component(
        c.name,
        c.version,
        c.group,
        c.purl,
        c.cpe,
        c.type,
        c.scope,
        c.ref,
        supplier_name,
        manufacturer,
        licences,
        hashes,
        parent,
        vcs,
        website,
    )


def _dependencies(edges: list[_Dependency], warnings: Warnings) -> list[tuple[str, str]]:
    """As :func:`json_dependencies` reads them (it is called for the rare entries it must judge)."""
    out: list[tuple[str, str]] = []
    for edge in edges:
        if not edge.ref or edge.provides is not None:
            out += json_dependencies(
                [{"ref": edge.ref, "dependsOn": edge.depends_on, "provides": edge.provides}], warnings
            )
            continue
        ref = edge.ref
        out += [(ref, target) for target in edge.depends_on or () if target]
    return out
