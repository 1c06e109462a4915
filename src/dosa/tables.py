# SPDX-License-Identifier: EUPL-1.2
"""One table model and one exporter for every face: CLI listings, web downloads, reports.

A :class:`Table` is typed columns (label per language, kind, unit) and records. :func:`export` writes
one or more tables as CSV (RFC 4180), csv-nl (Dutch Excel), JSON or XLSX; :func:`to_html` and
:func:`to_typst` give the markup the report templates embed. The terminal rendering (rich) lives in
:mod:`dosa.cli.output`, the only face that draws tables in a terminal; it uses :func:`cell_text` so a
value reads the same everywhere.

Untrusted text is made safe here and only here: control characters (NUL, …) are replaced, and text
that a spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage return) is
neutralised in CSV and stored as plain text in XLSX. Every export carries the dataset version and
the method version (:class:`Provenance`).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum, StrEnum
from typing import Any


class Format(StrEnum):
    """Every output format of a listing. ``table`` is the terminal; the others are files."""

    TABLE = "table"
    CSV = "csv"
    CSV_NL = "csv-nl"
    """Dutch Excel: ';' separator, decimal comma, UTF-8 with BOM, so Excel in a Dutch locale opens it as is."""
    JSON = "json"
    XLSX = "xlsx"

    @classmethod
    def from_suffix(cls, suffix: str) -> Format | None:
        """The format a file name asks for (``.csv``, ``.json``, ``.xlsx``), else None."""
        return {".csv": cls.CSV, ".json": cls.JSON, ".xlsx": cls.XLSX}.get(suffix.lower())


FILE_FORMATS = (Format.CSV, Format.CSV_NL, Format.XLSX, Format.JSON)
MEDIA_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.CSV_NL: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.JSON: "application/json",
}


class Kind(StrEnum):
    """What a column holds; decides alignment and number formatting."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOL = "bool"
    DATE = "date"
    LIST = "list"


@dataclass(frozen=True)
class Column:
    """A typed column. ``get`` extracts the value from an item (for :meth:`Table.of`)."""

    key: str
    get: Callable[[Any], Any] | None = field(default=None, compare=False, repr=False)
    label_en: str | None = None
    label_nl: str | None = None
    kind: Kind = Kind.TEXT
    unit: str | None = None
    wrap: bool = False
    show: Callable[[Any], Any] | None = field(default=None, compare=False, repr=False)
    """Display text of an item where a face formats the cell itself (a report's localised number, a
    name marked with its language); without it the value is shown through :func:`display_text`."""
    link: Callable[[Any], str | None] | None = field(default=None, compare=False, repr=False)
    """Link target of an item's cell (relative to the dashboard), or None."""

    def label(self, lang: str = "en") -> str:
        """Header in ``lang``, with the unit in brackets; falls back to the key."""
        text = (self.label_nl if lang == "nl" else self.label_en) or self.label_en or self.key.replace("_", " ")
        return f"{text} ({self.unit})" if self.unit else text

    def value(self, item: Any) -> Any:
        """This column's value for ``item`` (None without a ``get``)."""
        return self.get(item) if self.get is not None else None

    @property
    def numeric(self) -> bool:
        return self.kind in (Kind.INTEGER, Kind.NUMBER)


@dataclass(frozen=True)
class Provenance:
    """What every export carries: the dataset and method versions, and more lines for an ``about``."""

    dataset_version: str
    method_version: str = ""
    about: Mapping[str, str] = field(default_factory=dict)

    def items(self) -> list[tuple[str, str]]:
        return [
            *self.about.items(),
            ("dataset_version", self.dataset_version),
            ("method_version", self.method_version),
            ("generated_by", "dosa"),
        ]


