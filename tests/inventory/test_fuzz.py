# SPDX-License-Identifier: EUPL-1.2
"""Fuzzing the readers: any input yields an SBOM or an InputError, nothing else."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dosa.errors import InputError
from dosa.inventory.sbom import parse_source, read_bytes
from shared_material import SBOM_SAMPLES as ROOT

SEEDS = [
    "cdx-spec-valid-bom-1.6.json",
    "cdx-spec-valid-bom-1.4.xml",
    "spdxspec-SPDXTagExample-v2.3.spdx",
    "spdxex-example11-sbom.spdx3.json",
    "spdxspec-SPDXYAMLExample-2.3.spdx.yaml",
    "spdxspec-SPDXXMLExample-v2.3.spdx.xml",
    "guac-alpine-small-spdx.json",
]


def _survives(data: bytes) -> None:
    try:
        sbom = parse_source(read_bytes(data, "fuzz"))
    except InputError as exc:
        message = exc.message
    else:
        message = ""
        assert all(isinstance(c.name, str) for c in sbom.components)
    assert message.startswith("fuzz") or not message  # every error names the file


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _survives(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.data())
def test_mutated_real_documents(seed: str, data: st.DataObject) -> None:
    if not (ROOT / seed).is_file():
        pytest.skip(f"needs the SBOM corpus at {ROOT} (../shared next to the repository)")
    original = bytearray((ROOT / seed).read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(original) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            original[position] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del original[position : position + data.draw(st.integers(1, 200))]
        else:
            original[position:position] = data.draw(st.binary(min_size=1, max_size=20))
        if not original:
            break
    _survives(bytes(original))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)
KEYS = st.sampled_from(
    [
        "name",
        "version",
        "group",
        "purl",
        "bom-ref",
        "supplier",
        "licenses",
        "hashes",
        "components",
        "author",
        "authors",
        "manufacturer",
        "cpe",
        "type",
        "scope",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.dictionaries(KEYS, JSON_VALUES, max_size=8) | JSON_VALUES, max_size=6),
    st.lists(JSON_VALUES, max_size=4),
    st.sampled_from(["CycloneDX", "spdx"]),
)
def test_structurally_odd_documents(components: list[object], dependencies: list[object], kind: str) -> None:
    if kind == "CycloneDX":
        document: dict[str, object] = {
            "bomFormat": "CycloneDX",
            "specVersion": "1.5",
            "components": components,
            "dependencies": dependencies,
            "metadata": components[0] if components else {},
        }
    else:
        document = {
            "spdxVersion": "SPDX-2.3",
            "packages": components,
            "relationships": dependencies,
            "creationInfo": components[-1] if components else None,
        }
    _survives(json.dumps(document).encode())
