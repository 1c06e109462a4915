# SPDX-License-Identifier: EUPL-1.2
"""The typed CycloneDX JSON reader (bulk imports) reads every document exactly as the general reader
does, or declines it so that the general reader reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dosa.inventory.sbom import cyclonedx_fast, parse_source
from dosa.inventory.sbom.cyclonedx_fast import FIELDS, parse_columns, parse_fast
from dosa.inventory.sbom.model import ParsedSbom, SbomFormat
from dosa.inventory.sbom.reading import read_bytes


def general(data: bytes) -> ParsedSbom:
    return parse_source(read_bytes(data, "x.json"))


def assert_same(fast: ParsedSbom, slow: ParsedSbom) -> None:
    assert fast.components == slow.components
    assert fast.dependencies == slow.dependencies
    assert (fast.subject, fast.serial_number, fast.created, fast.generator, fast.spec_version) == (
        slow.subject,
        slow.serial_number,
        slow.created,
        slow.generator,
        slow.spec_version,
    )
    assert fast.warnings.messages() == slow.warnings.messages()  # same warnings in the same order


def test_every_cyclonedx_json_sample_is_read_as_the_general_reader_reads_it(samples_dir: Path) -> None:
    read = declined = 0
    for path in sorted(samples_dir.iterdir()):
        if path.suffix != ".json":
            continue
        data = path.read_bytes()
        try:
            slow = general(data)
        except Exception:  # documents the general reader refuses: the fast one must decline them
            assert parse_fast(data, path.name) is None, path.name
            continue
        fast = parse_fast(data, path.name)
        if slow.format is not SbomFormat.CYCLONEDX_JSON:
            assert fast is None, path.name
            continue
        if fast is None:
            declined += 1
            continue
        assert_same(fast, slow)
        read += 1
    # the corpus' CycloneDX JSON documents come from real tools; the typed reader takes nearly all of them
    assert read >= 20, (read, declined)
    assert declined <= read // 4, (read, declined)


def document(components: Any, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": components}
    body["metadata"] = {"component": {"name": "app", "version": "1", "bom-ref": "app"}}
    return body | extra


LIB = {"type": "library", "name": "lib", "version": "1.0", "purl": "pkg:npm/lib@1.0", "bom-ref": "lib"}

# documents the typed reader must take, each with what the general reader makes of it (worked out by hand)
TAKEN: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    ("supplier object", document([LIB | {"supplier": {"name": " ACME "}}]), {"supplier": "ACME"}),
    ("supplier string", document([LIB | {"supplier": " ACME "}]), {"supplier": "ACME"}),
    (
        "empty manufacturer object falls through to author",
        document([LIB | {"manufacturer": {}, "author": "Ann"}]),
        {"manufacturer": "Ann"},
    ),
    (
        "manufacturer object with url only wins",
        document([LIB | {"manufacturer": {"url": ["x"]}, "author": "Ann"}]),
        {"manufacturer": ""},
    ),
    ("first of authors", document([LIB | {"authors": [{"name": "Bo"}, {"name": "Cy"}]}]), {"manufacturer": "Bo"}),
    (
        "licences of every form",
        document(
            [
                LIB
                | {
                    "licenses": [
                        {"license": {"id": "MIT"}},
                        {"license": {"name": "Own"}},
                        {"expression": "A OR B"},
                        {"license": {}},
                    ]
                }
            ]
        ),
        {"licences": "MIT; Own; A OR B"},
    ),
    ("one licence", document([LIB | {"licenses": [{"license": {"id": "", "name": "Own"}}]}]), {"licences": "Own"}),
    (
        "hashes, one without content",
        document(
            [LIB | {"hashes": [{"alg": "SHA-1", "content": "ab"}, {"alg": "MD5"}, {"alg": "SHA-256", "content": "cd"}]}]
        ),
        {"hashes": "SHA-1:ab SHA-256:cd"},
    ),
    ("strings kept as written", document([LIB | {"name": " lib "}]), {"name": " lib "}),
]


@pytest.mark.parametrize(("label", "body", "expected"), TAKEN, ids=[t[0] for t in TAKEN])
def test_the_typed_reader_takes_and_reads_as_the_general_reader(
    label: str, body: dict[str, Any], expected: dict[str, str]
) -> None:
    data = json.dumps(body).encode()
    fast = parse_fast(data, "x.json")
    assert fast is not None, label
    assert_same(fast, general(data))
    for field, value in expected.items():
        assert getattr(fast.components[0], field) == value


def test_nested_components_come_after_their_parent_in_document_order() -> None:
    def c(name: str, *nested: dict[str, Any]) -> dict[str, Any]:
        return {"name": name, "bom-ref": name} | ({"components": list(nested)} if nested else {})

    data = json.dumps(document([c("a", c("a1", c("a11")), c("a2")), c("b"), c("c", c("c1"))])).encode()
    fast = parse_fast(data, "x.json")
    assert fast is not None
    assert [(x.name, x.parent) for x in fast.components] == [
        ("a", -1),
        ("a1", 0),
        ("a11", 1),
        ("a2", 0),
        ("b", -1),
        ("c", -1),
        ("c1", 5),
    ]
    assert_same(fast, general(data))


def test_dependencies_with_provides_and_without_ref_are_read_as_the_general_reader_reads_them() -> None:
    edges = [
        {"ref": "app", "dependsOn": ["lib", ""]},
        {"ref": "", "dependsOn": ["lib"]},
        {"dependsOn": ["lib"]},
        {"ref": "lib", "provides": ["crypto"]},
        {"ref": "lib", "dependsOn": None},
    ]
    data = json.dumps(document([LIB], dependencies=edges)).encode()
    fast = parse_fast(data, "x.json")
    assert fast is not None
    assert fast.dependencies == [("app", "lib"), ("lib", "crypto")]
    assert_same(fast, general(data))


DECLINED: list[tuple[str, bytes]] = [
    ("a number for a name", json.dumps(document([LIB | {"name": 5}])).encode()),
    ("null version", json.dumps(document([LIB | {"version": None}])).encode()),
    ("a null component entry", json.dumps(document([LIB, None])).encode()),
    ("components not a list", json.dumps(document({"a": LIB})).encode()),
    ("licence as a string", json.dumps(document([LIB | {"licenses": [{"license": "MIT"}]}])).encode()),
    ("hashes as an object", json.dumps(document([LIB | {"hashes": {"alg": "MD5", "content": "x"}}])).encode()),
    (
        "a dependency target object (1.7)",
        json.dumps(document([LIB], dependencies=[{"ref": "app", "dependsOn": [{"ref": "lib"}]}])).encode(),
    ),
    ("invalid UTF-8 in a field nobody reads", json.dumps(document([LIB])).encode()[:-1] + b', "x": "\xff"}'),
    ("a lone surrogate", json.dumps(document([LIB | {"name": "\ud800"}])).encode()),
    ("NaN in metadata", json.dumps(document([LIB])).encode()[:-1] + b', "x": NaN}'),
    ("an SPDX document", json.dumps({"spdxVersion": "SPDX-2.3", "components": []}).encode()),
    ("a JSON list", b"[1, 2]"),
    ("truncated", json.dumps(document([LIB])).encode()[:-5]),
    ("UTF-8 byte order mark", b"\xef\xbb\xbf" + json.dumps(document([LIB])).encode()),
]


@pytest.mark.parametrize(("label", "data"), DECLINED, ids=[d[0] for d in DECLINED])
def test_the_typed_reader_declines_what_only_the_general_reader_judges(label: str, data: bytes) -> None:
    assert parse_fast(data, "x.json") is None, label


def test_components_nested_beyond_the_limit_are_declined_and_the_general_reader_refuses_them() -> None:
    entry: dict[str, Any] = {"name": "leaf"}
    for depth in range(300):
        entry = {"name": f"n{depth}", "components": [entry]}
    data = json.dumps(document([entry])).encode()
    assert parse_fast(data, "x.json") is None
    with pytest.raises(Exception, match="nested more than 256 levels"):
        general(data)


def test_duplicate_keys_keep_the_last_value_in_both_readers() -> None:
    data = b'{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"name": "a", "name": "b"}]}'
    fast = parse_fast(data, "x.json")
    assert fast is not None
    assert [c.name for c in fast.components] == ["b"]
    assert_same(fast, general(data))


# --- the columnar reader (bulk imports to Parquet) ---------------------------------------------


def assert_columns_same(data: bytes, *, columnar_path: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """:func:`parse_columns` holds, column by column, what the general reader reads; ``columnar_path``
    says whether the document must be read by pyarrow's JSON reader rather than the typed one."""
    slow = general(data)
    if columnar_path:  # the typed reader must not be asked
        monkeypatch.setattr(cyclonedx_fast, "parse_fast", lambda *_: pytest.fail("read by the typed reader"))
    read = parse_columns(data, "x.json")
    monkeypatch.undo()
    assert read is not None
    for field in FIELDS:
        assert read.columns[field] == [getattr(c, field) for c in slow.components], field
    assert read.parents.tolist() == [c.parent for c in slow.components]
    assert read.sbom.components == []
    assert read.sbom.dependencies == slow.dependencies
    assert (read.sbom.subject, read.sbom.serial_number, read.sbom.created, read.sbom.generator) == (
        slow.subject,
        slow.serial_number,
        slow.created,
        slow.generator,
    )
    assert read.sbom.warnings.messages() == slow.warnings.messages()


