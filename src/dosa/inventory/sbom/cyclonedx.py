# SPDX-License-Identifier: EUPL-1.2
"""CycloneDX JSON (1.2-1.7) and XML (1.0-1.7), read leniently into :class:`ParsedSbom`.

Every entry of ``components`` counts, recursively through nested ``components``; not
``metadata.component``, not pedigree, not services (which describe what is called, not shipped):
those are read separately into :class:`ServiceEntry` (a SaaSBOM) and go to the service inventory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from xml.etree.ElementTree import Element

from dosa.inventory.sbom.common import MAX_NESTING, as_list, finish, text, too_deep
from dosa.inventory.sbom.model import Component, ParsedSbom, SbomFormat, ServiceEntry, Subject, Warnings

KNOWN_VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
NAMESPACE_PREFIX = "http://cyclonedx.org/schema/bom/"


def _check_version(version: str, warnings: Warnings) -> None:
    if version not in KNOWN_VERSIONS:
        warnings.add(
            f"unknown CycloneDX spec version {version!r}; read with the rules of {KNOWN_VERSIONS[-1]}",
        )


# --- JSON -----------------------------------------------------------------------------------


def _name_of(value: Any) -> str:
    if isinstance(value, dict):
        return text(value.get("name"))
    return text(value)


def _json_licences(entries: Any) -> str:
    """``[{"license": {"id": "MIT"}}, {"expression": "A OR B"}]`` → ``"MIT; A OR B"``."""
    names = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict):
            continue
        licence = entry.get("license")
        name = (licence.get("id") or licence.get("name")) if isinstance(licence, dict) else entry.get("expression")
        if name and isinstance(name, str):
            names.append(name)
    return "; ".join(names)


def _json_hashes(entries: Any) -> str:
    """``[{"alg": "SHA-256", "content": "ab…"}]`` → ``"SHA-256:ab…"``."""
    out = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, dict):
            alg, content = entry.get("alg"), entry.get("content")
            if isinstance(alg, str) and isinstance(content, str):
                out.append(f"{alg}:{content}")
    return " ".join(out)


def json_links(entries: Any) -> tuple[str, str]:
    """The first ``vcs`` and ``website`` URLs of ``externalReferences``."""
    vcs = website = ""
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(url := entry.get("url"), str):
            kind = entry.get("type")
            if kind == "vcs" and not vcs:
                vcs = url.strip()
            elif kind == "website" and not website:
                website = url.strip()
    return vcs, website


def _json_component(c: dict[str, Any], parent: int) -> Component:
    """One component; string fields are taken as written (this runs once per component, so it is lean)."""
    get = c.get
    name, version, group = get("name", ""), get("version", ""), get("group", "")
    purl, cpe, kind = get("purl", ""), get("cpe", ""), get("type", "")
    scope, ref = get("scope", ""), get("bom-ref", "")
    if not (
        name.__class__
        is version.__class__
        is group.__class__
        is purl.__class__
        is cpe.__class__
        is kind.__class__
        is scope.__class__
        is ref.__class__
        is str
    ):
        name, version, group, purl, cpe, kind, scope, ref = (
            text(v) for v in (name, version, group, purl, cpe, kind, scope, ref)
        )
    supplier = get("supplier")
    manufacturer = json_manufacturer(get)
    licences = get("licenses")
    hashes = get("hashes")
    links = get("externalReferences")
    vcs, website = json_links(links) if links else ("", "")
    return Component(
        name,
        version,
        group,
        purl,
        cpe,
        kind,
        scope,
        ref,
        _name_of(supplier) if supplier else "",
        manufacturer,
        _json_licences(licences) if licences else "",
        _json_hashes(hashes) if hashes else "",
        parent,
        vcs,
        website,
    )


def json_manufacturer(get: Callable[[str], Any]) -> str:
    """Who made a component: ``manufacturer``, else ``author``, else ``publisher``, else the first of ``authors``."""
    manufacturer = get("manufacturer") or get("author") or get("publisher")
    if not manufacturer and isinstance(authors := get("authors"), list) and authors:
        manufacturer = authors[0]
    return _name_of(manufacturer) if manufacturer else ""


def _walk_json(top: list[Any], name: str, warnings: Warnings) -> list[Component]:
    out: list[Component] = []
    stack: list[tuple[Iterator[Any], int]] = [(iter(top), -1)]
    done = object()
    while stack:
        entries, parent = stack[-1]
        entry = next(entries, done)
        if entry is done:
            stack.pop()
            continue
        if not isinstance(entry, dict):  # a null or other non-object entry: skipped, its siblings are kept
            warnings.add("component entry is not an object; skipped", repr(entry)[:40])
            continue
        index = len(out)
        out.append(_json_component(entry, parent))
        nested = entry.get("components")
        if nested:
            if not isinstance(nested, list):
                warnings.add("nested 'components' is not a list; skipped", out[-1].name)
                continue
            if len(stack) >= MAX_NESTING:
                raise too_deep(name)
            stack.append((iter(nested), index))
    return out


def _json_services(top: Any, name: str, warnings: Warnings) -> list[ServiceEntry]:
    """The ``services`` list, recursively through nested ``services``, without recursion."""
    out: list[ServiceEntry] = []
    if top is None:
        return out
    if not isinstance(top, list):
        warnings.add("'services' is not a list; no services read")
        return out
    stack: list[tuple[Iterator[Any], int]] = [(iter(top), -1)]
    done = object()
    while stack:
        entries, parent = stack[-1]
        entry = next(entries, done)
        if entry is done:
            stack.pop()
            continue
        if not isinstance(entry, dict):
            warnings.add("service entry is not an object; skipped", repr(entry)[:40])
            continue
        provider = entry.get("provider")
        out.append(
            ServiceEntry(
                text(entry.get("name")),
                _name_of(provider) if provider else "",
                text(entry.get("group")),
                text(entry.get("version")),
                text(entry.get("bom-ref")),
                text(entry.get("description")),
                parent,
            )
        )
        nested = entry.get("services")
        if nested:
            if not isinstance(nested, list):
                warnings.add("nested 'services' is not a list; skipped", out[-1].name)
                continue
            if len(stack) >= MAX_NESTING:
                raise too_deep(name, "services")
            stack.append((iter(nested), len(out) - 1))
    return out


def _json_tools(tools: Any) -> str:
    if isinstance(tools, dict):  # 1.5+: {"components": [...], "services": [...]}
        tools = as_list(tools.get("components")) + as_list(tools.get("services"))
    names = []
    for tool in as_list(tools):
        if isinstance(tool, dict):
            label = " ".join(
                p
                for p in (
                    _name_of(tool.get("vendor")) or text(tool.get("group")),
                    text(tool.get("name")),
                    text(tool.get("version")),
                )
                if p
            )
            if label:
                names.append(label)
    return "; ".join(names)


def parse_cyclonedx_json(document: dict[str, Any], name: str) -> ParsedSbom:
    warnings = Warnings()
    version = json_header(document, warnings)
    top = document.get("components")
    if top is None:
        top = []
    elif not isinstance(top, list):
        warnings.add("'components' is not a list; no components read")
        top = []
    components = _walk_json(top, name, warnings)
    dependencies = json_dependencies(document.get("dependencies"), warnings)
    return json_document(document, version, components, dependencies, warnings, name)


def json_header(document: dict[str, Any], warnings: Warnings) -> str:
    """The spec version, with warnings about the header (the first a parser of this format gives)."""
    bom_format = document.get("bomFormat")
    if bom_format != "CycloneDX":
        warnings.add(f"bomFormat is {bom_format!r}, not 'CycloneDX'; read as CycloneDX")
    version = text(document.get("specVersion"))
    _check_version(version, warnings)
    return version


def json_dependencies(entries: Any, warnings: Warnings) -> list[tuple[str, str]]:
    """``dependencies`` as ``(ref, depends_on)`` pairs; entries without a usable ref are skipped with a warning."""
    dependencies: list[tuple[str, str]] = []
    for entry in as_list(entries):
        if not isinstance(entry, dict):
            warnings.add("dependency entry is not an object; skipped")
            continue
        ref = entry.get("ref")
        if not ref or not isinstance(ref, str):
            warnings.add("dependency entry without 'ref'; skipped")
            continue
        targets = entry.get("dependsOn")
        if "provides" in entry:
            targets = as_list(targets) + as_list(entry["provides"])
        for target in targets if isinstance(targets, list) else as_list(targets):
            if target.__class__ is not str:  # 1.7 allows {"ref": …}; anything else is skipped
                target = text(target.get("ref")) if isinstance(target, dict) else ""
            if target:
                dependencies.append((ref, target))
    return dependencies


def json_document(
    document: dict[str, Any],
    version: str,
    components: list[Component],
    dependencies: list[tuple[str, str]],
    warnings: Warnings,
    name: str,
) -> ParsedSbom:
    """The parsed SBOM from its components and dependencies and the rest of ``document`` (metadata,
    services, serial number), with the checks every format gets."""
    return finish(*json_unchecked(document, version, components, dependencies, warnings, name))


def json_unchecked(
    document: dict[str, Any],
    version: str,
    components: list[Component],
    dependencies: list[tuple[str, str]],
    warnings: Warnings,
    name: str,
) -> tuple[ParsedSbom, set[str]]:
    """:func:`json_document` before the checks: the SBOM and the refs its subject and services define."""
    metadata = document.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    subject = None
    known_refs: set[str] = set()
    main = metadata.get("component")
    if isinstance(main, dict):
        main_name = text(main.get("name"))
        group = text(main.get("group"))
        subject = Subject(
            f"{group}/{main_name}" if group else main_name, text(main.get("version")), text(main.get("purl"))
        )
        if ref := text(main.get("bom-ref")):
            known_refs.add(ref)
    services = _json_services(document.get("services"), name, warnings)
    known_refs.update(s.ref for s in services if s.ref)
    sbom = ParsedSbom(
        format=SbomFormat.CYCLONEDX_JSON,
        spec_version=version,
        components=components,
        dependencies=dependencies,
        subject=subject,
        serial_number=text(document.get("serialNumber")),
        created=text(metadata.get("timestamp")),
        generator=_json_tools(metadata.get("tools")),
        warnings=warnings,
        services=services,
    )
    return sbom, known_refs


# --- XML ------------------------------------------------------------------------------------


class _Xml:
    """Namespace-aware access to one CycloneDX XML document."""

    def __init__(self, root: Element) -> None:
        self.ns = root.tag[1 : root.tag.index("}")] if root.tag.startswith("{") else ""
        self.prefix = f"{{{self.ns}}}" if self.ns else ""
        self.cut = len(self.prefix)

    def child(self, element: Element, tag: str) -> Element | None:
        return element.find(self.prefix + tag)

    def children(self, element: Element, tag: str) -> list[Element]:
        return element.findall(self.prefix + tag)

    def child_text(self, element: Element, tag: str) -> str:
        found = element.find(self.prefix + tag)
        return (found.text or "").strip() if found is not None else ""


def _xml_component(x: _Xml, element: Element, parent: int) -> tuple[Component, Element | None]:
    component = Component(name="", type=element.get("type", ""), ref=element.get("bom-ref", ""), parent=parent)
    nested = None
    author = publisher = manufacturer = ""
    licences: list[str] = []
    hashes: list[str] = []
    cut = x.cut
    for child in element:
        tag = child.tag[cut:] if isinstance(child.tag, str) else ""
        value = (child.text or "").strip()
        if tag == "name":
            component.name = value
        elif tag == "version":
            component.version = value
        elif tag == "group":
            component.group = value
        elif tag == "purl":
            component.purl = value
        elif tag == "cpe":
            component.cpe = value
        elif tag == "scope":
            component.scope = value
        elif tag == "supplier":
            component.supplier = x.child_text(child, "name")
        elif tag == "manufacturer":
            manufacturer = x.child_text(child, "name")
        elif tag == "author":
            author = value
        elif tag == "authors":
            first = x.child(child, "author")
            author = author or (x.child_text(first, "name") if first is not None else "")
        elif tag == "publisher":
            publisher = value
        elif tag == "licenses":
            for entry in child:
                entry_tag = entry.tag[cut:] if isinstance(entry.tag, str) else ""
                if entry_tag == "expression":
                    licences.append((entry.text or "").strip())
                elif entry_tag == "license":
                    licences.append(x.child_text(entry, "id") or x.child_text(entry, "name"))
        elif tag == "hashes":
            hashes.extend(f"{h.get('alg', '')}:{(h.text or '').strip()}" for h in x.children(child, "hash"))
        elif tag == "externalReferences":
            for reference in x.children(child, "reference"):
                kind = reference.get("type")
                if kind == "vcs" and not component.vcs_url:
                    component.vcs_url = x.child_text(reference, "url")
                elif kind == "website" and not component.website_url:
                    component.website_url = x.child_text(reference, "url")
        elif tag == "components":
            nested = child
    component.manufacturer = manufacturer or author or publisher
    component.licences = "; ".join(n for n in licences if n)
    component.hashes = " ".join(hashes)
    return component, nested


def parse_cyclonedx_xml(root: Element, name: str) -> ParsedSbom:
    warnings = Warnings()
    x = _Xml(root)
    version = x.ns.removeprefix(NAMESPACE_PREFIX) if x.ns.startswith(NAMESPACE_PREFIX) else ""
    if not version:
        warnings.add(f"namespace {x.ns!r} is not a CycloneDX namespace; read as CycloneDX")
    _check_version(version, warnings)

    components: list[Component] = []
    top = x.child(root, "components")
    stack: list[tuple[Iterator[Element], int]] = [(iter(x.children(top, "component")), -1)] if top is not None else []
    while stack:
        elements, parent = stack[-1]
        element = next(elements, None)
        if element is None:
            stack.pop()
            continue
        index = len(components)
        component, nested = _xml_component(x, element, parent)
        components.append(component)
        if nested is not None:
            if len(stack) >= MAX_NESTING:
                raise too_deep(name)
            stack.append((iter(x.children(nested, "component")), index))

    dependencies: list[tuple[str, str]] = []
    block = x.child(root, "dependencies")
    if block is not None:
        for entry in x.children(block, "dependency"):
            ref = entry.get("ref", "")
            if not ref:
                warnings.add("dependency entry without 'ref'; skipped")
                continue
            dependencies.extend((ref, t.get("ref", "")) for t in x.children(entry, "dependency") if t.get("ref"))
            for provides in x.children(entry, "provides"):
                dependencies.extend((ref, t.get("ref", "")) for t in [provides] if t.get("ref"))

    subject = None
    generator: list[str] = []
    known_refs: set[str] = set()
    created = ""
    metadata = x.child(root, "metadata")
    if metadata is not None:
        created = x.child_text(metadata, "timestamp")
        main = x.child(metadata, "component")
        if main is not None:
            group = x.child_text(main, "group")
            main_name = x.child_text(main, "name")
            subject = Subject(
                f"{group}/{main_name}" if group else main_name,
                x.child_text(main, "version"),
                x.child_text(main, "purl"),
            )
            if main.get("bom-ref"):
                known_refs.add(main.get("bom-ref", ""))
        tools = x.child(metadata, "tools")
        if tools is not None:
            entries = x.children(tools, "tool")
            for holder in (x.child(tools, "components"), x.child(tools, "services")):
                if holder is not None:
                    entries += list(holder)
            for tool in entries:
                label = " ".join(
                    p
                    for p in (x.child_text(tool, "vendor"), x.child_text(tool, "name"), x.child_text(tool, "version"))
                    if p
                )
                if label:
                    generator.append(label)
    service_entries = _xml_services(x, x.child(root, "services"), name)
    known_refs.update(s.ref for s in service_entries if s.ref)
    sbom = ParsedSbom(
        format=SbomFormat.CYCLONEDX_XML,
        spec_version=version or "unknown",
        components=components,
        dependencies=dependencies,
        subject=subject,
        serial_number=root.get("serialNumber", ""),
        created=created,
        generator="; ".join(generator),
        warnings=warnings,
        services=service_entries,
    )
    return finish(sbom, known_refs)


def _xml_services(x: _Xml, block: Element | None, name: str) -> list[ServiceEntry]:
    """``<services>``, recursively through nested ``<services>``, without recursion."""
    out: list[ServiceEntry] = []
    if block is None:
        return out
    stack: list[tuple[Iterator[Element], int]] = [(iter(x.children(block, "service")), -1)]
    while stack:
        entries, parent = stack[-1]
        element = next(entries, None)
        if element is None:
            stack.pop()
            continue
        provider = x.child(element, "provider")
        out.append(
            ServiceEntry(
                x.child_text(element, "name"),
                x.child_text(provider, "name") if provider is not None else "",
                x.child_text(element, "group"),
                x.child_text(element, "version"),
                element.get("bom-ref", ""),
                x.child_text(element, "description"),
                parent,
            )
        )
        nested = x.child(element, "services")
        if nested is not None:
            if len(stack) >= MAX_NESTING:
                raise too_deep(name, "services")
            stack.append((iter(x.children(nested, "service")), len(out) - 1))
    return out
