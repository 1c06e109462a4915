# SPDX-License-Identifier: EUPL-1.2
"""DORA register of a group: a consolidated register kept by a holding with a bank, an insurer and an
intra-group IT company that buys IaaS from an external provider and provides core banking to the bank;
the same group seen from the bank's individual register; and hostile group data.

Every expected row below is worked out by hand from the primary texts, not from dosa's output:

- ITS (EU) 2024/2956 Art. 1(1): a direct ICT third-party service provider includes an ICT intra-group
  service provider that signed with a financial entity; Art. 1(2)-(3) and Art. 2: the direct provider has
  rank 1, its subcontractors a higher rank; Art. 5(1)(f): B_02.03 links intra-group arrangements to the
  arrangements with providers outside the group; Art. 5(1)(i): B_03.03 names the group entity providing;
  Art. 6(2): a consolidated register includes all financial entities and ICT intra-group service providers
  of the group; Annex I (list of templates): B_01.02 identifies all entities of the group.
- EIOPA Q&A DORA 217-3302: both the intra-group and the external arrangement are in B_02.01;
  B_02.03.0010 = the arrangement between the entity using the service and the intra-group provider,
  B_02.03.0020 = the arrangement between that provider and its direct ICT third-party provider.
- ESAs FAQ 101 (as relayed by ariadnah.com, 2025): at individual level B_01.02 holds only the reporting
  entity, B_02.01 only its own arrangement with the group provider, B_02.03 stays empty, and the external
  provider appears in B_05.02 at rank 2.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dosa.inventory.services import Service, read_services_file
from dosa.procurement.dora import Register, build_register, read_organisation, validate, write_package
from dosa.procurement.lei import is_lei

FIXTURES = Path(__file__).parent / "fixtures"

HOLDING = "529900DOSAHOLD000159"
BANK = "529900DOSABANK000115"
INSURER = "529900DOSAVERZ000130"
IT_COMPANY = "529900DOSAGRIT000164"
AMAZON = "ZXTILKJKG63JELOEG630"  # Amazon.com, Inc. (GLEIF)
MICROSOFT = "INR2EJN1ERAN0W5ZP974"  # Microsoft Corporation (GLEIF)
LEI = "eba_qCO:qx2000"


@pytest.fixture
def services() -> list[Service]:
    return read_services_file(FIXTURES / "dora-group-services.yaml")


@pytest.fixture
def organisation() -> dict[str, Any]:
    return read_organisation(FIXTURES / "dora-group-organisation.yaml")


def _columns(register: Register, template: str, *codes: str) -> list[tuple[str, ...]]:
    return [tuple(row.get(code, "") for code in codes) for row in register.rows.get(template, [])]


def test_fictitious_group_leis_have_valid_check_digits() -> None:
    assert all(is_lei(lei) for lei in (HOLDING, BANK, INSURER, IT_COMPANY, AMAZON, MICROSOFT))


# --- the consolidated register -------------------------------------------------------------------


def test_consolidated_register_rows_worked_out_by_hand(services: list[Service], organisation: dict[str, Any]) -> None:
    register = build_register(services, organisation)
    assert register.failures == []
    assert register.level == "CON"
    # B_01.01: the holding maintains the consolidated register.
    assert _columns(register, "B_01.01", "c0010", "c0040") == [(HOLDING, "eba_CT:x316")]
    # B_01.02: all four entities of the group (Art. 6(2)), the holding its own parent, the others under it;
    # type codes from the ITS list: x316 other financial entity, x12 credit institution, x309 insurance,
    # x317 non-financial ICT intra-group service provider; hierarchy x53 ultimate parent, x56 subsidiary.
    assert _columns(register, "B_01.02", "c0010", "c0040", "c0050", "c0060") == [
        (HOLDING, "eba_CT:x316", "eba_RP:x53", HOLDING),
        (BANK, "eba_CT:x12", "eba_RP:x56", HOLDING),
        (INSURER, "eba_CT:x309", "eba_RP:x56", HOLDING),
        (IT_COMPANY, "eba_CT:x317", "eba_RP:x56", HOLDING),
    ]
    # B_02.01: both the intra-group and the external arrangement (EIOPA DORA 217-3302), and Office 365.
    assert _columns(register, "B_02.01", "c0010", "c0050") == [
        ("GRP-EXT-001", "900000"),
        ("IG-001", "1200000"),
        ("GRP-O365-001", "300000"),
    ]
    # B_02.03: one link, intra-group arrangement → the IT company's arrangement with Amazon, Link true.
    assert _columns(register, "B_02.03", "c0010", "c0020", "c0030") == [("IG-001", "GRP-EXT-001", "true")]
    # B_03.01: who signed for receiving the service.
    assert _columns(register, "B_03.01", "c0010", "c0020", "c0030") == [
        ("GRP-EXT-001", IT_COMPANY, "true"),
        ("IG-001", BANK, "true"),
        ("GRP-O365-001", HOLDING, "true"),
    ]
    # B_03.02: the provider that signed each arrangement (the IT company is a direct provider, Art. 1(1)).
    assert _columns(register, "B_03.02", "c0010", "c0020", "c0030") == [
        ("GRP-EXT-001", AMAZON, LEI),
        ("IG-001", IT_COMPANY, LEI),
        ("GRP-O365-001", MICROSOFT, LEI),
    ]
    # B_03.03: the group entity providing the intra-group service (Art. 5(1)(i)), Link true.
    assert _columns(register, "B_03.03", "c0010", "c0020", "c0031") == [("IG-001", IT_COMPANY, "true")]
    # B_04.01: one row per entity making use; Office 365 is used by holding, bank and insurer.
    assert _columns(register, "B_04.01", "c0010", "c0020", "c0030") == [
        ("GRP-EXT-001", IT_COMPANY, "eba_ZZ:x839"),
        ("IG-001", BANK, "eba_ZZ:x839"),
        ("GRP-O365-001", HOLDING, "eba_ZZ:x839"),
        ("GRP-O365-001", BANK, "eba_ZZ:x839"),
        ("GRP-O365-001", INSURER, "eba_ZZ:x839"),
    ]
    # B_02.02: one row per arrangement × using entity × function × storage × processing country:
    # 1 + 1 + 3 = 5 rows; the intra-group row names the IT company as provider.
    assert _columns(register, "B_02.02", "c0010", "c0020", "c0030", "c0050", "c0150", "c0160") == [
        ("GRP-EXT-001", IT_COMPANY, AMAZON, "F1", "eba_GA:DE", "eba_GA:DE"),
        ("IG-001", BANK, IT_COMPANY, "F1", "eba_GA:DE", "eba_GA:NL"),
        ("GRP-O365-001", HOLDING, MICROSOFT, "F2", "eba_GA:NL", "eba_GA:NL"),
        ("GRP-O365-001", BANK, MICROSOFT, "F2", "eba_GA:NL", "eba_GA:NL"),
        ("GRP-O365-001", INSURER, MICROSOFT, "F2", "eba_GA:NL", "eba_GA:NL"),
    ]
    # B_05.01: Amazon, the IT company identified by its LEI with the holding as ultimate parent, Microsoft;
    # each provider's total annual expense is the sum of its arrangements (900000, 1200000, 300000).
    assert _columns(register, "B_05.01", "c0010", "c0020", "c0050", "c0070", "c0080", "c0100", "c0110") == [
        (AMAZON, LEI, "Amazon.com, Inc.", "eba_CT:x212", "eba_GA:US", "900000", AMAZON),
        (IT_COMPANY, LEI, "DOSA Groep IT B.V.", "eba_CT:x212", "eba_GA:NL", "1200000", HOLDING),
        (MICROSOFT, LEI, "Microsoft Corporation", "eba_CT:x212", "eba_GA:US", "300000", MICROSOFT),
    ]
    # B_05.02: the IT company at rank 1 of IG-001 and Amazon behind it at rank 2, recipient the IT company.
    assert _columns(register, "B_05.02", "c0010", "c0020", "c0030", "c0050", "c0060") == [
        ("GRP-EXT-001", "eba_TA:S17", AMAZON, "1", ""),
        ("IG-001", "eba_TA:S19", IT_COMPANY, "1", ""),
        ("IG-001", "eba_TA:S19", AMAZON, "2", IT_COMPANY),
        ("GRP-O365-001", "eba_TA:S19", MICROSOFT, "1", ""),
    ]
    # B_06.01: functions per entity (key function id + LEI).
    assert _columns(register, "B_06.01", "c0010", "c0040") == [
        ("F1", BANK),
        ("F2", HOLDING),
        ("F2", BANK),
        ("F2", INSURER),
    ]
    # The non-financial IT company reports no total assets (rule v8804_m exempts it): not a gap.
    assert ("B_01.02", 4, "c0110") not in [(u.template, u.row, u.field) for u in register.unfilled]


def test_consolidated_package_reports_the_group_templates(
    tmp_path: Path, services: list[Service], organisation: dict[str, Any]
) -> None:
    register = build_register(services, organisation)
    created = dt.datetime(2026, 3, 31, 9, 0, 0, tzinfo=dt.UTC)
    path = write_package(register, tmp_path, created)
    name = f"{HOLDING}.CON_NL_DORA010100_DORA_2025-12-31_20260331090000000"
    assert path.name == f"{name}.zip"
    with zipfile.ZipFile(path) as archive:
        indicators = dict(
            list(csv.reader(io.StringIO(archive.read(f"{name}/reports/FilingIndicators.csv").decode())))[1:]
        )
        parameters = dict(csv.reader(io.StringIO(archive.read(f"{name}/reports/parameters.csv").decode())))
        b0203 = archive.read(f"{name}/reports/b_02.03.csv").decode().splitlines()
        b0303 = archive.read(f"{name}/reports/b_03.03.csv").decode().splitlines()
    assert parameters["entityID"] == f"rs:{HOLDING}.CON"
    assert indicators["B_02.03"] == "true"
    assert indicators["B_03.03"] == "true"
    assert indicators["B_01.03"] == "false"  # no branches
    assert indicators["B_99.01"] == "false"
    assert b0203 == ["c0010,c0020,c0030", "IG-001,GRP-EXT-001,true"]
    assert b0303 == ["c0010,c0020,c0031", f"IG-001,{IT_COMPANY},true"]


# --- the bank's individual register --------------------------------------------------------------


def _bank_individual(organisation: dict[str, Any]) -> dict[str, Any]:
    individual = copy.deepcopy(organisation)
    bank = next(e for e in individual["entities"] if e["lei"] == BANK)
    individual["entities"] = [e for e in individual["entities"] if e["lei"] != BANK] + [
        {k: organisation["entity"][k] for k in ("lei", "name", "hierarchy", "last_update", "integration_date")}
    ]
    individual["entity"] = {**bank, "competent_authority": "De Nederlandsche Bank", "currency": "EUR"}
    individual["reporting"]["level"] = "IND"
    return individual


def test_individual_register_of_the_bank(services: list[Service], organisation: dict[str, Any]) -> None:
    register = build_register(services, _bank_individual(organisation))
    assert register.failures == []
    # FAQ 101: only the bank in B_01.02; its own arrangements: the intra-group one and Office 365 (it uses it).
    assert _columns(register, "B_01.02", "c0010") == [(BANK,)]
    assert _columns(register, "B_02.01", "c0010") == [("IG-001",), ("GRP-O365-001",)]
    assert register.rows.get("B_02.03", []) == []  # the IT company is not in B_01.02
    assert register.rows.get("B_03.03", []) == []
    # The holding signed Office 365; it is not in the bank's B_01.02, so only the bank's own signature stays.
    assert _columns(register, "B_03.01", "c0010", "c0020") == [("IG-001", BANK)]
    assert _columns(register, "B_04.01", "c0010", "c0020") == [("IG-001", BANK), ("GRP-O365-001", BANK)]
    # Amazon at rank 2 behind the IT company; indirect, so no expense of the bank's.
    assert _columns(register, "B_05.02", "c0010", "c0030", "c0050", "c0060") == [
        ("IG-001", IT_COMPANY, "1", ""),
        ("IG-001", AMAZON, "2", IT_COMPANY),
        ("GRP-O365-001", MICROSOFT, "1", ""),
    ]
    assert _columns(register, "B_05.01", "c0010", "c0100") == [
        (IT_COMPANY, "1200000"),
        (AMAZON, ""),
        (MICROSOFT, "300000"),
    ]
    assert _columns(register, "B_06.01", "c0010", "c0040") == [("F1", BANK), ("F2", BANK)]
    assert register.reported("B_02.03") is False


def test_individual_register_lists_only_its_entity(services: list[Service], organisation: dict[str, Any]) -> None:
    register = build_register(services, _bank_individual(organisation))
    register.rows["B_01.02"].append(dict(register.rows["B_01.02"][0], c0010=INSURER))
    register.failures.clear()
    validate(register)
    assert [(f.template, f.row, f.rule) for f in register.failures if f.rule == "ESAs FAQ 101"] == [
        ("B_01.02", 2, "ESAs FAQ 101")
    ]


# --- hostile group data --------------------------------------------------------------------------


def _found(register: Register) -> list[tuple[str, int, str, str]]:
    return sorted((f.template, f.row or 0, f.field.split()[0], f.rule) for f in register.failures)


def test_unknown_lei_is_named_in_every_template(services: list[Service], organisation: dict[str, Any]) -> None:
    unknown = "529900DOSAUNKN000145"  # valid check digits, but no entity of the group
    organisation["contracts"]["Office 365"]["used_by"].append(unknown)
    organisation["contracts"]["Core banking hosting"]["signed_by"] = unknown
    assert _found(build_register(services, organisation)) == [
        ("B_02.02", 2, "c0020", "EBA 807 (foreign key)"),  # IG-001 is used by its signer: the unknown LEI
        ("B_02.02", 6, "c0020", "EBA 807 (foreign key)"),
        ("B_03.01", 2, "c0020", "EBA 807 (foreign key)"),
        ("B_04.01", 2, "c0020", "EBA 807 (foreign key)"),
        ("B_04.01", 6, "c0020", "EBA 807 (foreign key)"),
    ]


def test_unknown_lei_fails_an_individual_register_too(services: list[Service], organisation: dict[str, Any]) -> None:
    individual = _bank_individual(organisation)
    individual["contracts"]["Office 365"]["used_by"].append("529900DOSAUNKN000145")
    assert _found(build_register(services, individual)) == [
        ("B_02.02", 3, "c0020", "EBA 807 (foreign key)"),
        ("B_04.01", 3, "c0020", "EBA 807 (foreign key)"),
    ]


def test_missing_linked_contract(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["contracts"]["Core banking hosting"]["linked"] = ["GRP-EXT-999"]
    assert _found(build_register(services, organisation)) == [("B_02.03", 1, "c0020", "EBA 807 (foreign key)")]
    individual = _bank_individual(organisation)
    assert _found(build_register(services, individual)) == [
        ("organisation", 0, "contracts.Core", "dosa.group")  # no B_02.03 row at individual level
    ]


def test_cycle_in_intra_group_links(services: list[Service], organisation: dict[str, Any]) -> None:
    # The IT company's cloud contract is made intra-group as well and linked back: GRP-EXT-001 → IG-001 → back.
    external = organisation["contracts"]["Group cloud platform"]
    external["provided_by"] = IT_COMPANY
    external["linked"] = ["IG-001"]
    register = build_register(services, organisation)
    cycles = [f for f in register.failures if "cycle" in f.message]
    assert [(f.template, f.field, f.rule) for f in cycles] == [
        ("organisation", "contracts.Core banking hosting.linked", "dosa.group")  # where the loop closes
    ]
    assert "GRP-EXT-001 → IG-001 → GRP-EXT-001" in cycles[0].message


def test_self_link_is_a_failure(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["contracts"]["Core banking hosting"]["linked"] = ["IG-001"]
    found = _found(build_register(services, organisation))
    assert ("B_02.03", 1, "c0020", "dosa.group") in found
    assert ("organisation", 0, "contracts.Core", "dosa.group") in found


def test_link_only_from_an_intra_group_arrangement(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["contracts"]["Office 365"]["linked"] = ["GRP-EXT-001"]
    register = build_register(services, organisation)
    assert [(f.template, f.field, f.rule) for f in register.failures] == [
        ("organisation", "contracts.Office 365.linked", "dosa.group")
    ]


def test_provider_outside_the_group(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["contracts"]["Core banking hosting"]["provided_by"] = "529900DOSAUNKN000145"
    found = _found(build_register(services, organisation))
    assert ("organisation", 0, "contracts.Core", "dosa.group") in found


def test_b0203_needs_its_provider_in_b0102(services: list[Service], organisation: dict[str, Any]) -> None:
    register = build_register(services, organisation)
    register.rows["B_03.03"] = []
    register.failures.clear()
    validate(register)
    assert [(f.template, f.row, f.rule) for f in register.failures] == [
        ("B_02.03", 1, "ITS Annex I B_02.03 / ESAs FAQ 101")
    ]


def test_entity_listed_twice(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["entities"].append(dict(organisation["entities"][0]))
    register = build_register(services, organisation)
    assert [(f.template, f.field, f.message) for f in register.failures] == [
        ("organisation", "entities[4].lei", "listed twice")
    ]


def test_contract_without_reference_is_named_not_a_crash(services: list[Service], organisation: dict[str, Any]) -> None:
    """Regression: following the supply chain of a contract with no reference raised KeyError."""
    del organisation["contracts"]["Core banking hosting"]["reference"]
    found = _found(build_register(services, organisation))
    assert ("B_02.01", 2, "c0010", "EBA 805 (empty key)") in found
    assert ("B_05.02", 2, "c0010", "EBA 805 (empty key)") in found


def _layered_group(organisation: dict[str, Any], layers: int, width: int) -> tuple[list[Service], dict[str, Any]]:
    """``layers`` rows of ``width`` intra-group arrangements, each linked to every arrangement of the next
    row; the last row is the IT company's contract with Amazon."""
    services: list[Service] = []
    contracts: dict[str, Any] = {}
    for layer in range(layers):
        for column in range(width):
            name = f"Layer {layer} service {column}"
            last = layer == layers - 1
            services.append(
                Service(name=name, category="saas", vendor="Amazon Web Services" if last else "DOSA Groep IT B.V.")
            )
            contract: dict[str, Any] = {"reference": f"L{layer}-{column}", "start": "2024-01-01", "currency": "EUR"}
            if not last:
                contract |= {
                    "provided_by": IT_COMPANY,
                    "signed_by": BANK,
                    "linked": [f"L{layer + 1}-{c}" for c in range(width)],
                }
            else:
                contract["signed_by"] = IT_COMPANY
            contracts[name] = contract
    organisation = copy.deepcopy(organisation)
    organisation["contracts"] = contracts
    return services, organisation


