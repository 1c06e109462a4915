# SPDX-License-Identifier: EUPL-1.2
"""Concentration across organisations, on a hand-made sector whose figures are worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from dosa.access import OrganisationTree
from dosa.errors import InputError
from dosa.inventory.importer import import_paths
from dosa.inventory.mapping import VendorMap
from dosa.inventory.sector import (
    Membership,
    ProjectInventory,
    SectorConcentration,
    SectorRow,
    in_scope,
    inventories_from_store,
    read_tree,
    sector_concentration,
)
from dosa.inventory.services import Service
from dosa.store import Store

TREE = Membership(
    OrganisationTree({"ws-a": "water", "ws-b": "water", "gemeente-c": "gemeenten", "water": "nl", "gemeenten": "nl"}),
    projects={"ws-b-2025": "ws-b"},
)


def _inventories() -> list[ProjectInventory]:
    a = (
        Service(
            name="Mail",
            category="email_collaboration",
            vendor="Microsoft Ireland Operations Limited",
            critical_functions=("crisis", "billing"),
        ),
        Service(
            name="Billing",
            category="saas",
            vendor="Rijnware B.V.",
            vendor_country="NL",
            hosted_on="AWS",
            critical_functions=("billing",),
        ),
    )
    b = (
        Service(name="Mail", category="email_collaboration", vendor="Microsoft", critical=True),
        Service(
            name="Permits",
            category="saas",
            vendor="Zoekers B.V.",
            vendor_country="NL",
            subprocessors=("Amazon Web Services EMEA SARL",),
            critical_functions=("permits",),
        ),
    )
    c = (Service(name="VMs", category="iaas", vendor="Amazon Web Services EMEA SARL", critical_functions=("payroll",)),)
    return [
        ProjectInventory(TREE.organisation_of("ws-a"), "ws-a", a),
        ProjectInventory(TREE.organisation_of("ws-b-2025"), "ws-b-2025", b),
        ProjectInventory(TREE.organisation_of("gemeente-c"), "gemeente-c", c),
    ]


def _row(result: SectorConcentration, dimension: str, rank: int | None, holder: str) -> SectorRow:
    return next(r for r in result.select(dimension, rank) if r.holder == holder)


def _figures(row: SectorRow) -> tuple[int, float, int, float | None]:
    pct = None if row.critical_functions_pct is None else round(row.critical_functions_pct, 1)
    return (row.organisations, round(row.organisations_pct, 1), row.critical_functions, pct)


def test_whole_government_by_group_and_rank() -> None:
    result = sector_concentration(_inventories(), VendorMap(None))
    # critical functions, once per organisation: ws-a {crisis, billing}, ws-b {Mail (critical, none listed),
    # permits}, gemeente-c {payroll} = 5; organisations 3
    assert result.organisations == ("gemeente-c", "ws-a", "ws-b")
    assert result.critical_functions == 5
    assert result.depth == 2
    # rank 1, Microsoft: ws-a (Mail: crisis, billing) and ws-b (Mail): 2/3 = 66.7 %; 3/5 functions = 60 %
    assert _figures(_row(result, "group", 1, "Microsoft")) == (2, 66.7, 3, 60.0)
    # rank 1, Amazon: only gemeente-c contracts AWS directly: 1/3, payroll 1/5
    assert _figures(_row(result, "group", 1, "Amazon")) == (1, 33.3, 1, 20.0)
    # rank 2, Amazon: ws-a's Billing is hosted on "AWS", ws-b's Permits has AWS EMEA as sub-processor:
    # 2/3 organisations, functions (ws-a, billing) and (ws-b, permits) = 2/5 = 40 %
    assert _figures(_row(result, "group", 2, "Amazon")) == (2, 66.7, 2, 40.0)
    # any rank, Amazon is one holder for all three: 3/3; billing, permits, payroll = 3/5
    assert _figures(_row(result, "group", None, "Amazon")) == (3, 100.0, 3, 60.0)
    assert [r.holder for r in result.select("group", 2)] == ["Amazon"]


def test_regression_one_company_counted_once_across_organisations() -> None:
    result = sector_concentration(_inventories(), VendorMap(None))
    holders = [r.holder for r in result.select("group", None)]
    # "AWS", "Amazon Web Services EMEA SARL" (twice) are one group; "Microsoft" and its Irish entity too
    assert sorted(holders) == ["Amazon", "Microsoft", "Rijnware B.V.", "Zoekers B.V."]
    # the vendor dimension keeps the contracting parties apart ("Microsoft" is the parent's legal name
    # "Microsoft Corporation" once the legal form is set aside)
    vendors = {r.holder for r in result.select("vendor", None)}
    expected = {"AWS", "Amazon Web Services EMEA SARL", "Microsoft Corporation", "Microsoft Ireland Operations Limited"}
    assert expected <= vendors


def test_jurisdiction_by_rank_shows_us_exposure_at_rank_2() -> None:
    result = sector_concentration(_inventories(), VendorMap(None))
    # rank 2: AWS (the brand, the group's US HQ) for ws-a; AWS EMEA SARL (LU, group US) for ws-b
    assert _figures(_row(result, "jurisdiction", 2, "US")) == (2, 66.7, 2, 40.0)
    assert _figures(_row(result, "jurisdiction", 2, "LU")) == (1, 33.3, 1, 20.0)
    # rank 1, US: Microsoft's Irish entity (group US) for ws-a, Microsoft for ws-b, AWS EMEA for gemeente-c:
    # 3/3 organisations; functions crisis, billing, ws-b Mail, payroll = 4/5 = 80 %
    assert _figures(_row(result, "jurisdiction", 1, "US")) == (3, 100.0, 4, 80.0)
    # rank 1, NL: Rijnware (ws-a, billing) and Zoekers (ws-b, permits)
    assert _figures(_row(result, "jurisdiction", 1, "NL")) == (2, 66.7, 2, 40.0)


def test_cloud_counts_hosts_and_cloud_services_own_vendors() -> None:
    result = sector_concentration(_inventories(), VendorMap(None))
    # Amazon: gemeente-c's IaaS (rank 1) and ws-a's host (rank 2); ws-b's sub-processor is not a host.
    # Zoekers runs its SaaS itself (no host named): its own cloud, rank 1.
    assert [(r.holder, r.organisations) for r in result.select("cloud", None)] == [("Amazon", 2), ("Zoekers B.V.", 1)]


def test_single_providers_that_would_hit_most_organisations() -> None:
    result = sector_concentration(_inventories(), VendorMap(None))
    assert [(r.holder, r.organisations, r.critical_functions) for r in result.single_points(3)] == [
        ("Amazon", 3, 3),
        ("Microsoft", 2, 3),
        ("Rijnware B.V.", 1, 1),
    ]


def test_a_sector_roll_up_along_the_tree() -> None:
    water = in_scope(_inventories(), TREE, "water")
    assert sorted(i.project for i in water) == ["ws-a", "ws-b-2025"]
    result = sector_concentration(water, VendorMap(None), scope="water")
    # two water boards; functions ws-a {crisis, billing}, ws-b {Mail, permits} = 4
    assert result.critical_functions == 4
    # Amazon: both boards at rank 2 (2/2 = 100 %), functions billing and permits = 2/4 = 50 %
    assert _figures(_row(result, "group", None, "Amazon")) == (2, 100.0, 2, 50.0)
    assert _figures(_row(result, "group", 1, "Microsoft")) == (2, 100.0, 3, 75.0)
    everyone = in_scope(_inventories(), TREE, "nl")
    assert len(everyone) == 3
    with pytest.raises(InputError, match="no inventory belongs to organisation 'defensie'"):
        in_scope(_inventories(), TREE, "defensie")


def test_the_tree_file(tmp_path: Path) -> None:
    path = tmp_path / "tree.yaml"
    path.write_text("parents:\n  ws-a: water\n  water: nl\nprojects:\n  ws-a-2025: ws-a\n", encoding="utf-8")
    tree = read_tree(path)
    assert tree.descendants("nl") == {"nl", "water", "ws-a"}
    assert tree.organisation_of("ws-a-2025") == "ws-a"
    assert tree.organisation_of("other") == "other"
    path.write_text("parents:\n  a: b\n  b: c\n  c: a\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"tree\.yaml: the organisation tree has a cycle through 'a'"):
        read_tree(path)
    path.write_text("parents: [a, b]\n", encoding="utf-8")
    with pytest.raises(InputError, match="'parents' must map names to names"):
        read_tree(path)
    path.write_text("parents:\n  a: b\n  c: d: e\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"not a readable YAML file \(line 3\)"):
        read_tree(path)


def test_inventories_are_read_from_the_store(store: Store, tmp_path: Path) -> None:
    for project, rows in {
        "ws-a": "Mail,email_collaboration,Microsoft,crisis\nBilling,saas,Rijnware,billing",
        "ws-b-2025": "Permits,saas,Zoekers,permits",
    }.items():
        path = tmp_path / f"{project}.csv"
        path.write_text("name,category,vendor,critical_functions\n" + rows + "\n", encoding="utf-8")
        assert import_paths(store, [path], project).ok
    found = inventories_from_store(store, TREE)
    assert [(i.organisation, i.project, len(i.services)) for i in found] == [
        ("ws-a", "ws-a", 2),
        ("ws-b", "ws-b-2025", 1),
    ]
    assert found[0].sources == {"Billing": "ws-a.csv", "Mail": "ws-a.csv"}


def test_the_organisation_recorded_at_import_places_a_project(store: Store, tmp_path: Path) -> None:
    """Regression (issue 11 + 13 merge): a project imported with --organisation belongs to that
    organisation in the roll-up, whatever its name; the tree file still has the last word."""
    path = tmp_path / "loket.csv"
    path.write_text("name,category,vendor,critical_functions\nLoket,saas,Rijnware,permits\n", encoding="utf-8")
    assert import_paths(store, [path], "loket", organisation="ezk").ok
    assert [(i.organisation, i.project) for i in inventories_from_store(store)] == [("ezk", "loket")]
    overridden = Membership(projects={"loket": "bzk"})
    assert [i.organisation for i in inventories_from_store(store, overridden)] == ["bzk"]


def test_a_huge_tree_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "tree.yaml"
    path.write_bytes(b"parents:\n" + b"  a: b\n" * 1_000_000)  # 7 MB
    with pytest.raises(InputError, match=r"tree\.yaml: the organisation tree is larger than 5 MiB"):
        read_tree(path)
