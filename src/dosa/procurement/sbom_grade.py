# SPDX-License-Identifier: EUPL-1.2
"""SBOM quality grading against requirements a contract can cite.

Three profiles, each a list of rules that name the clause they implement (docs/procurement.md has the
table):

- ``bsi``: BSI TR-03183-2 *Cyber Resilience Requirements for Manufacturers and Products, Part 2: SBOM*,
  version 2.1.0 (20 August 2025), §4 (format) and §5.2.1/§5.2.2 (required SBOM and component fields);
- ``ntia``: NTIA, *The Minimum Elements For a Software Bill of Materials (SBOM)* (12 July 2021), the
  seven data fields;
- ``cisa``: CISA, *2025 Minimum Elements for a Software Bill of Materials (SBOM)*, public-comment draft of
  22 August 2025 (no final version was found; see docs/procurement.md).

A document rule passes or fails once; a component rule is checked on every component and names the
components that fail it. The profile's score is a dosa judgement, stated so it can be argued with:
``100 × mean over the checked rules of the share satisfied`` (a document rule counts 0 or 1, a component
rule the share of components that pass). An SBOM *meets* a profile only when every rule passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from dosa.inventory.sbom.detect import detect, parse_detected
from dosa.inventory.sbom.model import Component, ParsedSbom, SbomFormat
from dosa.inventory.sbom.reading import DEFAULT_MAX_BYTES, SourceBytes, read_source
from dosa.procurement.facts import ComponentFacts, DocumentFacts, document_facts, is_contact

PROFILES = ("bsi", "ntia", "cisa")
MAX_NAMED = 50
"""Failing components named per rule (the count is always complete)."""
NO_COMPONENTS = "(the SBOM lists no components)"


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_CHECKED = "not_checked"


class Level(StrEnum):
    DOCUMENT = "document"
    COMPONENT = "component"


@dataclass(frozen=True)
class Graded:
    """What a rule sees: the parsed SBOM and the extra facts read from the document."""

    sbom: ParsedSbom
    facts: DocumentFacts
    by_position: bool = False
    """Match components to their facts by position (CycloneDX, same walk order as the parser)."""

    def component_facts(self, component: Component, index: int) -> ComponentFacts | None:
        if self.by_position:
            return self.facts.ordered[index]
        return self.facts.components.get(component.ref) if component.ref else None


DocumentCheck = Callable[[Graded], bool | None]
ComponentCheck = Callable[[Graded, Component, int], bool | None]


@dataclass(frozen=True)
class Rule:
    id: str
    profile: str
    level: Level
    requirement: str
    clause: str
    """The clause of the source document this rule implements."""
    how: str
    """Which SBOM fields dosa reads for it (CycloneDX / SPDX)."""
    document_check: DocumentCheck | None = None
    component_check: ComponentCheck | None = None


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    status: Status
    checked: int = 1
    failed: int = 0
    failing: tuple[str, ...] = ()
    """Failing components as ``name@version`` (at most :data:`MAX_NAMED`)."""

    @property
    def share(self) -> float:
        """Share of the checked items that pass (1.0 for a passing document rule)."""
        if self.checked == 0:
            return 0.0 if self.status is Status.FAIL else 1.0
        return (self.checked - self.failed) / self.checked


@dataclass(frozen=True)
class ProfileGrade:
    profile: str
    results: tuple[RuleResult, ...]

    @property
    def checked(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if r.status is not Status.NOT_CHECKED)

    @property
    def score(self) -> float | None:
        checked = self.checked
        if not checked:
            return None
        return round(100 * sum(r.share for r in checked) / len(checked), 1)

    @property
    def meets(self) -> bool | None:
        """Every rule passes (None when some rule could not be checked and none failed)."""
        if any(r.status is Status.FAIL for r in self.results):
            return False
        if any(r.status is Status.NOT_CHECKED for r in self.results):
            return None
        return True

    @property
    def failed_rules(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if r.status is Status.FAIL)


@dataclass(frozen=True)
class SbomGrade:
    source: str
    sha256: str
    format: str
    spec_version: str
    component_count: int
    supplier: str
    profiles: tuple[ProfileGrade, ...] = field(default_factory=tuple)

    def profile(self, name: str) -> ProfileGrade:
        return next(p for p in self.profiles if p.profile == name)


# --- checks --------------------------------------------------------------------------------------


def _version_at_least(version: str, minimum: tuple[int, ...]) -> bool:
    parts = []
    for piece in version.split("."):
        if not piece.isdigit():
            return False
        parts.append(int(piece))
    return tuple(parts) >= minimum


def bsi_format(g: Graded) -> bool:
    """§4: CycloneDX 1.6 or later, or SPDX 3.0.1 or later, encoded as JSON or XML."""
    fmt, version = g.sbom.format, g.sbom.spec_version
    if fmt in (SbomFormat.CYCLONEDX_JSON, SbomFormat.CYCLONEDX_XML):
        return _version_at_least(version, (1, 6))
    if fmt is SbomFormat.SPDX3_JSONLD:
        return _version_at_least(version.removeprefix("SPDX-"), (3, 0, 1))
    return False


def timestamp(g: Graded) -> bool:
    """A creation date and time in ISO 8601 / RFC 3339 form."""
    value = g.sbom.created.strip()
    if not value:
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _needs_facts(check: Callable[[Graded], bool]) -> DocumentCheck:
    def wrapped(g: Graded) -> bool | None:
        return check(g) if g.facts.supported else None

    return wrapped


def creator_contact(g: Graded) -> bool:
    return bool(g.facts.author_contacts)


def author(g: Graded) -> bool:
    return bool(g.facts.authors)


def dependency_relationship(g: Graded) -> bool:
    """At least one dependency relationship between components is recorded (NTIA asks for the primary
    component's direct ones); an SBOM of one component has nothing to relate and passes."""
    return bool(g.sbom.dependencies) or len(g.sbom.components) <= 1


def tool_name(g: Graded) -> bool:
    return bool(g.sbom.generator.strip())


def generation_context(g: Graded) -> bool:
    return bool(g.facts.lifecycles)


def name(_: Graded, c: Component, __: int = 0) -> bool:
    return bool(c.name.strip())


def version(_: Graded, c: Component, __: int = 0) -> bool:
    return bool(c.version.strip())


def supplier_name(_: Graded, c: Component, __: int = 0) -> bool:
    return bool(c.supplier.strip())


def producer(_: Graded, c: Component, __: int = 0) -> bool:
    return bool(c.supplier.strip() or c.manufacturer.strip())


def identifier(_: Graded, c: Component, __: int = 0) -> bool:
    return bool(c.purl.strip() or c.cpe.strip())


def any_hash(_: Graded, c: Component, __: int = 0) -> bool:
    return bool(c.hashes.strip())


def sha512(_: Graded, c: Component, __: int = 0) -> bool:
    algorithms = {pair.split(":", 1)[0].upper().replace("-", "").replace("_", "") for pair in c.hashes.split()}
    return "SHA512" in algorithms


def licence(_: Graded, c: Component, __: int = 0) -> bool:
    return bool(c.licences.strip())


def component_creator(g: Graded, c: Component, index: int) -> bool | None:
    if not g.facts.supported:
        return None
    facts = g.component_facts(c, index)
    return bool(facts and any(is_contact(value) for value in facts.creator_contacts))


def lists_dependencies(g: Graded, c: Component, index: int) -> bool | None:
    if not g.facts.supported:
        return None
    facts = g.component_facts(c, index)
    return bool(facts and facts.lists_dependencies)


def _property(name: str, boolean: bool) -> ComponentCheck:
    def check(g: Graded, c: Component, index: int) -> bool | None:
        if not g.facts.supported:
            return None
        facts = g.component_facts(c, index)
        value = facts.properties.get(name, "").strip() if facts else ""
        return value.lower() in ("true", "false") if boolean else bool(value)

    return check


# --- the rules -----------------------------------------------------------------------------------

BSI = "BSI TR-03183-2 v2.1.0"
NTIA = "NTIA Minimum Elements (2021)"
CISA = "CISA 2025 Minimum Elements (draft)"

BSI_FORMAT = f"{BSI} §4"
BSI_DOCUMENT = f"{BSI} §5.2.1"
BSI_COMPONENT = f"{BSI} §5.2.2"
NTIA_FIELDS = f"{NTIA} §IV Data Fields"
CISA_FIELDS = f"{CISA} §2 Data Fields"


def _document(rule_id: str, requirement: str, clause: str, how: str, check: DocumentCheck) -> Rule:
    """A rule checked once on the document; its profile is the id's prefix (``ntia.author`` -> ``ntia``)."""
    return Rule(rule_id, rule_id.split(".")[0], Level.DOCUMENT, requirement, clause, how, document_check=check)


def _component(rule_id: str, requirement: str, clause: str, how: str, check: ComponentCheck) -> Rule:
    """A rule checked on every component."""
    return Rule(rule_id, rule_id.split(".")[0], Level.COMPONENT, requirement, clause, how, component_check=check)


SUPPLIER_READS = (
    "CycloneDX component supplier.name; SPDX PackageSupplier (the mappings of CycloneDX and SPDX 2.3 Annex K)"
)
PRODUCER_READS = "component supplier or manufacturer/author (SPDX PackageSupplier or PackageOriginator)"
"""NTIA names the supplier; CISA's draft the producer, who may be the manufacturer or author."""
SHARED_COMPONENT_ELEMENTS: dict[str, tuple[str, ComponentCheck]] = {
    "name": ("component name", name),
    "version": ("component version", version),
    "identifier": ("purl or CPE", identifier),
}
SHARED_DOCUMENT_ELEMENTS: dict[str, tuple[str, DocumentCheck]] = {
    "dependencies": (
        "at least one CycloneDX dependsOn or SPDX DEPENDS_ON/CONTAINS relationship between components",
        dependency_relationship,
    ),
    "author": (
        "CycloneDX metadata.authors/manufacturer; SPDX creators Person/Organization (a tool alone is no author)",
        _needs_facts(author),
    ),
    "timestamp": ("metadata.timestamp / creationInfo.created", timestamp),
}
"""Elements NTIA (2021) and CISA (2025 draft) both ask for under their own names: dosa reads them the same
way for both profiles, so the two profiles cannot drift apart on what, say, a version is."""


def _element(profile: str, element: str, requirement: str) -> Rule:
    """One profile's rule for a shared minimum element, with the profile's own wording and clause."""
    clause = NTIA_FIELDS if profile == "ntia" else CISA_FIELDS
    if element in SHARED_DOCUMENT_ELEMENTS:
        how, document_check = SHARED_DOCUMENT_ELEMENTS[element]
        return _document(f"{profile}.{element}", requirement, clause, how, document_check)
    how, component_check = SHARED_COMPONENT_ELEMENTS[element]
    return _component(f"{profile}.{element}", requirement, clause, how, component_check)


RULES: tuple[Rule, ...] = (
    _document(
        "bsi.format",
        "SBOM format and version",
        BSI_FORMAT,
        "CycloneDX specVersion ≥ 1.6 (JSON/XML) or SPDX ≥ 3.0.1 (JSON-LD); SPDX 2.x does not qualify",
        bsi_format,
    ),
    _document(
        "bsi.creator",
        "Creator of the SBOM (e-mail or URL)",
        BSI_DOCUMENT,
        "CycloneDX metadata.authors[].email, metadata.manufacturer(.url/.contact.email); "
        "SPDX creationInfo.creators Person/Organization with '(e-mail)'",
        _needs_facts(creator_contact),
    ),
    _document(
        "bsi.timestamp",
        "Timestamp",
        BSI_DOCUMENT,
        "CycloneDX metadata.timestamp; SPDX creationInfo.created (ISO 8601)",
        timestamp,
    ),
    _component(
        "bsi.component_creator",
        "Component creator (e-mail or URL)",
        BSI_COMPONENT,
        "CycloneDX component supplier/manufacturer url or contact e-mail, authors[].email; "
        "SPDX PackageSupplier/PackageOriginator with '(e-mail)'",
        component_creator,
    ),
    _component("bsi.name", "Component name", BSI_COMPONENT, "component name / PackageName", name),
    _component("bsi.version", "Component version", BSI_COMPONENT, "component version / PackageVersion", version),
    _component(
        "bsi.filename",
        "Filename of the component",
        BSI_COMPONENT,
        "CycloneDX property bsi:component:filename",
        _property("bsi:component:filename", False),
    ),
    _component(
        "bsi.dependencies",
        "Dependencies of the component enumerated",
        BSI_COMPONENT,
        "CycloneDX dependencies[].ref entry for the component; SPDX DEPENDS_ON/CONTAINS from the package",
        lists_dependencies,
    ),
    _component(
        "bsi.licence",
        "Distribution licences",
        BSI_COMPONENT,
        "CycloneDX licenses (id, name or expression); SPDX licenseConcluded/licenseDeclared",
        licence,
    ),
    _component(
        "bsi.hash",
        "SHA-512 hash of the deployable component",
        BSI_COMPONENT,
        "CycloneDX hashes alg SHA-512; SPDX checksums SHA512",
        sha512,
    ),
    _component(
        "bsi.executable",
        "Executable property",
        BSI_COMPONENT,
        "CycloneDX property bsi:component:executable = true/false",
        _property("bsi:component:executable", True),
    ),
    _component(
        "bsi.archive",
        "Archive property",
        BSI_COMPONENT,
        "CycloneDX property bsi:component:archive = true/false",
        _property("bsi:component:archive", True),
    ),
    _component(
        "bsi.structured",
        "Structured property",
        BSI_COMPONENT,
        "CycloneDX property bsi:component:structured = true/false",
        _property("bsi:component:structured", True),
    ),
    _component("ntia.supplier", "Supplier name", NTIA_FIELDS, SUPPLIER_READS, supplier_name),
    _element("ntia", "name", "Component name"),
    _element("ntia", "version", "Version of the component"),
    _element("ntia", "identifier", "Other unique identifiers"),
    _element("ntia", "dependencies", "Dependency relationship"),
    _element("ntia", "author", "Author of SBOM data"),
    _element("ntia", "timestamp", "Timestamp"),
    _element("cisa", "author", "SBOM Author"),
    _component("cisa.producer", "Software Producer", CISA_FIELDS, PRODUCER_READS, producer),
    _element("cisa", "name", "Component Name"),
    _element("cisa", "version", "Component Version"),
    _element("cisa", "identifier", "Software Identifiers (at least one)"),
    _component("cisa.hash", "Component Hash", CISA_FIELDS, "any hash with its algorithm", any_hash),
    _component("cisa.licence", "License", CISA_FIELDS, "component licences", licence),
    _element("cisa", "dependencies", "Dependency Relationship"),
    _document("cisa.tool", "Tool Name", CISA_FIELDS, "CycloneDX metadata.tools; SPDX creators Tool", tool_name),
    _element("cisa", "timestamp", "Timestamp"),
    _document(
        "cisa.context",
        "Generation Context",
        CISA_FIELDS,
        "CycloneDX metadata.lifecycles[].phase (1.5+); SPDX 2 has no field for it",
        _needs_facts(generation_context),
    ),
)
"""Every rule: id, requirement (the source's words), clause, what dosa reads (CycloneDX / SPDX), check."""


def rules_of(profile: str) -> tuple[Rule, ...]:
    return tuple(r for r in RULES if r.profile == profile)


def _label(c: Component) -> str:
    return f"{c.name}@{c.version}" if c.version else c.name or "(unnamed)"


def check_rule(rule: Rule, graded: Graded) -> RuleResult:
    if rule.document_check is not None:
        outcome = rule.document_check(graded)
        if outcome is None:
            return RuleResult(rule, Status.NOT_CHECKED, 0)
        return RuleResult(rule, Status.PASS if outcome else Status.FAIL, 1, 0 if outcome else 1)
    assert rule.component_check is not None
    if not graded.sbom.components:
        return RuleResult(rule, Status.FAIL, 0, 0, (NO_COMPONENTS,))
    failing: list[str] = []
    failed = checked = 0
    for index, component in enumerate(graded.sbom.components):
        outcome = rule.component_check(graded, component, index)
        if outcome is None:
            return RuleResult(rule, Status.NOT_CHECKED, 0)
        checked += 1
        if not outcome:
            failed += 1
            if len(failing) < MAX_NAMED:
                failing.append(_label(component))
    return RuleResult(rule, Status.FAIL if failed else Status.PASS, checked, failed, tuple(failing))


def grade_parsed(
    sbom: ParsedSbom, facts: DocumentFacts, *, source: str = "", sha256: str = "", profiles: Sequence[str] = PROFILES
) -> SbomGrade:
    graded = Graded(sbom, facts, bool(facts.ordered) and len(facts.ordered) == len(sbom.components))
    return SbomGrade(
        source,
        sha256,
        sbom.format.value,
        sbom.spec_version,
        len(sbom.components),
        facts.supplier,
        tuple(ProfileGrade(p, tuple(check_rule(r, graded) for r in rules_of(p))) for p in profiles),
    )


def grade_source(source: SourceBytes, profiles: Sequence[str] = PROFILES) -> SbomGrade:
    """Grade one SBOM held in memory; raises :class:`dosa.errors.InputError` when it is not an SBOM."""
    from dosa.errors import InputError

    detected = detect(source)
    if detected.format is None:
        raise InputError(f"{source.name}: not an SBOM ({detected.reason})", hint="give CycloneDX or SPDX files")
    sbom = parse_detected(detected, source)
    facts = document_facts(detected.format, detected.payload)
    return grade_parsed(sbom, facts, source=source.name, sha256=source.sha256, profiles=profiles)


def grade_file(path: Path, profiles: Sequence[str] = PROFILES, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomGrade:
    return grade_source(read_source(path, max_bytes), profiles)
