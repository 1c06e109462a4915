# SPDX-License-Identifier: EUPL-1.2
"""The status-update template owners fill in, read from CSV or XLSX.

Columns (``docs/monitoring.md`` documents them for owners):

- ``action`` (required): the action id, e.g. ``a012``;
- ``status``: the new status (``not_started``, ``in_progress``, ``done``, ``delayed``, ``stopped``,
  ``ongoing``, or the Dutch labels ``niet gestart``, ``in uitvoering``, ``gereed``, ``vertraagd``,
  ``gestopt``, ``doorlopend``); empty with a note = a progress note under the current status;
- ``date``: the day the status applies from (default: today);
- ``note``: what happened (required for delayed and stopped);
- ``author``: who reports it (default: the importing user).

The other columns of an exported template (priority, owners, summary, timeline, due, current status,
dataset version …) are for reading only and are ignored on import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from dosa.dataset.problems import ValidationReport
from dosa.errors import InputError
from dosa.monitoring.updates import RawUpdate

INPUT_COLUMNS = ("action", "status", "date", "note", "author")
READ_ONLY_COLUMNS = (
    "priority",
    "owners",
    "summary",
    "timeline",
    "due",
    "deadline",
    "current_status",
    "since",
    "last_note",
    "dataset_version",
    "method_version",
)
"""Columns the exported template carries for the owner's information; never imported."""

TEMPLATE_COLUMNS = ("action", "priority", "owners", "summary", "timeline", "due", "current_status", "since")
"""The read-only part of the template, before the columns an owner fills in."""


def read_update_file(path: Path, report: ValidationReport) -> list[RawUpdate]:
    """Read a CSV (comma or semicolon) or XLSX file of updates; structural problems go to ``report``."""
    if not path.is_file():
        raise InputError(f"{path} does not exist", hint="pass the spreadsheet the owner sent back")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        header, rows = _xlsx_rows(path, report)
    elif suffix in (".csv", ".txt"):
        header, rows = _csv_rows(path, report)
    else:
        raise InputError(f"cannot read {path.name}", hint="use a .csv or .xlsx file made from the template")
    return _to_updates(path.name, header, rows, report)


def _csv_rows(path: Path, report: ValidationReport) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        report.add(path.name, None, None, f"not UTF-8 text: {exc.reason}", "save the file as CSV UTF-8")
        return [], []
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[Any]]] = []
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        line = 1
        for record in reader:
            line = reader.line_num
            rows.append((line, record))
    except csv.Error as exc:
        report.add(path.name, None, None, f"malformed CSV: {exc}", "check quotes and separators")
        return [], []
    return header, rows


def _xlsx_rows(path: Path, report: ValidationReport) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        report.add(path.name, None, None, f"not a readable XLSX file: {exc}", "save it again as .xlsx")
        return [], []
    try:
        sheet = workbook.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    if not values:
        return [], []
    header = [str(cell).strip().lower() if cell is not None else "" for cell in values[0]]
    return header, [(number, list(row)) for number, row in enumerate(values[1:], start=2)]


def _cell(value: Any) -> str | dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _to_updates(
    label: str, header: list[str], rows: list[tuple[int, list[Any]]], report: ValidationReport
) -> list[RawUpdate]:
    if not header:
        report.add(label, 1, None, "the file is empty", "start from the template: 'dosa actions status --template'")
        return []
    known = set(INPUT_COLUMNS) | set(READ_ONLY_COLUMNS)
    for name in header:
        if name and name not in known:
            report.add(
                label, 1, name, f"unknown column '{name}'", f"the template's columns: {', '.join(INPUT_COLUMNS)}"
            )
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    for name in duplicates:
        report.add(label, 1, name, f"column '{name}' appears twice", "keep one column per field")
    if "action" not in header:
        report.add(label, 1, "action", "the column 'action' is missing", "keep the template's header row")
    if "status" not in header and "note" not in header:
        report.add(label, 1, "status", "neither 'status' nor 'note' is a column", "keep the template's header row")
    if not report.ok:
        return []
    position = {name: header.index(name) for name in INPUT_COLUMNS if name in header}
    updates = []
    for line, record in rows:
        if len(record) > len(header) and any(_cell(v) is not None for v in record[len(header) :]):
            report.add(label, line, None, "more cells than columns in the header", "check for a stray separator")
            continue
        values = {name: _cell(record[index]) if index < len(record) else None for name, index in position.items()}
        date = values.get("date")
        updates.append(
            RawUpdate(
                action=str(values.get("action") or ""),
                status=str(values.get("status") or ""),
                date=date if isinstance(date, dt.date) else (str(date) if date else None),
                note=str(values.get("note") or ""),
                author=str(values.get("author") or ""),
                line=line,
            )
        )
    return updates
