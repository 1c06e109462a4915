# SPDX-License-Identifier: EUPL-1.2
"""Vendors and purl namespaces map to the dataset's suppliers and countries; the rest stays unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

from dosa.dataset import Dataset
from dosa.errors import RecordsError
from dosa.inventory.jurisdiction import JurisdictionClass, classify
from dosa.inventory.mapping import VendorMap, normalise_vendor, read_mapping
from dosa.inventory.services import Service


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Microsoft Corporation", "microsoft"),
        ("ASML Holding N.V.", "asml holding"),
        ("Rijnware B.V.", "rijnware"),
        ("SAP SE", "sap"),
        ("AT&T Inc.", "at and t"),
        ("Co", "co"),
    ],
)
def test_legal_forms_are_removed(name: str, key: str) -> None:
    assert normalise_vendor(name) == key


def test_dataset_suppliers_are_found_by_name_alias_and_id(tiny_dataset: Dataset) -> None:
    vendors = VendorMap(tiny_dataset)
    for name in ("MegaCloud Web Services, Inc.", "MegaCloud", "megacloud"):
        profile = vendors.by_name(name)
        assert profile is not None, name
        assert profile.supplier_id == "megacloud", name
    europe = vendors.by_name("MegaCloud Europe Ltd")
    assert europe is not None
    assert (europe.country, europe.group, europe.group_country, europe.jurisdiction) == (
        "IE",
        "MegaCloud (MegaCloud Web Services)",
        "US",
        "US",
    )
    assert vendors.by_name("Rijnware BV") is not None
    assert vendors.by_name("Unknown Widgets GmbH") is None
    assert vendors.by_name("Mega") is None  # never a fuzzy match


def test_mapping_file_extends_the_dataset(tmp_path: Path, tiny_dataset: Dataset) -> None:
    path = tmp_path / "mapping.csv"
    path.write_text(
        "match,supplier,vendor,country,parent,parent_country,note\n"
        "pkg:maven/com.dragonsoft.,dragonsoft,,,,,namespace owned by DragonSoft\n"
        "pkg:maven/com.dragonsoft.cloud,,DragonSoft Cloud,CN,,,\n"
        "Acme Widgets,,Acme,DE,,,\n"
        "MegaCloud Europe,megacloud-eu,,,,,\n"
    )
    vendors = VendorMap(tiny_dataset, read_mapping(path, tiny_dataset))
    assert vendors.for_component("pkg:maven/com.dragonsoft.office/writer", "", "").supplier_id == "dragonsoft"
    longest = vendors.for_component("pkg:maven/com.dragonsoft.cloud/sdk", "", "")
    assert longest is not None
    assert longest.vendor == "DragonSoft Cloud"
    by_supplier_field = vendors.for_component("pkg:npm/left-pad", "Acme Widgets Inc.", "")
    assert by_supplier_field is not None
    assert by_supplier_field.country == "DE"
    without_resolver = VendorMap(tiny_dataset, read_mapping(path, tiny_dataset), resolve=False)
    assert without_resolver.for_component("pkg:npm/left-pad", "", "Nobody Knows") is None
    # the resolver names an author string weakly, without a country (tests/inventory/test_resolver.py)
    weak = vendors.for_component("pkg:npm/left-pad", "", "Nobody Knows")
    assert weak is not None
    assert (weak.vendor, weak.jurisdiction, weak.confidence) == ("Nobody Knows", None, "low")


def test_mapping_file_problems_are_reported_together(tmp_path: Path, tiny_dataset: Dataset) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "- match: A\n  supplier: nosuch\n- match: B\n  country: Atlantis\n- supplier: megacloud\n- match: C\n"
    )
    with pytest.raises(RecordsError) as caught:
        read_mapping(path, tiny_dataset)
    assert [(p.line, p.field) for p in caught.value.report.errors] == [
        (1, "supplier"),
        (2, "country"),
        (3, "match"),
        (4, None),
    ]


def test_service_record_wins_and_mapping_fills_gaps(tiny_dataset: Dataset) -> None:
    vendors = VendorMap(tiny_dataset)
    stated = Service(name="S", category="saas", vendor="MegaCloud Europe", vendor_country="NL")
    profile = vendors.for_service(stated)
    assert (profile.country, profile.group_country, profile.supplier_id) == ("NL", "US", "megacloud-eu")
    unknown = vendors.for_service(Service(name="T", category="saas", vendor="Tiny Startup"))
    assert (unknown.country, unknown.jurisdiction, unknown.supplier_id) == (None, None, None)


def test_countries_are_classified_from_the_dataset_only(tiny_dataset: Dataset) -> None:
    assert classify("CN", tiny_dataset).cls is JurisdictionClass.HIGH_RISK
    assert classify("US", tiny_dataset).cls is JurisdictionClass.NON_EU
    us = classify("US", tiny_dataset)
    assert (us.nato_member, us.eu_member, us.source) == (True, False, "fixture")
    assert classify("IE", tiny_dataset).cls is JurisdictionClass.EU_EEA
    brazil = classify("BR", tiny_dataset)
    assert (brazil.cls, brazil.name) == (JurisdictionClass.UNKNOWN, "Brazil")
    assert classify(None, tiny_dataset).cls is JurisdictionClass.UNKNOWN
