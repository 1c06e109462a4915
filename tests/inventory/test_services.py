# SPDX-License-Identifier: EUPL-1.2
"""The service inventory: template round trips in every format, and every row's problems at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from dosa.errors import RecordsError
from dosa.inventory.services import FIELD_NAMES, read_services, read_services_file
from dosa.inventory.template import write_template
from dosa.inventory.vocab import ExitPlan, RelianceLevel, ServiceCategory, Substitutability

ROWS = [
    {
        "name": "Office 365",
        "category": "office_suite",
        "vendor": "MegaCloud Europe",
        "vendor_country": "IE",
        "ultimate_parent": "MegaCloud",
        "ultimate_parent_country": "US",
        "compelling_jurisdictions": "US",
        "data_locations": "NL;IE",
        "critical_functions": "payments;case handling",
        "reliance": "full",
        "substitutability": "highly_complex",
        "exit_plan": "documented",
        "rto_hours": 4,
    },
    {
        "name": "Payroll",
        "category": "saas",
        "vendor": "Rijnware",
        "vendor_country": "NL",
        "hosted_on": "MegaCloud",
        "alternatives": "OtherPay",
        "exit_plan": "tested",
        "critical": "yes",
        "dora_service_type": "S19",
    },
]


def _check(services: list[object]) -> None:
    office, payroll = sorted(services, key=lambda s: s.name)  # type: ignore[attr-defined]
    assert office.category is ServiceCategory.OFFICE_SUITE
    assert office.data_locations == ("NL", "IE")
    assert office.critical_functions == ("payments", "case handling")
    assert office.reliance is RelianceLevel.FULL
    assert office.is_critical
    assert office.rto_hours == 4
    assert payroll.is_cloud
    assert payroll.hosted_on == "MegaCloud"
    assert payroll.alternatives == ("OtherPay",)
    assert payroll.exit_plan is ExitPlan.TESTED
    assert payroll.critical is True


def test_xlsx_template_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "services.xlsx"
    assert write_template(path) == "xlsx"
    workbook = load_workbook(path)
    sheet = workbook["services"]
    header = [cell.value for cell in sheet[1]]
    assert tuple(header) == FIELD_NAMES
    formulas = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert any("office_suite" in formula for formula in formulas)  # pick list for category
    assert [cell.value for cell in workbook["fields"]["A"]][1:] == list(FIELD_NAMES)
    for row in ROWS:
        sheet.append([row.get(name) for name in header])
    workbook.save(path)
    _check(read_services_file(path))


def test_csv_template_round_trip_in_both_dialects(tmp_path: Path) -> None:
    path = tmp_path / "services.csv"
    write_template(path)
    header = path.read_text().strip().split(",")
    lines = [",".join(header)] + [",".join(str(row.get(n, "")) for n in header) for row in ROWS]
    path.write_text("\n".join(lines) + "\n")
    _check(read_services_file(path))
    dutch = tmp_path / "dutch.csv"
    dutch.write_text(
        "\ufeff"
        + "\n".join(
            line.replace(",", ";").replace("NL;IE", "NL|IE").replace("payments;case", "payments|case") for line in lines
        )
    )
    _check(read_services_file(dutch))


def test_yaml_template_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "services.yaml"
    write_template(path)
    document = yaml.safe_load(path.read_text())
    assert document == {"services": []}
    entries = []
    for row in ROWS:
        entry = dict(row)
        for name in ("data_locations", "critical_functions", "alternatives", "compelling_jurisdictions"):
            if name in entry:
                entry[name] = str(entry[name]).split(";")
        entries.append(entry)
    path.write_text(path.read_text().replace("services: []", yaml.safe_dump({"services": entries})))
    _check(read_services_file(path))


def test_dora_wording_and_country_names_are_understood() -> None:
    text = (
        "name,category,vendor,vendor_country,reliance,substitutability,exit_plan\n"
        "A,ERP/CRM,X,Netherlands,Material reliance,Highly complex substitutability,Yes\n"
    )
    (service,) = read_services(text.encode(), "s.csv") or []
    assert service.category is ServiceCategory.ERP_CRM
    assert service.vendor_country == "NL"
    assert service.reliance is RelianceLevel.MATERIAL
    assert service.substitutability is Substitutability.HIGHLY_COMPLEX
    assert service.exit_plan is ExitPlan.DOCUMENTED


def test_every_row_problem_is_reported_at_once() -> None:
    text = (
        "name,category,vendor,vendor_country,reliance,rto_hours,critical,colour\n"
        "A,saas,X,NL,full,1,yes,red\n"
        "B,cloudy,X,Atlantis,lots,-2,maybe,\n"
        ",iaas,,NL,,,,\n"
        "A,paas,Y,DE,low,,,\n"
    )
    with pytest.raises(RecordsError) as caught:
        read_services(text.encode(), "inventory.csv", subjects=[])
    problems = {(p.line, p.field) for p in caught.value.report.errors}
    assert problems == {
        (1, "colour"),
        (3, "category"),
        (3, "vendor_country"),
        (3, "reliance"),
        (3, "rto_hours"),
        (3, "critical"),
        (4, "name"),
        (4, "vendor"),
        (5, "name"),
    }
    messages = [str(p) for p in caught.value.report.sorted()]
    assert any("inventory.csv:3 [vendor_country]" in m and "Atlantis" in m for m in messages)
    assert any("appears twice (first at row 2)" in m for m in messages)


def test_unknown_subject_is_an_error_when_the_dataset_is_known() -> None:
    text = "name,category,vendor,subject\nA,saas,X,no_such_subject\n"
    with pytest.raises(RecordsError) as caught:
        read_services(text.encode(), "s.csv", subjects=["cloud_services"])
    assert caught.value.report.errors[0].field == "subject"


def test_a_file_that_is_no_service_inventory_is_none() -> None:
    assert read_services(b"hello,world\n1,2\n", "x.csv") is None
    assert read_services(b"key: value\n", "x.yaml") is None


def test_a_yaml_alias_bomb_as_a_service_list_is_refused_with_a_clear_error() -> None:
    """Regression (issue 11 merge): service lists are read with the line-keeping YAML loader, which
    expanded aliases without bound; 9 levels of 9 aliases would be 387 million values."""
    lines = ['services: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    with pytest.raises(RecordsError) as caught:
        read_services("\n".join(lines).encode(), "bomb.yaml")
    problems = caught.value.report.sorted()
    assert problems[0].file == "bomb.yaml"
    assert "expands to more than" in problems[0].message
