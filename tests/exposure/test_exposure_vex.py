# SPDX-License-Identifier: EUPL-1.2
"""VEX statements suppress findings, with their justification kept; --vex-out writes CycloneDX VEX."""

from __future__ import annotations

import json
from pathlib import Path

from exposure_helpers import FIXTURES, LOG4J

from dosa.exposure import build_exposure, import_advisories, write_vex
from dosa.store import Store


def _openvex(tmp_path: Path, product: str, status: str = "not_affected") -> Path:
    """The organisation's own OpenVEX statement (VEX documents are written by the organisation)."""
    document = {
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": "https://example.org/vex/2026-001",
        "author": "Ministry X CISO office",
        "timestamp": "2026-12-03T12:00:00Z",
        "version": 1,
        "statements": [
            {
                "vulnerability": {"name": "CVE-2021-44228"},
                "products": [{"@id": product}],
                "status": status,
                "justification": "vulnerable_code_not_present",
                "impact_statement": "JndiLookup.class removed from the shipped jar.",
            }
        ],
    }
    path = tmp_path / "ministry-x.openvex.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_openvex_not_affected_removes_the_finding_and_says_why(loaded: Store, tmp_path: Path) -> None:
    [result] = import_advisories(loaded, [_openvex(tmp_path, f"{LOG4J}@2.6.1")])
    assert (result.kind, result.records, result.error) == ("openvex", 1, "")
    report = build_exposure(loaded)
    open_ids = {(f.version, f.vulnerability) for f in report.findings}
    assert ("2.6.1", "CVE-2021-44228") not in open_ids
    assert ("2.6.1", "CVE-2021-45046") in open_ids  # the statement is about one CVE only
    assert ("2.14.1", "CVE-2021-44228") in open_ids  # and about one version only
    [suppressed] = report.suppressed
    assert suppressed.vex is not None
    assert (suppressed.vex.status, suppressed.vex.justification) == ("not_affected", "vulnerable_code_not_present")
    assert suppressed.vex.detail == "JndiLookup.class removed from the shipped jar."


def test_a_purl_without_version_covers_every_version(loaded: Store, tmp_path: Path) -> None:
    import_advisories(loaded, [_openvex(tmp_path, LOG4J)])
    report = build_exposure(loaded)
    assert {f.version for f in report.suppressed} == {"2.6.1", "2.14.1"}
    assert all(f.vulnerability != "CVE-2021-44228" for f in report.findings)


def test_affected_statement_does_not_suppress(loaded: Store, tmp_path: Path) -> None:
    import_advisories(loaded, [_openvex(tmp_path, f"{LOG4J}@2.6.1", status="affected")])
    report = build_exposure(loaded)
    assert report.suppressed == []
    [hit] = [f for f in report.findings if (f.version, f.vulnerability) == ("2.6.1", "CVE-2021-44228")]
    assert hit.vex is not None
    assert hit.vex.status == "affected"


def test_real_csaf_vex_profile_names_the_product_the_sbom_describes(loaded: Store) -> None:
    """OASIS example 2022-EVD-UC-01-NA-001: 'Example Company ABC 4.2' known_not_affected by
    CVE-2021-44228; the test SBOM 'Example Company ABC' 4.2 contains log4j-core 2.14.1."""
    [result] = import_advisories(loaded, [FIXTURES / "csaf" / "2022-evd-uc-01-na-001.json"])
    assert result.kind == "csaf_vex"
    report = build_exposure(loaded)
    [suppressed] = report.suppressed
    assert (suppressed.subject, suppressed.version, suppressed.vulnerability) == (
        "Example Company ABC",
        "2.14.1",
        "CVE-2021-44228",
    )
    assert suppressed.vex is not None
    assert suppressed.vex.detail == "Class with vulnerable code was removed before shipping."
    remaining = {f.vulnerability for f in report.findings if f.subject == "Example Company ABC"}
    assert remaining == {"CVE-2021-45046", "CVE-2021-45105", "CVE-2021-44832"}


def test_real_cyclonedx_vex_is_read_with_its_justification(store: Store) -> None:
    """CycloneDX bom-examples VEX: CVE-2020-25649 not_affected (code_not_reachable) for
    jackson-databind 2.10.0, referenced by a BOM-Link."""
    [result] = import_advisories(store, [FIXTURES / "vex" / "cdx-vex-only-bom-examples.json"])
    assert (result.kind, result.records) == ("cyclonedx_vex", 1)
    from sqlalchemy import select

    from dosa.exposure.tables import VexRow

    with store.engine.connect() as conn:
        row = conn.execute(select(VexRow)).one()
    assert row.vulnerability == "CVE-2020-25649"
    assert row.product == "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"
    assert (row.status, row.justification) == ("not_affected", "code_not_reachable")


def test_vex_out_is_valid_cyclonedx_with_the_suppression(loaded: Store, tmp_path: Path) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    import_advisories(loaded, [_openvex(tmp_path, f"{LOG4J}@2.6.1")])
    text = write_vex(build_exposure(loaded))
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    document = json.loads(text)
    entries = {(v["id"], v["affects"][0]["ref"]): v for v in document["vulnerabilities"]}
    suppressed = entries[("CVE-2021-44228", f"{LOG4J}@2.6.1")]
    assert suppressed["analysis"]["state"] == "not_affected"
    assert suppressed["analysis"]["justification"] == "code_not_present"
    assert entries[("CVE-2021-44832", f"{LOG4J}@2.17.0")]["analysis"]["state"] == "in_triage"
