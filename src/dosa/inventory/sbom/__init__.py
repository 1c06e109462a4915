# SPDX-License-Identifier: EUPL-1.2
"""SBOM reading: CycloneDX (JSON, XML) and SPDX (2.x JSON, YAML, XML, RDF, tag-value; 3.0 JSON-LD).

Formats are detected from the content. Import is lenient: problems that strict validators refuse
are kept as warnings; :func:`validate_strict` runs the reference validators when asked.
"""

from pathlib import Path

from dosa.inventory.sbom.detect import Detected, detect, parse_detected, parse_source
from dosa.inventory.sbom.model import Component, ParsedSbom, SbomFormat, Subject, Warnings
from dosa.inventory.sbom.reading import DEFAULT_MAX_BYTES, SourceBytes, read_bytes, read_source
from dosa.inventory.sbom.validate import validate_strict


def parse_sbom(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, strict: bool = False) -> ParsedSbom:
    """Read, detect and parse an SBOM file; with ``strict`` also run the reference validators."""
    source = read_source(path, max_bytes)
    sbom = parse_source(source)
    if strict:
        validate_strict(source, sbom)
    return sbom


__all__ = [
    "DEFAULT_MAX_BYTES",
    "Component",
    "Detected",
    "ParsedSbom",
    "SbomFormat",
    "SourceBytes",
    "Subject",
    "Warnings",
    "detect",
    "parse_detected",
    "parse_sbom",
    "parse_source",
    "read_bytes",
    "read_source",
    "validate_strict",
]
