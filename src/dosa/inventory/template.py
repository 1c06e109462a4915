# SPDX-License-Identifier: EUPL-1.2
"""The service-inventory template users fill in: CSV, XLSX (with pick lists) or YAML."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dosa.atomic import write_atomically
from dosa.errors import InputError
from dosa.inventory.services import FIELD_NAMES, FIELDS, iter_field_rows

TEMPLATE_FORMATS = ("csv", "xlsx", "yaml")


def template_csv() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(FIELD_NAMES)
    return buffer.getvalue()


def template_yaml() -> str:
    lines = [
        "# dosa service inventory. One entry per service; only name, category and vendor are required.",
        "# Lists are YAML lists; countries are ISO 3166 codes (NL, US, CN) or English names.",
        "#",
    ]
    for spec in FIELDS:
        values = f" [{', '.join(spec.choices)}]" if spec.choices else ""
        kind = " (list)" if spec.is_list else ""
        required = " (required)" if spec.required else ""
        lines.append(f"# {spec.name}{required}{kind}: {spec.description}{values}")
    lines += ["", "services: []", ""]
    return "\n".join(lines)


def write_template_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "services"
    sheet.append(list(FIELD_NAMES))
    for index, spec in enumerate(FIELDS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(spec.name) + 2)
        if spec.choices:
            validation = DataValidation(type="list", formula1=f'"{",".join(spec.choices)}"', allow_blank=True)
            validation.error = f"choose one of: {', '.join(spec.choices)}"
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}5000")
    sheet.freeze_panes = "A2"
    fields = workbook.create_sheet("fields")
    rows = list(iter_field_rows())
    fields.append(list(rows[0].keys()))
    for row in rows:
        fields.append(list(row.values()))
    for cell in fields[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomically(path, buffer.getvalue())


def write_template(path: Path, fmt: str | None = None) -> str:
    """Write the template in ``fmt`` (default: from the file's suffix); return the format used."""
    chosen = (fmt or path.suffix.lstrip(".").lower() or "xlsx").replace("yml", "yaml")
    if chosen not in TEMPLATE_FORMATS:
        raise InputError(f"unknown template format '{chosen}'", hint=f"use one of {', '.join(TEMPLATE_FORMATS)}")
    try:
        if chosen == "xlsx":
            write_template_xlsx(path)
        else:
            write_atomically(path, (template_csv() if chosen == "csv" else template_yaml()).encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}", hint="check the folder and permissions") from exc
    return chosen
