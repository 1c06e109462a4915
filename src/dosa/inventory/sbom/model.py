# SPDX-License-Identifier: EUPL-1.2
"""What an SBOM parser hands on: a flat list of components and the dependency graph.

Plain slotted dataclasses, not pydantic: an import handles millions of components and their
validation happens in the parsers, which report problems as warnings instead of refusing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SbomFormat(StrEnum):
    CYCLONEDX_JSON = "cyclonedx-json"
    CYCLONEDX_XML = "cyclonedx-xml"
    SPDX_JSON = "spdx-json"
    SPDX_YAML = "spdx-yaml"
    SPDX_XML = "spdx-xml"
    SPDX_RDF = "spdx-rdf"
    SPDX_TAG_VALUE = "spdx-tv"
    SPDX3_JSONLD = "spdx3-jsonld"


@dataclass(slots=True)
class Component:
    """One entry of an SBOM's component (CycloneDX) or package (SPDX) list."""

    name: str
    version: str = ""
    group: str = ""
    purl: str = ""
    cpe: str = ""
    type: str = ""
    scope: str = ""
    ref: str = ""
    """The document-local id: CycloneDX ``bom-ref``, SPDX ``SPDXID``."""
    supplier: str = ""
    """Who supplies it (CycloneDX ``supplier``, SPDX ``PackageSupplier``)."""
    manufacturer: str = ""
    """Who made it (CycloneDX ``manufacturer``/``author(s)``/``publisher``, SPDX ``PackageOriginator``)."""
    licences: str = ""
    hashes: str = ""
    """``ALG:value`` pairs separated by spaces."""
    parent: int = -1
    """Index of the component this one is nested in (CycloneDX nested ``components``); -1 at top level."""
    vcs_url: str = ""
    """Where its source is kept (CycloneDX ``vcs`` external reference, SPDX ``downloadLocation``)."""
    website_url: str = ""
    """Its home page (CycloneDX ``website`` external reference, SPDX ``homepage``)."""


@dataclass(slots=True)
class ServiceEntry:
    """One entry of a CycloneDX ``services`` list (a SaaSBOM): a service the subject calls, not ships."""

    name: str
    provider: str = ""
    """The organisation that provides the service (CycloneDX ``provider.name``)."""
    group: str = ""
    version: str = ""
    ref: str = ""
    description: str = ""
    parent: int = -1
    """Index of the service this one is nested in (CycloneDX nested ``services``); -1 at top level."""


@dataclass(slots=True)
class Subject:
    """What the SBOM describes (CycloneDX ``metadata.component``, SPDX described package or document)."""

    name: str
    version: str = ""
    purl: str = ""


@dataclass
class Warnings:
    """Problems found while reading, grouped by kind so that 10,000 bad purls make one line."""

    limit: int = 3
    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, example: str = "") -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        examples = self.examples.setdefault(kind, [])
        if example and len(examples) < self.limit:
            examples.append(example)

    def messages(self) -> list[str]:
        lines = []
        for kind, count in self.counts.items():
            examples = self.examples.get(kind) or []
            text = kind if count == 1 else f"{kind} ({count} times)"
            if examples:
                more = ", …" if count > len(examples) else ""
                text += f": {', '.join(examples)}{more}"
            lines.append(text)
        return lines

    def __bool__(self) -> bool:
        return bool(self.counts)


@dataclass
class ParsedSbom:
    format: SbomFormat
    spec_version: str
    components: list[Component]
    dependencies: list[tuple[str, str]] = field(default_factory=list)
    """``(ref, depends_on_ref)`` pairs."""
    subject: Subject | None = None
    serial_number: str = ""
    created: str = ""
    generator: str = ""
    warnings: Warnings = field(default_factory=Warnings)
    services: list[ServiceEntry] = field(default_factory=list)
    """CycloneDX ``services`` (SaaSBOM), imported into the service inventory."""