def test_the_columnar_reader_reads_the_corpus_as_the_general_reader(
    samples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = 0
    for path in sorted(samples_dir.iterdir()):
        if path.suffix != ".json":
            continue
        data = path.read_bytes()
        if parse_fast(data, path.name) is None:
            assert parse_columns(data, path.name) is None, path.name
            continue
        assert_columns_same(data, columnar_path=False, monkeypatch=monkeypatch)
        read += 1
    assert read >= 20


PRETTY = json.dumps(
    document(
        [
            LIB | {"supplier": {"name": "\u2003ACME\t"}, "licenses": [{"license": {"id": "MIT"}}]},
            {"name": "", "bom-ref": "anon", "purl": "pkg:npm/%%%@1", "hashes": [{"alg": "MD5", "content": ""}]},
            LIB
            | {
                "bom-ref": "lib",
                "version": "2",
                "purl": "pkg:npm/lib",
                "licenses": [{"license": {}}, {"expression": "A OR B"}, {"license": {"id": "", "name": "Own"}}],
                "hashes": [{"alg": "SHA-1", "content": "ab"}, {"alg": "MD5"}, {"content": "x"}],
                "externalReferences": [
                    {"type": "website", "url": " https://lib.example "},
                    {"type": "vcs"},
                    {"type": "vcs", "url": "https://github.com/lib/lib"},
                    {"type": "vcs", "url": "https://gitlab.com/other"},
                ],
                "description": 12.5,
                "properties": [{"name": "x", "value": ["nested", {"deep": True}]}],
            },
            {"name": "no purl", "version": "1", "supplier": {"name": "Beta"}, "author": "Ann", "bom-ref": "np"},
            {"name": "No Purl", "version": "1", "supplier": {}, "manufacturer": {"name": " Maker "}},
        ],
        dependencies=[{"ref": "app", "dependsOn": ["lib", "ghost"]}, {"ref": "np", "dependsOn": []}],
    ),
    indent=2,
    ensure_ascii=False,
).encode()


def test_the_columnar_reader_reads_every_rule_as_the_general_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every per-value rule: trimming (Unicode spaces too), licence and hash joins, the first URL of each
    kind, manufacturers, duplicate refs, a nameless component and an invalid purl (warnings in the
    general reader's order), and values of other types in fields nobody reads."""
    assert_columns_same(PRETTY, columnar_path=True, monkeypatch=monkeypatch)
    read = parse_columns(PRETTY, "x.json")
    assert read is not None
    assert read.columns["supplier"][0] == "ACME"
    assert read.columns["vcs_url"][2] == "https://github.com/lib/lib"
    assert read.columns["website_url"][2] == "https://lib.example"
    assert read.columns["licences"][2] == "A OR B; Own"
    assert read.columns["hashes"][1:3] == ["MD5:", "SHA-1:ab"]
    assert read.columns["manufacturer"][3:] == ["Ann", "Maker"]


def test_an_empty_component_list_is_read_column_wise(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_columns_same(json.dumps(document([])).encode(), columnar_path=True, monkeypatch=monkeypatch)


@pytest.mark.parametrize(("label", "body", "expected"), TAKEN, ids=[t[0] for t in TAKEN])
def test_the_columnar_reader_takes_what_the_typed_reader_takes(
    label: str, body: dict[str, Any], expected: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_columns_same(json.dumps(body).encode(), columnar_path=False, monkeypatch=monkeypatch)


@pytest.mark.parametrize(("label", "data"), DECLINED, ids=[d[0] for d in DECLINED])
def test_the_columnar_reader_declines_what_the_typed_reader_declines(label: str, data: bytes) -> None:
    assert parse_columns(data, "x.json") is None, label


def test_nested_components_are_walked_by_the_typed_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    nested = document([LIB | {"components": [{"name": "inner", "bom-ref": "inner"}]}, LIB | {"bom-ref": "b"}])
    assert_columns_same(json.dumps(nested).encode(), columnar_path=False, monkeypatch=monkeypatch)
    read = parse_columns(json.dumps(nested).encode(), "x.json")
    assert read is not None
    assert read.parents.tolist() == [-1, 0, -1]