@dataclass(frozen=True)
class Table:
    """Typed columns and records (one mapping per row, keyed by column key).

    The same table is exported (:func:`export`), drawn in the terminal and laid out by the report and
    dashboard templates: ``title`` is the caption, a numeric column is right-aligned, ``lang`` is the
    language its headers and display texts are in. ``cells`` holds display texts where a face formats
    cells itself (else every value goes through :func:`display_text`), ``links`` a link target per cell.
    """

    columns: tuple[Column, ...]
    records: tuple[Mapping[str, Any], ...]
    title: str = ""
    name: str = "data"
    """Short machine name: sheet name, JSON key, ``--section`` choice."""
    note: str = ""
    lang: str = "en"
    cells: tuple[tuple[Any, ...], ...] | None = None
    """Display text per row, in column order (same shape as ``rows``); from the values when absent."""
    links: tuple[tuple[str | None, ...], ...] | None = None
    """Link target per cell (same shape as ``rows``), used by the dashboard; None: no links."""

    @classmethod
    def of(cls, items: Iterable[Any], columns: Sequence[Column], **kwargs: Any) -> Table:
        """A table of ``items``: each column's value taken with its ``get``, its display text with its
        ``show`` and its link with its ``link`` (where any column has one)."""
        items = list(items)
        records = tuple({c.key: c.value(item) for c in columns} for item in items)
        if any(c.show is not None for c in columns) and "cells" not in kwargs:
            kwargs["cells"] = tuple(
                tuple(c.show(item) if c.show is not None else record[c.key] for c in columns)
                for item, record in zip(items, records, strict=True)
            )
        if any(c.link is not None for c in columns) and "links" not in kwargs:
            kwargs["links"] = tuple(tuple(c.link(item) if c.link else None for c in columns) for item in items)
        return cls(tuple(columns), records, **kwargs)

    @classmethod
    def from_rows(cls, columns: Sequence[Column | str], rows: Iterable[Sequence[Any]], **kwargs: Any) -> Table:
        """A table from positional rows; plain strings become text columns."""
        typed = tuple(c if isinstance(c, Column) else Column(c) for c in columns)
        keys = [c.key for c in typed]
        return cls(typed, tuple(dict(zip(keys, row, strict=True)) for row in rows), **kwargs)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """The records as positional rows, in column order."""
        return [tuple(record.get(key) for key in self.keys) for record in self.records]

    @property
    def caption(self) -> str:
        return self.title

    @property
    def headers(self) -> list[str]:
        """The column headers in the table's language."""
        return [c.label(self.lang) for c in self.columns]

    @property
    def numeric(self) -> frozenset[int]:
        """Positions of the columns to right-align."""
        return frozenset(i for i, c in enumerate(self.columns) if c.numeric)

    @property
    def shown(self) -> list[list[Any]]:
        """What a reader sees in each cell: the display texts, else each value through :func:`display_text`."""
        rows = self.cells if self.cells is not None else self.rows
        return [[display_text(value, self.lang) for value in row] for row in rows]

    def link(self, row: int, column: int) -> str | None:
        """Link target of a cell, or None."""
        return self.links[row][column] if self.links is not None else None


# --- cell values: one place for every format ------------------------------------------------

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 controls and DEL, except tab and line breaks: they break XLSX, terminals and PostgreSQL text (NUL)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
YES_NO = {"en": ("yes", "no"), "nl": ("ja", "nee")}


def clean_text(text: str) -> str:
    """Text without control characters (NUL, escape, …), which break XLSX and terminals; each becomes U+FFFD."""
    return CONTROL_CHARACTERS.sub("\ufffd", text)


def neutralise(text: str) -> str:
    """Text a spreadsheet will show, never run: a leading formula character gets a ``'`` (OWASP CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def plain(value: Any) -> Any:
    """JSON-ready value: enums become their value, dates ISO text, tuples lists, text cleaned."""
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return value
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, tuple | list | set | frozenset):
        return [plain(v) for v in value]
    return clean_text(str(value))


def cell_text(value: Any, *, dutch: bool = False, lang: str = "en") -> str:
    """Text of a cell: None empty, booleans yes/no in ``lang`` (ja/nee in Dutch), lists joined by '; '.

    ``dutch`` writes numbers with a decimal comma (csv-nl): that is the dialect, not the language.
    """
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = YES_NO.get(lang, YES_NO["en"])
        return yes if value else no
    if isinstance(value, list):
        return "; ".join(cell_text(v, dutch=dutch, lang=lang) for v in value)
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if dutch else text
    return str(value)


def display_text(value: Any, lang: str = "en") -> Any:
    """What a page or terminal shows for a value: text as it is (a :class:`dosa.i18n.Text` keeps its
    language marks), None empty, booleans yes/no in ``lang``, numbers with a decimal comma in Dutch."""
    if isinstance(value, str):
        return value
    return cell_text(value, dutch=lang == "nl", lang=lang)


def _spreadsheet_value(value: Any, lang: str | None) -> Any:
    """XLSX value: numbers stay numbers; everything else is text as :func:`cell_text` writes it."""
    value = plain(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return cell_text(value, lang=lang or "en") if value is not None else None


# --- exporters ------------------------------------------------------------------------------


VERSION_LABELS = {
    "en": {"dataset_version": "dataset_version", "method_version": "method_version"},
    "nl": {"dataset_version": "datasetversie", "method_version": "methodeversie"},
}
ABOUT_LABELS = {
    "en": ("key", "value", "table", "about"),
    "nl": ("sleutel", "waarde", "tabel", "over"),
}
"""Header row, the table line and the sheet name of an XLSX file's provenance sheet."""


