# SPDX-License-Identifier: EUPL-1.2
"""Per-criterion answers of a cloud-sovereignty assessment to and from a spreadsheet (XLSX or CSV), so a
tender team can fill in a supplier's answers in Excel and hand them to ``dosa cloud assess``.

One row per criterion: ``service``, ``framework``, ``criterion``, ``name``, ``weight_pct``, ``seal``,
``minimum``, ``rationale``. In framework v1.2.1 the criteria are the eight objectives SOV-1…SOV-8.
Every problem is reported with its row and column; formulas are never evaluated or written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dosa.dataset.problems import ValidationReport
from dosa.errors import RecordsError
from dosa.inventory.cloud import MAX_SEAL, Answer, Framework, framework_for
from dosa.tables import CONTROL_CHARACTERS

COLUMNS = ("service", "framework", "criterion", "name", "weight_pct", "seal", "minimum", "rationale")
MAX_ROWS = 1000


def answer_rows(
    framework: Framework,
    service: str,
    answers: Mapping[str, Answer] | None = None,
    minimum: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    """The rows of an answers sheet: every criterion, with the recorded answer when there is one."""
    answers, minimum = answers or {}, minimum or {}
    rows = []
    for objective in framework.objectives:
        answer = answers.get(objective.id)
        rows.append(
            {
                "service": service,
                "framework": framework.version,
                "criterion": objective.id,
                "name": objective.name,
                "weight_pct": objective.weight_pct,
                "seal": answer.seal if answer else None,
                "minimum": minimum.get(objective.id),
                "rationale": answer.rationale if answer else "",
            }
        )
    return rows


def render_sheet(rows: list[dict[str, Any]], xlsx: bool) -> bytes:
    if not xlsx:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
        return buffer.getvalue().encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "answers"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text from a supplier is never a formula
    sheet.freeze_panes = "A2"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _sheet_rows(data: bytes, label: str, report: ValidationReport) -> list[tuple[int, dict[str, Any]]]:
    if data.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises assorted errors for damaged workbooks
            report.add(label, None, None, f"not a readable XLSX workbook: {exc.__class__.__name__}", "save it again")
            return []
        try:
            sheet = workbook["answers"] if "answers" in workbook.sheetnames else workbook.worksheets[0]
            table = [list(r) for _, r in zip(range(MAX_ROWS + 1), sheet.iter_rows(values_only=True), strict=False)]
        finally:
            workbook.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.add(label, None, None, "not UTF-8 text or an XLSX workbook", "save as CSV UTF-8 or XLSX")
            return []
        delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        try:
            table = [
                list(r)
                for _, r in zip(range(MAX_ROWS + 1), csv.reader(io.StringIO(text), delimiter=delimiter), strict=False)
            ]
        except csv.Error as exc:
            report.add(label, None, None, f"malformed CSV: {exc}", "check quotes and separators")
            return []
    if not table:
        report.add(label, None, None, "the sheet is empty", f"start with the header {', '.join(COLUMNS)}")
        return []
    header = [str(h or "").strip().lower() for h in table[0]]
    for required in ("criterion", "seal"):
        if required not in header:
            report.add(label, 1, required, f"required column '{required}' is missing", "export a sheet to start from")
    if len(table) > MAX_ROWS:
        report.add(label, None, None, f"more than {MAX_ROWS} rows", "one row per criterion")
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        row = {name: cell for name, cell in zip(header, cells, strict=False) if name}
        if any(str(v).strip() for v in row.values() if v is not None):
            rows.append((number, row))
    return rows


def _level(value: Any, label: str, line: int, column: str, report: ValidationReport) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text not in {str(n) for n in range(MAX_SEAL + 1)}:
        report.add(label, line, column, f"SEAL level must be 0-{MAX_SEAL}, got {value!r}", "see dosa cloud levels")
        return None
    return int(text)


def read_answers_sheet(path: Path) -> tuple[str, str, dict[str, Answer], dict[str, int]]:
    """``(service, framework version, answers, minimum)`` from an answers sheet; every problem at once."""
    label = path.name
    report = ValidationReport()
    rows = _sheet_rows(path.read_bytes(), label, report)
    for line, row in rows:  # a NUL or escape in a cell would reach the database and the terminal
        for column, value in row.items():
            if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                report.add(label, line, str(column), "the cell holds a control character (such as NUL)", "plain text")
    services = {str(r.get("service") or "").strip() for _, r in rows} - {""}
    versions = {str(r.get("framework") or "").strip() for _, r in rows} - {""}
    if len(services) > 1:
        report.add(label, None, "service", f"one service per sheet, found {len(services)}", "split the sheet")
    if len(versions) > 1:
        report.add(label, None, "framework", "one framework version per sheet", "use one version")
    framework = framework_for(next(iter(versions), None))
    known = {o.id for o in framework.objectives}
    answers: dict[str, Answer] = {}
    minimum: dict[str, int] = {}
    for line, row in rows:
        criterion = str(row.get("criterion") or "").strip().upper()
        if criterion not in known:
            report.add(label, line, "criterion", f"unknown criterion '{criterion}'", f"use {', '.join(sorted(known))}")
            continue
        if criterion in answers or criterion in minimum:
            report.add(label, line, "criterion", f"{criterion} appears twice", "one row per criterion")
            continue
        seal = _level(row.get("seal"), label, line, "seal", report)
        floor = _level(row.get("minimum"), label, line, "minimum", report)
        if seal is not None:
            answers[criterion] = Answer(criterion, seal, str(row.get("rationale") or "").strip()[:2000])
        if floor is not None:
            minimum[criterion] = floor
    if not report.ok:
        raise RecordsError(label, report)
    return next(iter(services), ""), framework.version, answers, minimum
