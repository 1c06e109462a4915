# SPDX-License-Identifier: EUPL-1.2
"""The service inventory: cloud, SaaS, office, network, security and hardware services an
organisation depends on, read from CSV, XLSX or YAML with every row's problems reported at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from dosa.dataset.files import LINE_KEY, YamlExpansionError, without_lines, yaml_with_lines
from dosa.dataset.problems import ValidationReport
from dosa.errors import RecordsError
from dosa.inventory.vocab import (
    CLOUD_CATEGORIES,
    ExitPlan,
    Reintegration,
    RelianceLevel,
    Sensitivity,
    ServiceCategory,
    Substitutability,
    parse_choice,
)
from dosa.textfiles import decode_text, sniff_delimiter


@cache
def _dutch_country_names() -> dict[str, str]:
    """Dutch country name (lower case) → alpha-2, from the ISO 3166 translations pycountry ships."""
    import gettext

    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for english in {country.name, getattr(country, "common_name", country.name)}:
            names[translation.gettext(english).lower()] = country.alpha_2
    return names


def country_code(value: str) -> str:
    """ISO 3166-1 alpha-2 code for a code or a country name in English or Dutch (``NL``, ``nld``,
    ``Netherlands``, ``Duitsland``)."""
    raw = value.strip()
    if len(raw) == 2 and raw.isalpha():
        found = pycountry.countries.get(alpha_2=raw.upper())
    else:
        try:
            found = pycountry.countries.lookup(raw)
        except LookupError:
            dutch = _dutch_country_names().get(raw.lower())
            found = pycountry.countries.get(alpha_2=dutch) if dutch else None
    if found is None:
        raise ValueError(f"'{value}' is not an ISO 3166 country code or name")
    return str(found.alpha_2)


class Service(BaseModel):
    """One service the organisation depends on. Field names are the template's column names."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1)
    category: ServiceCategory
    vendor: str = Field(min_length=1)
    vendor_country: str | None = None
    ultimate_parent: str | None = None
    ultimate_parent_country: str | None = None
    compelling_jurisdictions: tuple[str, ...] = ()
    data_locations: tuple[str, ...] = ()
    processing_locations: tuple[str, ...] = ()
    governing_law_country: str | None = None
    hosted_on: str | None = None
    dora_service_type: str | None = Field(default=None, pattern=r"^S(0[1-9]|1[0-9])$")
    critical_functions: tuple[str, ...] = ()
    critical: bool | None = None
    reliance: RelianceLevel | None = None
    substitutability: Substitutability | None = None
    exit_plan: ExitPlan | None = None
    reintegration: Reintegration | None = None
    alternatives: tuple[str, ...] = ()
    data_sensitivity: Sensitivity | None = None
    rto_hours: float | None = Field(default=None, ge=0)
    rpo_hours: float | None = Field(default=None, ge=0)
    subject: str | None = None
    notes: str | None = None

    @field_validator("vendor_country", "ultimate_parent_country", "governing_law_country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        return country_code(value) if isinstance(value, str) and value.strip() else value

    @field_validator("compelling_jurisdictions", "data_locations", "processing_locations", mode="before")
    @classmethod
    def _countries(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return tuple(country_code(str(v)) for v in value if str(v).strip())
        return value

    @field_validator(
        "category", "reliance", "substitutability", "exit_plan", "reintegration", "data_sensitivity", mode="before"
    )
    @classmethod
    def _choice(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str):
            return value
        enum = {
            "category": ServiceCategory,
            "reliance": RelianceLevel,
            "substitutability": Substitutability,
            "exit_plan": ExitPlan,
            "reintegration": Reintegration,
            "data_sensitivity": Sensitivity,
        }[str(info.field_name)]
        return parse_choice(enum, value)

    @property
    def is_critical(self) -> bool:
        """Supports a critical or important function: stated, or implied by listed critical functions."""
        return self.critical if self.critical is not None else bool(self.critical_functions)

    @property
    def is_cloud(self) -> bool:
        return self.category in CLOUD_CATEGORIES or bool(self.hosted_on)

    @property
    def group(self) -> str:
        """The vendor's group: its ultimate parent when stated, else the vendor itself."""
        return self.ultimate_parent or self.vendor


@dataclass(frozen=True)
class FieldSpec:
    name: str
    required: bool
    description: str
    choices: tuple[str, ...] = ()
    is_list: bool = False


def _choices(enum: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in enum)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", True, "Name of the service or product, unique within the inventory"),
    FieldSpec("category", True, "Kind of service", _choices(ServiceCategory)),
    FieldSpec("vendor", True, "Company that provides the service (the contracting party)"),
    FieldSpec("vendor_country", False, "Country of the vendor's headquarters (ISO code or name)"),
    FieldSpec("ultimate_parent", False, "Ultimate parent company of the vendor, if different (DORA RoI)"),
    FieldSpec("ultimate_parent_country", False, "Country of the ultimate parent's headquarters"),
    FieldSpec(
        "compelling_jurisdictions",
        False,
        "Countries whose authorities can compel access to the data (e.g. US for the CLOUD Act)",
        is_list=True,
    ),
    FieldSpec("data_locations", False, "Countries where data is stored at rest (DORA RoI)", is_list=True),
    FieldSpec("processing_locations", False, "Countries where data is processed (DORA RoI)", is_list=True),
    FieldSpec("governing_law_country", False, "Country whose law governs the contract (DORA RoI)"),
    FieldSpec("hosted_on", False, "Cloud provider the service runs on, if not the vendor itself"),
    FieldSpec("dora_service_type", False, "DORA RoI type of ICT service, S01-S19 (S17 IaaS, S18 PaaS, S19 SaaS)"),
    FieldSpec(
        "critical_functions",
        False,
        "Vital processes (dataset ids) or critical business functions that depend on the service",
        is_list=True,
    ),
    FieldSpec(
        "critical",
        False,
        "yes if it supports a critical or important function (default: yes when critical_functions is filled in)",
        ("yes", "no"),
    ),
    FieldSpec("reliance", False, "Level of reliance (DORA RoI)", _choices(RelianceLevel)),
    FieldSpec("substitutability", False, "Substitutability of the provider (DORA RoI)", _choices(Substitutability)),
    FieldSpec("exit_plan", False, "Exit plan: none, documented, or documented and tested", _choices(ExitPlan)),
    FieldSpec("reintegration", False, "Possibility of reintegration (DORA RoI)", _choices(Reintegration)),
    FieldSpec("alternatives", False, "Alternative providers identified (DORA RoI)", is_list=True),
    FieldSpec("data_sensitivity", False, "Sensitiveness of the data (DORA RoI)", _choices(Sensitivity)),
    FieldSpec("rto_hours", False, "Recovery time objective of the supported function, in hours"),
    FieldSpec("rpo_hours", False, "Recovery point objective of the supported function, in hours"),
    FieldSpec(
        "subject",
        False,
        "Subject id in the dosa dataset this service falls under (links it to the national risk picture)",
    ),
    FieldSpec("notes", False, "Free text"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
LIST_FIELDS = frozenset(f.name for f in FIELDS if f.is_list)
LIST_SEPARATORS = (";", "|", "\n")
TRUE_WORDS = {"yes", "true", "1", "ja", "y", "x"}
FALSE_WORDS = {"no", "false", "0", "nee", "n"}


@dataclass(frozen=True)
class ServiceRowIn:
    """One row as read from a file, before validation."""

    line: int
    data: dict[str, Any]


def _split_list(value: str) -> list[str]:
    parts = [value]
    for separator in LIST_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    return [p.strip() for p in parts if p.strip()]


DUTCH_COLUMNS = {
    "naam": "name",
    "dienst": "name",
    "categorie": "category",
    "leverancier": "vendor",
    "land_leverancier": "vendor_country",
    "moederbedrijf": "ultimate_parent",
    "land_moederbedrijf": "ultimate_parent_country",
    "rechtsmachten": "compelling_jurisdictions",
    "opslaglocaties": "data_locations",
    "verwerkingslocaties": "processing_locations",
    "toepasselijk_recht": "governing_law_country",
    "gehost_op": "hosted_on",
    "kritieke_functies": "critical_functions",
    "kritiek": "critical",
    "afhankelijkheid": "reliance",
    "vervangbaarheid": "substitutability",
    "exitplan": "exit_plan",
    "terugname": "reintegration",
    "alternatieven": "alternatives",
    "gevoeligheid_gegevens": "data_sensitivity",
    "hersteltijd_uren": "rto_hours",
    "gegevensverlies_uren": "rpo_hours",
    "onderwerp": "subject",
    "opmerkingen": "notes",
    "toelichting": "notes",
}
"""Dutch column headers an owner may write instead of the template's (English) field names."""


def _header_name(value: Any) -> str:
    name = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    return DUTCH_COLUMNS.get(name, name)


def _check_header(header: list[str], label: str, report: ValidationReport) -> None:
    known = set(FIELD_NAMES)
    for name in header:
        if name and name not in known:
            report.add(label, 1, name, f"unknown column '{name}'", f"known columns: {', '.join(FIELD_NAMES)}")
    for spec in FIELDS:
        if spec.required and spec.name not in header:
            report.add(label, 1, spec.name, f"required column '{spec.name}' is missing", "add the column")
    for name in sorted({n for n in header if n and header.count(n) > 1}):
        report.add(label, 1, name, f"column '{name}' appears twice", "keep one column per field")


def _cells_to_row(line: int, header: list[str], cells: Iterable[Any]) -> ServiceRowIn | None:
    data: dict[str, Any] = {}
    for name, cell in zip(header, cells, strict=False):
        if not name or name not in FIELD_NAMES or cell is None:
            continue
        value = cell.strip() if isinstance(cell, str) else cell
        if value == "":
            continue
        data[name] = value
    return ServiceRowIn(line, data) if data else None


def rows_from_csv(text: str, label: str, report: ValidationReport) -> list[ServiceRowIn]:
    """CSV with a header row; ``,`` or ``;`` (Dutch Excel) as separator, decided from the header."""
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        report.add(label, reader.line_num, None, f"malformed CSV: {exc}", "check quotes and separators")
        return []
    if not rows:
        report.add(label, None, None, "the file is empty", "start with a header row of column names")
        return []
    header = [_header_name(h) for h in rows[0]]
    _check_header(header, label, report)
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            report.add(label, number, None, "more cells than columns in the header", "check for an unquoted separator")
            continue
        row = _cells_to_row(number, header, cells)
        if row is not None:
            out.append(row)
    return out


SHEET_NAMES = ("services", "diensten")


def _services_sheet(workbook: Any, label: str, report: ValidationReport) -> Any:
    """The sheet with the services: the one named ``services`` or ``diensten``, else the only sheet whose
    header row has service columns; several or none of those is an error that names the sheets."""
    for sheet in workbook.worksheets:
        if sheet.title.strip().lower() in SHEET_NAMES:
            return sheet
    candidates = []
    for sheet in workbook.worksheets:
        first = next(sheet.iter_rows(values_only=True, max_row=1), None) or ()
        header = {_header_name(cell) for cell in first}
        if {"name", "vendor"} <= header or {"name", "category"} <= header:
            candidates.append(sheet)
    if len(candidates) == 1:
        return candidates[0]
    names = ", ".join(f"'{sheet.title}'" for sheet in workbook.worksheets)
    report.add(
        label,
        None,
        None,
        f"cannot tell which sheet holds the services (sheets: {names})",
        "name the sheet 'services' (or 'diensten'), or keep one sheet with the template's columns",
    )
    return None


def rows_from_xlsx(data: bytes, label: str, report: ValidationReport) -> tuple[list[ServiceRowIn], str]:
    """The services sheet of a workbook (see :func:`_services_sheet`) and the label that names it."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises assorted errors for damaged workbooks
        report.add(label, None, None, f"not a readable XLSX workbook: {exc}", "save the file again as .xlsx")
        return [], label
    try:
        sheet = _services_sheet(workbook, label, report)
        if sheet is None:
            return [], label
        label = f"{label} (sheet {sheet.title})"
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None)
        if header_cells is None:
            report.add(label, None, None, "the sheet is empty", "start with a header row of column names")
            return [], label
        header = [_header_name(h) for h in header_cells]
        _check_header(header, label, report)
        out = []
        for number, cells in enumerate(rows, start=2):
            row = _cells_to_row(number, header, cells)
            if row is not None:
                out.append(row)
        return out, label
    finally:
        workbook.close()


def rows_from_yaml(document: Any, label: str, report: ValidationReport) -> list[ServiceRowIn]:
    """A list of mappings, or a mapping with a ``services`` list."""
    if isinstance(document, dict):
        document = document.get("services")
    if not isinstance(document, list):
        report.add(
            label,
            None,
            None,
            "expected a list of services (or 'services:' with a list)",
            "start each service with '- name: …'",
        )
        return []
    out = []
    for index, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            report.add(label, None, f"services[{index}]", "entry is not a mapping", "write 'key: value' pairs")
            continue
        line = int(item.get(LINE_KEY, 0)) or None
        data = {_header_name(k): without_lines(v) for k, v in item.items() if k != LINE_KEY and v not in (None, "")}
        for name in sorted(set(data) - set(FIELD_NAMES)):
            report.add(
                label,
                line,
                f"services[{index}].{name}",
                f"unknown field '{name}'",
                f"known fields: {', '.join(FIELD_NAMES)}",
            )
        out.append(ServiceRowIn(line or index, {k: v for k, v in data.items() if k in FIELD_NAMES}))
    return out


def _prepare(row: ServiceRowIn, label: str, report: ValidationReport) -> tuple[dict[str, Any], bool]:
    """Cell values as the model takes them: lists split, yes/no read, spreadsheet numbers as text."""
    data: dict[str, Any] = {}
    ok = True
    for name, value in row.data.items():
        if name in LIST_FIELDS:
            items = _split_list(value) if isinstance(value, str) else value if isinstance(value, list) else [value]
            data[name] = [str(v) for v in items]
        elif name == "critical" and not isinstance(value, bool):
            word = str(value).strip().lower()
            if word not in TRUE_WORDS | FALSE_WORDS:
                report.add(label, row.line, name, f"'{value}' is not yes or no", "write yes or no")
                ok = False
                continue
            data[name] = word in TRUE_WORDS
        elif name in ("rto_hours", "rpo_hours") or isinstance(value, str | bool):
            data[name] = value
        elif isinstance(value, float) and value.is_integer():
            data[name] = str(int(value))
        else:
            data[name] = str(value)
    return data, ok


def validate_rows(
    rows: list[ServiceRowIn], label: str, report: ValidationReport, subjects: Iterable[str] | None = None
) -> list[Service]:
    """Turn rows into services, adding every problem to ``report`` (row, field, message, hint)."""
    known_subjects = set(subjects) if subjects is not None else None
    services: list[Service] = []
    seen: dict[str, int] = {}
    for row in rows:
        data, ok = _prepare(row, label, report)
        try:
            service = Service.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"] if not isinstance(p, int)) or None
                message = str(error["msg"]).removeprefix("Value error, ")
                hint = "fill it in" if error["type"] == "missing" else "correct the value"
                if error["type"] == "missing":
                    message = "required field is missing"
                report.add(label, row.line, field, message, hint)
            continue
        if not ok:
            continue
        if service.name.lower() in seen:
            report.add(
                label,
                row.line,
                "name",
                f"service '{service.name}' appears twice (first at row {seen[service.name.lower()]})",
                "give each service its own row",
            )
            continue
        seen[service.name.lower()] = row.line
        if known_subjects is not None and service.subject and service.subject not in known_subjects:
            report.add(
                label,
                row.line,
                "subject",
                f"unknown subject '{service.subject}'",
                "use a subject id from the dataset (dosa subjects) or leave it empty",
            )
            continue
        services.append(service)
    return services


def looks_like_services_csv(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    header = {_header_name(h) for h in first.replace(";", ",").replace("\t", ",").split(",")}
    return {"name", "vendor"} <= header or {"name", "category"} <= header


def looks_like_services_yaml(text: str) -> Any:
    """The parsed YAML document if it looks like a service inventory, else ``None``."""
    try:
        document = yaml_with_lines(text)  # each entry keeps its line, so problems point at it
    except YamlExpansionError:
        raise
    except yaml.YAMLError:
        return None
    if isinstance(document, dict) and isinstance(document.get("services"), list):
        return document
    if (
        isinstance(document, list)
        and document
        and all(isinstance(i, dict) for i in document)
        and any("vendor" in i or "category" in i for i in document)
    ):
        return document
    return None


def read_services(data: bytes, label: str, subjects: Iterable[str] | None = None) -> list[Service] | None:
    """Read a service inventory from a file's bytes; ``None`` if it is not one.

    Raises :class:`RecordsError` with every problem when it is a service inventory with errors.
    """
    report = ValidationReport()
    if data.startswith(b"PK\x03\x04"):
        rows, label = rows_from_xlsx(data, label, report)
    else:
        decoded = decode_text(data)
        if decoded is None:
            return None
        text = decoded[0]
        if looks_like_services_csv(text):
            rows = rows_from_csv(text, label, report)
        else:
            try:
                document = looks_like_services_yaml(text)
            except YamlExpansionError as exc:
                report.add(label, None, None, str(exc), "write the values out instead of nesting aliases")
                raise RecordsError(label, report) from None
            if document is None:
                return None
            rows = rows_from_yaml(document, label, report)
    services = validate_rows(rows, label, report, subjects)
    if not report.ok:
        raise RecordsError(label, report)
    return services


def read_services_file(path: Path, subjects: Iterable[str] | None = None) -> list[Service]:
    services = read_services(path.read_bytes(), path.name, subjects)
    if services is None:
        report = ValidationReport()
        report.add(
            path.name,
            None,
            None,
            "not a service inventory (CSV, XLSX or YAML with name, category and vendor)",
            "start from the template: dosa inventory template",
        )
        raise RecordsError(path.name, report)
    return services


def iter_field_rows() -> Iterator[dict[str, str]]:
    """The template's field descriptions, one row per column."""
    for spec in FIELDS:
        yield {
            "column": spec.name,
            "required": "yes" if spec.required else "no",
            "list": "yes (separate with ;)" if spec.is_list else "no",
            "values": ", ".join(spec.choices),
            "description": spec.description,
        }
