# SPDX-License-Identifier: EUPL-1.2
"""The progress report for a fixed status history (conftest.HISTORY on the real agenda), built once on
the report's content model and rendered as Markdown (golden files in both languages), HTML and tagged
PDF, which must tell the same story.

Regenerate the golden files after an intended change with ``DOSA_UPDATE_GOLDEN=1 pytest tests/monitoring``
and review the diff. The expected values below are worked out by hand from the history and
``data/default/actions.yaml``, not from dosa's output.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from dosa.dataset import Dataset
from dosa.monitoring.coverage import RiskFinding
from dosa.monitoring.ledger import Ledger
from dosa.report.content import Report, Section
from dosa.report.html import render_html
from dosa.report.markdown import render_markdown
from dosa.report.pdf import render_pdf
from dosa.report.progress import progress_report, progress_view
from dosa.tables import Table

GOLDEN = Path(__file__).parent / "golden"

SINCE, AS_OF = dt.date(2023, 12, 31), dt.date(2024, 3, 1)


def _report(agenda: Dataset, ledger: Ledger, lang: str, **options: object) -> Report:
    view = progress_view(agenda, ledger.entries(), AS_OF, since=SINCE, **options)  # type: ignore[arg-type]
    return progress_report(view, lang)


def _section(report: Report, section_id: str) -> Section:
    def walk(sections: list[Section]) -> Section | None:
        for section in sections:
            if section.id == section_id:
                return section
            found = walk(section.subsections)
            if found is not None:
                return found
        return None

    found = walk(report.sections)
    assert found is not None, f"no section {section_id}"
    return found


def _table(report: Report, section_id: str) -> Table | None:
    section = _section(report, section_id)
    return section.tables[0] if section.tables else None


def _rows(report: Report, section_id: str) -> list[list[str]]:
    table = _table(report, section_id)
    return [list(map(str, row)) for row in table.shown] if table is not None else []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_markdown_matches_the_golden_file(agenda: Dataset, history_ledger: Ledger, lang: str) -> None:
    text = render_markdown(_report(agenda, history_ledger, lang))
    golden = GOLDEN / f"progress-2024-03-01.{lang}.md"
    if os.environ.get("DOSA_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_report_content_for_the_fixed_history(agenda: Dataset, history_ledger: Ledger) -> None:
    report = _report(agenda, history_ledger, "en")
    ids = [s.id for s in report.sections]
    assert ids == ["status", *[f"progress-{p.id}" for p in agenda.priorities_in_order()], "coverage", "reading"]
    # a001 'Doorlopend' (ongoing), a002 lopend due Q4 2023 (in progress, overdue), a003 nieuw due 2024-12-31
    # (not started), a004 done on 20 December; overdue by 31 + 29 + 1 = 61 days on 1 March 2024 (a leap year).
    status = report.sections[0].charts[0].table
    raw_row = next(row for row in status.shown if row[0] == "Critical raw materials")
    assert status.headers[1:7] == ["not started", "in progress", "done", "delayed", "stopped", "ongoing"]
    assert list(raw_row[1:]) == ["1", "1", "1", "0", "0", "1", "4", "1"]
    assert status.shown[-1][0] == "Total"
    assert status.shown[-1][7] == str(len(agenda.actions))
    assert status.rows[-1][7] == len(agenda.actions), "exports get the number as a number"
    assert _table(report, "progress-critical_raw_materials-changes") is None, "a004 was done before 31 December"
    overdue = _rows(report, "progress-critical_raw_materials-attention")
    assert [row[:7] for row in overdue] == [["a002", "31 Dec 2023", "overdue", "61", "", "EZK, BHOS", "in progress"]]
    changes = {
        priority: [(row[0], row[2]) for row in _rows(report, f"progress-{priority}-changes")]
        for priority in ("ai", "open_source_software", "office_software", "cloud", "network_technology", "photonics")
    }
    assert changes == {
        "ai": [("a056", "in progress → done")],
        "open_source_software": [("a037", "in progress → delayed")],
        "office_software": [("a081", "in progress → delayed")],  # a081 repeats a037: the repeat follows
        "cloud": [("a055", "not started → stopped")],
        "network_technology": [("a026", "in progress (note only)")],
        "photonics": [("a015", "not started → in progress")],
    }
    figures = dict(report.key_figures)
    assert figures["Changes since 31 December 2023"] == "6"  # the six rows above
    assert figures["Status entries used"] == "8"  # seven recorded rows and a081's repeat of a037
    assert figures["Actions"] == str(len(agenda.actions))
    colophon = dict(report.colophon)
    assert colophon["dataset"] == agenda.info.label
    assert colophon["method"] == "due dates from the agenda's timelines; no risk method"
    assert [entry.source.id for entry in report.sources] == ["dosa-agenda-2023"]


def test_risks_without_an_action_appear_per_priority(agenda: Dataset, history_ledger: Ledger) -> None:
    findings = [
        RiskFinding("gallium", "interruption", "very high (DE)", True, "test-method 1", risk="very_high", cell="DE"),
        RiskFinding("leo_satellite_communication", "interruption", "high (DC)", True, "test-method 1"),
        RiskFinding("cobalt", "interruption", "medium (BB)", False, "test-method 1", risk="medium", cell="BB"),
    ]
    report = _report(agenda, history_ledger, "nl", findings=findings)
    raw = _rows(report, "progress-critical_raw_materials-uncovered")
    gallium = ["Gallium", "Kritieke grondstoffen", "onderbreking van de levering", "zeer hoog (DE)"]
    assert raw == [[*gallium, "a001, a002, a003, a004"]], "cobalt's medium risk needs no action"
    network = _section(report, "progress-network_technology-uncovered")
    assert network.tables == []
    assert network.paragraphs == ["Elk hoog of zeer hoog risico heeft ten minste één actie."]
    assert dict(report.colophon)["method"].startswith("risicomethode test-method 1")
    assert "Hoge en zeer hoge risico's zonder actie" in render_markdown(report)


def test_html_is_accessible_and_self_contained(agenda: Dataset, history_ledger: Ledger) -> None:
    html = render_html(_report(agenda, history_ledger, "nl"))
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl"' in html
    assert 'href="#main"' in html
    assert 'id="main"' in html
    assert html.count("<table") == html.count("<caption")
    assert '<th scope="col"' in html
    assert '<th scope="row"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no request to another host"
    for priority in agenda.priorities.values():
        assert f'id="progress-{priority.id}"' in html
        assert priority.name_nl in html
    assert "test: merged into another study" in html
    assert agenda.info.label in html, "the colophon names the dataset"
    assert "geen risicomethode" in html, "and the method"


def test_english_report_marks_the_dutch_summaries(agenda: Dataset, history_ledger: Ledger) -> None:
    html = render_html(_report(agenda, history_ledger, "en"))
    assert '<span lang="nl">Aanjagende rol innemen binnen de EU' in html


def test_html_and_markdown_escape_notes(agenda: Dataset, ledger: Ledger) -> None:
    from dosa.monitoring.updates import RawUpdate, plan_updates

    note = "<script>alert(1)</script> | # not a heading"
    plan = plan_updates(agenda, [RawUpdate("a004", "done", "2024-01-02", note, "x")], [], today=AS_OF, source="test")
    ledger.apply(agenda, plan, author="x")
    report = _report(agenda, ledger, "en")
    html = render_html(report)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    markdown = render_markdown(report)
    line = next(line for line in markdown.splitlines() if line.startswith("| a004 "))
    assert line.count(" | ") == 4, "the pipe in the note does not split the cell"
    assert "\\<script\\>" in line


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_is_tagged_with_title_and_language(agenda: Dataset, history_ledger: Ledger, lang: str) -> None:
    report = _report(agenda, history_ledger, lang)
    pdf = render_pdf(report)
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "tagged PDF"
    assert root["/Lang"] == lang
    assert reader.metadata is not None
    assert reader.metadata.title == report.title
    text = "".join(page.extract_text() for page in reader.pages)
    assert report.title.split()[0] in text
    assert "a002" in text, "the overdue action is in the PDF"
    assert agenda.info.label in text
    assert pdf == render_pdf(report), "the same report gives the same bytes"


def _words(text: str) -> str:
    """Text with markup and table rules gone and whitespace collapsed, so that formats compare."""
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    text = text.replace("\\", "").replace("|", " ").replace("*", " ")
    return " ".join(text.replace(":", " ").split())


def test_markdown_html_and_pdf_tell_the_same_story(agenda: Dataset, history_ledger: Ledger) -> None:
    """Regression: one content model, three renderers: every count and every flagged action in all three."""
    report = _report(agenda, history_ledger, "nl")
    reader = PdfReader(io.BytesIO(render_pdf(report)))
    texts = {
        "md": _words(render_markdown(report)),
        "html": _words(render_html(report)),
        "pdf": _words(" ".join(page.extract_text() for page in reader.pages)),
    }
    expected = ["Kritieke grondstoffen 1 1 1 0 0 1 4 1", "a002 31 dec 2023 over tijd 61"]  # worked out by hand
    expected += [f"{name} {value}" for name, value in report.key_figures]
    expected += [" ".join(row) for row in report.sections[0].charts[0].table.shown]  # status per priority
    for section in report.sections[1:]:
        for part in section.subsections:
            rows = [row for table in part.tables for row in table.shown if row[0].startswith("a")]
            expected += [" ".join(_words(cell) for cell in row[:4]) for row in rows]
    for fmt, text in texts.items():
        missing = [line for line in expected if _words(line) not in text]
        assert not missing, f"{fmt} lacks {missing[:3]}"
        for action in ("a002", "a015", "a026", "a037", "a055", "a056", "a081"):
            assert text.count(action) == texts["md"].count(action), f"{fmt} mentions {action} another number of times"


def test_a_late_report_is_listed_as_such(
    agenda: Dataset, history_ledger: Ledger, clock: Callable[..., Callable[[], dt.datetime]]
) -> None:
    """Recorded on 1 March but dated before the previous report: the previous report could not show it."""
    from dosa.monitoring.updates import RawUpdate, plan_updates

    history_ledger.clock = clock(dt.datetime(2024, 3, 1, 10))
    plan = plan_updates(
        agenda, [RawUpdate("a002", "done", "2023-12-15", "test: concluded in December", "x")],
        history_ledger.entries(), today=AS_OF, source="test",
    )  # fmt: skip
    history_ledger.apply(agenda, plan, author="x")
    report = _report(agenda, history_ledger, "en")
    rows = _rows(report, "progress-critical_raw_materials-changes")
    assert [(row[0], row[1]) for row in rows] == [("a002", "15 Dec 2023 (reported late, on 1 Mar 2024)")]
    assert _table(report, "progress-critical_raw_materials-attention") is None, "a002 is done: no longer overdue"


def test_the_previous_report_date_cannot_follow_the_as_of_date(agenda: Dataset) -> None:
    from dosa.errors import InputError

    with pytest.raises(InputError, match="after the as-of date"):
        progress_view(agenda, [], SINCE, since=AS_OF)
