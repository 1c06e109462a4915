# SPDX-License-Identifier: EUPL-1.2
"""Exposure on the portfolio store: the operational ``dosa exposure`` answers, on DuckDB and Spark.

Advisories are the real GHSA/OSV records of the Log4Shell family, the BSI CSAF advisory, the KEV and
EPSS excerpts and a CycloneDX VEX document (tests/fixtures/exposure, see its README). The expected
CVEs per log4j-core version are worked out by hand in tests/exposure/test_exposure_log4shell.py:
2.6.1 and 2.14.1 have all four, 2.17.0 only CVE-2021-44832, 2.17.1 none.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import dosa.exposure.tables  # noqa: F401  (registers the exposure tables before the schema is created)
from dosa.exposure import build_exposure
from dosa.exposure.findings import ExposureReport, Finding
from dosa.exposure.importer import import_advisories
from dosa.inventory import import_paths
from dosa.portfolio.bulk import bulk_import
from dosa.portfolio.engines import DuckDBEngine, SparkEngine
from dosa.portfolio.exposure import portfolio_exposure
from dosa.store import Store, open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exposure"
ADVISORIES = [FIXTURES / "osv", FIXTURES / "csaf" / "bsi-2022-0001.json", FIXTURES / "kev", FIXTURES / "epss"]
ADVISORIES += [FIXTURES / "vex"]
ALL_FOUR = {"CVE-2021-44228", "CVE-2021-45046", "CVE-2021-45105", "CVE-2021-44832"}


@pytest.fixture(scope="module")
def ministry(tmp_path_factory: pytest.TempPathFactory, new_db_url: Callable[[], str]) -> Iterator[tuple[Store, Path]]:
    """The exposure test inventory in both stores: operational project ``ministry-x/apps`` (with the
    advisories) and portfolio partition organisation ``ministry-x``, project ``apps``."""
    folder = tmp_path_factory.mktemp("ministry")
    store = open_store(new_db_url())
    assert import_paths(store, [FIXTURES / "inventory"], project="ministry-x/apps").ok
    assert [r.error for r in import_advisories(store, ADVISORIES) if r.error] == []
    root = folder / "portfolio"
    assert bulk_import(root, [FIXTURES / "inventory"], "ministry-x", "apps").ok
    yield store, root
    store.dispose()


def ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=repr)  # ties of the report's order may come in any order from either store


def same(report: ExposureReport, expected: ExposureReport) -> None:
    assert ordered(report.findings) == ordered(expected.findings)
    assert ordered(report.suppressed) == ordered(expected.suppressed)
    assert (report.advisories, report.pairs_checked) == (expected.advisories, expected.pairs_checked)


def test_hand_worked_cves_per_log4j_version(ministry: tuple[Store, Path]) -> None:
    store, root = ministry
    engine = DuckDBEngine(root)
    try:
        report = portfolio_exposure(engine, store)
    finally:
        engine.close()
    found: dict[str, set[str]] = {}
    for finding in report.findings:
        if finding.component == "log4j-core":
            found.setdefault(finding.version, set()).add(finding.vulnerability)
    assert found == {"2.6.1": ALL_FOUR, "2.14.1": ALL_FOUR, "2.17.0": {"CVE-2021-44832"}}
    log4shell = next(f for f in report.findings if (f.version, f.vulnerability) == ("2.6.1", "CVE-2021-44228"))
    assert log4shell.project == "ministry-x/apps"
    assert log4shell.kev
    assert log4shell.kev_date_added == "2021-12-10"  # the KEV excerpt's dateAdded
    assert log4shell.fixed == ("2.12.2", "2.15.0", "2.3.1")  # the record's three 'fixed' events


def test_same_findings_as_the_operational_store(ministry: tuple[Store, Path]) -> None:
    store, root = ministry
    engine = DuckDBEngine(root)
    try:
        for options in ({}, {"current_only": True}):
            same(portfolio_exposure(engine, store, **options), build_exposure(store, **options))  # type: ignore[arg-type]
        scoped = portfolio_exposure(engine, store, organisation="ministry-x", project="apps")
        same(scoped, build_exposure(store, project="ministry-x/apps"))
        assert portfolio_exposure(engine, store, organisation="elsewhere").findings == []
    finally:
        engine.close()


def test_same_findings_as_the_operational_store_on_the_real_corpus(operational: Store, corpus_store: Path) -> None:
    """The corpus in both stores (operational project 'apps', portfolio 'acme'/'apps'): the same findings,
    the project named as each store names it."""
    import_advisories(operational, ADVISORIES)
    expected = build_exposure(operational)
    assert {f.version for f in expected.findings if f.component == "log4j-core"} == {"2.6.1"}
    engine = DuckDBEngine(corpus_store)
    try:
        report = portfolio_exposure(engine, operational)
    finally:
        engine.close()
    assert {f.project for f in report.findings} == {"acme/apps"}
    renamed = dataclasses.replace(report, findings=[dataclasses.replace(f, project="apps") for f in report.findings])
    renamed.suppressed = [dataclasses.replace(f, project="apps") for f in report.suppressed]
    same(renamed, expected)


@pytest.mark.slow
def test_spark_gives_the_same_findings_as_duckdb(
    spark: Any, ministry: tuple[Store, Path], operational: Store, corpus_store: Path
) -> None:
    store, root = ministry
    import_advisories(operational, ADVISORIES)
    for folder, advisories in ((root, store), (corpus_store, operational)):
        duck, on_spark = DuckDBEngine(folder), SparkEngine(folder, session=spark)
        try:
            expected = portfolio_exposure(duck, advisories)
            assert expected.findings
            got = portfolio_exposure(on_spark, advisories)
        finally:
            duck.close()
            on_spark.close()
        assert got.findings == expected.findings  # same order too: both engines return rows in one total order
        assert got.suppressed == expected.suppressed
