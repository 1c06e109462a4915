# SPDX-License-Identifier: EUPL-1.2
"""Every dashboard page in both languages: status, language, theme, skip link, navigation, no
external resources, and every table exportable."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from dosa.dataset import Dataset


def page_paths(dataset: Dataset) -> list[str]:
    """Every page route of the app, with ids from the dataset."""
    first_subject = sorted(dataset.subjects)[0]
    first_action = sorted(dataset.actions)[0]
    return [
        "",
        "/priorities",
        *[f"/priorities/{p}" for p in sorted(dataset.priorities)],
        "/subjects",
        f"/subjects/{first_subject}",
        "/scenarios",
        "/chokepoints",
        "/actions",
        f"/actions/{first_action}",
        "/inventory",
        "/report",
        "/about",
    ]


def test_every_page_route_is_covered(app: FastAPI, web_dataset: Dataset) -> None:
    """Fails when a page is added without being listed above (and so without browser checks)."""
    routes = {getattr(r, "path", "") for r in app.routes}
    pages = {r.removeprefix("/{lang}") for r in routes if r.startswith("/{lang}")}
    covered = {re.sub(r"/[a-z0-9_.-]+$", "/{x}", p) if p.count("/") == 2 else p for p in page_paths(web_dataset)}
    expected = {re.sub(r"\{[a-z_]+\}", "{x}", p) for p in pages} - {"/report/{x}"}
    assert expected <= covered, expected - covered


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_renders(client: TestClient, web_dataset: Dataset, lang: str) -> None:
    for path in page_paths(web_dataset):
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 200, path
        html = response.text
        assert f'<html lang="{lang}" class="dosa-theme">' in html, path
        assert 'class="nl-skip-link" href="#main"' in html
        assert '<main id="main"' in html
        assert html.count("<h1") == 1, path
        assert 'aria-current="page"' in html or path.startswith(("/priorities/", "/subjects/", "/actions/", "/about"))
        for url in re.findall(r'(?:src|href|action)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", url) or "<a" in html, url
        for tag in re.findall(r"<(?:link|script|img)[^>]*>", html):
            assert "http" not in tag, tag
        assert "<script" not in html
        assert " style=" not in html, "inline styles would need 'unsafe-inline' in the CSP"


def test_language_switch_keeps_the_page(client: TestClient) -> None:
    html = client.get("/nl/actions?status=nieuw").text
    assert 'href="/en/actions?status=nieuw" hreflang="en" lang="en"' in html


def test_root_goes_to_dutch(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/nl"


def test_numbers_and_dates_follow_the_language(client: TestClient, web_dataset: Dataset) -> None:
    dated = next(a for a in web_dataset.actions_in_order() if a.timeline.end)
    nl = client.get(f"/nl/actions/{dated.id}").text
    en = client.get(f"/en/actions/{dated.id}").text
    from babel.dates import format_date

    assert format_date(dated.timeline.end, "long", locale="nl_NL") in nl
    assert format_date(dated.timeline.end, "long", locale="en_GB") in en


def test_unknown_page_is_a_404_page(client: TestClient) -> None:
    response = client.get("/en/subjects/no-such-subject")
    assert response.status_code == 404
    assert "no subject has id" in response.text
    assert '<html lang="en"' in response.text


def test_invalid_filter_is_reported_at_the_field(client: TestClient) -> None:
    response = client.get("/en/actions?status=bogus&owner=nobody")
    assert response.status_code == 400
    html = response.text
    assert 'aria-describedby="status-error" aria-invalid="true"' in html
    assert 'aria-describedby="owner-error" aria-invalid="true"' in html
    assert 'role="alert"' in html


def test_action_filter_narrows_the_table(client: TestClient, web_dataset: Dataset) -> None:
    new = [a for a in web_dataset.actions.values() if a.status.value == "nieuw"]
    html = client.get("/en/actions?status=nieuw").text
    assert f"{len(new)} of {len(web_dataset.actions)} actions match." in html


def _tables(html: str) -> int:
    return len(re.findall(r"<table", html))


@pytest.mark.parametrize("path", ["/en/priorities/semiconductors", "/nl/actions", "/en/subjects/chips"])
def test_every_table_exports(client: TestClient, web_dataset: Dataset, path: str) -> None:
    html = client.get(path).text
    count = _tables(html)
    assert count >= 1
    assert html.count("format=xlsx") == count
    for index in range(count):
        rfc = client.get(f"{path}?export={index}&format=csv")
        assert rfc.status_code == 200
        assert rfc.headers["content-type"].startswith("text/csv")
        assert "attachment" in rfc.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(rfc.text)))
        versions = (
            ["datasetversie", "methodeversie"] if path.startswith("/nl/") else ["dataset_version", "method_version"]
        )
        assert rows[0][-2:] == versions
        assert all(row[-2] == web_dataset.info.label and row[-1].startswith("dosa-risk") for row in rows[1:])
        dutch = client.get(f"{path}?export={index}&format=csv-nl")
        assert dutch.content.startswith(b"\xef\xbb\xbf")
        assert list(csv.reader(io.StringIO(dutch.content.decode("utf-8-sig")), delimiter=";")) == [
            [cell.replace(".", ",") if re.fullmatch(r"-?\d+\.\d+", cell) else cell for cell in row] for row in rows
        ]
        workbook = load_workbook(io.BytesIO(client.get(f"{path}?export={index}&format=xlsx").content))
        sheet = workbook.worksheets[0]
        assert [c.value for c in sheet[1]] == rows[0]
        assert sheet.max_row == len(rows)


def test_share_export_keeps_numbers(client: TestClient, web_dataset: Dataset) -> None:
    from dosa.report.content import share_groups

    first_group = share_groups(web_dataset, ["chips"])[0]
    html = client.get("/en/subjects/chips").text
    index = re.search(r"export=(\d+)&amp;format=xlsx", html[html.index('id="chart-') :]).group(1)  # type: ignore[union-attr]
    workbook = load_workbook(io.BytesIO(client.get(f"/en/subjects/chips?export={index}&format=xlsx").content))
    values = [row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert values == [share.value for share in first_group]


def test_bad_export_request(client: TestClient) -> None:
    assert client.get("/en/priorities?export=99&format=csv").status_code == 400
    assert client.get("/en/priorities?export=0&format=docx").status_code == 400


def test_report_downloads(client: TestClient) -> None:
    html = client.get("/en/report/html")
    assert html.status_code == 200
    assert html.text.startswith("<!DOCTYPE html>")
    pdf = client.get("/nl/report/pdf")
    assert pdf.content.startswith(b"%PDF-")
    assert client.get("/nl/report/docx").status_code in {400, 404}


def test_table_links_point_at_their_rows() -> None:
    """Every linked priority name links to that priority, on the default dataset (the stack table
    once linked its rows off by one)."""
    from dosa.dataset import load_dataset
    from dosa.web import create_app

    dataset = load_dataset()
    html = TestClient(create_app(dataset=dataset)).get("/en").text
    names = {f"{p.number}. {p.name_en}": p.id for p in dataset.priorities.values()}
    links = re.findall(r'<a class="nl-link" href="/en/priorities/([a-z_]+)">([^<]+)</a>', html)
    assert len(links) == 2 * len(dataset.priorities)
    for target, text in links:
        assert names[text] == target, (text, target)
