# SPDX-License-Identifier: EUPL-1.2
"""Company groups (one company, one holder) and supply chains by rank, with hand-worked expectations."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from dosa.dataset import load_dataset
from dosa.errors import RecordsError
from dosa.inventory import analysis as an
from dosa.inventory.chain_check import MAX_RANK
from dosa.inventory.chains import ChainError, build_chains
from dosa.inventory.groups import EntityKind, GroupTableError, parse_groups, shipped_groups
from dosa.inventory.mapping import VendorMap
from dosa.inventory.services import Service, read_services


def test_the_shipped_group_table_is_sourced_and_consistent() -> None:
    groups = shipped_groups()
    assert {g.name for g in groups} >= {"Amazon", "Microsoft", "Alphabet (Google)"}
    text = (resources.files("dosa") / "data" / "inventory" / "groups.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    for row in rows:  # every row names its source and licence; a judgement says so and why
        assert row["source"], row
        assert row["licence"], row
        if row["source"].startswith("dosa (judgement)"):
            assert row["evidence"].startswith("judgement:"), row
            assert "rationale" in row["evidence"], row
        else:
            assert row["url"].startswith("https://"), row
    dataset = load_dataset()
    for group in groups:  # the parent's country agrees with the dataset's record of the same company
        if group.dataset_supplier:
            assert dataset.suppliers[group.dataset_supplier].hq_country == group.hq_country, group.name


def test_a_table_without_a_parent_or_with_a_bad_country_is_refused_with_its_line() -> None:
    bad = "group,name,kind,country,source,licence\nAcme,Acme Ltd,entity,XX,filing,public\n"
    with pytest.raises(GroupTableError) as caught:
        parse_groups(bad, "groups.csv")
    assert "groups.csv:2: 'XX' is not an ISO 3166" in str(caught.value)
    assert "group 'Acme' has 0 parent rows" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "vendor", "country", "group_country", "is_entity"),
    [
        ("Amazon Web Services EMEA SARL", "Amazon Web Services EMEA SARL", "LU", "US", True),
        ("Amazon Web Services EMEA S.à r.l.", "Amazon Web Services EMEA SARL", "LU", "US", True),
        ("Amazon.com Inc.", "Amazon.com, Inc.", "US", "US", False),
        ("AMAZON.COM, INC.", "Amazon.com, Inc.", "US", "US", False),
        ("Amazon", "Amazon", "US", "US", False),
        ("AWS", "AWS", "US", "US", False),
        ("Microsoft Ireland Operations Ltd", "Microsoft Ireland Operations Limited", "IE", "US", True),
        ("Azure", "Azure", "US", "US", False),
    ],
)
def test_entities_and_brands_map_to_their_group(
    name: str, vendor: str, country: str, group_country: str, is_entity: bool
) -> None:
    profile = VendorMap(None).by_name(name)
    assert profile is not None
    assert (profile.vendor, profile.country, profile.group_country, profile.has_parent) == (
        vendor,
        country,
        group_country,
        is_entity,
    )
    assert profile.group == ("Microsoft" if "icrosoft" in name or name == "Azure" else "Amazon")


def test_names_are_never_matched_fuzzily() -> None:
    vendors = VendorMap(None)
    assert vendors.by_name("Amazon Logistics Poland") is None
    assert vendors.by_name("Micro soft") is None


def _amazon_twice() -> list[Service]:
    return [
        # the vendor's parent is written as the legal name of Amazon's parent
        Service(
            name="Webshop",
            category="saas",
            vendor="Shopbouwers B.V.",
            vendor_country="NL",
            ultimate_parent="Amazon.com Inc.",
            critical_functions=("sales",),
        ),
        # a Dutch SaaS hosted on "Amazon", the brand
        Service(
            name="HR",
            category="saas",
            vendor="Rijnware B.V.",
            vendor_country="NL",
            hosted_on="Amazon",
            critical_functions=("payroll", "leave"),
        ),
        # the cloud itself, contracted with the European entity
        Service(name="VMs", category="iaas", vendor="Amazon Web Services EMEA SARL", critical_functions=("cases",)),
    ]


def test_regression_one_company_is_counted_once() -> None:
    views = an.view_services(_amazon_twice(), VendorMap(None), None)
    results = {(c.dimension, c.basis): c for c in an.service_concentrations(views)}
    cloud = results[("cloud_provider", "services")]
    # Webshop (a SaaS without host: its own group, Amazon), HR (hosted on Amazon) and VMs (Amazon's
    # EMEA entity) are one holder: 3 services of 3, share 100 %, HHI 100^2 = 10,000
    assert [(r.label, r.weight) for r in cloud.rows] == [("Amazon", 3)]
    assert cloud.hhi == pytest.approx(10_000)
    group = results[("group", "critical_functions")]
    # Webshop 1 (group Amazon via its parent) + VMs 1 (Amazon) = 2; HR 2 (Rijnware): 50 % / 50 %
    assert [(r.label, r.weight) for r in group.rows] == [("Amazon", 2), ("Rijnware B.V.", 2)]
    assert group.hhi == pytest.approx(50**2 + 50**2)


def test_regression_a_saas_hosted_on_a_us_cloud_shows_us_exposure_at_rank_2() -> None:
    dataset = load_dataset()
    views = an.view_services(_amazon_twice(), VendorMap(dataset), dataset)
    hr = next(v for v in views if v.service.name == "HR")
    assert hr.chain is not None
    assert [(link.rank, link.role, link.group) for link in hr.chain.links] == [
        (1, "vendor", "Rijnware B.V."),
        (2, "hosting", "Amazon"),
    ]
    assert hr.chain.countries_at(1) == ("NL",)
    assert hr.chain.countries_at(2) == ("US",)
    exposures = [e for e in an.risky_exposures(an.service_exposures(views, dataset)) if e.dependency == "HR"]
    assert [(e.rank, e.role, e.provider, e.country, e.cls.value) for e in exposures] == [
        (2, "host HQ", "Amazon", "US", "non_eu")
    ]


def test_further_ranks_follow_services_named_in_the_list() -> None:
    services = [
        Service(name="Portal", category="saas", vendor="Rijnware B.V.", subprocessors=("Search", "Mailgun Europe")),
        Service(name="Search", category="saas", vendor="Zoekers B.V.", hosted_on="Azure"),
    ]
    chain = {c.service.name: c for c in build_chains(services, VendorMap(None))}["Portal"]
    # rank 1 Rijnware; rank 2 its sub-processors: Zoekers (the service Search) and Mailgun Europe (a name);
    # rank 3 Search's host, Azure (Microsoft), relied on by Zoekers
    assert [(link.rank, link.role, link.provider, link.group, link.via) for link in chain.links] == [
        (1, "vendor", "Rijnware B.V.", "Rijnware B.V.", ""),
        (2, "sub-processor", "Zoekers B.V.", "Zoekers B.V.", "Rijnware B.V."),
        (2, "sub-processor", "Mailgun Europe", "Mailgun Europe", "Rijnware B.V."),
        (3, "hosting", "Azure", "Microsoft", "Zoekers B.V."),
    ]
    assert chain.depth == 3


def _csv(rows: list[str]) -> bytes:
    return ("name,category,vendor,hosted_on,subprocessors\n" + "\n".join(rows) + "\n").encode()


def test_a_cycle_is_an_error_naming_file_and_line() -> None:
    data = _csv(["Portal,saas,Rijnware,,Search", "Search,saas,Zoekers,Index", "Index,saas,Vinders,Portal"])
    with pytest.raises(RecordsError) as caught:
        read_services(data, "diensten.csv")
    problems = [str(p) for p in caught.value.report.sorted()]
    assert len(problems) == 1
    assert problems[0].startswith("diensten.csv:2 [hosted_on/subprocessors]: error: the chain of 'Portal'")
    assert "Portal → Search → Index → Portal" in problems[0]


def test_a_service_hosted_on_itself_is_a_cycle() -> None:
    with pytest.raises(RecordsError) as caught:
        read_services(_csv(["Mail,saas,Rijnware,Mail,"]), "s.csv")
    assert "Mail → Mail" in str(caught.value.report.sorted()[0])


def test_an_over_long_chain_is_an_error_at_its_first_service() -> None:
    count = MAX_RANK + 5
    rows = [f"S{i},saas,Vendor {i},S{i + 1}," for i in range(count)] + [f"S{count},saas,Vendor {count},,"]
    with pytest.raises(RecordsError) as caught:
        read_services(_csv(rows), "long.csv")
    problems = [str(p) for p in caught.value.report.sorted()]
    assert problems == [
        f"long.csv:2 [hosted_on/subprocessors]: error: the chain of 'S0' has {count + 1} ranks, more than "
        f"{MAX_RANK} (check that hosted_on and subprocessors name the provider one rank further, not a long list)"
    ]


def test_a_huge_chain_is_checked_without_recursion() -> None:
    count = 50_000  # far beyond Python's recursion limit
    rows = [f"S{i},saas,V,S{i + 1}," for i in range(count)] + [f"S{count},saas,V,,"]
    with pytest.raises(RecordsError) as caught:
        read_services(_csv(rows), "huge.csv")
    assert f"has {count + 1} ranks" in str(caught.value.report.sorted()[0])


def test_services_read_back_with_a_cycle_raise_a_clear_error_naming_the_file() -> None:
    services = [
        Service(name="A", category="saas", vendor="X", hosted_on="B"),
        Service(name="B", category="saas", vendor="Y", hosted_on="A"),
    ]
    with pytest.raises(ChainError) as caught:
        build_chains(services, VendorMap(None), {"A": "one.csv", "B": "two.csv"})
    assert "'A' (from one.csv) runs back to itself: A → B → A" in caught.value.message


def test_group_kinds_are_the_documented_ones() -> None:
    assert {n.kind for g in shipped_groups() for n in g.names} == set(EntityKind)
