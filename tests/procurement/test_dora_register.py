# SPDX-License-Identifier: EUPL-1.2
"""DORA register of information: LEI check digits, a realistic register that passes, a broken one
with the exact list of failures, and the EBA xBRL-CSV package layout."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dosa.errors import InputError
from dosa.inventory.services import Service, read_services_file
from dosa.procurement.dora import build_register, read_organisation, write_package
from dosa.procurement.lei import check_digits, is_lei, lei_problem

FIXTURES = Path(__file__).parent / "fixtures"

# --- LEI (ISO 17442, ISO 7064 MOD 97-10) ---------------------------------------------------------


def test_gleif_own_lei_worked_by_hand() -> None:
    """GLEIF's LEI 506700GE1G29325QX363 (gleif.org). Letters become numbers, A=10 … Z=35:
    5 0 6 7 0 0 G=16 E=14 1 G=16 2 9 3 2 5 Q=26 X=33 3 6 3 → 5067001614116293252633363.
    By hand, 7 digits at a time carrying the remainder: 5067001 mod 97 = 12 (97·52237 = 5066989);
    126141162 mod 97 = 34 (97·1300424 = 126141128); 349325263 mod 97 = 36 (97·3601291 = 349325227);
    363363 mod 97 = 1 (97·3746 = 363362) → valid."""
    number = "5067001614116293252633363"
    assert "".join(str(int(ch, 36)) for ch in "506700GE1G29325QX363") == number
    # Piecewise MOD 97-10 as ISO 7064 describes it (9 digits at a time, carrying the remainder):
    remainder = 0
    for start in range(0, len(number), 7):
        remainder = int(f"{remainder}{number[start : start + 7]}") % 97
    assert remainder == 1
    assert is_lei("506700GE1G29325QX363")
    assert check_digits("506700GE1G29325QX3") == "63"


@pytest.mark.parametrize(
    "lei",
    [
        "506700GE1G29325QX363",  # Global Legal Entity Identifier Foundation
        "INR2EJN1ERAN0W5ZP974",  # Microsoft Corporation
        "7ZW8QJWVPR4P1J1KQY45",  # Google LLC
        "ZXTILKJKG63JELOEG630",  # Amazon.com, Inc.
        "7LTWFZYICNSX8D621K86",  # Deutsche Bank AG
        "DG3RU1DBUFHT4ZF9WN62",  # Coöperatieve Rabobank U.A.
        "BFXS5XCH7N0Y05NIXW11",  # ABN AMRO Bank N.V.
    ],
)
def test_real_leis_pass(lei: str) -> None:
    assert lei_problem(lei) is None


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("506700GE1G29325QX364", "check digits"),  # last digit changed
        ("506700GE1G29325XQ363", "check digits"),  # two characters swapped
        ("506700ge1g29325qx363", "upper-case"),
        ("506700GE1G29325QX36", "20 characters"),
        ("506700GE1G29325QX36A", "two check digits"),  # a letter where a check digit belongs
    ],
)
def test_bad_leis_fail(value: str, why: str) -> None:
    problem = lei_problem(value)
    assert problem is not None
    assert why in problem


# --- the register --------------------------------------------------------------------------------


@pytest.fixture
def services() -> list[Service]:
    return read_services_file(FIXTURES / "dora-services.yaml")


@pytest.fixture
def organisation() -> dict[str, Any]:
    return read_organisation(FIXTURES / "dora-organisation.yaml")


def test_realistic_register_passes(services: list[Service], organisation: dict[str, Any]) -> None:
    register = build_register(services, organisation)
    assert register.failures == []
    # 3 contracts; Office 365 stores data in NL and IE → two B_02.02 rows; the payments platform runs
    # on AWS → a rank-2 supply-chain row; 4 providers (Microsoft, core banking, AWS, Google).
    assert len(register.rows["B_02.01"]) == 3
    assert len(register.rows["B_02.02"]) == 4
    assert [r["c0050"] for r in register.rows["B_05.02"]] == ["1", "1", "2", "1"]
    assert [r["c0010"] for r in register.rows["B_05.01"]] == [
        "INR2EJN1ERAN0W5ZP974",
        "529900DOSACORE000284",
        "ZXTILKJKG63JELOEG630",
        "7ZW8QJWVPR4P1J1KQY45",
    ]
    # Microsoft's total annual expense is its one contract: 480000 EUR; AWS is indirect (no expense)
    assert register.rows["B_05.01"][0]["c0100"] == "480000"
    assert register.rows["B_05.01"][2]["c0100"] == ""
    # only the optional 'reasons for criticality' of F2 and F3 are left empty, and reported
    assert [(u.template, u.row, u.field) for u in register.unfilled] == [
        ("B_06.01", 2, "c0060"),
        ("B_06.01", 3, "c0060"),
    ]


def _broken(organisation: dict[str, Any]) -> dict[str, Any]:
    broken = copy.deepcopy(organisation)
    broken["entity"]["type"] = "bank"  # not in the closed list of entity types
    broken["providers"]["Google"]["code"] = "7ZW8QJWVPR4P1J1KQY46"  # wrong check digits
    broken["contracts"]["Analytics workspace"]["end"] = dt.date(2023, 12, 31)  # before its start
    broken["contracts"]["Office 365"]["currency"] = "EURO"
    del broken["contracts"]["Payments platform"]["non_substitutability_reason"]
    broken["functions"] = [f for f in broken["functions"] if f["id"] != "F1"]
    return broken


def test_broken_register_yields_the_exact_failures(services: list[Service], organisation: dict[str, Any]) -> None:
    register = build_register(services, _broken(organisation))
    found = sorted((f.template, f.row or 0, f.field.split()[0], f.rule) for f in register.failures)
    lei = "ISO 17442 / v8826_m"
    assert found == [
        ("B_01.01", 1, "c0040", "closed list: entity_type"),
        ("B_01.02", 1, "c0040", "closed list: entity_type"),
        ("B_02.01", 1, "c0040", "closed list: currency"),
        ("B_02.02", 3, "c0050", "EBA 807 (foreign key)"),  # F1 is no longer a function
        ("B_02.02", 4, "c0030", lei),  # Google's code on the analytics contract
        ("B_02.02", 4, "c0080", "v8816_m"),
        ("B_03.02", 3, "c0020", lei),
        ("B_05.01", 1, "c0090", "closed list: currency"),  # Microsoft's expense currency
        ("B_05.01", 4, "c0010", lei),
        ("B_05.01", 4, "c0110", lei),  # Google is its own ultimate parent
        ("B_05.02", 4, "c0030", lei),
        ("B_07.01", 2, "c0060", "v8825_m"),  # not substitutable without a reason
        ("B_07.01", 3, "c0020", lei),
    ]


def test_service_without_contract_is_reported(services: list[Service], organisation: dict[str, Any]) -> None:
    del organisation["contracts"]["Analytics workspace"]
    register = build_register(services, organisation)
    assert [(f.template, f.field, f.rule) for f in register.failures] == [
        ("organisation", "contracts.Analytics workspace", "dosa.coverage")
    ]


def test_duplicate_contract_reference_is_a_duplicate_key(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["contracts"]["Analytics workspace"]["reference"] = "ICT-2023-001"
    register = build_register(services, organisation)
    rules = {(f.template, f.rule) for f in register.failures}
    assert ("B_02.01", "EBA 806 (duplicate key)") in rules


# --- the package ---------------------------------------------------------------------------------


def test_package_layout_and_naming(tmp_path: Path, services: list[Service], organisation: dict[str, Any]) -> None:
    register = build_register(services, organisation)
    created = dt.datetime(2026, 3, 31, 14, 5, 9, 123000, tzinfo=dt.UTC)
    path = write_package(register, tmp_path, created)
    name = "529900DOSATEST000117.IND_NL_DORA010100_DORA_2025-12-31_20260331140509123"
    assert path.name == f"{name}.zip"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        report = json.loads(archive.read(f"{name}/reports/report.json"))
        indicators = list(csv.reader(io.StringIO(archive.read(f"{name}/reports/FilingIndicators.csv").decode())))
        parameters = dict(csv.reader(io.StringIO(archive.read(f"{name}/reports/parameters.csv").decode())))
        b0101 = list(csv.reader(io.StringIO(archive.read(f"{name}/reports/b_01.01.csv").decode())))
    assert f"{name}/META-INF/reportPackage.json" in names
    assert report["documentInfo"]["extends"] == ["http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json"]
    assert parameters["entityID"] == "rs:529900DOSATEST000117.IND"
    assert parameters["refPeriod"] == "2025-12-31"
    assert parameters["baseCurrency"] == "iso4217:EUR"
    reported = {row[0]: row[1] for row in indicators[1:]}
    assert len(reported) == 15
    assert reported["B_01.03"] == "false"  # no branches: negative indicator and no b_01.03.csv
    assert f"{name}/reports/b_01.03.csv" not in names
    assert f"{name}/reports/b_02.02.csv" in names
    assert b0101 == [
        ["c0010", "c0020", "c0030", "c0040", "c0050", "c0060"],
        ["529900DOSATEST000117", "DOSA Voorbeeldbank N.V.", "eba_GA:NL", "eba_CT:x12", "De Nederlandsche Bank",
         "2026-03-31"],
    ]  # fmt: skip


def test_no_package_on_failure(tmp_path: Path, services: list[Service], organisation: dict[str, Any]) -> None:
    register = build_register(services, _broken(organisation))
    with pytest.raises(InputError, match="13 failure"):
        write_package(register, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_country_names_are_read_and_unknown_ones_named(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["entity"]["country"] = "Netherlands"
    organisation["contracts"]["Office 365"]["provision_country"] = "Atlantis"
    register = build_register(services, organisation)
    assert register.rows["B_01.01"][0]["c0030"] == "eba_GA:NL"
    assert [(f.template, f.row, f.field.split()[0], f.rule) for f in register.failures] == [
        ("B_02.02", 1, "c0130", "closed list: country"),
        ("B_02.02", 2, "c0130", "closed list: country"),
    ]


def test_supply_chain_ranks_follow_services_named_as_host(
    services: list[Service], organisation: dict[str, Any]
) -> None:
    # the payments platform is hosted on "Amazon Web Services"; list AWS as a service of its own whose
    # sub-processor is Google: then Amazon is rank 2 (recipient: the core-banking vendor) and Google rank 3
    # (recipient: Amazon), as template B_05.02 numbers a chain
    chained = [
        *services,
        Service(name="Amazon Web Services", category="iaas", vendor="Amazon Web Services", subprocessors=("Google",)),
    ]
    organisation = copy.deepcopy(organisation)
    contracts = organisation["contracts"]
    contracts["Amazon Web Services"] = {**contracts["Payments platform"], "reference": "ICT-2025-009"}
    register = build_register(chained, organisation)
    reference = contracts["Payments platform"]["reference"]
    payments = [r for r in register.rows["B_05.02"] if r["c0010"] == reference]
    assert [(r["c0050"], r["c0030"], r["c0060"]) for r in payments] == [
        ("1", "529900DOSACORE000284", ""),
        ("2", "ZXTILKJKG63JELOEG630", "529900DOSACORE000284"),
        ("3", "7ZW8QJWVPR4P1J1KQY45", "ZXTILKJKG63JELOEG630"),
    ]
