# SPDX-License-Identifier: EUPL-1.2
"""Concentration across organisations on the dashboard and under /v1, on a hand-made sector."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from dosa.dataset import load_dataset
from dosa.inventory import import_paths
from dosa.store import open_store
from dosa.web import WebSettings, create_app

# three organisations (projects named ORGANISATION or ORGANISATION/PROJECT); water boards ws-a and ws-b
# sit under "water" in the organisation tree
FILES = {
    "ws-a": "Mail,email_collaboration,Microsoft Ireland Operations Ltd,,,crisis;billing\n"
    "Billing,saas,Rijnware B.V.,NL,AWS,billing\n",
    "ws-b/permits": "Permits,saas,Zoekers B.V.,NL,,permits\n",
    "gemeente-c": "VMs,iaas,Amazon Web Services EMEA SARL,,,payroll\n",
}
PARENTS = {"ws-a": "water", "ws-b": "water", "gemeente-c": "gemeenten"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, new_db_url: Callable[[], str]) -> TestClient:
    folder = tmp_path_factory.mktemp("sector")
    db = new_db_url()
    store = open_store(db)
    for project, rows in FILES.items():
        path = folder / f"{project.replace('/', '-')}.csv"
        path.write_text("name,category,vendor,vendor_country,hosted_on,critical_functions\n" + rows, encoding="utf-8")
        assert import_paths(store, [path], project).ok
    store.dispose()
    return TestClient(create_app(WebSettings(db=db, organisation_parents=PARENTS), load_dataset()))


def test_api_whole_government_by_group_at_any_rank(client: TestClient) -> None:
    body = client.get("/v1/inventory/concentration", params={"by": "group", "rank": "any"}).json()
    assert body["organisations"] == ["gemeente-c", "ws-a", "ws-b"]
    # functions: ws-a crisis, billing; ws-b permits; gemeente-c payroll = 4
    assert body["criticalFunctions"] == 4
    amazon = next(h for h in body["holders"] if h["holder"] == "Amazon")
    # Amazon: ws-a (host of Billing, rank 2) and gemeente-c (VMs, rank 1): 2/3 = 66.67 %; billing, payroll 2/4
    assert (amazon["rank"], amazon["organisations"], amazon["organisationsPct"]) == (None, 2, 66.67)
    assert amazon["criticalFunctionsPct"] == 50.0
    assert body["singlePoints"][0]["holder"] in {"Amazon", "Microsoft"}


def test_api_sector_roll_up_and_us_exposure_at_rank_2(client: TestClient) -> None:
    body = client.get(
        "/v1/inventory/concentration", params={"by": "jurisdiction", "rank": "2", "organisation": "water"}
    ).json()
    assert body["organisations"] == ["ws-a", "ws-b"]
    # rank 2 in the water sector: only ws-a's Billing, hosted on AWS (US): 1/2 organisations, billing 1/3
    assert [(h["holder"], h["organisations"], h["criticalFunctionsPct"]) for h in body["holders"]] == [("US", 1, 33.33)]


def test_api_refuses_bad_parameters(client: TestClient) -> None:
    for params in ({"by": "country"}, {"rank": "0"}, {"rank": "1; drop"}, {"organisation": "x" * 300}):  # 400
        refused = client.get("/v1/inventory/concentration", params=params)
        assert refused.status_code == 400, params
        assert next(iter(params)) in refused.text
    missing = client.get("/v1/inventory/concentration", params={"organisation": "defensie"})
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_dutch_page(client: TestClient) -> None:
    response = client.get("/nl/concentration", params={"by": "group", "rank": "2"})
    assert response.status_code == 200
    text = _text(response.text)
    assert "Concentratie over organisaties" in text
    assert "Concentratie naar bedrijfsgroep, rang 2" in text
    assert "Aandeel organisaties" in text
    assert "Amazon 1 33,3 %" in text  # rank 2: ws-a only, of three organisations
    for english in ("Share of organisations", "Critical functions", "any rank", "Holder"):
        assert english not in text


def test_english_page_and_export(client: TestClient) -> None:
    response = client.get("/en/concentration", params={"organisation": "water"})
    text = _text(response.text)
    assert "Concentration by company group, every rank" in text
    assert "2 organisations with a service inventory (water)" in text
    csv = client.get("/en/concentration", params={"organisation": "water", "export": "2", "format": "csv"})
    assert csv.status_code == 200
    assert "Amazon" in csv.text