def _records(table: Table, provenance: Provenance) -> tuple[list[str], list[dict[str, Any]]]:
    """Rows with the dataset and method versions (a table's own version column wins)."""
    versions = {"dataset_version": provenance.dataset_version, "method_version": provenance.method_version}
    names = [*table.keys, *(name for name in versions if name not in table.keys)]
    records = [{**versions, **{key: plain(record.get(key)) for key in table.keys}} for record in table.records]
    return names, [{name: record[name] for name in names} for record in records]


def header_row(table: Table, names: Sequence[str], lang: str | None) -> list[str]:
    """The header of a CSV or XLSX file: the stable keys, or with ``lang`` the columns' labels in it.

    A file asked for in a language is in that language throughout (headers, yes/no); ``csv`` and
    ``csv-nl`` differ only in the dialect (separator, decimal comma, byte order mark).
    """
    if lang is None:
        return list(names)
    labels = {c.key: c.label(lang) for c in table.columns}
    versions = VERSION_LABELS.get(lang, VERSION_LABELS["en"])
    return [labels.get(name) or versions.get(name, name) for name in names]


def to_csv(table: Table, provenance: Provenance, *, dutch: bool = False, lang: str | None = None) -> bytes:
    """RFC 4180 CSV (or with ``dutch`` the dialect Excel expects in a Dutch locale); every row carries
    the versions; text that could run as a formula is neutralised. ``lang``: see :func:`header_row`."""
    names, records = _records(table, provenance)
    words = lang or "en"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=";" if dutch else ",")
    writer.writerow([neutralise(clean_text(name)) for name in header_row(table, names, lang)])
    for record in records:
        writer.writerow(
            [
                cell_text(v, dutch=dutch)
                if isinstance(v, int | float) and not isinstance(v, bool)
                else neutralise(cell_text(v, dutch=dutch, lang=words))
                for v in record.values()
            ]
        )
    return (("\ufeff" if dutch else "") + buffer.getvalue()).encode("utf-8")


def to_json(tables: Sequence[Table], provenance: Provenance) -> bytes:
    """One table without an ``about``: a list of rows. Several (or with ``about``): an object with the
    provenance and ``sections`` keyed by name."""
    payload: Any
    if len(tables) == 1 and not provenance.about:
        payload = _records(tables[0], provenance)[1]
    else:
        payload = {
            **dict(provenance.items()),
            "sections": {
                t.name: {
                    "title": clean_text(t.title),
                    "note": clean_text(t.note),
                    "rows": [{k: plain(r.get(k)) for k in t.keys} for r in t.records],
                }
                for t in tables
            },
        }
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sheet_name(text: str) -> str:
    """A valid, short worksheet name."""
    return re.sub(r"[\[\]:*?/\\]", " ", clean_text(text))[:31].strip() or "data"


