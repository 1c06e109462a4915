# SPDX-License-Identifier: EUPL-1.2
"""Strict validation with the reference validators: cyclonedx-python-lib and spdx-tools.

An option, never a gate: real files often fail it (see docs/inventory.md), and validating one
large SPDX document can take more than a minute.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from dosa.errors import InputError
from dosa.inventory.sbom.model import ParsedSbom, SbomFormat
from dosa.inventory.sbom.reading import SourceBytes

_SPDX_SUFFIX = {
    SbomFormat.SPDX_JSON: ".spdx.json",
    SbomFormat.SPDX_YAML: ".spdx.yaml",
    SbomFormat.SPDX_XML: ".spdx.xml",
    SbomFormat.SPDX_RDF: ".spdx.rdf.xml",
    SbomFormat.SPDX_TAG_VALUE: ".spdx",
}
MAX_MESSAGES = 20


def _cyclonedx_errors(text: str, fmt: SbomFormat, version: str) -> list[str]:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    from cyclonedx.validation.xml import XmlValidator

    try:
        schema = SchemaVersion.from_version(version)
    except (ValueError, KeyError):
        return [f"no CycloneDX schema for spec version {version!r}"]
    validator: Any = JsonStrictValidator(schema) if fmt is SbomFormat.CYCLONEDX_JSON else XmlValidator(schema)
    errors = validator.validate_str(text, all_errors=True)
    if errors is None:
        return []
    found = list(errors) if not hasattr(errors, "data") else [errors]
    return [str(getattr(error, "data", error)).splitlines()[0] for error in found]


def _spdx_errors(data: bytes, fmt: SbomFormat) -> list[str]:
    from spdx_tools.spdx.parser.error import SPDXParsingError
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"document{_SPDX_SUFFIX[fmt]}"
        path.write_bytes(data)
        try:
            document = parse_file(str(path))
        except SPDXParsingError as exc:
            return [f"spdx-tools cannot parse it: {m}" for m in exc.messages]
        except Exception as exc:  # spdx-tools raises assorted errors on unusual input
            return [f"spdx-tools cannot parse it: {exc}"]
    return [m.validation_message for m in validate_full_spdx_document(document)]


def strict_errors(source: SourceBytes, sbom: ParsedSbom) -> list[str]:
    """Every problem the reference validator finds; empty when the document is valid."""
    fmt = sbom.format
    if fmt in (SbomFormat.CYCLONEDX_JSON, SbomFormat.CYCLONEDX_XML):
        return _cyclonedx_errors(source.data.decode("utf-8-sig", errors="replace"), fmt, sbom.spec_version)
    if fmt in _SPDX_SUFFIX:
        return _spdx_errors(source.data, fmt)
    return ["no reference validator for SPDX 3 is available (spdx-tools validates SPDX 2 only)"]


def validate_strict(source: SourceBytes, sbom: ParsedSbom) -> None:
    """Raise :class:`InputError` listing the first problems if the document fails strict validation."""
    errors = strict_errors(source, sbom)
    if errors:
        shown = "; ".join(errors[:MAX_MESSAGES])
        more = f" (and {len(errors) - MAX_MESSAGES} more)" if len(errors) > MAX_MESSAGES else ""
        raise InputError(
            f"{source.name}: fails strict {sbom.format} {sbom.spec_version} validation with "
            f"{len(errors)} problem(s): {shown}{more}",
            hint="import without --strict to read it with warnings",
        )
