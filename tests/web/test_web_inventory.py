# SPDX-License-Identifier: EUPL-1.2
"""The inventory views on real SBOMs (../shared/sbom-samples): projects, a project's analysis and
where-used across the portfolio."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dosa.dataset import load_dataset
from dosa.inventory import import_paths, parse_query, where_used
from dosa.inventory.mapping import load_vendor_map
from dosa.report.inventory import inventory_report
from dosa.risk import Harm, assess
from dosa.store import open_store
from dosa.web import WebSettings, create_app
from pgcluster import untouched
from shared_material import SBOM_SAMPLES as SAMPLES

FILES = ["cdx-bomex-juice-shop-v11.1.2.json", "cdx-bomex-laravel-7.12.0.bom1.2.json"]
SERVICES = (
    "name,category,vendor,critical_functions,subject\nWorkplace,office_suite,Microsoft,case handling,office_suites\n"
)


@pytest.fixture(scope="module")
def inventory_db(tmp_path_factory: pytest.TempPathFactory, new_db_url: Callable[[], str]) -> str:
    missing = [name for name in FILES if not (SAMPLES / name).exists()]
    if missing:
        pytest.skip(f"needs the SBOM corpus at {SAMPLES} (../shared next to the repository)")
    folder = tmp_path_factory.mktemp("inventory")
    services = folder / "services.csv"
    services.write_text(SERVICES)
    db = new_db_url()
    summary = import_paths(open_store(db), [*(SAMPLES / name for name in FILES), services], "portal")
    assert summary.ok
    return db


@pytest.fixture(scope="module")
def inventory_client(inventory_db: str) -> TestClient:
    return TestClient(create_app(WebSettings(db=inventory_db), load_dataset()))


def test_projects_are_listed(inventory_client: TestClient) -> None:
    html = inventory_client.get("/en/inventory").text
    assert '<a class="nl-link" href="/en/inventory/portal">portal</a>' in html


def test_a_project_shows_every_analysis(inventory_client: TestClient, inventory_db: str) -> None:
    report = inventory_report(open_store(inventory_db), "portal", load_dataset(), load_vendor_map(load_dataset()))
    html = inventory_client.get("/nl/inventory/portal").text
    ids = [section.id for section in report.sections]
    assert "inventory-concentration" in ids
    assert "inventory-exit" in ids
    for section in report.sections:
        assert f'id="{section.id}"' in html
    for subsection in report.sections[1].subsections:
        assert f'id="{subsection.id}"' in html
    assert html.count("<svg") >= 4, "a bar chart per concentration dimension"


def test_a_project_shows_the_engines_rating_of_its_subjects(inventory_client: TestClient) -> None:
    result = assess(load_dataset(), uncertainty=False).get("office_suites")
    html = inventory_client.get("/en/inventory/portal").text
    section = html[html.index('id="inventory-rated"') :]
    assert "Workplace" in section
    for harm in Harm:
        risk = result.harms[harm]
        assert f"{risk.cell} {risk.risk.value.replace('_', ' ')}" in section


def test_the_report_downloads_as_html_and_pdf(inventory_client: TestClient) -> None:
    html = inventory_client.get("/nl/inventory/portal/report/html")
    assert html.status_code == 200
    assert 'filename="dosa-inventory-portal-nl.html"' in html.headers["content-disposition"]
    assert '<html lang="nl"' in html.text
    assert "Inventarisrapport: portal" in html.text
    pdf = inventory_client.get("/en/inventory/portal/report/pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert inventory_client.get("/en/inventory/portal/report/docx").status_code == 400


def test_where_used_finds_what_the_inventory_finds(inventory_client: TestClient, inventory_db: str) -> None:
    expected = where_used(open_store(inventory_db), parse_query("express"))
    html = inventory_client.get("/en/inventory?query=express").text
    assert f"{len(expected.hits)} uses found" in html
    assert len(re.findall(r"<tr class=\"utrecht-table__row\">", html)) >= len(expected.hits)


def test_a_bad_range_is_reported_at_the_field(inventory_client: TestClient) -> None:
    response = inventory_client.get("/en/inventory?query=pkg:npm/express&range=%3C%3C%3C")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text


def test_no_database_no_inventory(db_url: str) -> None:
    client = TestClient(create_app(WebSettings(db=db_url), load_dataset()))
    assert "Nothing imported yet" in client.get("/en/inventory").text
    assert client.get("/en/inventory/portal").status_code == 404
    assert untouched(db_url)


def test_exports_from_a_dutch_page_are_dutch_throughout(db_url: str) -> None:
    """Regression: the inventory tables' CSV had the stable English keys as headers on a Dutch page.
    Every download of the page, in either CSV dialect, has the headers the page shows, then the versions."""
    import csv
    import html as markup
    import io

    fixture = Path(__file__).parent.parent / "fixtures" / "inventory"
    db = db_url
    assert import_paths(open_store(db), [fixture / "services.csv", fixture / "portal.cdx.json"], "portal").ok
    inventory_client = TestClient(create_app(WebSettings(db=db), load_dataset()))
    page = inventory_client.get("/nl/inventory/portal").text
    tables = re.findall(r"<thead.*?</thead>", page, flags=re.S)
    assert len(tables) >= 5
    for index, head in enumerate(tables):
        shown = [
            markup.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, flags=re.S)
        ]
        for fmt, delimiter in (("csv", ","), ("csv-nl", ";")):
            body = inventory_client.get(f"/nl/inventory/portal?export={index}&format={fmt}").content.decode("utf-8-sig")
            header = next(csv.reader(io.StringIO(body), delimiter=delimiter))
            assert header == [*shown, "datasetversie", "methodeversie"], (index, fmt)
    services = inventory_client.get("/nl/inventory/portal?export=0&format=csv").text
    assert "dataset_version" not in services
