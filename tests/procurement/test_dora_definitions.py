# SPDX-License-Identifier: EUPL-1.2
"""B_99.01, the entity's definitions of the closed-set options it uses (ITS (EU) 2024/2956 Art. 5(1)(o),
Annex I B_99.01). Expected values are worked out by hand from the ITS's table of 19 options (R0010–R0190,
laid out by the EBA's data point model as columns c0010–c0190 of one row) and the fixture's register."""

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
from dosa.procurement.dora import build_register, read_organisation, write_package

FIXTURES = Path(__file__).parent / "fixtures"
ALL_COLUMNS = [f"c{n:04d}" for n in range(10, 200, 10)]  # c0010 … c0190: the ITS's rows R0010 … R0190


@pytest.fixture
def services() -> list[Service]:
    return read_services_file(FIXTURES / "dora-services.yaml")


@pytest.fixture
def organisation() -> dict[str, Any]:
    return read_organisation(FIXTURES / "dora-organisation.yaml")


def _gaps(organisation: dict[str, Any], services: list[Service]) -> list[str]:
    register = build_register(services, organisation)
    assert register.failures == []
    return [u.field for u in register.unfilled if u.template == "B_99.01"]


def _failures(organisation: dict[str, Any], services: list[Service]) -> list[tuple[str, str]]:
    return [(f.field, f.rule) for f in build_register(services, organisation).failures]


def test_the_template_has_the_19_options_of_the_its_in_its_order() -> None:
    from dosa.procurement.dora_model import TEMPLATE_BY_ID

    columns = TEMPLATE_BY_ID["B_99.01"].columns
    assert [c.code for c in columns] == ALL_COLUMNS
    # R0010 standalone arrangement, R0100 not substitutable, R0160 reintegration highly complex, R0190 high
    assert columns[0].label == "Type of contractual arrangement: Standalone arrangement"
    assert columns[9].label == "Substitutability of the ICT third-party service provider: Not substitutable"
    assert columns[15].label == "Possibility of reintegration of the contracted ICT service: Highly complex"
    assert columns[18].label == "Impact of discontinuing the ICT services: High"
    assert TEMPLATE_BY_ID["B_99.01"].key == ()  # one fixed row: no key columns, nothing for EBA 805/806


def test_definitions_fill_one_row_and_a_positive_filing_indicator(
    tmp_path: Path, services: list[Service], organisation: dict[str, Any]
) -> None:
    register = build_register(services, organisation)
    assert register.failures == []
    [row] = register.rows["B_99.01"]
    # by hand from the fixture: the bank defines the 15 options its register uses; overarching and
    # subsequent arrangements (c0020, c0030), low sensitiveness (c0040) and medium substitutability (c0120)
    # it does not use and does not define
    assert sorted(row) == [c for c in ALL_COLUMNS if c not in ("c0020", "c0030", "c0040", "c0120")]
    assert row["c0010"] == "One contract that alone sets every term of the ICT service."
    assert row["c0110"] == "Migration takes more than a year and a dedicated programme."  # given as ITS wording
    assert row["c0130"] == "Another provider can take over within three months without changing processes."  # EBA code
    assert row["c0090"].startswith("Interruption of four hours")  # given under the ITS column B_06.01.0100
    path = write_package(register, tmp_path, dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC))
    name = path.stem
    with zipfile.ZipFile(path) as archive:
        indicators = dict(
            list(csv.reader(io.StringIO(archive.read(f"{name}/reports/FilingIndicators.csv").decode())))[1:]
        )
        b9901 = list(csv.reader(io.StringIO(archive.read(f"{name}/reports/b_99.01.csv").decode())))
    assert indicators["B_99.01"] == "true"
    assert b9901[0] == ALL_COLUMNS
    assert len(b9901) == 2
    assert b9901[1][1] == b9901[1][2] == b9901[1][3] == ""  # c0020–c0040 not defined
    assert b9901[1][10] == "Migration takes more than a year and a dedicated programme."


