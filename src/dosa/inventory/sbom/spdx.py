# SPDX-License-Identifier: EUPL-1.2
"""SPDX 2.x documents as a JSON-like tree: JSON, YAML, and XML (converted to the same tree).

Read leniently: what spdx-tools rejects in real files (timestamps with fractional seconds, packages
with ``filesAnalyzed: false`` and file data, actors it cannot parse) is read and warned about.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from dosa.inventory.sbom.common import as_list, finish, spdx_actor, spdx_value, text
from dosa.inventory.sbom.model import Component, ParsedSbom, SbomFormat, Subject, Warnings

KNOWN_VERSIONS = ("2.0", "2.1", "2.2", "2.3")
STRICT_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

DEPENDS = {"DEPENDS_ON", "CONTAINS"}
"""Relationship types read as 'element depends on related element'."""
DEPENDED = {
    "DEPENDENCY_OF",
    "DEV_DEPENDENCY_OF",
    "BUILD_DEPENDENCY_OF",
    "RUNTIME_DEPENDENCY_OF",
    "OPTIONAL_DEPENDENCY_OF",
    "PROVIDED_DEPENDENCY_OF",
    "TEST_DEPENDENCY_OF",
    "CONTAINED_BY",
}
"""Relationship types read the other way round."""


def spdx_version(raw: str, warnings: Warnings) -> str:
    """``SPDX-2.3`` → ``2.3``, warning on versions dosa does not know."""
    version = raw.strip().removeprefix("SPDX-") if raw else ""
    if not version:
        warnings.add("no spdxVersion stated")
        return "unknown"
    if version not in KNOWN_VERSIONS:
        warnings.add(f"unknown SPDX version {raw!r}; read with the rules of SPDX 2.3")
    return version


def check_timestamp(created: str, warnings: Warnings) -> None:
    if created and not STRICT_TIMESTAMP.match(created):
        warnings.add("creation timestamp is not in the spec's YYYY-MM-DDThh:mm:ssZ form", repr(created))


def add_relationship(
    element: str, kind: str, related: str, dependencies: list[tuple[str, str]], described: list[str]
) -> None:
    kind = kind.strip().upper()
    if kind == "DESCRIBES":
        described.append(related)
    elif kind == "DESCRIBED_BY":
        described.append(element)
    elif kind in DEPENDS:
        dependencies.append((element, related))
    elif kind in DEPENDED:
        dependencies.append((related, element))


def keep_package_edges(dependencies: list[tuple[str, str]], components: list[Component]) -> list[tuple[str, str]]:
    """Keep edges between packages: SPDX also relates the document, files and snippets."""
    refs = {c.ref for c in components if c.ref}
    return [(a, b) for a, b in dependencies if a in refs and b in refs and a != b]


def subject_from(described: list[str], components: list[Component], document_name: str) -> Subject | None:
    by_ref = {c.ref: c for c in components if c.ref}
    for ref in described:
        if (package := by_ref.get(ref)) is not None:
            return Subject(package.name, package.version, package.purl)
    return Subject(document_name) if document_name else None


def _package(p: dict[str, Any], warnings: Warnings) -> Component:
    purl = cpe = ""
    for ref in as_list(p.get("externalRefs")):
        if not isinstance(ref, dict):
            continue
        kind = text(ref.get("referenceType")).lower()
        locator = text(ref.get("referenceLocator"))
        if kind == "purl" and not purl:
            purl = locator
        elif kind in ("cpe23type", "cpe22type") and not cpe:
            cpe = locator
    hashes = " ".join(
        f"{text(c.get('algorithm'))}:{text(c.get('checksumValue'))}"
        for c in as_list(p.get("checksums"))
        if isinstance(c, dict)
    )
    licence = spdx_value(p.get("licenseConcluded")) or spdx_value(p.get("licenseDeclared"))
    return Component(
        name=text(p.get("name")),
        version=text(p.get("versionInfo")),
        purl=purl,
        cpe=cpe,
        type=text(p.get("primaryPackagePurpose")).lower(),
        ref=text(p.get("SPDXID")),
        supplier=spdx_actor(p.get("supplier")),
        manufacturer=spdx_actor(p.get("originator")),
        licences=licence,
        hashes=hashes,
        vcs_url=spdx_value(p.get("downloadLocation")),
        website_url=spdx_value(p.get("homepage")),
    )


def parse_spdx_tree(document: dict[str, Any], fmt: SbomFormat) -> ParsedSbom:
    """Read an SPDX 2.x document given as nested dicts and lists (from JSON, YAML or XML)."""
    warnings = Warnings()
    version = spdx_version(text(document.get("spdxVersion")), warnings)
    packages = document.get("packages")
    if packages is not None and not isinstance(packages, list | dict):
        warnings.add("'packages' is not a list; no packages read")
        packages = []
    components = []
    for package in as_list(packages):
        if isinstance(package, dict):
            components.append(_package(package, warnings))
        else:
            warnings.add("package entry is not an object; skipped")
    dependencies: list[tuple[str, str]] = []
    described = [text(d) for d in as_list(document.get("documentDescribes")) if text(d)]
    for rel in as_list(document.get("relationships")):
        if isinstance(rel, dict):
            add_relationship(
                text(rel.get("spdxElementId")),
                text(rel.get("relationshipType")),
                text(rel.get("relatedSpdxElement")),
                dependencies,
                described,
            )
    creation = document.get("creationInfo")
    creation = creation if isinstance(creation, dict) else {}
    created = text(creation.get("created"))
    check_timestamp(created, warnings)
    tools = [spdx_actor(c) for c in as_list(creation.get("creators")) if text(c).lower().startswith("tool:")]
    sbom = ParsedSbom(
        format=fmt,
        spec_version=version,
        components=components,
        dependencies=keep_package_edges(dependencies, components),
        subject=subject_from(described, components, text(document.get("name"))),
        serial_number=text(document.get("documentNamespace")),
        created=created,
        generator="; ".join(t for t in tools if t),
        warnings=warnings,
    )
    return finish(sbom)


# --- XML ------------------------------------------------------------------------------------


def xml_to_tree(element: Element) -> Any:
    """Turn SPDX XML into the JSON tree: child tags become keys, repeated tags become lists."""
    children = list(element)
    if not children:
        return (element.text or "").strip()
    tree: dict[str, Any] = {}
    for child in children:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        value = xml_to_tree(child)
        if tag in tree:
            existing = tree[tag]
            if isinstance(existing, list):
                existing.append(value)
            else:
                tree[tag] = [existing, value]
        else:
            tree[tag] = value
    return tree


def parse_spdx_xml(root: Element) -> ParsedSbom:
    tree = xml_to_tree(root)
    return parse_spdx_tree(tree if isinstance(tree, dict) else {}, SbomFormat.SPDX_XML)
