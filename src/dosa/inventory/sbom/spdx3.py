# SPDX-License-Identifier: EUPL-1.2
"""SPDX 3.0 JSON-LD: ``software_Package`` elements of the ``@graph`` are the components."""

from __future__ import annotations

from typing import Any

from dosa.inventory.sbom.common import as_list, finish, text
from dosa.inventory.sbom.model import Component, ParsedSbom, SbomFormat, Subject, Warnings

PACKAGE_TYPES = {"software_Package", "software:Package", "Package"}
DEPENDS = {"dependsOn", "contains", "hasDynamicLink", "hasStaticLink"}


def is_spdx3(document: dict[str, Any]) -> bool:
    context = document.get("@context")
    return "@graph" in document and "spdx.org/rdf/3" in str(context)


def _type(element: dict[str, Any]) -> str:
    return text(element.get("type")) or text(element.get("@type"))


def parse_spdx3(document: dict[str, Any]) -> ParsedSbom:
    warnings = Warnings()
    elements = [e for e in as_list(document.get("@graph")) if isinstance(e, dict)]
    by_id = {text(e.get("spdxId")) or text(e.get("@id")): e for e in elements}
    versions = {text(e.get("specVersion")) for e in elements if _type(e) == "CreationInfo"} - {""}
    version = sorted(versions)[-1] if versions else "unknown"
    if not version.startswith("3."):
        warnings.add(f"unknown SPDX 3 spec version {version!r}")

    def agent(ref: Any) -> str:
        element = by_id.get(text(ref))
        return text(element.get("name")) if element else text(ref)

    licences: dict[str, str] = {}
    dependencies: list[tuple[str, str]] = []
    for element in elements:
        if _type(element) not in ("Relationship", "LifecycleScopedRelationship"):
            continue
        kind = text(element.get("relationshipType"))
        source = text(element.get("from"))
        for target in as_list(element.get("to")):
            target_id = text(target)
            if kind in DEPENDS:
                dependencies.append((source, target_id))
            elif kind in ("hasConcludedLicense", "hasDeclaredLicense") and source not in licences:
                licence = by_id.get(target_id, {})
                licences[source] = text(licence.get("simplelicensing_licenseExpression")) or text(licence.get("name"))

    components = []
    for element in elements:
        if _type(element) not in PACKAGE_TYPES:
            continue
        ref = text(element.get("spdxId")) or text(element.get("@id"))
        purl = text(element.get("software_packageUrl"))
        cpe = ""
        for identifier in as_list(element.get("externalIdentifier")):
            if isinstance(identifier, dict):
                kind = text(identifier.get("externalIdentifierType"))
                if kind == "packageUrl" and not purl:
                    purl = text(identifier.get("identifier"))
                elif kind.startswith("cpe") and not cpe:
                    cpe = text(identifier.get("identifier"))
        originators = as_list(element.get("originatedBy"))
        components.append(
            Component(
                name=text(element.get("name")),
                version=text(element.get("software_packageVersion")),
                purl=purl,
                cpe=cpe,
                type=text(element.get("software_primaryPurpose")),
                ref=ref,
                supplier=agent(element.get("suppliedBy")) if element.get("suppliedBy") else "",
                manufacturer=agent(originators[0]) if originators else "",
                licences=licences.get(ref, ""),
                vcs_url=text(element.get("software_downloadLocation")),
                website_url=text(element.get("software_homePage")),
            )
        )
    refs = {c.ref for c in components}
    subject = None
    for element in elements:
        if _type(element) in ("SpdxDocument", "software_Sbom"):
            for root in as_list(element.get("rootElement")):
                package = next((c for c in components if c.ref == text(root)), None)
                if package is not None:
                    subject = Subject(package.name, package.version, package.purl)
                    break
            if subject is None and text(element.get("name")):
                subject = Subject(text(element.get("name")))
            if subject is not None:
                break
    created = next((text(e.get("created")) for e in elements if _type(e) == "CreationInfo"), "")
    sbom = ParsedSbom(
        format=SbomFormat.SPDX3_JSONLD,
        spec_version=version,
        components=components,
        dependencies=[(a, b) for a, b in dependencies if a in refs and b in refs],
        subject=subject,
        created=created,
        warnings=warnings,
    )
    return finish(sbom)
