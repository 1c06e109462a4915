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

RULES: tuple[Rule, ...] = (
    Rule(
        "bsi.format", "bsi", Level.DOCUMENT, "SBOM format and version", f"{BSI} §4",
        "CycloneDX specVersion ≥ 1.6 (JSON/XML) or SPDX ≥ 3.0.1 (JSON-LD); SPDX 2.x does not qualify",
        document_check=bsi_format,
    ),
    Rule(
        "bsi.creator", "bsi", Level.DOCUMENT, "Creator of the SBOM (e-mail or URL)", f"{BSI} §5.2.1",
        "CycloneDX metadata.authors[].email, metadata.manufacturer(.url/.contact.email); "
        "SPDX creationInfo.creators Person/Organization with '(e-mail)'",
        document_check=_needs_facts(creator_contact),
    ),
    Rule(
        "bsi.timestamp", "bsi", Level.DOCUMENT, "Timestamp", f"{BSI} §5.2.1",
        "CycloneDX metadata.timestamp; SPDX creationInfo.created (ISO 8601)", document_check=timestamp,
    ),
    Rule(
        "bsi.component_creator", "bsi", Level.COMPONENT, "Component creator (e-mail or URL)", f"{BSI} §5.2.2",
        "CycloneDX component supplier/manufacturer url or contact e-mail, authors[].email; "
        "SPDX PackageSupplier/PackageOriginator with '(e-mail)'",
        component_check=component_creator,
    ),
    Rule(
        "bsi.name", "bsi", Level.COMPONENT, "Component name", f"{BSI} §5.2.2", "component name / PackageName",
        component_check=name,
    ),
    Rule(
        "bsi.version", "bsi", Level.COMPONENT, "Component version", f"{BSI} §5.2.2",
        "component version / PackageVersion", component_check=version,
    ),
    Rule(
        "bsi.filename", "bsi", Level.COMPONENT, "Filename of the component", f"{BSI} §5.2.2",
        "CycloneDX property bsi:component:filename", component_check=_property("bsi:component:filename", False),
    ),
    Rule(
        "bsi.dependencies", "bsi", Level.COMPONENT, "Dependencies of the component enumerated", f"{BSI} §5.2.2",
        "CycloneDX dependencies[].ref entry for the component; SPDX DEPENDS_ON/CONTAINS from the package",
        component_check=lists_dependencies,
    ),
    Rule(
        "bsi.licence", "bsi", Level.COMPONENT, "Distribution licences", f"{BSI} §5.2.2",
        "CycloneDX licenses (id, name or expression); SPDX licenseConcluded/licenseDeclared", component_check=licence,
    ),
    Rule(
        "bsi.hash", "bsi", Level.COMPONENT, "SHA-512 hash of the deployable component", f"{BSI} §5.2.2",
        "CycloneDX hashes alg SHA-512; SPDX checksums SHA512", component_check=sha512,
    ),
    Rule(
        "bsi.executable", "bsi", Level.COMPONENT, "Executable property", f"{BSI} §5.2.2",
        "CycloneDX property bsi:component:executable = true/false",
        component_check=_property("bsi:component:executable", True),
    ),
    Rule(
        "bsi.archive", "bsi", Level.COMPONENT, "Archive property", f"{BSI} §5.2.2",
        "CycloneDX property bsi:component:archive = true/false",
        component_check=_property("bsi:component:archive", True),
    ),
    Rule(
        "bsi.structured", "bsi", Level.COMPONENT, "Structured property", f"{BSI} §5.2.2",
        "CycloneDX property bsi:component:structured = true/false",
        component_check=_property("bsi:component:structured", True),
    ),
    Rule(
        "ntia.supplier", "ntia", Level.COMPONENT, "Supplier name", f"{NTIA} §IV Data Fields",
        "CycloneDX component supplier.name; SPDX PackageSupplier (the mappings of CycloneDX and SPDX 2.3 Annex K)",
        component_check=supplier_name,
    ),
    Rule(
        "ntia.name", "ntia", Level.COMPONENT, "Component name", f"{NTIA} §IV Data Fields", "component name",
        component_check=name,
    ),
    Rule(
        "ntia.version", "ntia", Level.COMPONENT, "Version of the component", f"{NTIA} §IV Data Fields",
        "component version", component_check=version,
    ),
    Rule(
        "ntia.identifier", "ntia", Level.COMPONENT, "Other unique identifiers", f"{NTIA} §IV Data Fields",
        "purl or CPE", component_check=identifier,
    ),
    Rule(
        "ntia.dependencies", "ntia", Level.DOCUMENT, "Dependency relationship", f"{NTIA} §IV Data Fields",
        "at least one CycloneDX dependsOn or SPDX DEPENDS_ON/CONTAINS relationship between components",
        document_check=dependency_relationship,
    ),
    Rule(
        "ntia.author", "ntia", Level.DOCUMENT, "Author of SBOM data", f"{NTIA} §IV Data Fields",
        "CycloneDX metadata.authors/manufacturer; SPDX creators Person/Organization (a tool alone is no author)",
        document_check=_needs_facts(author),
    ),
    Rule(
        "ntia.timestamp", "ntia", Level.DOCUMENT, "Timestamp", f"{NTIA} §IV Data Fields",
        "metadata.timestamp / creationInfo.created", document_check=timestamp,
    ),
    Rule(
        "cisa.author", "cisa", Level.DOCUMENT, "SBOM Author", f"{CISA} §2 Data Fields",
        "as ntia.author", document_check=_needs_facts(author),
    ),
    Rule(
        "cisa.producer", "cisa", Level.COMPONENT, "Software Producer", f"{CISA} §2 Data Fields",
        "component supplier or manufacturer/author (SPDX PackageSupplier or PackageOriginator)",
        component_check=producer,
    ),
    Rule(
        "cisa.name", "cisa", Level.COMPONENT, "Component Name", f"{CISA} §2 Data Fields", "component name",
        component_check=name,
    ),
    Rule(
        "cisa.version", "cisa", Level.COMPONENT, "Component Version", f"{CISA} §2 Data Fields",
        "component version", component_check=version,
    ),
    Rule(
        "cisa.identifier", "cisa", Level.COMPONENT, "Software Identifiers (at least one)", f"{CISA} §2 Data Fields",
        "purl or CPE", component_check=identifier,
    ),
    Rule(
        "cisa.hash", "cisa", Level.COMPONENT, "Component Hash", f"{CISA} §2 Data Fields",
        "any hash with its algorithm", component_check=any_hash,
    ),
    Rule(
        "cisa.licence", "cisa", Level.COMPONENT, "License", f"{CISA} §2 Data Fields", "component licences",
        component_check=licence,
    ),
    Rule(
        "cisa.dependencies", "cisa", Level.DOCUMENT, "Dependency Relationship", f"{CISA} §2 Data Fields",
        "as ntia.dependencies", document_check=dependency_relationship,
    ),
    Rule(
        "cisa.tool", "cisa", Level.DOCUMENT, "Tool Name", f"{CISA} §2 Data Fields",
        "CycloneDX metadata.tools; SPDX creators Tool", document_check=tool_name,
    ),
    Rule(
        "cisa.timestamp", "cisa", Level.DOCUMENT, "Timestamp", f"{CISA} §2 Data Fields",
        "metadata.timestamp / creationInfo.created", document_check=timestamp,
    ),
    Rule(
        "cisa.context", "cisa", Level.DOCUMENT, "Generation Context", f"{CISA} §2 Data Fields",
        "CycloneDX metadata.lifecycles[].phase (1.5+); SPDX 2 has no field for it",
        document_check=_needs_facts(generation_context),
    ),
)  # fmt: skip


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
