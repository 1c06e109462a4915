# SPDX-License-Identifier: EUPL-1.2
"""A Dutch page is Dutch throughout: no unmarked English, and names where identifiers would be.

Checked on the real default dataset: the Dutch report, the Dutch progress report and the Dutch
dashboard pages. English quoted from a source is allowed when it is marked (``lang="en"``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from shared_material import SBOM_SAMPLES

pytest.importorskip("lingua", reason="the language detector (lingua-language-detector, a dev dependency) is missing")

from dosa.dataset import Dataset, load_dataset
from dosa.graph import shipped_scenarios
from dosa.i18n import Text
from dosa.monitoring import ProgressStatus
from dosa.report.build import build_report
from dosa.report.content import Report
from dosa.report.html import render_html
from dosa.report.markdown import render_markdown
from dosa.report.progress import progress_report, progress_view
from dosa.web import WebSettings, create_app

from .checker import Names, dataset_names, english_passages, raw_identifiers

AS_OF = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def names(dataset: Dataset) -> Names:
    return dataset_names(dataset)


def _check(page: str, names: Names, where: str) -> None:
    english = english_passages(page, names)
    assert not english, f"{where}: {len(english)} unmarked English passages, e.g. {english[:5]}"
    identifiers = raw_identifiers(page, names)
    assert not identifiers, f"{where}: identifiers shown instead of names: {identifiers[:10]}"


def test_the_dutch_report_is_dutch_throughout(dataset: Dataset, names: Names, db_url: str) -> None:
    page = render_html(build_report(dataset, "nl", AS_OF, db=db_url))
    _check(page, names, "report")


def test_the_dutch_progress_report_is_dutch_throughout(dataset: Dataset, names: Names) -> None:
    """HTML and Markdown of the Dutch progress report, with the risk results the CLI passes."""
    import html

    from dosa.monitoring import StatusEntry
    from dosa.monitoring.riskbridge import risk_findings

    action = dataset.actions[sorted(dataset.actions)[0]]
    entry = StatusEntry(
        1, action.id, dt.date(2025, 6, 1), ProgressStatus.DELAYED, ProgressStatus.IN_PROGRESS,
        "wacht op de grondstoffenstrategie", "beheerder", dt.datetime(2025, 6, 2, 9), "cli",
    )  # fmt: skip
    view = progress_view(dataset, [entry], AS_OF, since=dt.date(2025, 1, 1), findings=risk_findings(dataset))
    report = progress_report(view, "nl")
    _check(render_html(report), names, "progress report (HTML)")
    markdown = render_markdown(report)
    _check(f'<html lang="nl"><body><p>{html.escape(markdown)}</p></body></html>', names, "progress report (Markdown)")
    english = html.escape(render_markdown(progress_report(view, "en")))
    assert len(english_passages(f'<html lang="nl"><body><p>{english}</p></body></html>', names)) > 20, (
        "the check finds the English report's text"
    )


@pytest.fixture(scope="module")
def client(dataset: Dataset, new_db_url: Callable[[], str]) -> TestClient:
    db = new_db_url()
    settings = WebSettings(security_contact="mailto:security@example.org", editor="Test Editor", db=db)
    return TestClient(create_app(settings, dataset))


def dashboard_paths(dataset: Dataset) -> list[str]:
    paths = ["/nl", "/nl/priorities", "/nl/subjects", "/nl/scenarios", "/nl/chokepoints", "/nl/actions", "/nl/about"]
    paths += ["/nl/procurement"]
    paths += [f"/nl/priorities/{p}" for p in dataset.priorities]
    paths += [f"/nl/subjects/{s}" for s in dataset.subjects]
    paths += [f"/nl/scenarios?scenario={name}" for name in shipped_scenarios()]
    paths += [f"/nl/actions/{a}" for a in sorted(dataset.actions)[:3]]
    return paths


def test_the_dutch_dashboard_is_dutch_throughout(client: TestClient, dataset: Dataset, names: Names) -> None:
    for path in dashboard_paths(dataset):
        response = client.get(path)
        assert response.status_code == 200, path
        _check(response.text, names, path)


def test_procurement_clause_titles_are_marked_english(client: TestClient) -> None:
    """The NTIA and CISA clause titles are the publications' own English words: marked, not translated."""
    page = client.get("/nl/procurement").text
    assert '<span lang="en">NTIA Minimum Elements (2021) §IV Data Fields</span>' in page
    assert '<span lang="en">CISA 2025 Minimum Elements (draft) §2 Data Fields</span>' in page
    assert 'lang="en">NTIA' not in client.get("/en/procurement").text