def test_shared_links_are_followed_once(organisation: dict[str, Any]) -> None:
    """Hostile input: 24 rows of 2 arrangements each linked to both of the next row would be 2^23 paths
    if every path were expanded; each arrangement's chain is worked out once and its links kept once."""
    services, layered = _layered_group(organisation, 24, 2)
    register = build_register(services, layered)
    top = [row for row in register.rows["B_05.02"] if row["c0010"] == "L0-0"]
    # The IT company at ranks 1 … 23 (each receiving from itself below rank 1) and Amazon at rank 24.
    assert [(row["c0030"], row["c0050"]) for row in top] == [(IT_COMPANY, str(rank)) for rank in range(1, 24)] + [
        (AMAZON, "24")
    ]
    assert len(register.rows["B_02.03"]) == 23 * 2 * 2


def test_supply_chain_depth_is_bounded(organisation: dict[str, Any]) -> None:
    services, layered = _layered_group(organisation, 60, 1)
    register = build_register(services, layered)  # no RecursionError
    deep = [f for f in register.failures if "deeper than 50 ranks" in f.message]
    assert deep
    assert all((f.template, f.rule) == ("organisation", "dosa.group") for f in deep)


@pytest.mark.parametrize(
    ("section", "value", "shape"), [("entities", "DOSA Bank", "a list"), ("contracts", [1], "a mapping")]
)
def test_section_of_the_wrong_shape_is_named(
    services: list[Service], organisation: dict[str, Any], section: str, value: Any, shape: str
) -> None:
    """Regression: a string under entities was silently read as no entities."""
    organisation[section] = value
    register = build_register(services, organisation)
    wrong = [f for f in register.failures if f.field == section]
    assert [(f.template, f.rule) for f in wrong] == [("organisation", "dosa.structure")]
    assert shape in wrong[0].message
