# SPDX-License-Identifier: EUPL-1.2
"""SPDX 2.x tag-value, read line by line.

spdx-tools' grammar-based parser refuses many real files (actors it cannot parse, timestamps with
fractional seconds, files without checksums); this reader takes the tags dosa needs and warns.
"""

from __future__ import annotations

import re

from dosa.inventory.sbom.common import finish, spdx_actor, spdx_value
from dosa.inventory.sbom.model import Component, ParsedSbom, SbomFormat, Warnings
from dosa.inventory.sbom.spdx import (
    add_relationship,
    check_timestamp,
    keep_package_edges,
    spdx_version,
    subject_from,
)

_TAG = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")
_SECTION_STARTS = {"FileName": "file", "SnippetSPDXID": "snippet", "LicenseID": "licence"}


def looks_like_tag_value(text: str) -> bool:
    """True when a line (not inside a text block) starts with ``SPDXVersion:``."""
    return re.search(r"(?m)^\s*SPDXVersion\s*:", text[:65536]) is not None


def _values(text: str, warnings: Warnings) -> list[tuple[int, str, str]]:
    """``(line, tag, value)`` for every tag, with ``<text>…</text>`` blocks joined."""
    out: list[tuple[int, str, str]] = []
    lines = text.splitlines()
    i = 0
    count = len(lines)
    while i < count:
        line = lines[i]
        i += 1
        tag, sep, value = line.partition(":")
        tag = tag.strip()
        if not sep or not tag.isalnum():
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if not sep or _TAG.match(stripped) is None:
                warnings.add("line is not 'Tag: value'; skipped", f"line {i}")
                continue
        value = value.strip()
        start = i
        if "<text>" in value:
            parts = [value]
            while "</text>" not in parts[-1] and i < count:
                parts.append(lines[i])
                i += 1
            value = "\n".join(parts)
            if "</text>" not in value:
                warnings.add("<text> block never closed; read to the end of the file", f"line {start}")
            value = value.replace("<text>", "", 1).rsplit("</text>", 1)[0].strip()
        out.append((start, tag, value))
    return out


def parse_spdx_tag_value(text: str) -> ParsedSbom:
    warnings = Warnings()
    components: list[Component] = []
    dependencies: list[tuple[str, str]] = []
    described: list[str] = []
    section = "document"
    package: Component | None = None
    version_raw = document_name = namespace = created = ""
    tools: list[str] = []
    for line, tag, value in _values(text, warnings):
        if tag == "PackageName":
            package = Component(name=value)
            components.append(package)
            section = "package"
            continue
        if tag in _SECTION_STARTS:
            section, package = _SECTION_STARTS[tag], None
            continue
        if tag == "Relationship":
            parts = value.split()
            if len(parts) >= 3:
                add_relationship(parts[0], parts[1], parts[2], dependencies, described)
            else:
                warnings.add("relationship without element, type and related element", f"line {line}")
            continue
        if section == "document":
            if tag == "SPDXVersion":
                version_raw = value
            elif tag == "DocumentName":
                document_name = value
            elif tag == "DocumentNamespace":
                namespace = value
            elif tag == "Created":
                created = value
            elif tag == "Creator" and value.lower().startswith("tool:"):
                tools.append(spdx_actor(value))
        elif section == "package" and package is not None:
            _package_tag(package, tag, value, line, warnings)
    version = spdx_version(version_raw, warnings)
    check_timestamp(created, warnings)
    sbom = ParsedSbom(
        format=SbomFormat.SPDX_TAG_VALUE,
        spec_version=version,
        components=components,
        dependencies=keep_package_edges(dependencies, components),
        subject=subject_from(described, components, document_name),
        serial_number=namespace,
        created=created,
        generator="; ".join(t for t in tools if t),
        warnings=warnings,
    )
    return finish(sbom)


def _package_tag(package: Component, tag: str, value: str, line: int, warnings: Warnings) -> None:
    if tag == "SPDXID":
        package.ref = value
    elif tag == "PackageVersion":
        package.version = value
    elif tag == "PackageSupplier":
        package.supplier = spdx_actor(value)
    elif tag == "PackageOriginator":
        package.manufacturer = spdx_actor(value)
    elif tag == "PackageLicenseConcluded":
        package.licences = spdx_value(value) or package.licences
    elif tag == "PackageLicenseDeclared":
        package.licences = package.licences or spdx_value(value)
    elif tag == "PackageChecksum":
        algorithm, _, digest = value.partition(":")
        entry = f"{algorithm.strip()}:{digest.strip()}"
        package.hashes = f"{package.hashes} {entry}" if package.hashes else entry
    elif tag == "PrimaryPackagePurpose":
        package.type = value.lower()
    elif tag == "PackageDownloadLocation":
        package.vcs_url = spdx_value(value)
    elif tag == "PackageHomePage":
        package.website_url = spdx_value(value)
    elif tag == "ExternalRef":
        parts = value.split(None, 2)
        if len(parts) < 3:
            warnings.add("ExternalRef without category, type and locator", f"line {line}")
            return
        kind, locator = parts[1].lower(), parts[2].strip()
        if kind == "purl" and not package.purl:
            package.purl = locator
        elif kind in ("cpe23type", "cpe22type") and not package.cpe:
            package.cpe = locator
