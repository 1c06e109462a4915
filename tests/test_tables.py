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


# --- one table for every face: the same Table drawn as HTML, Typst, the templates and the terminal ---


def _suppliers(lang: str) -> Table:
    """Two suppliers, built once from one column list; the share is shown as the report formats it."""
    columns = [
        Column("name", lambda s: s[0], label_en="Supplier", label_nl="Leverancier", link=lambda s: f"suppliers/{s[2]}"),
        Column(
            "share",
            lambda s: s[1],
            label_en="Share",
            label_nl="Aandeel",
            kind=Kind.NUMBER,
            unit="%",
            show=lambda s: f"{s[1]:.1f} %".replace(".", "," if lang == "nl" else "."),
        ),
        Column("eu", lambda s: s[3], label_en="In the EU", label_nl="In de EU", kind=Kind.BOOL),
    ]
    items = [("ASML", 62.5, "asml", True), ("TSMC", 37.5, "tsmc", False)]
    return Table.of(items, columns, title="Suppliers" if lang == "en" else "Leveranciers", lang=lang)


def test_one_table_reads_the_same_in_html_typst_and_the_terminal() -> None:
    from rich.console import Console

    from dosa.cli.output import rich_table

    dutch = _suppliers("nl")
    assert dutch.headers == ["Leverancier", "Aandeel (%)", "In de EU"]
    assert dutch.shown == [["ASML", "62,5 %", "ja"], ["TSMC", "37,5 %", "nee"]], "display texts, booleans in Dutch"
    assert dutch.rows == [("ASML", 62.5, True), ("TSMC", 37.5, False)], "the raw values stay for the files"
    assert dutch.numeric == frozenset({1})
    html = to_html(dutch, base="/nl/")
    assert "<caption>Leveranciers</caption>" in html
    assert '<th scope="col">Aandeel (%)</th>' in html
    assert '<td><a href="/nl/suppliers/asml">ASML</a></td>' in html
    assert '<td class="num">62,5 %</td>' in html
    assert "<td>nee</td>" in html
    assert "<a " not in to_html(dutch), "no base: no links"
    typst = to_typst(dutch)
    assert typst.startswith("table(columns: 3, align: (left, right, left,)")
    assert '[*#"Aandeel (%)"*]' in typst
    assert '[#"62,5 %"]' in typst
    assert '[#"ja"]' in typst
    console = Console(record=True, width=120, file=io.StringIO())
    console.print(rich_table(dutch, "nl"))
    dutch_terminal = console.export_text()
    assert "Leverancier" in dutch_terminal
    assert "62,5 %" in dutch_terminal
    assert "nee" in dutch_terminal
    console = Console(record=True, width=120, file=io.StringIO())
    console.print(rich_table(_suppliers("en"), "en"))
    terminal = console.export_text()
    assert "Supplier" in terminal
    assert "Share (%)" in terminal
    assert "62.5" in terminal
    assert "yes" in terminal


def test_report_templates_lay_out_the_one_table() -> None:
    """The NL Design System macro shared by report and dashboard: scope on header cells, numeric class,
    links only where the dashboard gives a base."""
    from dosa.report.html import make_environment

    macro = make_environment("nl").from_string(
        '{% from "_macros.html.j2" import data_table %}{{ data_table(t, base) }}'
    )
    page = macro.render(t=_suppliers("nl"), base="/nl/")
    assert '<caption class="utrecht-table__caption">Leveranciers</caption>' in page
    assert page.count('scope="col"') == 3
    assert page.count('scope="row"') == 2
    assert 'utrecht-table__header-cell--numeric">Aandeel (%)</th>' in page
    assert 'utrecht-table__cell--numeric">62,5 %</td>' in page
    assert '<a class="nl-link" href="/nl/suppliers/tsmc">TSMC</a>' in page
    assert "href" not in macro.render(t=_suppliers("nl"), base=None)


def test_a_file_asked_in_dutch_is_dutch_throughout_in_either_dialect() -> None:
    for fmt, delimiter in ((Format.CSV, ","), (Format.CSV_NL, ";")):
        text = export([_suppliers("nl")], fmt, PROVENANCE, lang="nl").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        assert rows[0] == ["Leverancier", "Aandeel (%)", "In de EU", "datasetversie", "methodeversie"]
        assert [r[2] for r in rows[1:]] == ["ja", "nee"]
        assert rows[1][1] == ("62,5" if fmt is Format.CSV_NL else "62.5"), "the dialect decides the decimal mark"
    workbook = load_workbook(io.BytesIO(export([_suppliers("nl")], Format.XLSX, PROVENANCE, lang="nl")))
    data, about = workbook.worksheets
    assert [c.value for c in data[1]] == ["Leverancier", "Aandeel (%)", "In de EU", "datasetversie", "methodeversie"]
    assert data["B2"].value == 62.5
    assert data["C3"].value == "nee"
    assert about.title == "over"
    assert {row[0] for row in about.iter_rows(values_only=True)} >= {"sleutel", "tabel", "datasetversie"}
    keyed = export([_suppliers("nl")], Format.CSV, PROVENANCE).decode().splitlines()[0]
    assert keyed == "name,share,eu,dataset_version,method_version", "without a language: the stable keys"
