# SPDX-License-Identifier: EUPL-1.2
"""Sign-in through a real OpenID Connect provider (the certified ``oidc-provider`` package, run by Node.js on
loopback), driven as a browser drives it: authorization code flow with PKCE, then roles at work.

Done-when of issue 11: a BZK editor signs in, records a status of a BZK action, is refused (403) for an
EZK action, and finds their own identity in the ledger; anonymous writes get 401.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx2
import pytest
from fastapi.testclient import TestClient

import dosa.web.auth
from dosa.access.tokens import Scope, authenticate, create_token, list_tokens
from dosa.dataset import load_dataset
from dosa.monitoring.ledger import Ledger
from dosa.store import database_exists, open_store
from dosa.web import WebSettings, create_app
from dosaserver import free_port

OIDC_DIR = Path(__file__).resolve().parents[1] / "oidc"
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
DOSA_BASE = "https://testserver"
SECRET = "test-client-secret-not-used-elsewhere"
USERS = {
    "bea": {"name": "Bea Editor", "email": "bea@bzk.example", "dosa_organisation": "bzk", "dosa_roles": ["editor"]},
    "rik": {"name": "Rik Reader", "email": "rik@ezk.example", "dosa_organisation": "ezk", "dosa_roles": ["reader"]},
    "ada": {
        "name": "Ada Admin",
        "email": "ada@dosa.example",
        "dosa_organisation": "bzk",
        "dosa_roles": ["administrator"],
    },
}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (needed to run the OpenID provider); run .ci/install-oidc.sh")
    if not (OIDC_DIR / "node_modules" / "oidc-provider" / "package.json").is_file():
        pytest.skip("the oidc-provider package is not installed in tests/oidc; run .ci/install-oidc.sh")
    port = free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_REDIRECT_URI": f"{DOSA_BASE}/auth/callback",
        "OIDC_POST_LOGOUT_URI": f"{DOSA_BASE}/",
        "OIDC_CLIENT_SECRET": SECRET,
        "OIDC_USERS": json.dumps(USERS),
    }
    with log.open("wb") as handle:
        process = subprocess.Popen([node, "provider.mjs"], cwd=OIDC_DIR, env=env, stdout=handle, stderr=handle)
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx2.get(f"{issuer}/.well-known/openid-configuration", timeout=2).status_code == 200:
                break
        except httpx2.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the OpenID provider did not start: {log.read_text(errors='replace')[-1500:]}")
        time.sleep(0.2)
    yield Provider(issuer, process)
    process.terminate()
    process.wait(timeout=10)


def _settings(provider: Provider, db: str, **extra: object) -> WebSettings:
    return WebSettings(
        db=db,
        public_url=DOSA_BASE,
        oidc_issuer=provider.issuer,
        oidc_client_id="dosa",
        oidc_client_secret=SECRET,
        session_secret="test-session-secret",
        **extra,  # type: ignore[arg-type]
    )


def _form(html: str) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert action is not None, html[:500]
    fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    return unescape(action.group(1)), fields


def sign_in(client: TestClient, provider: Provider, login: str, target: str) -> httpx2.Response:
    """Sign in as ``login`` through the provider's own pages, as a browser would; the dosa response to
    the callback is returned."""
    start = client.get(f"/auth/login?next={target}", follow_redirects=False)
    assert start.status_code in {302, 303, 307}, start.text[:300]
    location = start.headers["location"]
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"], "PKCE"
    assert query["code_challenge"][0]
    with httpx2.Client(timeout=20) as browser:
        for _ in range(12):
            if location.startswith(DOSA_BASE):
                break
            page = browser.get(location)
            if page.status_code in {302, 303}:
                location = urljoin(location, page.headers["location"])
                continue
            assert page.status_code == 200, page.text[:500]
            action, fields = _form(page.text)
            if fields.get("prompt") == "login":
                fields.update(login=login, password="any")
            answer = browser.post(urljoin(location, action), data=fields)
            assert answer.status_code in {302, 303}, answer.text[:500]
            location = urljoin(location, answer.headers["location"])
        else:
            pytest.fail("the provider never sent the browser back to dosa")
    assert location.startswith(f"{DOSA_BASE}/auth/callback?")
    return client.get(location.removeprefix(DOSA_BASE), follow_redirects=False)


def _record(client: TestClient, action: str, note: str) -> httpx2.Response:
    page = client.get(f"/en/actions/{action}")
    token = CSRF.search(page.text)
    return client.post(
        f"/en/actions/{action}/status",
        data={"status": "in_progress", "note": note, "csrf": token.group(1) if token else ""},
        follow_redirects=False,
    )


def test_a_bzk_editor_signs_in_records_bzk_and_is_refused_ezk(provider: Provider, db_url: str) -> None:
    db = db_url
    client = TestClient(create_app(_settings(provider, db), load_dataset(MINI)), base_url=DOSA_BASE)

    anonymous = client.post("/en/actions/a002/status", data={"status": "done", "note": "x"}, follow_redirects=False)
    assert anonymous.status_code == 401
    assert "Sign in" in client.get("/en/actions/a002").text, "anonymous readers see the page and a sign-in link"

    back = sign_in(client, provider, "bea", "/en/actions/a002")
    assert back.status_code == 303
    assert back.headers["location"] == "/en/actions/a002"
    cookie = back.headers["set-cookie"].lower()
    assert cookie.startswith("dosa_session=")
    for flag in ("httponly", "secure", "samesite=lax", "max-age="):
        assert flag in cookie

    recorded = _record(client, "a002", "BZK: co-owned action under way")  # a002 is owned by BZK and EZK
    assert recorded.status_code == 303, recorded.text[:500]
    refused = _record(client, "a001", "BZK trying EZK's action")  # a001 is EZK's alone
    assert refused.status_code == 403
    assert _record(client, "a003", "BZK trying JenV's action").status_code == 403

    entries = Ledger(open_store(db)).entries()
    assert [(e.action, e.note, e.author) for e in entries] == [
        ("a002", "BZK: co-owned action under way", "Bea Editor <bea@bzk.example>")
    ]
    with open_store(db).engine.connect() as connection:
        organisation, address, request_id = connection.exec_driver_sql(
            "SELECT organisation, source_address, request_id FROM monitoring_status_entries"
        ).one()
    assert organisation == "bzk"
    assert address == "testclient"
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)


def test_a_reader_cannot_record_and_logout_ends_the_session(provider: Provider, db_url: str) -> None:
    db = db_url
    client = TestClient(create_app(_settings(provider, db), load_dataset(MINI)), base_url=DOSA_BASE)
    assert sign_in(client, provider, "rik", "/en/actions/a001").status_code == 303
    page = client.get("/en/actions/a001")
    assert 'name="note"' not in page.text, "a reader sees no form"
    assert _record(client, "a001", "reader writes").status_code == 403
    token = CSRF.search(client.get("/en/scenarios").text)
    assert token is not None
    out = client.post("/auth/logout", data={"csrf": token.group(1)}, follow_redirects=False)
    assert out.status_code == 303
    assert _record(client, "a001", "after logout").status_code == 401
    assert Ledger(open_store(db)).entries() == []


def test_an_expired_session_is_a_signed_out_one(
    provider: Provider, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = db_url
    client = TestClient(
        create_app(_settings(provider, db, session_max_age=3600), load_dataset(MINI)), base_url=DOSA_BASE
    )
    assert sign_in(client, provider, "ada", "/en/actions/a003").status_code == 303
    page = client.get("/en/actions/a003")
    assert 'name="note"' in page.text, "an administrator records any action"
    later = time.time() + 3601
    monkeypatch.setattr(dosa.web.auth.time, "time", lambda: later)
    assert _record(client, "a003", "after expiry").status_code == 401


def test_a_forged_callback_signs_nobody_in(provider: Provider, db_url: str) -> None:
    client = TestClient(create_app(_settings(provider, db_url), load_dataset(MINI)), base_url=DOSA_BASE)
    forged = client.get("/auth/callback?code=stolen&state=guessed", follow_redirects=False)
    assert forged.status_code == 400
    assert _record(client, "a002", "forged").status_code == 401


def test_sign_in_returns_only_to_this_site(provider: Provider, db_url: str) -> None:
    client = TestClient(create_app(_settings(provider, db_url), load_dataset(MINI)), base_url=DOSA_BASE)
    back = sign_in(client, provider, "bea", "//evil.example/steal")
    assert back.headers["location"] == "/"


ROLES = {
    "anonymous": None,
    "reader": "rik",
    "bzk editor": "bea",
    "bzk inventory maintainer": "ina",
    "administrator": "ada",
}
USERS["ina"] = {
    "name": "Ina Inventory",
    "email": "ina@bzk.example",
    "dosa_organisation": "bzk",
    "dosa_roles": ["inventory_maintainer"],
}
# expected answer per write route and role; a route missing here fails the completeness check below
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("POST", "/{lang}/actions/{action_id}/status"): {},  # per action, see ACTION_MATRIX
    ("POST", "/{lang}/scenarios"): {
        "anonymous": 401,
        "reader": 400,
        "bzk editor": 400,
        "bzk inventory maintainer": 400,
        "administrator": 400,
    },  # 400: signed in and checked; the file sent is not a scenario
    ("POST", "/auth/logout"): dict.fromkeys(ROLES, 303),
}
ACTION_MATRIX = {
    # a002 is owned by BZK and EZK, a001 by EZK alone
    "a002": {"anonymous": 401, "reader": 403, "bzk editor": 303, "bzk inventory maintainer": 403, "administrator": 303},
    "a001": {"anonymous": 401, "reader": 403, "bzk editor": 403, "bzk inventory maintainer": 403, "administrator": 303},
}


MATRIX.update(
    {
        # the write API takes API tokens only (see tests/web/test_write_api.py for its token matrix): a
        # signed-in browser session is not a token, whatever its role
        ("POST", "/v1/actions/{actionId}/statuses"): dict.fromkeys(ROLES, 401),
        ("POST", "/v1/projects/{project}/imports"): dict.fromkeys(ROLES, 401),
        # computations on an uploaded file, nothing stored: open to everyone; 400 for a file that is no SBOM
        ("POST", "/v1/procurement/sbom-grade"): dict.fromkeys(ROLES, 400),
        ("POST", "/v1/procurement/dora"): dict.fromkeys(ROLES, 400),
        ("POST", "/v1/cloud/assess"): dict.fromkeys(ROLES, 400),
    }
)
API_CALLS: dict[tuple[str, str], dict[str, object]] = {
    ("POST", "/v1/actions/{actionId}/statuses"): {"url": "/v1/actions/a002/statuses", "json": {"status": "done"}},
    ("POST", "/v1/projects/{project}/imports"): {"url": "/v1/projects/bzk-apps/imports", "content": b"{}"},
    ("POST", "/v1/procurement/sbom-grade"): {
        "url": "/v1/procurement/sbom-grade",
        "files": {"file": ("x.json", b"not an sbom")},
    },
    ("POST", "/v1/procurement/dora"): {
        "url": "/v1/procurement/dora",
        "files": {"organisation": ("o.yaml", b"- x"), "services": ("s.csv", b"x")},
    },
    ("POST", "/v1/cloud/assess"): {"url": "/v1/cloud/assess", "files": {"file": ("answers.csv", b"x")}},
}


MATRIX.update(
    {
        # administrators only: the token page's forms (the token made is shown in the 200 answer)
        ("POST", "/{lang}/admin/tokens"): {
            "anonymous": 401,
            "reader": 403,
            "bzk editor": 403,
            "bzk inventory maintainer": 403,
            "administrator": 200,
        },
        ("POST", "/{lang}/admin/tokens/{token_id}/revoke"): {
            "anonymous": 401,
            "reader": 403,
            "bzk editor": 403,
            "bzk inventory maintainer": 403,
            "administrator": 303,
        },
        # a project of no organisation: administrators only (404: it has no such assessment)
        ("POST", "/{lang}/inventory/{project}/cloud/{service}/delete"): {
            "anonymous": 401,
            "reader": 403,
            "bzk editor": 403,
            "bzk inventory maintainer": 403,
            "administrator": 404,
        },
    }
)


def test_the_matrix_covers_every_write_route() -> None:
    from dosa.web import (
        api,
        auth,
        cloud,
        concentration,
        exposure,
        inventory,
        operations,
        pages,
        procurement,
        tokenadmin,
        writeapi,
    )

    routers = (pages.router, auth.router, api.router, api.risk_router, operations.router, writeapi.router)
    others = (inventory.router, concentration.router, concentration.api_router, cloud.router, tokenadmin.router)
    writes = {
        (method, route.path)
        for router in (*routers, *others, procurement.router, exposure.router, exposure.api_router)
        for route in router.routes
        for method in getattr(route, "methods", set())
        if method in {"POST", "PUT", "PATCH", "DELETE"}
    }
    assert writes == set(MATRIX)


def test_authorization_matrix(provider: Provider, new_db_url: Callable[[], str]) -> None:
    answers: dict[tuple[str, str], int] = {}
    expected: dict[tuple[str, str], int] = {}
    for role, login in ROLES.items():
        db = new_db_url()
        client = TestClient(create_app(_settings(provider, db), load_dataset(MINI)), base_url=DOSA_BASE)
        if login is not None:
            assert sign_in(client, provider, login, "/en").status_code == 303
        for action, outcomes in ACTION_MATRIX.items():
            answers[(role, f"status {action}")] = _record(client, action, f"{role} on {action}").status_code
            expected[(role, f"status {action}")] = outcomes[role]
        token = CSRF.search(client.get("/en/scenarios").text)
        upload = client.post(
            "/en/scenarios",
            data={"csrf": token.group(1) if token else ""},
            files={"file": ("s.yaml", b"not: [a scenario", "application/yaml")},
        )
        answers[(role, "scenario upload")] = upload.status_code
        expected[(role, "scenario upload")] = MATRIX[("POST", "/{lang}/scenarios")][role]
        for route, call in API_CALLS.items():
            answers[(role, f"{route[1]}")] = client.post(**call).status_code  # type: ignore[arg-type]
            expected[(role, f"{route[1]}")] = MATRIX[route][role]
        form = {"csrf": token.group(1) if token else ""}
        made = client.post(
            "/en/admin/tokens",
            data={**form, "user": f"{role} pipeline", "organisation": "bzk", "scopes": "read", "expires": "30d"},
        )
        answers[(role, "make token")] = made.status_code
        expected[(role, "make token")] = MATRIX[("POST", "/{lang}/admin/tokens")][role]
        existing, secret = create_token(open_store(db), "Pipeline", "bzk", {Scope.READ}, dt.timedelta(days=1))
        revoked = client.post(f"/en/admin/tokens/{existing.id}/revoke", data=form, follow_redirects=False)
        answers[(role, "revoke token")] = revoked.status_code
        expected[(role, "revoke token")] = MATRIX[("POST", "/{lang}/admin/tokens/{token_id}/revoke")][role]
        made_by_role = {t.user for t in list_tokens(open_store(db)) if t.user != "Pipeline"}
        assert made_by_role == ({f"{role} pipeline"} if role == "administrator" else set()), role
        still_valid = authenticate(open_store(db), secret) is not None
        assert still_valid == (role != "administrator"), role
        deleted = client.post("/en/inventory/p/cloud/Azure/delete", data=form, follow_redirects=False)
        answers[(role, "cloud delete")] = deleted.status_code
        expected[(role, "cloud delete")] = MATRIX[("POST", "/{lang}/inventory/{project}/cloud/{service}/delete")][role]
        out = client.post("/auth/logout", data={"csrf": token.group(1) if token else ""}, follow_redirects=False)
        answers[(role, "logout")] = out.status_code
        expected[(role, "logout")] = MATRIX[("POST", "/auth/logout")][role]
        recorded = {e.note for e in Ledger(open_store(db)).entries()} if database_exists(db) else set()
        allowed = {f"{role} on {a}" for a, outcomes in ACTION_MATRIX.items() if outcomes[role] == 303}
        assert recorded == allowed, role
    assert answers == expected


def test_signed_in_users_never_get_each_others_form_token(provider: Provider, db_url: str) -> None:
    app = create_app(_settings(provider, db_url), load_dataset(MINI))
    first, second = TestClient(app, base_url=DOSA_BASE), TestClient(app, base_url=DOSA_BASE)
    sign_in(first, provider, "bea", "/en")
    sign_in(second, provider, "ada", "/en")
    tokens = []
    for client in (first, second, first):
        token = CSRF.search(client.get("/en/actions/a002").text)
        assert token is not None
        tokens.append(token.group(1))
    assert tokens[0] == tokens[2] != tokens[1]
    # the action page is rendered once for both (same role outcome); each sees their own name only
    bea, ada = first.get("/en/actions/a002").text, second.get("/en/actions/a002").text
    assert "Bea Editor" in bea
    assert "Ada Admin" not in bea
    assert "Ada Admin" in ada
    assert "Bea Editor" not in ada
    assert "dosa-slot" not in bea + ada
    # and a save shows at once, for the one who saved and for the other
    assert _record(first, "a002", "seen by both").status_code == 303
    assert "seen by both" in first.get("/en/actions/a002").text
    assert "seen by both" in second.get("/en/actions/a002").text
    # pages without a personal form are shared from the cache, signed in or not
    assert first.get("/en/priorities").text == second.get("/en/priorities").text


USERS["nia"] = {"name": "Nia Norole", "email": "nia@ezk.example", "dosa_organisation": "ezk", "dosa_roles": []}


def test_a_cached_page_never_carries_a_session_cookie(provider: Provider, db_url: str) -> None:
    """The session middleware sits outside the response cache (and the read gate): what the cache keeps
    never holds a session header of the user who first asked for the page."""
    app = create_app(_settings(provider, db_url), load_dataset(MINI))
    signed_in, anonymous = TestClient(app, base_url=DOSA_BASE), TestClient(app, base_url=DOSA_BASE)
    sign_in(signed_in, provider, "bea", "/en")
    assert signed_in.get("/en/priorities").status_code == 200
    visitor = anonymous.get("/en/priorities")
    assert visitor.status_code == 200
    assert "set-cookie" not in visitor.headers
    assert "dosa_session" not in anonymous.cookies


def test_anonymous_read_off_needs_a_role_or_a_read_token(provider: Provider, db_url: str) -> None:
    db = db_url
    app = create_app(_settings(provider, db, anonymous_read=False), load_dataset(MINI))
    reader, anonymous = TestClient(app, base_url=DOSA_BASE), TestClient(app, base_url=DOSA_BASE)
    sign_in(reader, provider, "rik", "/en")
    assert reader.get("/en/priorities").status_code == 200, "a reader reads (and the page is now cached)"
    assert reader.get("/v1/priorities").status_code == 200

    page = anonymous.get("/en/priorities?x=1", follow_redirects=False)
    assert page.status_code == 303, "the cached page is not handed to an anonymous visitor"
    assert page.headers["location"] == "/auth/login?next=%2Fen%2Fpriorities%3Fx%3D1"
    api = anonymous.get("/v1/priorities")
    assert api.status_code == 401
    assert api.headers["content-type"] == "application/problem+json"
    assert api.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.head("/en", follow_redirects=False).status_code == 303
    for open_path in ("/health/live", "/v1/openapi.json", "/static/dosa.css"):
        assert anonymous.get(open_path).status_code in {200, 404}, open_path
    assert anonymous.get("/health/live").status_code == 200

    store = open_store(db)
    _, read_token = create_token(store, "Dashboard", "ezk", {Scope.READ}, dt.timedelta(days=1))
    _, write_token = create_token(store, "Pipeline", "ezk", {Scope.STATUSES_WRITE}, dt.timedelta(days=1))
    assert anonymous.get("/v1/priorities", headers={"Authorization": f"Bearer {read_token}"}).status_code == 200
    assert anonymous.get("/v1/priorities", headers={"Authorization": f"Bearer {write_token}"}).status_code == 401
    assert anonymous.get("/v1/priorities", headers={"Authorization": "Bearer dosa_forged"}).status_code == 401

    norole = TestClient(app, base_url=DOSA_BASE)
    sign_in(norole, provider, "nia", "/en")
    assert norole.get("/en/priorities", follow_redirects=False).status_code == 403


def test_readers_see_their_organisations_projects_and_roll_ups_follow_the_tree(
    provider: Provider, tmp_path: Path, db_url: str
) -> None:
    from dosa.inventory.importer import import_paths

    db = db_url
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nMail,email_collaboration,Acme\nChat,email_collaboration,Beta\n")
    store = open_store(db)
    for project, organisation in (("bzk-apps", "bzk"), ("ezk-apps", "ezk"), ("rvo-apps", "rvo"), ("old", "")):
        assert import_paths(store, [services], project, organisation=organisation or None).ok
    settings = _settings(provider, db, anonymous_read=False, organisation_parents={"rvo": "ezk"})
    app = create_app(settings, load_dataset(MINI))
    reader, admin = TestClient(app, base_url=DOSA_BASE), TestClient(app, base_url=DOSA_BASE)
    sign_in(reader, provider, "rik", "/en")  # a reader of EZK, which RVO sits under
    sign_in(admin, provider, "ada", "/en")

    def projects(client: TestClient) -> set[str]:
        page = client.get("/en/inventory")
        assert page.status_code == 200
        return set(re.findall(r'href="[^"]*inventory/([a-z-]+)"', page.text))

    assert projects(reader) == {"ezk-apps", "rvo-apps"}
    assert projects(admin) == {"bzk-apps", "ezk-apps", "rvo-apps", "old"}
    assert reader.get("/en/inventory/bzk-apps").status_code == 404
    assert reader.get("/en/inventory/rvo-apps").status_code == 200
    # the roll-up: EZK adds up its own project and RVO's (2 services each)
    rollup = reader.get("/en/inventory?export=1&format=csv").text.splitlines()
    assert [line.split(",")[:4] for line in rollup if line.startswith(("ezk", "rvo"))] == [
        ["ezk", "2", "0", "4"],
        ["rvo", "1", "0", "2"],
    ]
    hits = reader.get("/en/inventory?query=Mail").text
    assert "bzk-apps" not in hits


TOKEN = re.compile(r"dosa_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def test_an_administrator_manages_api_tokens_on_the_dashboard(provider: Provider, db_url: str) -> None:
    """List, make (the token shown once), revoke; the rows record who did it, as dosa tokens does."""
    db = db_url
    app = create_app(_settings(provider, db), load_dataset(MINI))
    admin, editor = TestClient(app, base_url=DOSA_BASE), TestClient(app, base_url=DOSA_BASE)
    assert admin.get("/en/admin/tokens", follow_redirects=False).status_code == 401, "signed out"
    sign_in(admin, provider, "ada", "/en")
    sign_in(editor, provider, "bea", "/en")
    assert editor.get("/en/admin/tokens").status_code == 403
    empty = admin.get("/nl/admin/tokens")
    assert empty.status_code == 200
    assert "Er is nog geen token gemaakt." in empty.text
    csrf = CSRF.search(empty.text)
    assert csrf is not None
    form = {"csrf": csrf.group(1), "user": "CI of BZK", "organisation": "BZK", "expires": "30d"}

    forged = admin.post("/en/admin/tokens", data={**form, "csrf": "forged", "scopes": ["read"]})
    assert forged.status_code == 403
    invalid = admin.post("/en/admin/tokens", data={**form, "organisation": "B Z K!", "expires": "forever"})
    assert invalid.status_code == 400
    assert "Choose at least one scope." in invalid.text
    assert "Choose a lifetime from the list." in invalid.text
    assert list_tokens(open_store(db)) == [], "nothing made from a refused form"

    made = admin.post("/en/admin/tokens", data={**form, "scopes": ["read", "statuses:write"], "description": "nightly"})
    assert made.status_code == 200
    assert made.headers["cache-control"] == "no-store"
    shown = TOKEN.findall(made.text)
    assert len(shown) == 1, "the token is shown once"
    info = authenticate(open_store(db), shown[0])
    assert info is not None
    assert (info.user, info.organisation, info.scopes) == ("CI of BZK", "bzk", {Scope.READ, Scope.STATUSES_WRITE})
    assert info.created_by == "Ada Admin <ada@dosa.example>"
    assert info.expires_at - info.created_at == dt.timedelta(days=30)

    listing = admin.get("/en/admin/tokens")
    assert TOKEN.search(listing.text) is None, "never shown again"
    assert info.id in listing.text
    assert 'by <span translate="no">Ada Admin' in listing.text
    assert editor.post(f"/en/admin/tokens/{info.id}/revoke", data={"csrf": csrf.group(1)}).status_code == 403
    revoked = admin.post(f"/en/admin/tokens/{info.id}/revoke", data={"csrf": csrf.group(1)}, follow_redirects=False)
    assert revoked.status_code == 303
    assert authenticate(open_store(db), shown[0]) is None
    [after] = list_tokens(open_store(db))
    assert after.revoked_by == "Ada Admin <ada@dosa.example>"
    page = admin.get(revoked.headers["location"])
    assert f"Token {info.id} has been revoked" in page.text
    assert f"Revoke token {info.id}" not in page.text
    unknown = admin.post("/en/admin/tokens/000000000000/revoke", data={"csrf": csrf.group(1)})
    assert unknown.status_code == 404


def test_the_token_form_refuses_hostile_input_and_makes_nothing(provider: Provider, db_url: str) -> None:
    """NUL in the name or description, a huge name, many scopes, a formula: a 4xx answer with the
    message at the field (never a 500, never a NUL echoed into the page), and no token made; a formula
    is plain text, stored as written and shown escaped."""
    db = db_url
    admin = TestClient(create_app(_settings(provider, db), load_dataset(MINI)), base_url=DOSA_BASE)
    sign_in(admin, provider, "ada", "/nl")
    csrf = CSRF.search(admin.get("/nl/admin/tokens").text)
    assert csrf is not None
    form = {"csrf": csrf.group(1), "user": "CI", "organisation": "bzk", "expires": "30d", "scopes": ["read"]}

    nul_user = admin.post("/nl/admin/tokens", data={**form, "user": "CI\x00of BZK"})
    assert nul_user.status_code == 400
    assert "Noem in gewone tekst namens wie of wat het token handelt" in nul_user.text
    assert "\x00" not in nul_user.text
    nul_description = admin.post("/nl/admin/tokens", data={**form, "description": "nightly\x00run"})
    assert nul_description.status_code == 400
    assert "Schrijf gewone tekst: geen stuurtekens zoals NUL." in nul_description.text
    assert 'id="description-error"' in nul_description.text
    assert "\x00" not in nul_description.text
    huge = admin.post("/nl/admin/tokens", data={**form, "user": "x" * 100_000})
    assert 400 <= huge.status_code < 500
    many = admin.post("/nl/admin/tokens", data={**form, "scopes": ["read"] * 5_000})
    assert many.status_code < 500
    assert not [t for t in list_tokens(open_store(db)) if t.user != "CI"], "nothing made from a refused form"

    formula = '=HYPERLINK("http://evil.example","<b>x</b>")'
    made = admin.post("/nl/admin/tokens", data={**form, "user": "Formule", "description": formula})
    assert made.status_code == 200
    [stored] = [t for t in list_tokens(open_store(db)) if t.user == "Formule"]
    assert stored.description == formula
    listing = admin.get("/nl/admin/tokens").text
    assert "<b>x</b>" not in listing
    assert "&lt;b&gt;x&lt;/b&gt;" in listing


def test_the_token_page_is_dutch_throughout(provider: Provider, db_url: str) -> None:
    pytest.importorskip("lingua", reason="the language detector (lingua-language-detector) is missing")
    from language.checker import dataset_names, english_passages, raw_identifiers

    db = db_url
    dataset = load_dataset(MINI)
    admin = TestClient(create_app(_settings(provider, db), dataset), base_url=DOSA_BASE)
    sign_in(admin, provider, "ada", "/nl")
    csrf = CSRF.search(admin.get("/nl/admin/tokens").text)
    assert csrf is not None
    data = {"csrf": csrf.group(1), "user": "Pijplijn", "organisation": "bzk", "expires": "90d", "scopes": ["read"]}
    made = admin.post("/nl/admin/tokens", data=data)
    assert made.status_code == 200
    names = dataset_names(dataset)
    for page in (made.text, admin.post("/nl/admin/tokens", data={**data, "scopes": []}).text):
        assert english_passages(page, names) == []
        assert raw_identifiers(page, names) == []


def test_a_signed_in_reader_sees_their_subtree_and_an_administrator_everything(
    provider: Provider, tmp_path: Path, db_url: str
) -> None:
    """Exposure and concentration through real sessions: Rik reads for EZK (RVO under it), Ada administers."""
    from test_visibility import EZK_SEES, PARENTS, PROJECTS, build_inventories

    db = build_inventories(tmp_path, db_url)
    app = create_app(_settings(provider, db, anonymous_read=False, organisation_parents=PARENTS), load_dataset(MINI))
    reader, admin = TestClient(app, base_url=DOSA_BASE), TestClient(app, base_url=DOSA_BASE)
    sign_in(reader, provider, "rik", "/en")
    sign_in(admin, provider, "ada", "/en")
    for client, expected in ((reader, EZK_SEES), (admin, set(PROJECTS))):
        body = client.get("/v1/exposure").json()
        assert {f["project"] for f in body["findings"]} == expected
        holders = " ".join(h["holder"] for h in client.get("/v1/inventory/concentration?by=vendor").json()["holders"])
        assert ("Microsoft" in holders) == (client is admin)
        page = client.get("/en/exposure").text  # cached per session: the admin's page never reaches the reader
        assert ("bzk-apps" in page) == (client is admin)
        assert ("your role allows" in client.get("/en/concentration").text) == (client is reader)
    assert reader.get("/en/exposure/bzk-apps").status_code == 404
    assert admin.get("/en/exposure/bzk-apps").status_code == 200
