# SPDX-License-Identifier: EUPL-1.2
"""The done-when of issue 12 on the real GHSA/OSV records of the Log4Shell family.

Expected findings worked out by hand from the records' ECOSYSTEM ranges (Maven ordering):

- GHSA-jfh8-c2jp-5v3q (CVE-2021-44228): [2.13.0, 2.15.0) [0, 2.3.1) [2.4, 2.12.2)
  → 2.6.1 yes (2.4 <= 2.6.1 < 2.12.2), 2.14.1 yes, 2.17.0 no, 2.17.1 no
- GHSA-7rjr-3q55-vv33 (CVE-2021-45046): [2.13.0, 2.16.0) [0, 2.12.2)
  → 2.6.1 yes (< 2.12.2), 2.14.1 yes, 2.17.0 no, 2.17.1 no
- GHSA-p6xc-xr62-6r2g (CVE-2021-45105): [2.4.0, 2.12.3) [2.13.0, 2.17.0) [0, 2.3.1)
  → 2.6.1 yes, 2.14.1 yes, 2.17.0 no (fixed in 2.17.0), 2.17.1 no
- GHSA-8489-44mv-ggj8 (CVE-2021-44832): [2.0-beta7, 2.3.2) [2.4, 2.12.4) [2.13.0, 2.17.1)
  → 2.6.1 yes, 2.14.1 yes, 2.17.0 yes, 2.17.1 no (fixed in 2.17.1)
"""

from __future__ import annotations

from dosa.exposure import build_exposure
from dosa.exposure.findings import Finding
from dosa.store import Store

ALL_FOUR = {"CVE-2021-44228", "CVE-2021-45046", "CVE-2021-45105", "CVE-2021-44832"}


def _by_version(findings: list[Finding]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in findings:
        if finding.component == "log4j-core":
            found.setdefault(finding.version, set()).add(finding.vulnerability)
    return found


def test_log4j_versions_get_exactly_the_hand_worked_cves(loaded: Store) -> None:
    found = _by_version(build_exposure(loaded).findings)
    assert found["2.6.1"] == ALL_FOUR
    assert found["2.14.1"] == ALL_FOUR
    assert found["2.17.0"] == {"CVE-2021-44832"}
    assert "2.17.1" not in found


def test_each_finding_carries_its_ghsa_alias_and_fixed_versions(loaded: Store) -> None:
    findings = {(f.version, f.vulnerability): f for f in build_exposure(loaded, project="ministry-x").findings}
    log4shell = findings[("2.6.1", "CVE-2021-44228")]
    assert log4shell.ids == ("CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q")
    assert log4shell.fixed == ("2.12.2", "2.15.0", "2.3.1")  # the three 'fixed' events of the record
    assert log4shell.severity == "CRITICAL"
    later = findings[("2.17.0", "CVE-2021-44832")]
    assert later.fixed == ("2.12.4", "2.17.1", "2.3.2")
    assert later.subject == "portal"
    assert later.project == "ministry-x"


def test_cvss_base_scores_are_computed_from_the_vectors(loaded: Store) -> None:
    """The records' own CVSS 3.1 vectors, scored with FIRST's formulas.

    CVE-2021-44228, -45046 and -44832 have the vectors NVD also scores (10.0, 9.0, 6.6). For
    CVE-2021-45105 GitHub's vector is AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:H (NVD's differs): by hand,
    ISS = 0.56, impact (scope changed) = 7.52 * 0.531 - 3.25 * 0.54^15 = 3.99, exploitability =
    8.22 * 0.85 * 0.77 * 0.85 * 0.85 = 3.89, base = roundup(1.08 * 7.88) = 8.6.
    """
    scores = {f.vulnerability: f.cvss for f in build_exposure(loaded).findings if f.version == "2.6.1"}
    assert scores == {"CVE-2021-44228": 10.0, "CVE-2021-45046": 9.0, "CVE-2021-45105": 8.6, "CVE-2021-44832": 6.6}


def test_kev_flag_and_date_come_from_the_catalogue(loaded: Store) -> None:
    findings = [f for f in build_exposure(loaded).findings if f.version == "2.6.1"]
    kev = {f.vulnerability: f.kev_date_added for f in findings if f.kev}
    # The KEV excerpt lists CVE-2021-44228 (added 2021-12-10) and none of the other three.
    assert kev == {"CVE-2021-44228": "2021-12-10"}
    assert all(f.epss is None for f in findings)  # the EPSS excerpt has no Log4Shell row


def test_portfolio_rollup_names_the_project_running_a_kev_component(loaded: Store) -> None:
    rollup = build_exposure(loaded).rollup()
    assert [row["project"] for row in rollup] == ["ministry-x"]
    assert rollup[0]["kev_components"] == ["log4j-core@2.14.1", "log4j-core@2.6.1"]


def test_csaf_cpe_products_match_the_known_affected_versions(loaded: Store) -> None:
    """BSI-2022-0001: CVRF-CSAF-Converter 1.0.0-rc1 is known_affected, 1.0.0-rc2 fixed (CVSS 6.1)."""
    csaf = [f for f in build_exposure(loaded).findings if f.component == "cvrf-csaf-converter"]
    assert [(f.version, f.vulnerability, f.cvss) for f in csaf] == [("1.0.0-rc1", "CVE-2022-27193", 6.1)]
    assert csaf[0].fixed == ("1.0.0-rc2",)


def test_inventory_report_has_an_exposure_section(loaded: Store) -> None:
    from dosa.inventory.mapping import VendorMap
    from dosa.report.inventory import inventory_report, machine_tables

    report = inventory_report(loaded, "ministry-x", None, VendorMap(None), lang="en")
    (table,) = [t for t in machine_tables(report) if t.name == "exposure"]
    found = {(record["version"], record["vulnerability"]) for record in table.records}
    assert ("2.17.0", "CVE-2021-44832") in found
    assert not any(version == "2.17.1" for version, _ in found)
    assert len([v for v, _ in found if v == "2.6.1"]) == 4
