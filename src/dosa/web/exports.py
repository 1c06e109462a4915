# SPDX-License-Identifier: EUPL-1.2
"""Every dashboard table as a download: CSV (RFC 4180), CSV for Dutch Excel, XLSX or JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from dosa.errors import InputError
from dosa.report.content import Table

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-nl": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
}


def _values(table: Table) -> Sequence[Sequence[Any]]:
    return table.data if table.data is not None else table.rows


def _nl_cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def render(table: Table, fmt: str, version: str) -> bytes:
    """The table in ``fmt``; every row carries the dataset version it came from."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    headers = [*table.headers, "dataset_version"]
    rows = [[*row, version] for row in _values(table)]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(["" if v is None else (f"{v:g}" if isinstance(v, float) else v) for v in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if fmt == "csv-nl":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows([_nl_cell(v) for v in row] for row in rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if fmt == "json":
        return json.dumps([dict(zip(headers, row, strict=True)) for row in rows], ensure_ascii=False, indent=2).encode(
            "utf-8"
        )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", table.caption)[:31].strip() or "data"
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("about")
    about.append(["table", table.caption])
    about.append(["dataset_version", version])
    about.append(["generated_by", "dosa"])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def filename(caption: str, fmt: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", caption.lower()).strip("-")[:60] or "table"
    suffix = "-nl" if fmt == "csv-nl" else ""
    return f"dosa-{stem}{suffix}.{FORMATS[fmt][1]}"
