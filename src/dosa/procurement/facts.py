# SPDX-License-Identifier: EUPL-1.2
"""What the grading rules need beyond the inventory's parsed SBOM: who wrote the document (and how to
reach them), the lifecycle phase it was generated in, each component's creator contacts and properties,
and which components list their dependencies.

Read from the already parsed document (``Detected.payload``), so nothing is parsed twice. Formats this
module does not read (SPDX XML/RDF, SPDX 3 JSON-LD) give ``supported=False``: rules that need these facts
are then reported as *not checked*, never as failed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from dosa.inventory.sbom.common import as_list, text
from dosa.inventory.sbom.model import SbomFormat

_EMAIL = re.compile(r"[^\s@()<>]+@[^\s@()<>]+\.[^\s@()<>]+")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_SPDX_ACTOR = re.compile(r"^\s*(Organization|Person|Tool)\s*:\s*(.*?)\s*(?:\(([^()]*)\))?\s*$", re.IGNORECASE)
_NO_VALUE = {"", "NOASSERTION", "NONE"}
MAX_WALK = 2_000_000
"""Upper bound on components visited (the inventory parser has already refused deeper nesting)."""


def is_contact(value: str) -> bool:
    """An e-mail address or an http(s) URL: what BSI TR-03183-2 §5.2.1/§5.2.2 accept as a creator."""
    value = value.strip()
    return bool(_EMAIL.fullmatch(value) or _URL.match(value))


@dataclass
class ComponentFacts:
    creator_contacts: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    lists_dependencies: bool = False


@dataclass
class DocumentFacts:
    supported: bool
    authors: list[str] = field(default_factory=list)
    """Persons or organisations named as authors/creators of the SBOM (not tools)."""
    author_contacts: list[str] = field(default_factory=list)
    """E-mail addresses and URLs of the SBOM's creator."""
    supplier: str = ""
    """Who delivered the SBOM: the described product's supplier or manufacturer, else the first author."""
    lifecycles: list[str] = field(default_factory=list)
    components: dict[str, ComponentFacts] = field(default_factory=dict)
    """Keyed by the component's document-local ref (CycloneDX bom-ref, SPDX SPDXID)."""
    ordered: list[ComponentFacts] = field(default_factory=list)
    """CycloneDX: every component in the inventory parser's order (pre-order, nested after their parent),
    so components without a bom-ref are matched by position."""


# --- CycloneDX JSON ------------------------------------------------------------------------------


def _entity_contacts(entity: Any) -> tuple[str, list[str]]:
    """Name and contacts (url, contact e-mails) of a CycloneDX organizational entity."""
    if not isinstance(entity, dict):
        return "", []
    contacts = [text(u) for u in as_list(entity.get("url")) if is_contact(text(u))]
    for contact in as_list(entity.get("contact")):
        if isinstance(contact, dict) and is_contact(text(contact.get("email"))):
            contacts.append(text(contact.get("email")))
    return text(entity.get("name")), contacts


def _person_contacts(person: Any) -> tuple[str, list[str]]:
    if not isinstance(person, dict):
        return text(person), []
    email = text(person.get("email"))
    return text(person.get("name")), [email] if is_contact(email) else []


def _cdx_json_component(c: dict[str, Any]) -> ComponentFacts:
    facts = ComponentFacts()
    for key in ("supplier", "manufacturer"):
        facts.creator_contacts += _entity_contacts(c.get(key))[1]
    for author in as_list(c.get("authors")):
        facts.creator_contacts += _person_contacts(author)[1]
    for prop in as_list(c.get("properties")):
        if isinstance(prop, dict) and text(prop.get("name")):
            facts.properties[text(prop.get("name"))] = text(prop.get("value"))
    return facts


