# SPDX-License-Identifier: EUPL-1.2
"""Exposure on the dashboard (nl and en) and under /v1: the issue's done-when through the API."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from exposure_helpers import FIXTURES, LOG4J
from fastapi.testclient import TestClient

import dosa.exposure.tables  # noqa: F401
from dosa.dataset import load_dataset
from dosa.exposure import import_advisories
from dosa.inventory import import_paths
from dosa.store import open_store
from dosa.web import WebSettings, create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, new_db_url: Callable[[], str]) -> str:
    folder = tmp_path_factory.mktemp("exposure-web")
    path = new_db_url()
    store = open_store(path)
    assert import_paths(store, [FIXTURES / "inventory"], "ministry-x").ok
    vex = {
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": "https://example.org/vex/web",
        "author": "Ministry X",
        "timestamp": "2026-12-03T12:00:00Z",
        "version": 1,
        "statements": [
            {
                "vulnerability": {"name": "CVE-2021-44228"},
                "products": [{"@id": f"{LOG4J}@2.14.1"}],
                "status": "not_affected",
                "justification": "vulnerable_code_not_present",
                "impact_statement": "JndiLookup removed.",
            }
        ],
    }
    (folder / "vex.json").write_text(json.dumps(vex), encoding="utf-8")
    results = import_advisories(store, [FIXTURES / "osv", FIXTURES / "kev", folder / "vex.json"])
    assert not [r for r in results if r.error]
    store.dispose()
    return path


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    return TestClient(create_app(WebSettings(db=db), load_dataset()))


def test_api_lists_the_hand_worked_cves(client: TestClient) -> None:
    response = client.get("/v1/exposure", params={"project": "ministry-x"})
    assert response.status_code == 200
    body = response.json()
    by_version: dict[str, set[str]] = {}
    for finding in body["findings"]:
        by_version.setdefault(finding["version"], set()).add(finding["vulnerability"])
    assert by_version["2.6.1"] == {"CVE-2021-44228", "CVE-2021-45046", "CVE-2021-45105", "CVE-2021-44832"}
    assert by_version["2.17.0"] == {"CVE-2021-44832"}
    assert "2.17.1" not in by_version
    [suppressed] = body["suppressed"]
    assert (suppressed["version"], suppressed["vulnerability"]) == ("2.14.1", "CVE-2021-44228")
    assert suppressed["vex"]["justification"] == "vulnerable_code_not_present"
    assert body["portfolio"][0]["kevComponents"] == ["log4j-core@2.6.1"]


def test_api_unknown_project_is_a_problem(client: TestClient) -> None:
    response = client.get("/v1/exposure", params={"project": "nope"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_portfolio_page_in_dutch_and_english(client: TestClient) -> None:
    nl = client.get("/nl/exposure")
    assert nl.status_code == 200
    assert 'lang="nl"' in nl.text
    assert "Projecten met een component op de KEV-lijst" in nl.text
    assert "<svg" in nl.text
    en = client.get("/en/exposure").text
    assert "Projects that run a KEV-listed component" in en
    assert 'href="/en/exposure/ministry-x"' in en


def test_project_page_shows_findings_and_the_vex_reason(client: TestClient) -> None:
    html = client.get("/en/exposure/ministry-x").text
    assert "CVE-2021-44832 / GHSA-8489-44mv-ggj8" in html
    assert "vulnerable_code_not_present" in html
    assert "JndiLookup removed." in html
    export = client.get("/en/exposure/ministry-x", params={"export": "1", "format": "csv"})
    assert export.status_code == 200
    assert "CVE-2021-45046" in export.text
