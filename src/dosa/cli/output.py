# SPDX-License-Identifier: EUPL-1.2
"""One output vocabulary for every listing: table, csv, json or xlsx, to stdout or a file.

Every row carries the dataset version (a ``dataset_version`` column/property), so an exported
file can always be traced back to the data that produced it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console
from rich.table import Table

from dosa.errors import InputError


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    CSV_NL = "csv-nl"
    """Dutch Excel: ';' separator, decimal comma, UTF-8 with BOM, so Excel in a Dutch locale opens it as is."""
    JSON = "json"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Column:
    """A named column; ``get`` extracts its value from a record."""

    name: str
    get: Callable[[Any], Any]
    header: str | None = None
    wrap: bool = False

    @property
    def title(self) -> str:
        return self.header or self.name.replace("_", " ")


def _plain(value: Any) -> Any:
    """JSON-ready value: tuples become lists, enums their value, dates ISO strings."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _cell(value: Any) -> str:
    """Text for a table/CSV cell: lists joined by '; ', None empty, booleans yes/no (as dataset files write them)."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_records(items: Sequence[Any], columns: Sequence[Column], version: str) -> list[dict[str, Any]]:
    records = []
    for item in items:
        record = {column.name: _plain(column.get(item)) for column in columns}
        record["dataset_version"] = version
        records.append(record)
    return records


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file so a failed export never leaves a half-written file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}", hint="check the folder and permissions") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write {path}: {exc.strerror}", hint="check the folder and permissions") from exc
        raise


def _cell_nl(value: Any) -> str:
    if isinstance(value, float) and not isinstance(value, bool):
        return f"{value:g}".replace(".", ",")
    return _cell(value)


def render_csv(records: list[dict[str, Any]], fieldnames: list[str], *, dutch: bool = False) -> str:
    """RFC 4180 CSV, or with ``dutch`` the dialect Excel expects in a Dutch locale."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\r\n", delimiter=";" if dutch else ",")
    writer.writeheader()
    cell = _cell_nl if dutch else _cell
    for record in records:
        writer.writerow({k: cell(v) for k, v in record.items()})
    return ("\ufeff" if dutch else "") + buffer.getvalue()


def _fill_sheet(sheet: Any, fieldnames: Sequence[str], records: Sequence[Mapping[str, Any]]) -> None:
    """Header and rows; text is stored as text, never as a formula (data may come from untrusted files)."""
    sheet.append(list(fieldnames))
    for record in records:
        sheet.append([_cell(record[name]) if isinstance(record[name], list) else record[name] for name in fieldnames])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"


def render_xlsx(records: list[dict[str, Any]], fieldnames: list[str], title: str, version: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31] or "data"
    _fill_sheet(sheet, fieldnames, records)
    about = workbook.create_sheet("about")
    about.append(["dataset_version", version])
    about.append(["generated_by", "dosa"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def emit(
    items: Sequence[Any],
    columns: Sequence[Column],
    *,
    fmt: OutputFormat,
    output: Path | None,
    title: str,
    version: str,
    console: Console | None = None,
) -> None:
    """Render ``items`` in the chosen format to ``output`` or stdout."""
    records = to_records(items, columns, version)
    fieldnames = [column.name for column in columns] + ["dataset_version"]
    console = console or Console()
    if fmt is OutputFormat.TABLE:
        table = Table(title=title, caption=f"{len(records)} rows · dataset {version}", show_lines=False)
        for column in columns:
            table.add_column(column.title, overflow="fold" if column.wrap else "ellipsis")
        for record in records:
            table.add_row(*(_cell(record[column.name]) for column in columns))
        if output is None:
            console.print(table)
        else:
            recorder = Console(record=True, width=200, file=io.StringIO())
            recorder.print(table)
            _write_atomic(output, recorder.export_text().encode())
        return
    if fmt is OutputFormat.XLSX:
        if output is None:
            raise InputError("xlsx output needs a file", hint="add --output FILE.xlsx")
        _write_atomic(output, render_xlsx(records, fieldnames, title, version))
        return
    if fmt in (OutputFormat.CSV, OutputFormat.CSV_NL):
        text = render_csv(records, fieldnames, dutch=fmt is OutputFormat.CSV_NL)
    else:
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        console.file.write(text)
    else:
        _write_atomic(output, text.encode("utf-8"))


# --- reports of several tables --------------------------------------------------------------


class Section(Protocol):
    """One table of a multi-table report (e.g. :class:`dosa.inventory.report.Section`)."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def columns(self) -> Sequence[str]: ...
    @property
    def rows(self) -> Sequence[Sequence[Any]]: ...
    @property
    def note(self) -> str: ...


def _section_records(section: Section) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in zip(section.columns, row, strict=True)} for row in section.rows]


def render_xlsx_sections(sections: Sequence[Section], about: Mapping[str, str] | None = None) -> bytes:
    """A workbook with an ``about`` sheet (when given) and one sheet per section."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    if about:
        sheet = workbook.create_sheet("about")
        for key, value in about.items():
            sheet.append([key, value])
    for section in sections:
        _fill_sheet(workbook.create_sheet(section.name[:31] or "data"), section.columns, _section_records(section))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def emit_sections(
    sections: Sequence[Section],
    *,
    fmt: OutputFormat,
    output: Path | None,
    about: Mapping[str, str] | None = None,
    console: Console | None = None,
) -> None:
    """Render one or more tables: one table as a plain listing; several as a report.

    ``about`` holds the report's provenance (project, dataset, method, …). JSON gives a list of rows for
    one table without ``about``, else an object with ``about``'s keys and ``sections`` keyed by name;
    XLSX gives one sheet per section; CSV holds exactly one table.
    """
    console = console or Console()
    if fmt is OutputFormat.TABLE:
        recorder = Console(record=True, width=200, file=io.StringIO()) if output is not None else console
        if about:
            recorder.print(" · ".join(f"{k}: {v}" for k, v in about.items()), highlight=False, markup=False)
        for section in sections:
            table = Table(title=section.title, caption=section.note or None, title_justify="left")
            for column in section.columns:
                table.add_column(column)
            for row in section.rows:
                table.add_row(*(_cell(v) for v in row))
            recorder.print(table)
        if output is not None:
            _write_atomic(output, recorder.export_text().encode())
        return
    if fmt is OutputFormat.XLSX:
        if output is None:
            raise InputError("xlsx output needs a file", hint="add --output FILE.xlsx")
        _write_atomic(output, render_xlsx_sections(sections, about))
        return
    if fmt in (OutputFormat.CSV, OutputFormat.CSV_NL):
        if len(sections) != 1:
            names = ", ".join(s.name for s in sections)
            raise InputError("CSV holds one table", hint=f"add --section with one of {names}")
        (only,) = sections
        text = render_csv(_section_records(only), list(only.columns), dutch=fmt is OutputFormat.CSV_NL)
    else:
        payload: Any
        if len(sections) == 1 and not about:
            payload = _section_records(sections[0])
        else:
            payload = {
                **(about or {}),
                "sections": {s.name: {"title": s.title, "note": s.note, "rows": _section_records(s)} for s in sections},
            }
        text = json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
    if output is None:
        console.file.write(text)
    else:
        _write_atomic(output, text.encode("utf-8"))