def _cdx_json(document: dict[str, Any]) -> DocumentFacts:
    facts = DocumentFacts(supported=True)
    metadata = document.get("metadata") if isinstance(document.get("metadata"), dict) else {}
    assert isinstance(metadata, dict)
    for author in as_list(metadata.get("authors")):
        name, contacts = _person_contacts(author)
        facts.authors += [name] if name else []
        facts.author_contacts += contacts
    for key in ("manufacturer", "manufacture", "supplier"):
        name, contacts = _entity_contacts(metadata.get(key))
        facts.authors += [name] if name and key != "supplier" else []
        facts.author_contacts += contacts if key != "supplier" else []
    main = metadata.get("component") if isinstance(metadata.get("component"), dict) else {}
    assert isinstance(main, dict)
    for candidate in (metadata.get("supplier"), metadata.get("manufacturer"), metadata.get("manufacture")):
        facts.supplier = facts.supplier or _entity_contacts(candidate)[0]
    for candidate in (main.get("supplier"), main.get("manufacturer")):
        facts.supplier = facts.supplier or _entity_contacts(candidate)[0]
    facts.supplier = facts.supplier or text(main.get("author")) or text(main.get("publisher"))
    facts.supplier = facts.supplier or (facts.authors[0] if facts.authors else "")
    for phase in as_list(metadata.get("lifecycles")):
        if isinstance(phase, dict) and (value := text(phase.get("phase")) or text(phase.get("name"))):
            facts.lifecycles.append(value)
    stack: list[Iterator[Any]] = [iter(as_list(document.get("components")))]
    while stack and len(facts.ordered) < MAX_WALK:
        component = next(stack[-1], None)
        if component is None:
            stack.pop()
            continue
        if not isinstance(component, dict):
            continue
        component_facts = _cdx_json_component(component)
        facts.ordered.append(component_facts)
        if ref := text(component.get("bom-ref")):
            facts.components[ref] = component_facts
        if isinstance(nested := component.get("components"), list) and nested:
            stack.append(iter(nested))
    for entry in as_list(document.get("dependencies")):
        if isinstance(entry, dict) and (ref := text(entry.get("ref"))) in facts.components:
            facts.components[ref].lists_dependencies = True
    return facts


# --- CycloneDX XML -------------------------------------------------------------------------------


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _kids(element: Element | None, tag: str) -> list[Element]:
    return [] if element is None else [c for c in element if _local(c) == tag]


def _kid(element: Element | None, tag: str) -> Element | None:
    found = _kids(element, tag)
    return found[0] if found else None


def _kid_text(element: Element | None, tag: str) -> str:
    found = _kid(element, tag)
    return (found.text or "").strip() if found is not None else ""


def _xml_entity(entity: Element | None) -> tuple[str, list[str]]:
    if entity is None:
        return "", []
    contacts = [(u.text or "").strip() for u in _kids(entity, "url") if is_contact(u.text or "")]
    contacts += [_kid_text(c, "email") for c in _kids(entity, "contact") if is_contact(_kid_text(c, "email"))]
    return _kid_text(entity, "name"), contacts


def _cdx_xml(root: Element) -> DocumentFacts:
    facts = DocumentFacts(supported=True)
    metadata = _kid(root, "metadata")
    for author in _kids(_kid(metadata, "authors"), "author"):
        name = _kid_text(author, "name")
        facts.authors += [name] if name else []
        email = _kid_text(author, "email")
        facts.author_contacts += [email] if is_contact(email) else []
    for tag in ("manufacturer", "manufacture"):
        name, contacts = _xml_entity(_kid(metadata, tag))
        facts.authors += [name] if name else []
        facts.author_contacts += contacts
    main = _kid(metadata, "component")
    for candidate in (_kid(metadata, "supplier"), _kid(metadata, "manufacturer"), _kid(metadata, "manufacture")):
        facts.supplier = facts.supplier or _xml_entity(candidate)[0]
    for candidate in (_kid(main, "supplier"), _kid(main, "manufacturer")):
        facts.supplier = facts.supplier or _xml_entity(candidate)[0]
    facts.supplier = facts.supplier or _kid_text(main, "author") or _kid_text(main, "publisher")
    facts.supplier = facts.supplier or (facts.authors[0] if facts.authors else "")
    for lifecycle in _kids(_kid(metadata, "lifecycles"), "lifecycle"):
        if value := _kid_text(lifecycle, "phase") or _kid_text(lifecycle, "name"):
            facts.lifecycles.append(value)
    top = _kid(root, "components")
    stack: list[Iterator[Element]] = [iter(_kids(top, "component"))] if top is not None else []
    while stack and len(facts.ordered) < MAX_WALK:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        component = ComponentFacts()
        for tag in ("supplier", "manufacturer"):
            component.creator_contacts += _xml_entity(_kid(element, tag))[1]
        for author in _kids(_kid(element, "authors"), "author"):
            email = _kid_text(author, "email")
            component.creator_contacts += [email] if is_contact(email) else []
        for prop in _kids(_kid(element, "properties"), "property"):
            if name := prop.get("name", "").strip():
                component.properties[name] = (prop.text or "").strip()
        facts.ordered.append(component)
        if ref := element.get("bom-ref", "").strip():
            facts.components[ref] = component
        if (nested := _kid(element, "components")) is not None:
            stack.append(iter(_kids(nested, "component")))
    for entry in _kids(_kid(root, "dependencies"), "dependency"):
        if (ref := entry.get("ref", "")) in facts.components:
            facts.components[ref].lists_dependencies = True
    return facts


