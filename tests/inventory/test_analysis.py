# SPDX-License-Identifier: EUPL-1.2
"""Concentration (HHI), exit gaps and jurisdiction exposure, on hand-computed examples and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dosa.dataset import Dataset
from dosa.inventory import analysis as an
from dosa.inventory.jurisdiction import JurisdictionClass
from dosa.inventory.mapping import VendorMap
from dosa.inventory.services import Service


def test_hhi_on_a_hand_computed_example() -> None:
    # shares 50/30/20 % → HHI 2500 + 900 + 400 = 3800; top-3 100 %; the unknown weight is left out
    result = an.concentration("vendor", "services", [("A", 5), ("B", 3), ("C", 2), (None, 10), ("A", 0)])
    assert result.hhi == pytest.approx(3800)
    assert result.top1_pct == pytest.approx(50)
    assert result.top3_pct == pytest.approx(100)
    assert result.coverage_pct == pytest.approx(50)
    assert [(r.label, r.share_pct) for r in result.rows] == [("A", 50), ("B", 30), ("C", 20)]


def test_one_holder_is_full_concentration_and_nothing_known_is_none() -> None:
    assert an.concentration("v", "b", [("A", 3)]).hhi == pytest.approx(10_000)
    empty = an.concentration("v", "b", [(None, 3)])
    assert (empty.hhi, empty.top1_pct, empty.coverage_pct) == (None, None, 0)


@given(st.lists(st.tuples(st.sampled_from("ABCDEFGH"), st.integers(1, 1000)), min_size=1, max_size=30), st.randoms())
def test_hhi_bounds_and_permutation_invariance(items: list[tuple[str, int]], random: object) -> None:
    result = an.concentration("v", "b", items)
    holders = len(result.rows)
    assert result.hhi is not None
    assert 10_000 / holders - 1e-6 <= result.hhi <= 10_000 + 1e-6
    shuffled = list(items)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert an.concentration("v", "b", shuffled).hhi == pytest.approx(result.hhi)


def _services() -> list[Service]:
    return [
        Service(name="Mail", category="saas", vendor="MegaCloud Europe", critical_functions=("crisis comms", "cases")),
        Service(name="Docs", category="office_suite", vendor="DragonSoft", critical=True, exit_plan="documented"),
        Service(
            name="VMs", category="iaas", vendor="MegaCloud", critical_functions=("cases",), alternatives=("Rijnware",)
        ),
        Service(
            name="HR",
            category="saas",
            vendor="Rijnware",
            hosted_on="MegaCloud",
            exit_plan="tested",
            critical_functions=("payroll",),
        ),
        Service(name="Printers", category="hardware", vendor="Nobody Inc"),
        Service(
            name="Storage",
            category="iaas",
            vendor="Tiny Cloud",
            critical_functions=("archive",),
            compelling_jurisdictions=("CN",),
            data_locations=("NL",),
        ),
    ]


def test_service_concentration_by_group_jurisdiction_and_cloud(tiny_dataset: Dataset) -> None:
    views = an.view_services(_services(), VendorMap(tiny_dataset), tiny_dataset)
    results = {(c.dimension, c.basis): c for c in an.service_concentrations(views)}
    group = results[("group", "critical_functions")]
    # weights: Mail 2 + VMs 1 (MegaCloud group) = 3; Docs 1; HR 1; Storage 1; Printers 0 → total 6
    assert [(r.label, r.weight) for r in group.rows] == [
        ("MegaCloud (MegaCloud Web Services)", 3),
        ("DragonSoft", 1),
        ("Rijnware B.V.", 1),
        ("Tiny Cloud", 1),
    ]
    assert group.hhi == pytest.approx(50**2 + 3 * (100 / 6) ** 2)
    jurisdiction = results[("jurisdiction", "critical_functions")]
    assert [(r.label, r.weight) for r in jurisdiction.rows] == [("US", 3), ("CN", 1), ("NL", 1)]
    assert jurisdiction.unknown_weight == 1  # Tiny Cloud: not in the dataset, no country recorded
    cloud = results[("cloud_provider", "services")]
    # Mail (SaaS) and VMs by MegaCloud, HR hosted on MegaCloud, Storage on Tiny Cloud
    assert [(r.label, r.weight) for r in cloud.rows] == [("MegaCloud (MegaCloud Web Services)", 3), ("Tiny Cloud", 1)]


def test_single_vendor_critical_services_without_tested_exit(tiny_dataset: Dataset) -> None:
    views = an.view_services(_services(), VendorMap(tiny_dataset), tiny_dataset)
    gaps = an.single_vendor_without_tested_exit(views)
    # most critical functions first: Mail (2), Storage (1), Docs (critical, none listed)
    assert [(g.service, g.exit_plan) for g in gaps] == [
        ("Mail", "not recorded"),
        ("Storage", "not recorded"),
        ("Docs", "documented"),
    ]


def test_exposures_to_high_risk_and_non_eu_jurisdictions(tiny_dataset: Dataset) -> None:
    views = an.view_services(_services(), VendorMap(tiny_dataset), tiny_dataset)
    exposures = an.risky_exposures(an.service_exposures(views, tiny_dataset))
    # HR (Rijnware, NL) is hosted on MegaCloud (US): its host's HQ is a US exposure at rank 2
    assert [(e.dependency, e.rank, e.role, e.country, e.cls) for e in exposures] == [
        ("Docs", 1, "vendor HQ", "CN", JurisdictionClass.HIGH_RISK),
        ("Storage", 1, "can compel access", "CN", JurisdictionClass.HIGH_RISK),
        ("Mail", 1, "parent HQ", "US", JurisdictionClass.NON_EU),
        ("HR", 2, "host HQ", "US", JurisdictionClass.NON_EU),
        ("VMs", 1, "vendor HQ", "US", JurisdictionClass.NON_EU),
    ]


def test_component_vendors_use_the_mapping_or_the_declared_name(tiny_dataset: Dataset) -> None:
    counts = [
        an.ComponentVendorCount("pkg:npm/a", "DragonSoft", "", 6),
        an.ComponentVendorCount("pkg:npm/b", "Some Maintainer", "", 3),
        an.ComponentVendorCount("pkg:npm/c", "", "", 1),
    ]
    result = an.component_vendors(counts, VendorMap(tiny_dataset), tiny_dataset)
    assert [(r.label, r.weight) for r in result.by_vendor.rows] == [("DragonSoft", 6), ("Some Maintainer", 3)]
    assert result.by_vendor.unknown_weight == 1
    assert [(r.label, r.weight) for r in result.by_jurisdiction.rows] == [("CN", 6)]
    assert result.by_jurisdiction.unknown_weight == 4
    assert [(e.dependency, e.cls, e.weight) for e in result.exposures] == [
        ("DragonSoft", JurisdictionClass.HIGH_RISK, 6)
    ]