def _fill_sheet(sheet: Any, header: Sequence[Any], rows: Iterable[Sequence[Any]], lang: str | None = None) -> None:
    """Header and rows; text is stored as text, never as a formula (data may come from untrusted files)."""
    for values in (header, *rows):
        sheet.append([_spreadsheet_value(v, lang) for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def to_xlsx(tables: Sequence[Table], provenance: Provenance, lang: str | None = None) -> bytes:
    """A workbook: one sheet per table (each row with the versions), then an ``about`` sheet (``over``
    in Dutch). ``lang``: see :func:`header_row`."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    used: set[str] = set()
    for table in tables:
        name = sheet_name(table.name)
        while name.lower() in used or name.lower() in ("about", "over"):
            name = sheet_name(name[:28] + "_")
        used.add(name.lower())
        names, records = _records(table, provenance)
        sheet = workbook.create_sheet(name)
        _fill_sheet(sheet, header_row(table, names, lang), ([r[n] for n in names] for r in records), lang)
        sheet.freeze_panes = "A2"
    key, value, table_word, about_name = ABOUT_LABELS.get(lang or "en", ABOUT_LABELS["en"])
    versions = VERSION_LABELS.get(lang, {}) if lang else {}
    about = workbook.create_sheet(about_name)
    _fill_sheet(
        about,
        [key, value],
        [
            *((table_word, t.title) for t in tables if t.title),
            *((versions.get(k, k), v) for k, v in provenance.items()),
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(tables: Sequence[Table], fmt: Format, provenance: Provenance, lang: str | None = None) -> bytes:
    """The tables as a file in ``fmt``. CSV holds exactly one table.

    Without ``lang`` the headers are the stable column keys (files for scripts); with it, CSV and XLSX
    are in that language throughout (see :func:`header_row`). JSON always keys its fields by the keys.
    """
    from dosa.errors import InputError

    if fmt is Format.XLSX:
        return to_xlsx(tables, provenance, lang)
    if fmt is Format.JSON:
        return to_json(tables, provenance)
    if fmt in (Format.CSV, Format.CSV_NL):
        if len(tables) != 1:
            names = ", ".join(t.name for t in tables)
            raise InputError("CSV holds one table", hint=f"choose one with --section: {names}")
        return to_csv(tables[0], provenance, dutch=fmt is Format.CSV_NL, lang=lang)
    raise InputError(f"'{fmt}' is not a file format", hint=f"use one of {', '.join(FILE_FORMATS)}")


def filename(title: str, fmt: Format) -> str:
    """A safe download name for a table, e.g. ``dosa-actions-nl.csv``."""
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "table"
    suffix = "-nl" if fmt is Format.CSV_NL else ""
    extension = "csv" if fmt is Format.CSV_NL else fmt.value
    return f"dosa-{stem}{suffix}.{extension}"


def to_html(table: Table, lang: str | None = None, *, base: str | None = None) -> str:
    """A plain, accessible HTML table (caption, header cells with scope, numbers right-aligned); with
    ``base`` the cells that have a link target become links. The report and dashboard templates lay
    out the same :class:`Table` with NL Design System classes (``_macros.html.j2``)."""
    shown = table if lang is None or lang == table.lang else replace(table, lang=lang)
    out = ['<table class="dosa-table">']
    if table.title:
        out.append(f"<caption>{html.escape(clean_text(table.title))}</caption>")
    out.append("<thead><tr>")
    out += [f'<th scope="col">{html.escape(clean_text(header))}</th>' for header in shown.headers]
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(shown.shown):
        cells = []
        for j, (column, value) in enumerate(zip(table.columns, row, strict=True)):
            attr = ' class="num"' if column.numeric else ""
            text = html.escape(clean_text(str(value)))
            target = table.link(i, j)
            if target and base is not None:
                text = f'<a href="{html.escape(base + target)}">{text}</a>'
            cells.append(f"<td{attr}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def typst_string(text: str) -> str:
    """A Typst string literal."""
    return '"' + clean_text(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_typst(table: Table, lang: str | None = None) -> str:
    """A Typst ``table(...)`` call; cells are string literals, so no markup in the data is interpreted."""
    shown = table if lang is None or lang == table.lang else replace(table, lang=lang)
    align = ", ".join("right" if c.numeric else "left" for c in table.columns)
    header = ", ".join(f"[*#{typst_string(h)}*]" for h in shown.headers)
    body = ", ".join(f"[#{typst_string(str(value))}]" for row in shown.shown for value in row)
    return f"table(columns: {len(table.columns)}, align: ({align},), table.header({header}), {body})"
