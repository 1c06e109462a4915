# SPDX-License-Identifier: EUPL-1.2
"""SBOM grading: hand-worked results on real SBOMs, and a passing and a failing case for every rule."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dosa.errors import InputError
from dosa.inventory.sbom.reading import SourceBytes
from dosa.procurement.sbom_grade import RULES, SbomGrade, Status, grade_file, grade_source


def _results(grade: SbomGrade, profile: str) -> dict[str, tuple[str, int, int]]:
    return {r.rule.id: (r.status.value, r.checked, r.failed) for r in grade.profile(profile).results}


# --- real SBOMs, worked by hand from the files ---------------------------------------------------


def test_guac_boxes_sbom_by_hand(samples: Path) -> None:
    """guac-cdx-v1.4.json: CycloneDX 1.4, two components (libunistring, PCRE2) with name, version,
    'author' and licences, but no supplier, purl, hash, bom-ref or dependencies; metadata has a
    timestamp and a described component, no authors, manufacturer, tools or lifecycles."""
    grade = grade_file(samples / "guac-cdx-v1.4.json")
    assert grade.component_count == 2
    assert grade.supplier == "Thomas Jensen and the boxes contributors"  # metadata.component.author
    ntia = _results(grade, "ntia")
    assert ntia == {
        "ntia.supplier": ("fail", 2, 2),
        "ntia.name": ("pass", 2, 0),
        "ntia.version": ("pass", 2, 0),
        "ntia.identifier": ("fail", 2, 2),
        "ntia.dependencies": ("fail", 1, 1),
        "ntia.author": ("fail", 1, 1),
        "ntia.timestamp": ("pass", 1, 0),
    }
    # 3 of 7 rules satisfied: 100 * 3/7 = 42.857…
    assert grade.profile("ntia").score == 42.9
    # CISA: producer (author → manufacturer), name, version, licence, timestamp: 5 of 11
    assert grade.profile("cisa").score == 45.5
    # BSI: timestamp, name, version, licence: 4 of 13 (CycloneDX 1.4 fails §4)
    assert grade.profile("bsi").score == 30.8
    supplier_rule = next(r for r in grade.profile("ntia").results if r.rule.id == "ntia.supplier")
    assert supplier_rule.failing == ("libunistring@0.9.10-4", "PCRE2@10.40")


def test_dependency_track_16_sbom_by_hand(samples: Path) -> None:
    """dtrack-valid-bom-1.6.json: metadata authors (with e-mail), tools, supplier 'Acme, Inc.';
    tomcat-catalina (bom-ref, purl, SHA-512, Apache-2.0, author only, one dependencies entry) and
    mylibrary (no bom-ref; supplier with URL and e-mail; no purl, hash or licence)."""
    grade = grade_file(samples / "dtrack-valid-bom-1.6.json")
    assert grade.supplier == "Acme, Inc."
    bsi = _results(grade, "bsi")
    assert bsi["bsi.format"] == ("pass", 1, 0)
    assert bsi["bsi.creator"] == ("pass", 1, 0)
    assert bsi["bsi.component_creator"] == ("fail", 2, 1)  # tomcat has no supplier/manufacturer contact
    assert bsi["bsi.dependencies"] == ("fail", 2, 1)  # mylibrary has no dependencies entry
    assert bsi["bsi.hash"] == ("fail", 2, 1)
    # 1+1+1 + .5 + 1+1 + 0 + .5 + .5 + .5 + 0+0+0 = 7 of 13
    assert grade.profile("bsi").score == 53.8
    # NTIA: supplier .5, name 1, version 1, identifier .5, dependencies 1, author 1, timestamp 1 = 6 of 7
    assert grade.profile("ntia").score == 85.7
    # CISA: 1+1+1+1+.5+.5+.5+1+1+1+0 = 8.5 of 11
    assert grade.profile("cisa").score == 77.3
    assert [r.rule.id for r in grade.profile("cisa").failed_rules] == [
        "cisa.identifier",
        "cisa.hash",
        "cisa.licence",
        "cisa.context",
    ]


def test_spdx_tag_value_creators_and_suppliers(samples: Path) -> None:
    """SPDX 2.3 tag-value example of the SPDX spec: 'Creator: Person: Jane Doe ()' and an Organization
    creator with an e-mail; SPDX 2 is not a format BSI TR-03183-2 v2.1.0 accepts."""
    grade = grade_file(samples / "spdxspec-SPDXTagExample-v2.3.spdx")
    assert grade.format == "spdx-tv"
    assert _results(grade, "bsi")["bsi.format"] == ("fail", 1, 0 + 1)
    assert _results(grade, "ntia")["ntia.author"] == ("pass", 1, 0)


def test_whole_corpus_grades_without_error(samples: Path) -> None:
    graded = 0
    refused: list[str] = []
    for path in sorted(samples.iterdir()):
        if path.name in ("MANIFEST.tsv", "README.md"):
            continue
        try:
            grade = grade_file(path)
        except InputError:  # the corpus's broken and non-SBOM files are refused with a clear message
            refused.append(path.name)
            continue
        graded += 1
        for profile in grade.profiles:
            assert profile.score is None or 0 <= profile.score <= 100
    assert graded >= 95
    assert len(refused) <= 5, refused


# --- one passing and one failing case per rule ---------------------------------------------------


def _perfect() -> dict[str, Any]:
    """A CycloneDX 1.6 document that meets every rule of every profile."""
    bsi_props = [
        {"name": "bsi:component:filename", "value": "lib.jar"},
        {"name": "bsi:component:executable", "value": "false"},
        {"name": "bsi:component:archive", "value": "true"},
        {"name": "bsi:component:structured", "value": "true"},
    ]

    def component(ref: str, name: str) -> dict[str, Any]:
        return {
            "bom-ref": ref,
            "type": "library",
            "name": name,
            "version": "1.0.0",
            "supplier": {"name": "Lib Makers", "url": ["https://lib.example"]},
            "purl": f"pkg:maven/org.example/{name}@1.0.0",
            "hashes": [{"alg": "SHA-512", "content": "ab" * 64}],
            "licenses": [{"license": {"id": "Apache-2.0"}}],
            "properties": bsi_props,
        }

    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {
            "timestamp": "2026-01-02T03:04:05Z",
            "lifecycles": [{"phase": "build"}],
            "tools": {"components": [{"type": "application", "name": "gen", "version": "1"}]},
            "authors": [{"name": "Release team", "email": "sbom@vendor.example"}],
            "supplier": {"name": "Vendor BV"},
            "component": {"type": "application", "name": "product", "version": "2.0"},
        },
        "components": [component("a", "alpha"), component("b", "beta")],
        "dependencies": [{"ref": "a", "dependsOn": ["b"]}, {"ref": "b", "dependsOn": []}],
    }


def _drop_component_key(key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        doc["components"][1].pop(key)

    return mutate


def _drop_property(name: str) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        component = doc["components"][1]
        component["properties"] = [p for p in component["properties"] if p["name"] != name]

    return mutate


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _no_dependencies(doc: dict[str, Any]) -> None:
    doc["dependencies"] = []


def _sha256_only(doc: dict[str, Any]) -> None:
    doc["components"][1]["hashes"] = [{"alg": "SHA-256", "content": "cd" * 32}]


def _no_authors(doc: dict[str, Any]) -> None:
    doc["metadata"].pop("authors")


def _author_without_contact(doc: dict[str, Any]) -> None:
    doc["metadata"]["authors"] = [{"name": "Release team"}]


def _no_producer(doc: dict[str, Any]) -> None:
    doc["components"][1].pop("supplier")


def _supplier_without_contact(doc: dict[str, Any]) -> None:
    doc["components"][1]["supplier"] = {"name": "Lib Makers"}


def _beta_lists_no_dependencies(doc: dict[str, Any]) -> None:
    doc["dependencies"] = [{"ref": "a", "dependsOn": ["b"]}]


MUTATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "bsi.format": _set(("specVersion",), "1.5"),
    "bsi.creator": _author_without_contact,
    "bsi.timestamp": _set(("metadata", "timestamp"), "yesterday"),
    "bsi.component_creator": _supplier_without_contact,
    "bsi.name": _set(("components", 1, "name"), ""),  # type: ignore[arg-type]
    "bsi.version": _drop_component_key("version"),
    "bsi.filename": _drop_property("bsi:component:filename"),
    "bsi.dependencies": _beta_lists_no_dependencies,
    "bsi.licence": _drop_component_key("licenses"),
    "bsi.hash": _sha256_only,
    "bsi.executable": _drop_property("bsi:component:executable"),
    "bsi.archive": _drop_property("bsi:component:archive"),
    "bsi.structured": _drop_property("bsi:component:structured"),
    "ntia.supplier": _no_producer,
    "ntia.name": _set(("components", 1, "name"), ""),  # type: ignore[arg-type]
    "ntia.version": _drop_component_key("version"),
    "ntia.identifier": _drop_component_key("purl"),
    "ntia.dependencies": _no_dependencies,
    "ntia.author": _no_authors,
    "ntia.timestamp": _set(("metadata", "timestamp"), ""),
    "cisa.author": _no_authors,
    "cisa.producer": _no_producer,
    "cisa.name": _set(("components", 1, "name"), ""),  # type: ignore[arg-type]
    "cisa.version": _drop_component_key("version"),
    "cisa.identifier": _drop_component_key("purl"),
    "cisa.hash": _drop_component_key("hashes"),
    "cisa.licence": _drop_component_key("licenses"),
    "cisa.dependencies": _no_dependencies,
    "cisa.tool": _set(("metadata", "tools"), []),
    "cisa.timestamp": _set(("metadata", "timestamp"), "2026-13-45"),
    "cisa.context": _set(("metadata", "lifecycles"), []),
}


def _grade(doc: dict[str, Any]) -> SbomGrade:
    data = json.dumps(doc).encode()
    return grade_source(SourceBytes("case.cdx.json", data, ""))


def test_every_rule_has_a_failing_case() -> None:
    assert set(MUTATIONS) == {r.id for r in RULES}


def test_perfect_document_passes_every_rule() -> None:
    grade = _grade(_perfect())
    for profile in grade.profiles:
        assert profile.meets is True, [r.rule.id for r in profile.failed_rules]
        assert profile.score == 100.0


@pytest.mark.parametrize("rule_id", sorted(MUTATIONS))
def test_rule_fails_on_its_own_defect(rule_id: str) -> None:
    document = copy.deepcopy(_perfect())
    MUTATIONS[rule_id](document)
    grade = _grade(document)
    profile = grade.profile(rule_id.split(".")[0])
    result = next(r for r in profile.results if r.rule.id == rule_id)
    assert result.status is Status.FAIL
    if result.rule.level.value == "component":
        assert result.failing == ("beta@1.0.0",) or (rule_id.endswith(("name", "version")) and result.failed == 1)
    assert profile.meets is False


def test_every_rule_cites_a_clause() -> None:
    for rule in RULES:
        assert rule.clause.startswith(("BSI TR-03183-2 v2.1.0 §", "NTIA Minimum Elements (2021) §", "CISA 2025"))


def test_unsupported_format_is_not_checked_not_failed(samples: Path) -> None:
    """SPDX RDF is not read for author facts: those rules are 'not checked', never failed."""
    grade = grade_file(samples / "spdxspec-SPDXRdfExample-v2.3.spdx.rdf.xml")
    assert _results(grade, "ntia")["ntia.author"][0] == "not_checked"


def test_one_component_has_no_dependency_to_state() -> None:
    document = _perfect()
    document["components"] = document["components"][:1]
    document["dependencies"] = []
    grade = _grade(document)
    ntia = {r.rule.id: r.status for r in grade.profile("ntia").results}
    assert ntia["ntia.dependencies"] is Status.PASS
