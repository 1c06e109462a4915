# SPDX-License-Identifier: EUPL-1.2
"""The HTML report: every section, self-contained (nothing fetched from another host), accessible
structure, and a golden snapshot."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dosa.dataset import Dataset, load_dataset
from dosa.report import Report, build_report, render_html

REPORT_DATE = dt.date(2026, 1, 15)

SNAPSHOTS = Path(__file__).parent / "snapshots"
EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


class Collector(HTMLParser):
    """Every start tag with its attributes, and the stack of open elements for each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes, tuple(self.stack)))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag not in {"meta", "br", "img", "input", "link", "rect", "line", "path"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def test_report_is_self_contained(html_reports: dict[str, str]) -> None:
    for lang, html in html_reports.items():
        page = parse(html)
        assert not [t for t, _, _ in page.tags if t in {"script", "link", "iframe", "object", "embed", "img"}], lang
        for tag, attributes, _ in page.tags:
            for name in ("src", "srcset", "data", "poster", "xlink:href", "action"):
                assert not attributes.get(name), f"{lang}: <{tag} {name}> loads a resource"
            href = attributes.get("href") or ""
            if EXTERNAL.match(href):
                assert tag == "a", f"{lang}: <{tag} href={href}> would load from another host"
        css = " ".join(re.findall(r"<style>(.*?)</style>", html, flags=re.S))
        for url in re.findall(r"url\(([^)]*)\)", css):
            assert url.strip("'\"").startswith("data:"), f"{lang}: CSS loads {url[:60]}"
        assert "@import" not in css


def test_external_links_are_only_the_cited_sources(html_reports: dict[str, str], reports: dict[str, Report]) -> None:
    for lang, html in html_reports.items():
        page = parse(html)
        links = {a.get("href") for tag, a, _ in page.tags if tag == "a" and EXTERNAL.match(a.get("href") or "")}
        assert links <= {e.source.url for e in reports[lang].sources}


def test_every_section_is_there(html_reports: dict[str, str], reports: dict[str, Report], mini: Dataset) -> None:
    for lang, html in html_reports.items():
        ids = set(parse(html).ids)
        expected = {
            "summary",
            "stack",
            "risk",
            "priorities",
            "scenarios",
            "chokepoints",
            "actions",
            "progress",
            "coverage",
            "sources",
        }
        assert expected <= ids, expected - ids
        for priority in mini.priorities:
            assert f"priority-{priority}" in ids
        for share in mini.shares.values():
            if share.subject in mini.subjects:
                assert any(i.startswith("chart-") for i in ids)
        assert f'<html lang="{lang}"' in html


def test_cover_carries_dataset_method_and_date(html_reports: dict[str, str], reports: dict[str, Report]) -> None:
    for lang, html in html_reports.items():
        report = reports[lang]
        cover = html[html.index('<header class="dosa-cover">') : html.index("</header>")]
        assert report.dataset_label in cover
        assert report.method_label in cover
        assert REPORT_DATE.isoformat() in cover
        assert report.date_text in cover


def test_charts_have_text_alternative_caption_source_and_table(html_reports: dict[str, str]) -> None:
    for lang, html in html_reports.items():
        figures = re.findall(
            r'<figure class="utrecht-figure dosa-chart".*?</figure>\s*(<div class="utrecht-table.*?</table>)',
            html,
            flags=re.S,
        )
        assert figures, lang
        for svg in re.findall(r"<svg .*?</svg>", html, flags=re.S):
            assert 'role="img"' in svg
            assert "<title" in svg
            assert "<desc" in svg
        for table in figures:
            assert "<caption" in table
            assert 'scope="col"' in table


def test_tables_have_captions_and_header_scopes(html_reports: dict[str, str]) -> None:
    for html in html_reports.values():
        tables = re.findall(r"<table.*?</table>", html, flags=re.S)
        assert tables
        for table in tables:
            assert "<caption" in table
            assert 'scope="col"' in table


def test_stack_states_each_class_in_words(reports: dict[str, Report], mini: Dataset) -> None:
    """No meaning by colour alone: every priority box in the stack says its class in text."""
    for report in reports.values():
        stack = next(s for s in report.sections if s.id == "stack").charts[0]
        assert len(stack.table.shown) == len(mini.priorities)
        for row in stack.table.shown:
            assert row[2], "every priority names its risk class (or that it was not assessed)"
            assert row[2] in stack.svg


def test_headings_do_not_skip_levels(html_reports: dict[str, str]) -> None:
    for html in html_reports.values():
        levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
        assert levels[0] == 1
        for previous, current in itertools.pairwise(levels):
            assert current <= previous + 1


def _normalised(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "<style>…</style>", html, flags=re.S)
    return re.sub(r"dosa \d+\.\d+\.\d+\S*", "dosa VERSION", html)


def test_golden_snapshot(html_reports: dict[str, str]) -> None:
    """Set DOSA_UPDATE_SNAPSHOTS=1 to rewrite the snapshots after an intended change."""
    for lang, html in html_reports.items():
        path = SNAPSHOTS / f"report-mini-{lang}.html"
        text = _normalised(html)
        if os.environ.get("DOSA_UPDATE_SNAPSHOTS") == "1":
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing snapshot {path.name}: run with DOSA_UPDATE_SNAPSHOTS=1"
        assert text == path.read_text(encoding="utf-8"), f"{path.name} differs: review, then update the snapshot"


def test_report_on_the_default_dataset(empty_db: str) -> None:
    dataset = load_dataset()
    for lang in ("nl", "en"):
        report = build_report(dataset, lang, REPORT_DATE, empty_db)
        html = render_html(report)
        ids = set(parse(html).ids)
        assert {f"priority-{p}" for p in dataset.priorities} <= ids
        assert report.dataset_label == dataset.info.label


@pytest.mark.parametrize("lang", ["xx", ""])
def test_unknown_language_is_refused(mini: Dataset, lang: str, empty_db: str) -> None:
    from dosa.errors import InputError

    with pytest.raises(InputError):
        build_report(mini, lang, REPORT_DATE, empty_db)


def test_progress_comes_from_the_status_ledger(mini: Dataset, db_url: str) -> None:
    """A status recorded through action monitoring shows in the report's progress section."""
    from dosa.monitoring import RawUpdate, plan_updates
    from dosa.monitoring.ledger import Ledger
    from dosa.store import open_store

    db = db_url
    ledger = Ledger(open_store(db))
    action = mini.actions_in_order()[0]
    plan = plan_updates(
        mini,
        [RawUpdate(action=action.id, status="done", date="2026-01-10", note="Delivered.", author="Tester")],
        ledger.entries(),
        today=REPORT_DATE,
        source="test",
    )
    ledger.apply(mini, plan, author="Tester", origin="cli")
    report = build_report(mini, "en", REPORT_DATE, db)
    progress = next(s for s in report.sections if s.id == "actions").subsections[0]
    table = progress.charts[0].table
    done_column = list(table.headers).index("done")
    row = next(r for r in table.shown if r[0] == mini.priorities[action.priority].name_en)
    assert row[done_column] == str(
        sum(1 for a in mini.actions.values() if a.id == action.id or action.id in a.repeated_as)
    )
    assert "1 of" in progress.paragraphs[0]


def test_risk_section_places_every_assessed_subject(reports: dict[str, Report], mini: Dataset) -> None:
    from dosa.risk import Harm, assess

    assessment = assess(mini, seed=0)
    report = reports["en"]
    assert report.method_label == assessment.method.label
    risk = next(s for s in report.sections if s.id == "risk")
    for harm, chart in zip(Harm, risk.charts, strict=True):
        applicable = {r.subject.id for r in assessment.results if r.harms[harm].applicable}
        assert len(chart.table.shown) == len(applicable)
        placed = sorted(int(n) for n in re.findall(r">([\d, ]+)</text>", chart.svg) for n in n.split(", ") if n)
        ranks = sorted(r.rank for r in assessment.results if r.subject.id in applicable)
        assert [p for p in placed if p in ranks] == ranks


def test_stack_is_coloured_by_the_priorities_worst_class(reports: dict[str, Report], mini: Dataset) -> None:
    from dosa.report.risk import RISK_LABELS
    from dosa.risk import assess
    from dosa.risk.score import rollups

    assessment = assess(mini, seed=0)
    worst: dict[str, int] = {}
    for rollup in rollups(assessment, mini, "priority"):
        if rollup.risk is not None:
            worst[rollup.group] = max(worst.get(rollup.group, -1), rollup.risk.order)
    stack = next(s for s in reports["en"].sections if s.id == "stack").charts[0]
    by_name = {row[1]: row[2] for row in stack.table.shown}
    for priority in mini.priorities.values():
        text = by_name[f"{priority.number}. {priority.name_en}"]
        if priority.id in worst:
            expected = RISK_LABELS[sorted(RISK_LABELS, key=lambda c: c.order)[worst[priority.id]]]
            assert text == f"risk: {expected}"
        else:
            assert text == "risk not assessed"


def test_report_runs_every_shipped_scenario(empty_db: str) -> None:
    import dosa.graph as graph

    shipped_scenarios = graph.shipped_scenarios

    dataset = load_dataset()
    report = build_report(dataset, "en", REPORT_DATE, empty_db)
    scenarios = next(s for s in report.sections if s.id == "scenarios")
    assert [s.id for s in scenarios.subsections] == [f"scenario-{n}" for n in sorted(shipped_scenarios())]
    chokepoints = next(s for s in report.sections if s.id == "chokepoints")
    assert chokepoints.tables[0].shown