def test_the_risk_explanation_speaks_the_page_language(client: TestClient) -> None:
    """Regression (issue 10): the factor texts of a Dutch subject page were the engine's English."""
    dutch = client.get("/nl/subjects/gallium").text
    english = client.get("/en/subjects/gallium").text
    assert "market concentration over countries" in english
    assert "marktconcentratie over landen" in dutch
    hhi = re.search(r"HHI (\d+),(\d{3}) over third countries", english)
    assert hhi is not None
    assert f"HHI {hhi.group(1)}.{hhi.group(2)} over derde landen" in dutch  # the same figure, Dutch notation


def test_the_checker_finds_unmarked_english_and_identifiers(names: Names) -> None:
    page = (
        '<html lang="nl"><body><p>De top 10 is stabiel.</p>'
        "<p>The top 10 is not stable: several subjects leave it in many draws.</p>"
        '<p><span lang="en">Critical raw materials for strategic technologies</span></p>'
        "<p>Nodig: mobile_networks_5g (17 % over).</p></body></html>"
    )
    assert english_passages(page, names) == ["The top 10 is not stable:", "several subjects leave it in many draws."]
    assert raw_identifiers(page, names) == ["mobile_networks_5g"]


INVENTORY_SAMPLES = ("cdx-bomex-juice-shop-v11.1.2.json", "cdx-bomex-laravel-7.12.0.bom1.2.json")
SERVICES = (
    "name,category,vendor,vendor_country,ultimate_parent,ultimate_parent_country,critical_functions,exit_plan,"
    "hosted_on,data_locations,subject\n"
    "Workplace,office_suite,Microsoft,US,,,case handling,none,,,office_suites\n"
    "Zaaksysteem,saas,Rijnware,NL,,,vergunningen;zaakbehandeling,documented,Amazon Web Services,IE,\n"
    "Archief,iaas,Alibaba Cloud,CN,,,archivering,none,,CN,\n"
    "Intranet,saas,Webbouw,NL,Webbouw Holding,DE,,tested,,,\n"
)
HAND_SBOM = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.5",
    "version": 1,
    "metadata": {"component": {"type": "application", "name": "loket", "version": "3.1"}},
    "components": [
        {"type": "library", "name": "lodash", "version": "4.17.21", "purl": "pkg:npm/lodash@4.17.21"},
        {
            "type": "library",
            "name": "spring-core",
            "version": "6.1.0",
            "purl": "pkg:maven/org.springframework/spring-core@6.1.0",
            "supplier": {"name": "Broadcom Inc."},
        },
    ],
}


@pytest.fixture(scope="module")
def inventory_db(tmp_path_factory: pytest.TempPathFactory, new_db_url: Callable[[], str]) -> str:
    """A project 'portal': a hand-made SBOM and service list, and the real SBOM samples when present."""
    import json

    import dosa.exposure.tables  # noqa: F401  (registers the advisory tables before the schema is created)
    from dosa.exposure.importer import import_advisories
    from dosa.inventory import import_paths
    from dosa.store import open_store

    folder = tmp_path_factory.mktemp("language-inventory")
    (folder / "services.csv").write_text(SERVICES, encoding="utf-8")
    (folder / "loket.cdx.json").write_text(json.dumps(HAND_SBOM), encoding="utf-8")
    files = [folder / "services.csv", folder / "loket.cdx.json"]
    files += [SBOM_SAMPLES / name for name in INVENTORY_SAMPLES if (SBOM_SAMPLES / name).exists()]
    exposure = Path(__file__).resolve().parents[1] / "fixtures" / "exposure"  # Log4j SBOMs and real advisories
    files.append(exposure / "inventory" / "payments-1.0.cdx.json")
    db = new_db_url()
    store = open_store(db)
    assert import_paths(store, files, "portal").ok
    results = import_advisories(store, [exposure / "osv", exposure / "kev", exposure / "epss"])
    assert [r.error for r in results if r.error] == []
    return db


