# SPDX-License-Identifier: EUPL-1.2
"""Every analysis on DuckDB against hand-worked answers and the operational store's answers.

The hand-made portfolio (conftest ``three_organisations``):

=============  ==========================================  ==========================================
organisation   components (supplier)                       services (critical functions)
=============  ==========================================  ==========================================
A              log4j-core 2.14.1 (Apache), lodash 4.17.20   Mail: saas, MegaCloud, US (2)
               (OpenJS), requests 2.31.0 (none)
B              log4j-core 2.17.1 (Apache), lodash 4.17.21   Docs: office_suite, Rijnware, NL (1);
               (OpenJS)                                     VMs: iaas, MegaCloud, US (1)
C              lodash 4.17.21 (OpenJS)                      -
=============  ==========================================  ==========================================
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.portfolio.conftest import LODASH, LOG4J, REQUESTS

from dosa.inventory.mapping import VendorMap
from dosa.inventory.where_used import parse_query, where_used
from dosa.portfolio import analyses
from dosa.portfolio.analyses import concentration_across, prevalence
from dosa.portfolio.engines import DuckDBEngine
from dosa.store import Store


@pytest.fixture
def three(three_organisations: Path) -> Iterator[DuckDBEngine]:
    engine = DuckDBEngine(three_organisations)
    yield engine
    engine.close()


@pytest.fixture
def corpus_engine(corpus_store: Path) -> Iterator[DuckDBEngine]:
    engine = DuckDBEngine(corpus_store)
    yield engine
    engine.close()


def test_where_used_with_a_range_across_organisations(three: DuckDBEngine) -> None:
    result = analyses.where_used(three, parse_query("log4j-core", "<2.17.1"))
    assert [(h.organisation, h.subject, h.version) for h in result.hits] == [("Organisation A", "portal", "2.14.1")]
    every = analyses.where_used(three, parse_query(LOG4J))
    assert [(h.organisation, h.version) for h in every.hits] == [
        ("Organisation A", "2.14.1"),
        ("Organisation B", "2.17.1"),
    ]
    only_b = analyses.where_used(three, parse_query(f"{LODASH}@4.17.21"), organisation="Organisation B")
    assert [(h.organisation, h.subject) for h in only_b.hits] == [("Organisation B", "cases")]


def test_prevalence_counts_organisations_first(three: DuckDBEngine) -> None:
    rows = prevalence(three, top=10)
    assert [(r.package_key, r.organisations, r.components, r.versions) for r in rows] == [
        (LODASH, 3, 3, 2),
        (LOG4J, 2, 2, 2),
        (REQUESTS, 1, 1, 1),
    ]


def test_component_concentration_by_declared_supplier(three: DuckDBEngine) -> None:
    # as declared: without the resolver (which would name "The Apache Software Foundation" from its table)
    result = concentration_across(three, "vendor", vendors=VendorMap(None, resolve=False))
    c = result.concentration
    # OpenJS 3 of the 5 components with a supplier, Apache 2; requests has none (unknown)
    assert [(r.label, r.weight, r.organisations) for r in result.rows] == [
        ("OpenJS Foundation", 3, 3),
        (
            "Apache Software Foundation",
            2,
            2,
        ),
    ]
    assert c.total_weight == 6
    assert c.unknown_weight == 1
    assert c.hhi == pytest.approx(60**2 + 40**2)
    assert c.top1_pct == pytest.approx(60)
    assert result.organisations == 3


def test_service_concentration_by_vendor_and_cloud(three: DuckDBEngine) -> None:
    by_vendor = concentration_across(three, "vendor", basis="services", vendors=VendorMap(None))
    assert [(r.label, r.weight, r.organisations) for r in by_vendor.rows] == [("MegaCloud", 3, 2), ("Rijnware", 1, 1)]
    assert by_vendor.concentration.hhi == pytest.approx(75**2 + 25**2)
    cloud = concentration_across(three, "cloud", basis="services", vendors=VendorMap(None))
    assert [(r.label, r.weight) for r in cloud.rows] == [("MegaCloud", 3)]  # the office suite is no cloud service
    assert cloud.concentration.hhi == pytest.approx(10_000)
    jurisdiction = concentration_across(three, "jurisdiction", basis="services", vendors=VendorMap(None))
    assert [(r.label, r.weight) for r in jurisdiction.rows] == [("US", 3), ("NL", 1)]


@pytest.mark.parametrize(
    ("query", "version_range"),
    [
        ("log4j-core", "<2.17.1"),  # the corpus has 2.6.1 (cdxgen maven plugins) and 2.17.1 (Ghidra)
        (LOG4J, None),
        ("org.apache.logging.log4j:log4j-core", ">=2.0.0|<2.17.1"),
        ("pkg:golang/gopkg.in/yaml.v2", None),
        ("pkg:npm/lodash", "vers:npm/<4.17.21"),
        ("express", None),
    ],
)
def test_where_used_matches_the_operational_store_on_the_corpus(
    operational: Store, corpus_engine: DuckDBEngine, query: str, version_range: str | None
) -> None:
    parsed = parse_query(query, version_range)
    expected = where_used(operational, parsed)
    got = analyses.where_used(corpus_engine, parsed)

    def keyed(hits: list[object]) -> list[tuple[object, ...]]:
        return sorted((h.subject, h.subject_version, h.current, h.name, h.version, h.purl) for h in hits)  # type: ignore[attr-defined]

    assert keyed(got.hits) == keyed(expected.hits)
    assert keyed(got.uncomparable) == keyed(expected.uncomparable)
    if query == "log4j-core":
        assert [h.version for h in got.hits] == ["2.6.1"]


def test_component_vendors_match_the_operational_report(operational: Store, corpus_engine: DuckDBEngine) -> None:
    from dosa.inventory.analysis import component_vendors
    from dosa.inventory.portfolio import component_vendor_counts

    # declared suppliers only, and with the maintainer resolver, which reads purls, suppliers,
    # manufacturers and the repository and website URLs both stores keep
    for vendors in (VendorMap(None, resolve=False), VendorMap(None)):
        expected = component_vendors(component_vendor_counts(operational, "apps"), vendors, None).by_vendor
        got = concentration_across(corpus_engine, "group", vendors=vendors).concentration
        assert [(r.label, r.weight) for r in got.rows] == [(r.label, r.weight) for r in expected.rows]
        assert got.unknown_weight == expected.unknown_weight
        assert got.hhi == pytest.approx(expected.hhi)


def test_the_resolver_uses_the_urls_both_stores_keep(operational: Store, corpus_engine: DuckDBEngine) -> None:
    """Components the resolver names only from a repository or website URL (no purl namespace, supplier or
    manufacturer that names a maintainer) are resolved in the Parquet store as in the operational one."""
    from dosa.inventory.analysis import ComponentVendorCount
    from dosa.inventory.portfolio import component_vendor_counts
    from dosa.inventory.resolve import ComponentRecord, default_resolver

    resolver = default_resolver()

    def named(c: ComponentVendorCount, *urls: str) -> bool:
        purl = c.package_key if c.package_key.startswith("pkg:") else ""
        return resolver.resolve(ComponentRecord(purl, c.supplier, c.manufacturer, *urls)).organisation is not None

    by_url = {
        (c.package_key, c.supplier, c.manufacturer, c.vcs_url, c.website_url)
        for c in component_vendor_counts(operational, "apps")
        if not named(c) and named(c, c.vcs_url, c.website_url)
    }
    assert by_url, "the corpus has components only their URLs resolve"
    stored = set(
        corpus_engine.rows(
            """SELECT DISTINCT c.package_key, c.supplier, c.manufacturer, c.vcs_url, c.website_url
               FROM components c JOIN sboms s ON c.sbom_id = s.sbom_id WHERE s.is_current"""
        )
    )
    assert by_url <= stored
