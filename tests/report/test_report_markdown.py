# SPDX-License-Identifier: EUPL-1.2
"""The Markdown renderer works for any report of the content model: here the main report of the mini
dataset, which has charts, nested sections and a bibliography."""

from __future__ import annotations

from dosa.report import Report
from dosa.report.content import Section
from dosa.report.markdown import render_markdown


def _sections(sections: list[Section]) -> list[Section]:
    return [s for section in sections for s in (section, *_sections(section.subsections))]


def test_every_heading_table_and_source_is_in_the_markdown(reports: dict[str, Report]) -> None:
    for lang, report in reports.items():
        text = render_markdown(report)
        lines = text.splitlines()
        assert lines[0] == f"# {report.title}"
        colophon = "Methode" if lang == "nl" else "Method"
        assert f"- {colophon}: " in text, "the colophon names the method"
        assert report.dataset_label in text, "and the dataset version"
        headings = [line.lstrip("#").strip() for line in lines if line.startswith("#")]
        tables = 0
        for section in _sections(report.sections):
            assert " ".join(section.title.split()).replace("_", "\\_") in headings, section.title
            for table in [*(c.table for c in section.charts), *section.tables]:
                tables += 1
                header = "| " + " | ".join(" ".join(h.split()) for h in table.headers) + " |"
                assert header.replace("_", "\\_") in lines, table.caption
                assert sum(line.startswith("| ") for line in lines) >= len(table.shown)
        assert tables > 5
        assert len(report.sources) > 0
        for entry in report.sources:
            assert any(line.startswith(f"{entry.number}. ") for line in lines), entry.source.id


def test_a_cell_never_breaks_its_table() -> None:
    import datetime as dt

    from dosa.i18n import localizer
    from dosa.report.content import column, table_of_rows

    loc = localizer("en")
    rows = [["x | y", "line one\nline two"], ["# no", "- no"]]
    table = table_of_rows(loc, "Notes", [column(loc, "a", "A"), column(loc, "b", "B")], rows)
    report = Report(
        "en", "T", "S", dt.date(2026, 1, 1), "1 January 2026", "set 1", "", "", "m 1", "0", [], [],
        [Section("s", "S", tables=[table])], [],
    )  # fmt: skip
    lines = render_markdown(report).splitlines()
    assert "| x \\| y | line one line two |" in lines
    assert "| # no | - no |" in lines
