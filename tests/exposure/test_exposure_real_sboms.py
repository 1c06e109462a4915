# SPDX-License-Identifier: EUPL-1.2
"""The Log4Shell-family records against real SBOMs of ../shared/sbom-samples (skipped when absent).

cdxgen-bom-mavenplugins.json lists log4j-core 2.6.1; wild-cdx-ghidra-sbom-cdx.json lists 2.17.1.
By the hand-worked table in test_exposure_log4shell.py: 2.6.1 has all four CVEs, 2.17.1 none.
"""

from __future__ import annotations

import pytest
from exposure_helpers import FIXTURES

from dosa.exposure import build_exposure, import_advisories
from dosa.inventory import import_paths
from dosa.store import Store
from shared_material import SBOM_SAMPLES as SAMPLES

FILES = ("cdxgen-bom-mavenplugins.json", "wild-cdx-ghidra-sbom-cdx.json")


def test_real_sboms_get_the_hand_worked_log4j_findings(store: Store) -> None:
    missing = [name for name in FILES if not (SAMPLES / name).is_file()]
    if missing:
        pytest.skip(f"../shared/sbom-samples not found ({', '.join(missing)}): the real SBOM corpus is absent")
    assert import_paths(store, [SAMPLES / name for name in FILES], "samples").ok
    assert not [r for r in import_advisories(store, [FIXTURES / "osv"]) if r.error]
    log4j = [f for f in build_exposure(store).findings if f.component == "log4j-core"]
    assert {(f.version, f.vulnerability) for f in log4j} == {
        ("2.6.1", "CVE-2021-44228"),
        ("2.6.1", "CVE-2021-45046"),
        ("2.6.1", "CVE-2021-45105"),
        ("2.6.1", "CVE-2021-44832"),
    }
    assert {f.purl for f in log4j} == {"pkg:maven/org.apache.logging.log4j/log4j-core@2.6.1?type=jar"}