# --- SPDX 2 (JSON, YAML, tag-value) --------------------------------------------------------------


def _spdx_actor(value: str) -> tuple[str, str, str]:
    """``(kind, name, contact)`` of an SPDX actor string; kind is lower-case ('' when unreadable)."""
    match = _SPDX_ACTOR.match(value or "")
    if not match or match.group(2).upper() in _NO_VALUE:
        return "", "", ""
    contact = (match.group(3) or "").strip()
    return match.group(1).lower(), match.group(2), contact if is_contact(contact) else ""


def _spdx_creators(facts: DocumentFacts, creators: list[Any]) -> None:
    for creator in creators:
        kind, name, contact = _spdx_actor(text(creator))
        if kind in ("person", "organization"):
            facts.authors.append(name)
            facts.author_contacts += [contact] if contact else []


def _spdx_tree(document: dict[str, Any]) -> DocumentFacts:
    facts = DocumentFacts(supported=True)
    info = document.get("creationInfo") if isinstance(document.get("creationInfo"), dict) else {}
    assert isinstance(info, dict)
    _spdx_creators(facts, as_list(info.get("creators")))
    described = {text(d) for d in as_list(document.get("documentDescribes"))}
    for package in as_list(document.get("packages")):
        if not isinstance(package, dict):
            continue
        ref = text(package.get("SPDXID"))
        component = ComponentFacts()
        for key in ("supplier", "originator"):
            _, name, contact = _spdx_actor(text(package.get(key)))
            component.creator_contacts += [contact] if contact else []
            if ref in described and not facts.supplier:
                facts.supplier = name
        if ref:
            facts.components[ref] = component
    for rel in as_list(document.get("relationships")):
        kind = text(rel.get("relationshipType")).upper() if isinstance(rel, dict) else ""
        element = text(rel.get("spdxElementId")) if isinstance(rel, dict) else ""
        if kind in ("DEPENDS_ON", "CONTAINS") and element in facts.components:
            facts.components[element].lists_dependencies = True
    facts.supplier = facts.supplier or (facts.authors[0] if facts.authors else "")
    return facts


def _spdx_tag_value(body: str) -> DocumentFacts:
    facts = DocumentFacts(supported=True)
    current: ComponentFacts | None = None
    for raw in body.splitlines():
        key, sep, value = raw.partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "Creator":
            _spdx_creators(facts, [value])
        elif key == "PackageName":
            current = ComponentFacts()
        elif key == "SPDXID" and current is not None:
            facts.components[value] = current
        elif key in ("PackageSupplier", "PackageOriginator") and current is not None:
            _, name, contact = _spdx_actor(value)
            current.creator_contacts += [contact] if contact else []
            facts.supplier = facts.supplier or name
        elif key == "Relationship":
            parts = value.split()
            if len(parts) == 3 and parts[1].upper() in ("DEPENDS_ON", "CONTAINS") and parts[0] in facts.components:
                facts.components[parts[0]].lists_dependencies = True
        elif key == "FileName":
            current = None
    facts.supplier = facts.supplier or (facts.authors[0] if facts.authors else "")
    return facts


def document_facts(fmt: SbomFormat, payload: Any) -> DocumentFacts:
    """The facts of a detected document; ``supported=False`` for formats not read here."""
    if fmt is SbomFormat.CYCLONEDX_JSON and isinstance(payload, dict):
        return _cdx_json(payload)
    if fmt is SbomFormat.CYCLONEDX_XML and isinstance(payload, Element):
        return _cdx_xml(payload)
    if fmt in (SbomFormat.SPDX_JSON, SbomFormat.SPDX_YAML) and isinstance(payload, dict):
        return _spdx_tree(payload)
    if fmt is SbomFormat.SPDX_TAG_VALUE and isinstance(payload, str):
        return _spdx_tag_value(payload)
    return DocumentFacts(supported=False)