@pytest.fixture(scope="module")
def inventory_names(dataset: Dataset, inventory_db: str) -> Names:
    """The dataset's names and the inventory's own: components, suppliers and authors as the SBOMs write
    them, services, vendors and functions as the service list does. Names are not language."""
    from sqlalchemy import select

    from dosa.inventory.mapping import load_vendor_map
    from dosa.inventory.portfolio import list_sboms, load_services
    from dosa.inventory.project import analyse_project
    from dosa.inventory.tables import ComponentRow
    from dosa.store import open_store

    store = open_store(inventory_db)
    found: set[str] = set()
    with store.engine.connect() as conn:
        for row in conn.execute(
            select(ComponentRow.name, ComponentRow.group, ComponentRow.supplier, ComponentRow.manufacturer)
        ):
            found.update(value for value in row if value)
    analysis = analyse_project(store, "portal", dataset, load_vendor_map(dataset))
    for result in analysis.concentrations:  # the holders: companies and organisations dosa found
        found.update(row.label for row in result.rows)
    for sbom in list_sboms(store, "portal"):  # file names and the subjects SBOMs describe
        found.update([sbom.source_name, sbom.subject])
    for service in load_services(store, "portal"):
        found.update([service.name, service.vendor, *service.critical_functions])
        found.update(value for value in (service.ultimate_parent, service.hosted_on) if value)
    return dataset_names(dataset, found)


def test_the_dutch_inventory_page_is_dutch_throughout(
    dataset: Dataset, inventory_names: Names, inventory_db: str
) -> None:
    client = TestClient(create_app(WebSettings(db=inventory_db), dataset))
    for path in ("/nl/inventory", "/nl/inventory/portal", "/nl/inventory?query=lodash"):
        response = client.get(path)
        assert response.status_code == 200, path
        _check(response.text, inventory_names, path)


def _inventory_report(dataset: Dataset, inventory_db: str, lang: str = "nl") -> Report:
    from dosa.inventory.mapping import load_vendor_map
    from dosa.inventory.national import ratings_from_risk
    from dosa.report.inventory import inventory_report
    from dosa.store import open_store

    return inventory_report(
        open_store(inventory_db),
        "portal",
        dataset,
        load_vendor_map(dataset),
        ratings_from_risk(dataset),
        lang=lang,
        date=AS_OF,
    )


def test_the_dutch_inventory_report_is_dutch_throughout(
    dataset: Dataset, inventory_names: Names, inventory_db: str
) -> None:
    report = _inventory_report(dataset, inventory_db)
    _check(render_html(report), inventory_names, "inventory report (HTML)")


def _marked_parts(value: object) -> set[str]:
    """Every piece of the report's content marked as another language than Dutch."""
    import dataclasses

    if isinstance(value, Text):
        return {text for text, lang in value.parts if lang and lang != "nl"}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return set().union(*(_marked_parts(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, dict):  # a table's records
        return _marked_parts(list(value.values()))
    if isinstance(value, list | tuple):
        return set().union(set(), *(_marked_parts(v) for v in value))
    return set()


def test_the_dutch_inventory_pdf_is_dutch_throughout(
    dataset: Dataset, inventory_names: Names, inventory_db: str
) -> None:
    """The PDF's text, less what the report marks as English (the tagged PDF carries those marks)."""
    import html
    import io

    from pypdf import PdfReader

    from dosa.report.pdf import render_pdf

    def pdf_text(report: Report) -> str:
        reader = PdfReader(io.BytesIO(render_pdf(report)))
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        return text[: text.rindex("Bronnen" if report.lang == "nl" else "Sources")]  # the bibliography aside

    report = _inventory_report(dataset, inventory_db)
    text = pdf_text(report)
    for part in sorted(_marked_parts(report), key=len, reverse=True):  # line breaks may split a part anywhere
        text = re.sub(r"\s*".join(map(re.escape, "".join(part.split()))), " ", text)
    assert "Concentratie per leverancier" in text
    assert "CVE-2021-44228" in text, "the exposed components are named"
    _check(f'<html lang="nl"><body><p>{html.escape(text)}</p></body></html>', inventory_names, "inventory PDF")
    english = pdf_text(_inventory_report(dataset, inventory_db, "en"))
    page = f'<html lang="nl"><body><p>{html.escape(english)}</p></body></html>'
    assert len(english_passages(page, inventory_names)) > 20, "the check finds the English report's text"
