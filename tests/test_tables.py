# SPDX-License-Identifier: EUPL-1.2
"""The one table model and exporter: safe cells, the same booleans everywhere, versions in every file."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from dosa.tables import Column, Format, Kind, Provenance, Table, export, to_html, to_typst

PROVENANCE = Provenance("mini 0.0.1", "dosa-risk 1.0.0")
HOSTILE = ["=1+1", "+31 6", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain"]


def _table() -> Table:
    columns = [Column("note"), Column("flag", kind=Kind.BOOL), Column("value", kind=Kind.NUMBER)]
    return Table.from_rows(columns, [(text, True, -1.5) for text in HOSTILE], title="Hostile", name="hostile")


def test_csv_neutralises_every_formula_start_but_keeps_numbers() -> None:
    rows = list(csv.reader(io.StringIO(export([_table()], Format.CSV, PROVENANCE).decode())))
    assert rows[0] == ["note", "flag", "value", "dataset_version", "method_version"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+31 6", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "plain"]
    assert {r[2] for r in rows[1:]} == {"-1.5"}, "a number is a number, not text to neutralise"
    assert {r[1] for r in rows[1:]} == {"yes"}
    assert {(r[3], r[4]) for r in rows[1:]} == {("mini 0.0.1", "dosa-risk 1.0.0")}


def test_csv_nl_is_excel_dialect_with_a_decimal_comma() -> None:
    text = export([_table()], Format.CSV_NL, PROVENANCE).decode("utf-8")
    assert text.startswith("\ufeffnote;flag;value;")
    assert text.splitlines()[-1] == "plain;yes;-1,5;mini 0.0.1;dosa-risk 1.0.0"


def test_xlsx_stores_text_as_text_in_every_sheet_and_survives_control_characters() -> None:
    nasty = Table.from_rows(["note"], [('=HYPERLINK("http://x")',), ("a\x00b\x1bc",)], title="=cmd|' /C calc'!A0")
    workbook = load_workbook(io.BytesIO(export([nasty], Format.XLSX, PROVENANCE)))
    data, about = workbook.worksheets
    assert [c.data_type for c in data["A"]] == ["s", "s", "s"]
    assert data["A2"].value == '=HYPERLINK("http://x")'
    assert data["A3"].value == "a\ufffdb\ufffdc", "NUL and ESC are replaced, not a crash"
    values = {row[0]: row[1] for row in about.iter_rows(values_only=True)}
    assert values["dataset_version"] == "mini 0.0.1"
    assert values["method_version"] == "dosa-risk 1.0.0"
    assert all(c.data_type == "s" for row in about.iter_rows() for c in row if c.value is not None)


def test_booleans_read_the_same_in_every_format() -> None:
    table = Table.from_rows([Column("ok", kind=Kind.BOOL)], [(True,), (False,)])
    csv_rows = export([table], Format.CSV, PROVENANCE).decode().splitlines()[1:]
    assert [row.split(",")[0] for row in csv_rows] == ["yes", "no"]
    sheet = load_workbook(io.BytesIO(export([table], Format.XLSX, PROVENANCE))).worksheets[0]
    assert [sheet["A2"].value, sheet["A3"].value] == ["yes", "no"]
    assert [r["ok"] for r in json.loads(export([table], Format.JSON, PROVENANCE))] == [True, False]
    assert "<td>yes</td>" in to_html(table)


def test_json_of_several_tables_carries_the_provenance() -> None:
    about = Provenance("d 1", "m 2", {"project": "org"})
    payload = json.loads(export([_table(), Table.from_rows(["a"], [(1,)], name="other")], Format.JSON, about))
    assert (payload["project"], payload["dataset_version"], payload["method_version"]) == ("org", "d 1", "m 2")
    assert set(payload["sections"]) == {"hostile", "other"}


def test_csv_holds_one_table() -> None:
    from dosa.errors import InputError

    with pytest.raises(InputError, match="one table"):
        export([_table(), _table()], Format.CSV, PROVENANCE)


def test_html_and_typst_escape_the_data() -> None:
    table = Table.from_rows(
        [Column("n", label_en="Name", label_nl="Naam"), Column("v", kind=Kind.INTEGER)], [('<script>"x"</script>', 3)]
    )
    html = to_html(table, "nl")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<th scope="col">Naam</th>' in html
    assert '<td class="num">3</td>' in html
    typst = to_typst(table)
    assert '[#"<script>\\"x\\"</script>"]' in typst
    assert typst.startswith("table(columns: 2, align: (left, right,)")
