# SPDX-License-Identifier: EUPL-1.2
"""The progress report for a fixed status history: golden Markdown in both languages, HTML and tagged PDF.

Regenerate the golden files after an intended change with ``DOSA_UPDATE_GOLDEN=1 pytest tests/monitoring``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
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
from dosa.monitoring.render import render_html, render_markdown, render_pdf
from dosa.monitoring.report import progress_report

GOLDEN = Path(__file__).parent / "golden"
SINCE, AS_OF = dt.date(2023, 12, 31), dt.date(2024, 3, 1)


def _report(agenda: Dataset, ledger: Ledger, lang: str, **options: object) -> dict[str, object]:
    return progress_report(agenda, ledger.entries(), since=SINCE, as_of=AS_OF, lang=lang, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_markdown_matches_the_golden_file(agenda: Dataset, history_ledger: Ledger, lang: str) -> None:
    text = render_markdown(_report(agenda, history_ledger, lang))
    golden = GOLDEN / f"progress-2024-03-01.{lang}.md"
    if os.environ.get("DOSA_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_report_content_for_the_fixed_history(agenda: Dataset, history_ledger: Ledger) -> None:
    report = _report(agenda, history_ledger, "en")
    sections = {p["id"]: p for p in report["priorities"]}  # type: ignore[attr-defined]
    assert list(sections) == [p.id for p in agenda.priorities_in_order()]
    raw = sections["critical_raw_materials"]
    assert raw["changes"] == [], "a004 was done on 20 December, before the previous report"
    assert [a["action"] for a in raw["overdue"]] == ["a002"], "Q4 2023, running, nothing reported"
    ai = sections["ai"]
    assert [(c["action"], c["from"], c["to"]) for c in ai["changes"]] == [("a056", "in progress", "done")]
    oss = sections["open_source_software"]
    assert [(c["action"], c["to"]) for c in oss["changes"]] == [("a037", "delayed")]
    office = sections["office_software"]
    assert [(c["action"], c["to"]) for c in office["changes"]] == [("a081", "delayed")], "the repeat follows"
    cloud = sections["cloud"]
    assert ("a055", "stopped") in [(c["action"], c["to"]) for c in cloud["changes"]]
    network = sections["network_technology"]
    assert [(c["action"], c["changed"]) for c in network["changes"]] == [("a026", False)]
    totals = report["totals"]
    assert totals["actions"] == 128
    assert sum(totals["counts"]) == 128
    assert totals["changes"] == 6  # type: ignore[index]
    assert report["entries_used"] == 8


def test_risks_without_an_action_appear_per_priority(agenda: Dataset, history_ledger: Ledger) -> None:
    findings = [
        RiskFinding("gallium", "interruption", "very high (DE)", high=True, method="test-method 1"),
        RiskFinding("leo_satellite_communication", "interruption", "high (DC)", high=True, method="test-method 1"),
    ]
    report = _report(agenda, history_ledger, "nl", findings=findings)
    sections = {p["id"]: p for p in report["priorities"]}  # type: ignore[attr-defined]
    assert [u["subject"] for u in sections["critical_raw_materials"]["uncovered"]] == ["gallium"]
    assert sections["network_technology"]["uncovered"] == []
    text = render_markdown(report)
    assert "Hoge en zeer hoge risico's zonder actie" in text
    assert "test-method 1" in text


def test_html_is_accessible_and_self_contained(agenda: Dataset, history_ledger: Ledger) -> None:
    html = render_html(_report(agenda, history_ledger, "nl"))
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in html
    assert 'href="#main"' in html
    assert '<main id="main">' in html
    assert html.count("<table>") == html.count("<caption>")
    assert '<th scope="col">' in html
    assert '<th scope="row">' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no request to another host"
    for priority in agenda.priorities.values():
        assert f'id="p-{priority.id}"' in html
        assert priority.name_nl in html
    assert "test: merged into another study" in html


def test_html_escapes_notes(agenda: Dataset, ledger: Ledger) -> None:
    from dosa.monitoring.updates import RawUpdate, plan_updates

    plan = plan_updates(
        agenda, [RawUpdate("a004", "done", "2024-01-02", "<script>alert(1)</script>", "x")], [],
        today=AS_OF, source="test",
    )  # fmt: skip
    ledger.apply(agenda, plan, author="x")
    html = render_html(_report(agenda, ledger, "en"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_is_tagged_with_title_and_language(agenda: Dataset, history_ledger: Ledger, lang: str) -> None:
    report = _report(agenda, history_ledger, lang)
    pdf = render_pdf(report)
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "tagged PDF"
    assert root["/Lang"] == lang
    assert reader.metadata is not None
    assert reader.metadata.title == f"{report['title']} — {report['as_of_text']}"
    text = "".join(page.extract_text() for page in reader.pages)
    assert str(report["title"]).split()[0] in text
    assert "a002" in text, "the overdue action is in the PDF"
    assert pdf == render_pdf(report), "the same report gives the same bytes"


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
    raw = next(p for p in report["priorities"] if p["id"] == "critical_raw_materials")  # type: ignore[attr-defined]
    assert [(c["action"], c["late"]) for c in raw["changes"]] == [("a002", True)]
    assert "2023-12-15 (reported late, on 2024-03-01)" in render_markdown(report)
