# SPDX-License-Identifier: EUPL-1.2
"""Organisation filtering wherever inventory-derived data is listed (issue 11): with anonymous reading
off, a reader of EZK sees the projects of EZK and of RVO (under EZK in the tree), never BZK's
components, findings or holders, nor a project of no organisation; with anonymous reading on nothing
changes. Readers here are real API tokens with the read scope (pages accept them too); signed-in
readers and administrators through the real identity provider are in test_oidc_signin.py.

Expected values worked out by hand from the fixtures: log4j-core 2.6.1 (payments-1.0) has four
advisories, 2.17.0 (portal-3.2) one (tests/exposure/test_exposure_web.py); each organisation's
service list names one vendor of its own.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import dosa.exposure.tables  # noqa: F401 - the advisory tables
from dosa.access.tokens import Scope, create_token
from dosa.dataset import load_dataset
from dosa.exposure import import_advisories
from dosa.inventory import import_paths
from dosa.store import open_store
from dosa.web import WebSettings, create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exposure"))
from exposure_helpers import FIXTURES

SBOMS = FIXTURES / "inventory"
PROJECTS = {
    # project: (organisation, SBOM, vendor of its one service)
    "bzk-apps": ("bzk", "payments-1.0.cdx.json", "Microsoft Ireland Operations Ltd"),
    "ezk-apps": ("ezk", "portal-3.2.cdx.json", "Amazon Web Services EMEA SARL"),
    "rvo-apps": ("rvo", "payments-1.0.cdx.json", "Rijnware B.V."),
    "old": ("", "payments-1.0.cdx.json", "Zoekers B.V."),
}
PARENTS = {"rvo": "ezk"}
EZK_SEES = {"ezk-apps", "rvo-apps"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, new_db_url: Callable[[], str]) -> str:
    return build_inventories(tmp_path_factory.mktemp("visibility"), new_db_url())


def build_inventories(folder: Path, db: str | None = None) -> str:
    """A database with the four projects of :data:`PROJECTS` and the advisories of the fixtures (``db``,
    or a SQLite file in ``folder``)."""
    path = db or str(folder / "dosa.db")
    store = open_store(path)
    for project, (organisation, sbom, vendor) in PROJECTS.items():
        services = folder / f"{project}.csv"
        services.write_text(
            f"name,category,vendor,vendor_country,hosted_on,critical_functions\nApp,saas,{vendor},,,payroll\n",
            encoding="utf-8",
        )
        assert import_paths(store, [SBOMS / sbom, services], project, organisation=organisation or None).ok
    results = import_advisories(store, [FIXTURES / "osv", FIXTURES / "kev"])
    assert not [r for r in results if r.error]
    return path


def tokens(db: str) -> dict[str, str]:
    store = open_store(db)
    made = {}
    for organisation in ("ezk", "bzk", "rvo"):
        _, made[organisation] = create_token(
            store, f"Dashboard {organisation}", organisation, {Scope.READ}, dt.timedelta(days=1)
        )
    return made


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def scoped(db: str) -> tuple[TestClient, dict[str, str]]:
    settings = WebSettings(db=db, anonymous_read=False, organisation_parents=PARENTS)
    return TestClient(create_app(settings, load_dataset())), tokens(db)


def _finding_projects(body: dict[str, object]) -> set[str]:
    findings = body["findings"]
    assert isinstance(findings, list)
    return {f["project"] for f in findings}


def test_exposure_api_shows_a_reader_only_their_subtree(scoped: tuple[TestClient, dict[str, str]]) -> None:
    client, token = scoped
    ezk = client.get("/v1/exposure", headers=bearer(token["ezk"]))
    assert ezk.status_code == 200
    body = ezk.json()
    assert _finding_projects(body) == EZK_SEES
    assert {r["project"] for r in body["portfolio"]} == EZK_SEES
    # 4 advisories on log4j-core 2.6.1 in RVO's project, 1 on 2.17.0 in EZK's
    assert sorted((f["project"], f["version"]) for f in body["findings"]) == [
        ("ezk-apps", "2.17.0"),
        *[("rvo-apps", "2.6.1")] * 4,
    ]
    assert client.get("/v1/exposure?project=bzk-apps", headers=bearer(token["ezk"])).status_code == 404
    assert client.get("/v1/exposure?project=old", headers=bearer(token["ezk"])).status_code == 404
    assert client.get("/v1/exposure?project=rvo-apps", headers=bearer(token["ezk"])).status_code == 200
    # a reader of RVO sees RVO's alone (the tree goes down, not up)
    assert _finding_projects(client.get("/v1/exposure", headers=bearer(token["rvo"])).json()) == {"rvo-apps"}
    assert _finding_projects(client.get("/v1/exposure", headers=bearer(token["bzk"])).json()) == {"bzk-apps"}


def test_concentration_api_counts_across_the_readers_subtree(scoped: tuple[TestClient, dict[str, str]]) -> None:
    client, token = scoped
    ezk = client.get("/v1/inventory/concentration?by=vendor", headers=bearer(token["ezk"]))
    assert ezk.status_code == 200
    body = ezk.json()
    assert sorted(body["organisations"]) == ["ezk", "rvo"]
    assert body["scope"] == "ezk"
    holders = " ".join(h["holder"] for h in body["holders"])
    assert "Amazon" in holders
    assert "Rijnware" in holders
    assert "Microsoft" not in holders
    assert "Zoekers" not in holders
    # another organisation's subtree cannot be asked for: as if it had no inventory
    assert client.get("/v1/inventory/concentration?organisation=bzk", headers=bearer(token["ezk"])).status_code == 404
    rvo = client.get("/v1/inventory/concentration?organisation=rvo", headers=bearer(token["ezk"]))
    assert rvo.json()["organisations"] == ["rvo"]


def test_pages_show_a_reader_only_their_subtree(scoped: tuple[TestClient, dict[str, str]]) -> None:
    client, token = scoped
    headers = bearer(token["ezk"])
    exposure = client.get("/en/exposure", headers=headers)
    assert exposure.status_code == 200
    assert "rvo-apps" in exposure.text
    assert "bzk-apps" not in exposure.text
    assert ">old<" not in exposure.text
    assert client.get("/en/exposure/bzk-apps", headers=headers).status_code == 404
    assert client.get("/en/exposure/ezk-apps", headers=headers).status_code == 200
    for lang, said in (
        ("en", "You see the organisations your role allows: ezk and the organisations under it."),
        ("nl", "U ziet de organisaties die uw rol toestaat: ezk en de organisaties daaronder."),
    ):
        page = client.get(f"/{lang}/concentration?by=vendor", headers=headers)
        assert page.status_code == 200
        text = re.sub(r"\s+", " ", page.text)
        assert said in text
        assert "Microsoft" not in text
        assert "Amazon" in text
    inventory = client.get("/en/inventory?query=log4j-core", headers=headers)
    assert "rvo-apps" in inventory.text
    assert "bzk-apps" not in inventory.text
    assert client.get("/en/procurement?project=bzk-apps", headers=headers).status_code == 404
    assert client.get("/en/procurement?project=ezk-apps", headers=headers).status_code == 200
    assert client.get("/v1/procurement/suppliers?project=bzk-apps", headers=headers).status_code == 404


def test_anonymous_reading_on_shows_everything_as_before(db: str) -> None:
    client = TestClient(create_app(WebSettings(db=db, organisation_parents=PARENTS), load_dataset()))
    body = client.get("/v1/exposure").json()
    assert _finding_projects(body) == set(PROJECTS)
    assert body["scope"] == "all projects"
    concentration = client.get("/v1/inventory/concentration?by=vendor").json()
    assert concentration["scope"] == ""
    assert "Microsoft" in " ".join(h["holder"] for h in concentration["holders"])
    page = re.sub(r"\s+", " ", client.get("/en/concentration").text)
    assert "your role allows" not in page
    assert client.get("/en/exposure/bzk-apps").status_code == 200


def test_every_route_that_lists_inventory_data_is_scoped() -> None:
    """A new route under an inventory-derived path must go through dosa.web.visibility: this list of the
    app's GET routes over the inventory is the one the tests above cover."""
    from dosa.web import api, cloud, concentration, exposure, inventory, operations, pages, procurement, writeapi
    from dosa.web.visibility import scoped_path

    routers = (
        *(pages.router, inventory.router, exposure.router, exposure.api_router, concentration.router),
        *(concentration.api_router, procurement.router, cloud.router, api.router, api.risk_router),
        *(writeapi.router, operations.router),
    )
    reading_inventory = {
        route.path
        for router in routers
        for route in router.routes
        if "GET" in getattr(route, "methods", set()) and scoped_path(route.path.replace("{lang}", "en"))
    }
    assert reading_inventory == {
        "/{lang}/inventory",
        "/{lang}/inventory/{project}",
        "/{lang}/inventory/{project}/report/{fmt}",
        "/{lang}/inventory/{project}/cloud/{service}/delete",
        "/{lang}/exposure",
        "/{lang}/exposure/{project:path}",
        "/{lang}/concentration",
        "/{lang}/procurement",
        "/v1/exposure",
        "/v1/inventory/concentration",
        "/v1/procurement/suppliers",
    }