def test_no_definitions_no_template_and_every_used_option_is_a_gap(
    tmp_path: Path, services: list[Service], organisation: dict[str, Any]
) -> None:
    del organisation["definitions"]
    register = build_register(services, organisation)
    assert register.failures == []  # no EBA rule rejects a register without B_99.01
    assert not register.reported("B_99.01")
    # Used by hand: standalone (all three contracts, c0010); sensitiveness high and medium (c0060, c0050);
    # function impact high, medium, low (c0090, c0080, c0070); substitutability highly complex, not
    # substitutable, easy (c0110, c0100, c0130); reintegration difficult, highly complex, easy (c0150,
    # c0160, c0140); service impact medium, high, low (c0180, c0190, c0170): 15 of the 19 options.
    assert [u.field for u in register.unfilled if u.template == "B_99.01"] == [
        "c0010", "c0050", "c0060", "c0070", "c0080", "c0090", "c0100", "c0110", "c0130",
        "c0140", "c0150", "c0160", "c0170", "c0180", "c0190",
    ]  # fmt: skip
    gap = next(u for u in register.unfilled if u.field == "c0100")
    assert gap.label == (
        "Substitutability of the ICT third-party service provider: Not substitutable (used in B_07.01 c0050)"
    )
    path = write_package(register, tmp_path, dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC))
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        indicators = archive.read(f"{path.stem}/reports/FilingIndicators.csv").decode()
    assert "B_99.01,false" in indicators
    assert f"{path.stem}/reports/b_99.01.csv" not in names  # EBA filing rule: no file for a negative indicator


def test_one_used_option_left_undefined_is_the_one_gap(services: list[Service], organisation: dict[str, Any]) -> None:
    del organisation["definitions"]["substitutability"]["eba_ZZ:x962"]  # easily substitutable: the analytics PaaS
    assert _gaps(organisation, services) == ["c0130"]


def test_defining_an_unused_option_is_allowed(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["definitions"]["arrangement_type"]["overarching"] = (
        "A framework agreement under which orders are placed."
    )
    register = build_register(services, organisation)
    assert register.failures == []
    assert register.rows["B_99.01"][0]["c0020"] == "A framework agreement under which orders are placed."


def test_the_its_column_references_name_the_indicators(services: list[Service], organisation: dict[str, Any]) -> None:
    definitions = organisation["definitions"]
    definitions["B_07.01.0090"] = definitions.pop("reintegration")
    definitions["B_06.01.0110"] = definitions.pop("B_06.01.0100")  # as the ITS's own B_99.01 table writes it
    register = build_register(services, organisation)
    assert register.failures == []
    assert register.rows["B_99.01"][0]["c0140"] == "Staff and systems in house can run the service within a month."
    assert register.rows["B_99.01"][0]["c0070"].startswith("Interruption of more than a week")


def test_an_indicator_b9901_does_not_list_fails(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["definitions"]["reliance"] = {"full": "Everything depends on it."}  # B_02.02.0180: no B_99.01 row
    assert _failures(organisation, services) == [("definitions.reliance", "ITS Annex I B_99.01")]


@pytest.mark.parametrize("option", ["not_assessed", "eba_ZZ:x799", "very high"])
def test_an_option_b9901_does_not_list_fails(
    services: list[Service], organisation: dict[str, Any], option: str
) -> None:
    # 'assessment not performed' is in the impact list of B_06.01 but not among B_99.01's options
    organisation["definitions"]["service_impact"][option] = "Not known."
    assert _failures(organisation, services) == [(f"definitions.service_impact.{option}", "ITS Annex I B_99.01")]


def test_an_option_defined_twice_fails(services: list[Service], organisation: dict[str, Any]) -> None:
    organisation["definitions"]["data_sensitivity"]["eba_ZZ:x793"] = "Again, differently."  # = high
    assert _failures(organisation, services) == [("definitions.data_sensitivity.eba_ZZ:x793", "dosa.structure")]


@pytest.mark.parametrize("text", ["", "   ", 42, None, ["a", "list"], "line\x00with NUL", "bell\x07"])
def test_a_definition_that_is_no_clean_text_fails(
    services: list[Service], organisation: dict[str, Any], text: Any
) -> None:
    organisation["definitions"]["arrangement_type"]["standalone"] = text
    assert _failures(organisation, services) == [("definitions.arrangement_type.standalone", "dosa.structure")]


@pytest.mark.parametrize(
    ("section", "field"), [(["a list"], "definitions"), ({"substitutability": "text"}, "definitions.substitutability")]
)
def test_a_definitions_section_of_the_wrong_shape_fails(
    services: list[Service], organisation: dict[str, Any], section: Any, field: str
) -> None:
    organisation = copy.deepcopy(organisation)
    organisation["definitions"] = section
    assert _failures(organisation, services) == [(field, "dosa.structure")]


def test_a_multi_line_definition_is_kept_and_quoted_in_the_csv(
    tmp_path: Path, services: list[Service], organisation: dict[str, Any]
) -> None:
    text = 'High: customer data, "secret" or not,\nand payment data.'
    organisation["definitions"]["data_sensitivity"]["high"] = text
    register = build_register(services, organisation)
    path = write_package(register, tmp_path, dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC))
    with zipfile.ZipFile(path) as archive:
        rows = list(csv.reader(io.StringIO(archive.read(f"{path.stem}/reports/b_99.01.csv").decode(), newline="")))
    assert rows[1][5] == text  # c0060, the sixth column
