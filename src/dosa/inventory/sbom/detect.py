# SPDX-License-Identifier: EUPL-1.2
"""Recognise an SBOM from its content, never from its file name, and parse it.

Malformed JSON or XML is an error; well-formed content that is no SBOM is reported as such
(``Detected.format is None``) so that a caller can try other readers, e.g. a service inventory.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import orjson
import yaml
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_xml

from dosa.errors import InputError
from dosa.inventory.sbom.cyclonedx import NAMESPACE_PREFIX, parse_cyclonedx_json, parse_cyclonedx_xml
from dosa.inventory.sbom.model import ParsedSbom, SbomFormat
from dosa.inventory.sbom.reading import SourceBytes
from dosa.inventory.sbom.spdx import parse_spdx_tree, parse_spdx_xml
from dosa.inventory.sbom.spdx3 import is_spdx3, parse_spdx3
from dosa.inventory.sbom.spdx_tagvalue import looks_like_tag_value, parse_spdx_tag_value
from dosa.textfiles import decode_text

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_YAML_SPDX = re.compile(r"(?m)^\s*[\"']?spdxVersion[\"']?\s*:")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SPDX_RDF_NAMESPACE = "http://spdx.org/rdf/terms"


@dataclass(frozen=True)
class Detected:
    """What a document is, with its parsed form so nothing is parsed twice."""

    format: SbomFormat | None
    payload: Any
    reason: str = ""
    """Why it is not an SBOM, when ``format`` is None."""


def _first_char(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    return chr(head[0]) if head else ""


def _decode(source: SourceBytes) -> str | None:
    """The file as text (UTF-8, UTF-16 with BOM, or Windows-1252 as Dutch Excel saves CSV); None if binary."""
    decoded = decode_text(source.data)
    return None if decoded is None or "\x00" in decoded[0][:4096] else decoded[0]


def json_kind(document: Any) -> tuple[SbomFormat | None, str]:
    if isinstance(document, list):
        return None, "a JSON list, not a CycloneDX or SPDX document"
    if not isinstance(document, dict):
        return None, "a JSON value that is not an object"
    if "spdxVersion" in document or ("SPDXID" in document and "packages" in document):
        return SbomFormat.SPDX_JSON, ""
    if is_spdx3(document):
        return SbomFormat.SPDX3_JSONLD, ""
    schema = str(document.get("$schema", ""))
    if (
        "bomFormat" in document
        or "cyclonedx" in schema.lower()
        or ("specVersion" in document and {"components", "metadata", "dependencies", "serialNumber"} & document.keys())
    ):
        return SbomFormat.CYCLONEDX_JSON, ""
    keys = ", ".join(sorted(str(k) for k in document)[:6])
    return None, f"a JSON object without CycloneDX or SPDX fields (keys: {keys})"


def _xml_kind(root: Element) -> tuple[SbomFormat | None, str]:
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace = tag[1 : tag.index("}")] if tag.startswith("{") else ""
    local = tag.rsplit("}", 1)[-1]
    if local == "bom" and (namespace.startswith(NAMESPACE_PREFIX) or "cyclonedx" in namespace):
        return SbomFormat.CYCLONEDX_XML, ""
    if local == "RDF" and any(
        isinstance(child.tag, str) and child.tag.startswith("{" + SPDX_RDF_NAMESPACE) for child in root
    ):
        return SbomFormat.SPDX_RDF, ""
    if local in ("Document", "SpdxDocument") and any(
        isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "spdxVersion" for child in root
    ):
        return SbomFormat.SPDX_XML, ""
    return None, f"an XML document with root element '{local}', not CycloneDX or SPDX"


def _parse_json(source: SourceBytes) -> Any:
    """orjson for speed; the standard library for what orjson refuses (UTF-16/32, NaN, huge integers)
    and for its error messages."""
    try:
        return orjson.loads(source.data)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(source.data)
    except RecursionError as exc:  # far beyond any real SBOM; refuse this file, not the whole import
        raise InputError(
            f"{source.name}: the document is nested too deeply to read", hint="this is not a real SBOM structure"
        ) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source.name}: not well-formed JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            hint="the file is truncated or damaged, or is not JSON",
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{source.name}: JSON that is not valid UTF-8/16/32 text", hint="save it as UTF-8") from exc


def _parse_xml(source: SourceBytes) -> Element:
    try:
        root: Element = safe_xml(source.data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            f"{source.name}: refused XML that declares entities or external references ({exc.__class__.__name__})",
            hint="SBOMs never need entity declarations; they are used for entity-expansion attacks",
        ) from exc
    except ParseError as exc:
        raise InputError(f"{source.name}: not well-formed XML: {exc}", hint="the file is truncated or damaged") from exc
    except LookupError as exc:  # an encoding declaration Python does not know, e.g. encoding='U-F-8'
        raise InputError(
            f"{source.name}: XML that declares an unknown character encoding", hint="save it as UTF-8"
        ) from exc
    return root


def detect(source: SourceBytes) -> Detected:
    """Parse ``source`` far enough to know its format. Raises :class:`InputError` for broken JSON/XML."""
    first = _first_char(source.data)
    if source.data.startswith(_UTF16_BOMS):
        text = _decode(source)
        first = text.lstrip()[:1] if text else ""
    if first in ("{", "["):
        document = _parse_json(source)
        fmt, reason = json_kind(document)
        return Detected(fmt, document, reason)
    if first == "<":
        root = _parse_xml(source)
        fmt, reason = _xml_kind(root)
        return Detected(fmt, root, reason)
    text = _decode(source)
    if text is None:
        return Detected(None, None, "binary content, not a text SBOM")
    if not text.strip():
        return Detected(None, None, "an empty file")
    if looks_like_tag_value(text):
        return Detected(SbomFormat.SPDX_TAG_VALUE, text)
    if _YAML_SPDX.search(text[:65536]):
        try:
            document = yaml.load(text, Loader=_YAML_LOADER)
        except yaml.YAMLError as exc:
            raise InputError(f"{source.name}: not well-formed YAML: {exc}", hint="the file is damaged") from exc
        if isinstance(document, dict) and "spdxVersion" in document:
            return Detected(SbomFormat.SPDX_YAML, document)
    return Detected(None, text, "text that is not SPDX tag-value or SPDX YAML")


def parse_detected(detected: Detected, source: SourceBytes) -> ParsedSbom:
    fmt, payload = detected.format, detected.payload
    if fmt is SbomFormat.CYCLONEDX_JSON:
        return parse_cyclonedx_json(payload, source.name)
    if fmt is SbomFormat.CYCLONEDX_XML:
        return parse_cyclonedx_xml(payload, source.name)
    if fmt in (SbomFormat.SPDX_JSON, SbomFormat.SPDX_YAML):
        return parse_spdx_tree(payload, fmt)
    if fmt is SbomFormat.SPDX_XML:
        return parse_spdx_xml(payload)
    if fmt is SbomFormat.SPDX_RDF:
        from dosa.inventory.sbom.spdx_rdf import parse_spdx_rdf  # rdflib is slow to import and rarely needed

        return parse_spdx_rdf(source.data, source.name)
    if fmt is SbomFormat.SPDX_TAG_VALUE:
        return parse_spdx_tag_value(payload)
    if fmt is SbomFormat.SPDX3_JSONLD:
        return parse_spdx3(payload)
    raise InputError(f"{source.name}: not an SBOM: {detected.reason}", hint="dosa reads CycloneDX and SPDX documents")


def parse_source(source: SourceBytes) -> ParsedSbom:
    """Detect and parse one document; every failure is an :class:`InputError` naming the file."""
    try:
        return parse_detected(detect(source), source)
    except RecursionError as exc:
        raise InputError(
            f"{source.name}: the document is nested too deeply to read", hint="this is not a real SBOM structure"
        ) from exc
