# SPDX-License-Identifier: EUPL-1.2
"""SPDX 2.x RDF/XML, read as a graph with rdflib (the library spdx-tools uses).

The XML has already passed defusedxml (no entity declarations, no external references) before
rdflib sees it.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from dosa.errors import InputError
from dosa.inventory.sbom.common import finish, spdx_actor, spdx_value
from dosa.inventory.sbom.model import Component, ParsedSbom, SbomFormat, Warnings
from dosa.inventory.sbom.spdx import (
    add_relationship,
    check_timestamp,
    keep_package_edges,
    spdx_version,
    subject_from,
)

SPDX = Namespace("http://spdx.org/rdf/terms#")


def _ref(node: Node) -> str:
    """``…#SPDXRef-Package`` → ``SPDXRef-Package``."""
    value = str(node)
    return value.rsplit("#", 1)[-1] if "#" in value else value


def _literal(graph: Graph, node: Node, predicate: URIRef) -> str:
    value = graph.value(node, predicate)
    return str(value).strip() if value is not None else ""


def _licence(graph: Graph, node: Node, predicate: URIRef) -> str:
    """A listed licence (URI) or a literal; compound expressions (blank nodes) are not spelled out."""
    value = graph.value(node, predicate)
    if isinstance(value, URIRef):
        name = str(value).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return "" if name.lower() in ("noassertion", "none") else name
    if isinstance(value, Literal):
        return spdx_value(str(value))
    return ""


def _package(graph: Graph, node: Node) -> Component:
    purl = cpe = ""
    for ref in graph.objects(node, SPDX.externalRef):
        kind = str(graph.value(ref, SPDX.referenceType) or "").rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower()
        locator = _literal(graph, ref, SPDX.referenceLocator)
        if kind == "purl" and not purl:
            purl = locator
        elif kind in ("cpe23type", "cpe22type") and not cpe:
            cpe = locator
    hashes = []
    for checksum in graph.objects(node, SPDX.checksum):
        algorithm = str(graph.value(checksum, SPDX.algorithm) or "").rsplit("_", 1)[-1].upper()
        hashes.append(f"{algorithm}:{_literal(graph, checksum, SPDX.checksumValue)}")
    return Component(
        name=_literal(graph, node, SPDX.name),
        version=_literal(graph, node, SPDX.versionInfo),
        purl=purl,
        cpe=cpe,
        ref=_ref(node),
        supplier=spdx_actor(_literal(graph, node, SPDX.supplier)),
        manufacturer=spdx_actor(_literal(graph, node, SPDX.originator)),
        licences=_licence(graph, node, SPDX.licenseConcluded) or _licence(graph, node, SPDX.licenseDeclared),
        hashes=" ".join(sorted(hashes)),
    )


def parse_spdx_rdf(data: bytes, name: str) -> ParsedSbom:
    graph = Graph()
    try:
        graph.parse(data=data, format="xml")
    except Exception as exc:  # rdflib raises many unrelated types for bad RDF
        raise InputError(
            f"{name}: not readable as SPDX RDF/XML: {exc}", hint="check that the file is valid RDF/XML"
        ) from exc
    warnings = Warnings()
    documents = list(graph.subjects(RDF.type, SPDX.SpdxDocument))
    document: Any = documents[0] if documents else None
    if document is None:
        warnings.add("no spdx:SpdxDocument in the graph")
    version = spdx_version(_literal(graph, document, SPDX.specVersion) if document is not None else "", warnings)
    packages = sorted(set(graph.subjects(RDF.type, SPDX.Package)), key=str)
    components = [_package(graph, node) for node in packages]
    dependencies: list[tuple[str, str]] = []
    described: list[str] = [_ref(n) for n in graph.objects(document, SPDX.describesPackage)] if document else []
    for element, relationship in graph.subject_objects(SPDX.relationship):
        kind = str(graph.value(relationship, SPDX.relationshipType) or "").rsplit("_", 1)[-1]
        related = graph.value(relationship, SPDX.relatedSpdxElement)
        if related is not None:
            upper = "".join("_" + ch if ch.isupper() else ch for ch in kind).upper().lstrip("_")
            add_relationship(_ref(element), upper, _ref(related), dependencies, described)
    created = ""
    tools: list[str] = []
    info = graph.value(document, SPDX.creationInfo) if document is not None else None
    if info is not None:
        created = _literal(graph, info, SPDX.created)
        creators = [str(c) for c in graph.objects(info, SPDX.creator)]
        tools = [spdx_actor(c) for c in creators if c.lower().startswith("tool:")]
    check_timestamp(created, warnings)
    doc_name = _literal(graph, document, SPDX.name) if document is not None else ""
    sbom = ParsedSbom(
        format=SbomFormat.SPDX_RDF,
        spec_version=version,
        components=components,
        dependencies=keep_package_edges(dependencies, components),
        subject=subject_from(described, components, doc_name),
        serial_number=str(document).rsplit("#", 1)[0] if document is not None else "",
        created=created,
        generator="; ".join(t for t in tools if t),
        warnings=warnings,
    )
    return finish(sbom)
