# SPDX-License-Identifier: EUPL-1.2
"""The inventory report on the report's content model, from a small hand-written inventory
(tests/fixtures/inventory: six services, one SBOM of five components) on the mini dataset.

Every expected figure is worked out by hand from the fixture. Critical functions per service:
Mail 2 (payments, permits), Docs 1, Archive 1, Portal 1; Chat and Backup list none and weigh nothing.
So by vendor: Contoso Mail 2 of 5 = 40 %, Contoso, Dragon Cloud and Webbouw 1 each = 20 %, HHI
40² + 3·20² = 2,800; by group (Mail's parent is Contoso): Contoso 3 = 60 %, HHI 60² + 2·20² = 4,400;
by jurisdiction: United States 3 (Mail's parent, Docs), China 1, Netherlands 1; by cloud provider
(Docs is no cloud service; Portal is hosted on Other Hoster): Contoso 2 of 4 = 50 %, HHI 3,750.
Components: left-pad declares Contoso, core declares TSMC (a dataset supplier in Taiwan), three
declare nothing: vendor known for 2 of 5 = 40 %, jurisdiction for 1 of 5 = 20 %.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from dosa.dataset import Dataset
from dosa.inventory import import_paths
from dosa.inventory.mapping import VendorMap
from dosa.report import Report, render_html, render_pdf
from dosa.report.content import Section
from dosa.report.inventory import inventory_report, machine_tables
from dosa.store import open_store
from dosa.tables import Table

FIXTURE = Path(__file__).parent.parent / "fixtures" / "inventory"
DATE = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def inventory_db(new_db_url: Callable[[], str]) -> str:
    db = new_db_url()
    summary = import_paths(open_store(db), [FIXTURE / "services.csv", FIXTURE / "portal.cdx.json"], "org")
    assert summary.ok
    return db


@pytest.fixture(scope="module")
def inventory_reports(mini: Dataset, inventory_db: str) -> dict[str, Report]:
    store = open_store(inventory_db)
    return {lang: inventory_report(store, "org", mini, VendorMap(mini), lang=lang, date=DATE) for lang in ("nl", "en")}


def _section(report: Report, section_id: str) -> Section:
    def walk(sections: list[Section]) -> list[Section]:
        return [s for section in sections for s in (section, *walk(section.subsections))]

    return next(s for s in walk(report.sections) if s.id == section_id)


def _table(report: Report, name: str) -> Table:
    from dosa.report.inventory import all_tables

    return next(t for t in all_tables(report.sections) if t.name == name)


def test_key_figures_and_summary(inventory_reports: dict[str, Report]) -> None:
    dutch = inventory_reports["nl"]
    assert dutch.title == "Inventarisrapport: org"
    assert dutch.key_figures == [
        ("Actuele SBOM's", "1"),
        ("Componenten", "5"),
        ("Diensten", "6"),
        ("Kritieke diensten", "4"),
        ("Kritieke diensten zonder getest exitplan", "2"),
        ("Componenten met bekende leverancier", "40 %"),
    ]
    assert "Contoso heeft 60 % van de kritieke functies waarvan het concern bekend is." in dutch.summary
    assert "Afhankelijkheden binnen bereik van een rechtsmacht met hoog risico: Archive." in dutch.summary


def test_concentration_at_a_glance(inventory_reports: dict[str, Report]) -> None:
    table = _table(inventory_reports["en"], "concentration")
    assert table.cells is not None
    rows = {(row[0], row[1]): list(row[2:]) for row in table.rows}
    # holders, HHI, largest, three largest, known (%)
    assert rows[("vendor", "critical functions")] == [4, 2800, 40.0, 80.0, 100.0]
    assert rows[("group (ultimate parent)", "critical functions")] == [3, 4400, 60.0, 100.0, 100.0]
    assert rows[("jurisdiction", "critical functions")] == [3, 4400, 60.0, 100.0, 100.0]
    assert rows[("cloud provider", "critical functions")] == [3, 3750, 50.0, 100.0, 100.0]
    assert rows[("vendor", "services")] == [6, 1667, 16.7, 50.0, 100.0]  # six vendors, 100/6 % each
    assert rows[("jurisdiction", "services")] == [4, 2778, 33.3, 83.3, 100.0]  # US 2, NL 2, CN 1, DE 1
    assert rows[("vendor", "components")] == [2, 5000, 50.0, 100.0, 40.0]
    assert rows[("jurisdiction", "components")] == [1, 10000, 100.0, 100.0, 20.0]
    dutch = {(row[0], row[1]) for row in _table(inventory_reports["nl"], "concentration").shown}
    assert ("rechtsmacht", "kritieke functies") in dutch


def test_a_subsection_and_chart_per_dimension(inventory_reports: dict[str, Report]) -> None:
    dutch = inventory_reports["nl"]
    concentration = _section(dutch, "inventory-concentration")
    assert [s.title for s in concentration.subsections][:4] == [  # then a subsection per rank of the chains
        "Concentratie per leverancier",
        "Concentratie per concern",
        "Concentratie per rechtsmacht",
        "Concentratie per cloudaanbieder",
    ]
    jurisdiction = _section(dutch, "inventory-concentration-jurisdiction")
    assert [s.title for s in jurisdiction.subsections] == [
        "Gewogen naar kritieke functies",
        "Gewogen naar diensten",
        "Gewogen naar componenten",
    ]
    critical = _section(dutch, "inventory-concentration-jurisdiction-critical-functions")
    (chart,) = critical.charts
    assert chart.id == "chart-jurisdiction-critical-functions"
    assert [row[:3] for row in chart.table.shown] == [
        ["Verenigde Staten", "3", "60 %"],
        ["China", "1", "20 %"],
        ["Nederland", "1", "20 %"],
    ]
    assert "Verenigde Staten" in chart.svg
    assert "60 %" in chart.svg
    assert chart.alt.startswith("Staafdiagram.")
    figures = critical.paragraphs[1]
    assert figures.startswith("Gewogen naar kritieke functies: de rechtsmacht is bekend voor alle 5.")
    assert "Houders: 3; de grootste heeft 60 %, de drie grootste samen 100 %; HHI 4.400." in figures
    components = _section(dutch, "inventory-concentration-vendor-components").paragraphs[-1]
    assert "de leverancier is bekend voor 2 van de 5 (40 %); voor de overige 3 is dat onbekend" in components
    group = _section(dutch, "inventory-concentration-group-critical-functions").paragraphs[1]
    assert group.startswith("Gewogen naar kritieke functies: het concern is bekend voor alle 5.")


def test_charts_show_the_largest_holders_and_the_rest_as_one_bar(mini: Dataset) -> None:
    from dosa.i18n import localizer
    from dosa.inventory.analysis import concentration
    from dosa.report.inventory import concentration_chart

    result = concentration("vendor", "components", [(f"vendor {n:02d}", 1.0) for n in range(12)])
    chart = concentration_chart(result, mini, localizer("en"), "test", "chart-test")
    assert len(chart.table.shown) == 12, "the table lists every holder"
    assert chart.svg.count("<rect ") == 1 + 11, "a background, ten bars and one for the other two holders"
    assert "other holders (2)" in chart.svg


def test_critical_services_without_a_tested_exit_plan(inventory_reports: dict[str, Report]) -> None:
    table = _table(inventory_reports["nl"], "exit_gaps")
    assert [row[:4] for row in table.shown] == [
        ["Mail", "Contoso Mail", "payments; permits", "beschreven, niet getest"],
        ["Docs", "Contoso", "payments", "geen"],
    ]
    assert table.shown[0][5] == "geen alternatieve aanbieder vastgelegd; exitplan: beschreven, niet getest"


def test_high_risk_and_non_eu_jurisdictions_named(inventory_reports: dict[str, Report]) -> None:
    table = _table(inventory_reports["nl"], "jurisdictions")
    assert [(row[0], row[2], row[3], row[7]) for row in table.shown] == [
        ("Archive", "hoofdkantoor van de leverancier", "China", "1"),
        ("Mail", "hoofdkantoor van de moedermaatschappij", "Verenigde Staten", "2"),
        ("Docs", "hoofdkantoor van de leverancier", "Verenigde Staten", "1"),
        ("TSMC", "hoofdkantoor van het concern", "Taiwan", "1"),
    ]
    assert table.shown[0][4] == "hoog risico (offensief cyberprogramma tegen Nederland)"
    assert table.shown[1][4] == "buiten de EU/EER"
    notes = _section(inventory_reports["nl"], "inventory-jurisdictions").notes
    assert any("[1] Ministerie van EZK 2023" in note for note in notes), "the country records cite their source"


def test_the_unknown_parts_are_named(inventory_reports: dict[str, Report]) -> None:
    english = inventory_reports["en"]
    assert _table(english, "unknown_components").shown == [
        ["npm", "2", "2", "express, lodash"],
        ["pypi", "1", "1", "requests"],
    ]
    assert _table(english, "unknown_services").shown == [["Backup", "Backupper", "Germany", "no"]]
    dutch = _section(inventory_reports["nl"], "inventory-unknown")
    assert "Van 3 van de 5 componenten is de leverancier onbekend." in dutch.paragraphs
    assert "Van 4 van de 5 componenten is de rechtsmacht onbekend." in dutch.paragraphs


def test_without_advisories_the_exposure_section_says_so(inventory_reports: dict[str, Report]) -> None:
    section = _section(inventory_reports["en"], "inventory-exposure")
    assert section.tables == []
    assert "No advisories are imported" in section.paragraphs[0]


def test_machine_tables_keep_stable_names_and_keys(inventory_reports: dict[str, Report]) -> None:
    dutch = {t.name: t for t in machine_tables(inventory_reports["nl"])}
    english = {t.name: t for t in machine_tables(inventory_reports["en"])}
    assert dutch.keys() == english.keys()
    assert {"sboms", "services", "concentration", "exit_gaps", "jurisdictions", "unknown_components"} <= set(dutch)
    assert dutch["concentration"].keys == [
        "dimension",
        "basis",
        "holders",
        "hhi",
        "top1_pct",
        "top3_pct",
        "coverage_pct",
    ]
    assert dutch["concentration"].columns[3].label("nl") == "HHI (0–10.000)"
    assert english["concentration"].columns[3].label("en") == "HHI (0–10,000)"


def _no_snake_case(texts: list[str]) -> list[str]:
    return [text for text in texts if re.search(r"\b[a-z]+_[a-z_]+\b", text)]


def test_html_is_accessible_and_in_the_readers_language(inventory_reports: dict[str, Report]) -> None:
    for lang, report in inventory_reports.items():
        page = render_html(report)
        root = lxml_html.fromstring(page)
        assert root.get("lang") == lang
        tables = root.xpath("//table")
        assert len(tables) >= 10
        for table in tables:
            assert table.xpath("./caption"), "every table has a caption"
            assert table.xpath("./thead/tr/th[@scope='col']"), "and column headers"
        headings = [" ".join(h.text_content().split()) for h in root.xpath("//h1|//h2|//h3|//th")]
        assert not _no_snake_case(headings), "no identifiers as headings"
        for figure in root.xpath("//figure[contains(@class, 'dosa-chart')]"):
            svg = figure.xpath(".//*[local-name()='svg']")[0]
            assert svg.get("role") == "img"
            following = figure.getnext()
            assert following is not None
            assert following.xpath(".//table"), "every chart is followed by its data table"
        toc = {a.get("href") for a in root.xpath("//nav//a")}
        assert {f"#{s.id}" for s in report.sections} <= toc


def test_pdf_is_tagged_and_holds_the_report(inventory_reports: dict[str, Report]) -> None:
    for lang, report in inventory_reports.items():
        reader = PdfReader(io.BytesIO(render_pdf(report)))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root
        assert root["/Lang"] == lang
        assert reader.metadata is not None
        assert reader.metadata.title == report.title
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        expected = (
            ("Concentratie per rechtsmacht", "Verenigde Staten")
            if lang == "nl"
            else ("Concentration by jurisdiction", "United States")
        )
        for phrase in expected:
            assert phrase in text
        assert "Contoso Mail" in text


def test_a_subsection_per_rank_of_the_supply_chain(mini: Dataset) -> None:
    """Concentrations read at a rank (chains of hosting and sub-processors) get their own subsection."""
    import dataclasses
    from dataclasses import dataclass

    from dosa.i18n import localizer
    from dosa.inventory.analysis import Concentration, concentration
    from dosa.report.inventory import concentration_sections

    @dataclass(frozen=True)
    class Ranked(Concentration):
        rank: int | None = None

    def ranked(dimension: str, items: list[tuple[str | None, float]], rank: int) -> Concentration:
        plain = concentration(dimension, "critical_functions", items)
        if "rank" in Concentration.__dataclass_fields__:  # the supply chains' own reading at a rank
            return dataclasses.replace(plain, rank=rank)  # type: ignore[call-arg,unused-ignore]
        return Ranked(**{f: getattr(plain, f) for f in plain.__dataclass_fields__}, rank=rank)

    # rank 2: two services on MegaHost (2 + 1 critical functions), one on a Dutch host (1): 75 % and 25 %
    results = [
        ranked("group", [("MegaHost", 2), ("MegaHost", 1), ("Rijnhost", 1)], 2),
        ranked("jurisdiction", [("US", 3), ("NL", 1)], 2),
    ]
    sources = {"critical_functions": "test"}
    section = concentration_sections(results, mini, localizer("nl"), sources)
    (rank,) = section.subsections
    assert rank.title == "Concentratie op rang 2 van de toeleveringsketen"
    assert [s.title for s in rank.subsections] == [
        "Per concern (uiteindelijke moedermaatschappij), gewogen naar kritieke functies",
        "Per rechtsmacht, gewogen naar kritieke functies",
    ]
    charts = [chart for sub in rank.subsections for chart in sub.charts]
    assert [c.table.name for c in charts] == [
        "shares_rank2_group_critical_functions",
        "shares_rank2_jurisdiction_critical_functions",
    ]
    assert charts[0].table.shown == [["MegaHost", "3", "75 %"], ["Rijnhost", "1", "25 %"]]
    assert charts[1].caption == "Aandelen per rechtsmacht op rang 2, gewogen naar kritieke functies"
    assert [row[0] for row in section.tables[0].shown] == [
        "concern (uiteindelijke moedermaatschappij) op rang 2",
        "rechtsmacht op rang 2",
    ]


def test_vendor_evidence_is_worded_in_the_readers_language() -> None:
    from dosa.i18n import localizer
    from dosa.report.inventory import basis_text

    resolver = (
        "resolver (high): purl namespace 'org.apache.logging' → Apache Software Foundation "
        "(namespaces.csv:12; high) → dataset supplier 'asf'"
    )
    assert basis_text(resolver, None, localizer("nl")) == (
        "de resolver (hoge zekerheid): naamruimte van het pakket org.apache.logging wijst naar Apache Software "
        "Foundation (namespaces.csv:12); de leverancier asf in de dataset"
    )
    forge = (
        "resolver (medium): vcs url 'https://github.com/mapbox/mapbox-gl-js.git' → Mapbox, Inc. "
        "(forge account mapbox = namespaces.csv:162 (vcs url); medium)"
    )
    worded = basis_text(forge, None, localizer("nl"))
    assert ("forge account mapbox = namespaces.csv:162 (vcs url)", "en") in getattr(worded, "parts", ())
    assert worded == (
        "de resolver (gemiddelde zekerheid): broncoderepository https://github.com/mapbox/mapbox-gl-js.git wijst "
        "naar Mapbox, Inc. (forge account mapbox = namespaces.csv:162 (vcs url))"
    )
    assert basis_text("service record + mapping map.csv:3", None, localizer("nl")) == (
        "de dienstenlijst en de koppeltabel (map.csv:3)"
    )
    unknown = basis_text("something new", None, localizer("nl"))
    assert unknown == "something new"
    assert getattr(unknown, "parts", None) == (("something new", "en"),), "an unknown wording is marked English"


def test_a_service_named_in_chinese_with_an_emoji_never_breaks_the_pdf(
    mini: Dataset, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without fallback fonts the characters are replaced and the PDF says so; it is still made."""
    from dosa.i18n import fonts

    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())
    monkeypatch.delenv("DOSA_FONT_PATH", raising=False)
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor,critical_functions\n云服务 🚀,saas,阿里云,payments\n", encoding="utf-8")
    store = open_store(db_url)
    assert import_paths(store, [services], "org").ok
    report = inventory_report(store, "org", mini, VendorMap(mini), lang="nl", date=DATE)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(report))).pages)
    assert "Concentratie per leverancier" in text
    assert "云" not in text
    assert "DOSA_FONT_PATH" in text


def _normalised(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "<style>…</style>", html, flags=re.S)
    html = re.sub(r"dosa \d+\.\d+\.\d+\S*", "dosa VERSION", html)
    return re.sub(r"\b20\d\d-\d\d-\d\d\b", "YYYY-MM-DD", html)  # the SBOM's import date is today's


def test_golden_snapshot(inventory_reports: dict[str, Report]) -> None:
    """Set DOSA_UPDATE_SNAPSHOTS=1 to rewrite the snapshots after an intended change."""
    import os

    snapshots = Path(__file__).parent / "snapshots"
    for lang, report in inventory_reports.items():
        path = snapshots / f"inventory-report-{lang}.html"
        text = _normalised(render_html(report))
        if os.environ.get("DOSA_UPDATE_SNAPSHOTS") == "1":
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing snapshot {path.name}: run with DOSA_UPDATE_SNAPSHOTS=1"
        assert text == path.read_text(encoding="utf-8"), f"{path.name} differs: review, then update the snapshot"
