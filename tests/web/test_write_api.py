# SPDX-License-Identifier: EUPL-1.2
"""The write API with API tokens: statuses, uploads and their import jobs, on SQLite or (DOSA_TEST_DB=
postgresql) a real PostgreSQL server; tokens made with the real ``dosa tokens`` command."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dosa.access.tokens import Scope, authenticate, create_token, list_tokens, parse_lifetime, parse_scopes
from dosa.cli.app import app as cli
from dosa.dataset import load_dataset
from dosa.errors import InputError
from dosa.monitoring.ledger import Ledger
from dosa.store import open_store
from dosa.web import WebSettings, create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "inventory"))
from inventory_helpers import cyclonedx, library

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
runner = CliRunner()


def make_token(db: str, organisation: str, scope: str, expires: str = "90d") -> str:
    result = runner.invoke(
        cli,
        [
            *("tokens", "create", "--user", f"CI of {organisation}", "--organisation", organisation),
            *("--scope", scope, "--expires", expires, "--db", db),
        ],
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert re.fullmatch(r"dosa_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", token), token
    return token


def client_for(db: str, **settings: object) -> TestClient:
    return TestClient(create_app(WebSettings(db=db, **settings), load_dataset(MINI)))  # type: ignore[arg-type]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def wait_for(client: TestClient, location: str, token: str) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while True:
        answer = client.get(location, headers=bearer(token))
        assert answer.status_code == 200, answer.text
        job: dict[str, object] = answer.json()
        if job["status"] in {"done", "failed"} or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def test_tokens_are_hashed_at_rest_and_expire_and_revoke(db_url: str) -> None:
    store = open_store(db_url)
    info, token = create_token(store, "Pipeline", "BZK", {Scope.READ}, dt.timedelta(days=1))
    assert info.organisation == "bzk"
    with store.engine.connect() as connection:
        stored = [tuple(str(v) for v in row) for row in connection.exec_driver_sql("SELECT * FROM api_tokens")]
    assert not any(token in value or token.split("_")[2] in value for row in stored for value in row)
    assert authenticate(store, token) == info
    assert authenticate(store, token[:-1] + ("A" if token[-1] != "A" else "B")) is None, "wrong secret"
    assert authenticate(store, "dosa_000000000000_" + token.split("_", 2)[2]) is None, "unknown id"
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, minutes=1)
    assert authenticate(store, token, now=tomorrow) is None, "expired"
    result = runner.invoke(cli, ["tokens", "revoke", info.id, "--db", db_url])
    assert result.exit_code == 0, result.output
    assert authenticate(store, token) is None, "revoked"
    assert [t.id for t in list_tokens(store)] == [info.id]
    listing = runner.invoke(cli, ["tokens", "list", "--db", db_url, "--format", "json"])
    assert listing.exit_code == 0, listing.output
    rows = json.loads(listing.stdout)
    assert [(r["id"], r["active"]) for r in rows] == [(info.id, "no")]
    assert token not in listing.stdout


@pytest.mark.parametrize("text", ["0d", "400d", "forever", "90", "-1d"])
def test_a_lifetime_must_be_bounded(text: str) -> None:
    with pytest.raises(InputError):
        parse_lifetime(text)


def test_unknown_scopes_are_refused() -> None:
    assert parse_scopes("statuses:write, inventory:write") == {Scope.STATUSES_WRITE, Scope.INVENTORY_WRITE}
    with pytest.raises(InputError, match="admin"):
        parse_scopes("read,admin")


def test_a_bzk_token_records_bzk_statuses_and_is_refused_for_ezk(db_url: str) -> None:
    token = make_token(db_url, "bzk", "statuses:write")
    client = client_for(db_url)
    anonymous = client.post("/v1/actions/a002/statuses", json={"status": "in_progress"})
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    forged = client.post("/v1/actions/a002/statuses", json={"status": "done"}, headers=bearer("dosa_x"))
    assert forged.status_code == 401

    recorded = client.post(
        "/v1/actions/a002/statuses",  # owned by BZK and EZK
        json={"status": "in_progress", "note": "pipeline: started", "date": "2026-11-30"},
        headers={**bearer(token), "X-Request-ID": "ci-run-4711"},
    )
    assert recorded.status_code == 201, recorded.text
    body = recorded.json()
    assert (body["action"], body["status"], body["organisation"], body["requestId"]) == (
        "a002",
        "in_progress",
        "bzk",
        "ci-run-4711",
    )
    refused = client.post("/v1/actions/a001/statuses", json={"status": "done"}, headers=bearer(token))  # EZK's
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    invalid = client.post("/v1/actions/a002/statuses", json={"status": "sleeping"}, headers=bearer(token))
    assert invalid.status_code == 400
    assert invalid.json()["invalidParams"][0]["name"] == "status"
    unknown = client.post("/v1/actions/nope/statuses", json={"status": "done"}, headers=bearer(token))
    assert unknown.status_code == 404

    entries = Ledger(open_store(db_url)).entries()
    assert [(e.action, e.note, e.date.isoformat()) for e in entries] == [("a002", "pipeline: started", "2026-11-30")]
    assert entries[0].author.startswith("CI of bzk (token ")
    with open_store(db_url).engine.connect() as connection:
        organisation, request_id = connection.exec_driver_sql(
            "SELECT organisation, request_id FROM monitoring_status_entries"
        ).one()
    assert (organisation, request_id) == ("bzk", "ci-run-4711")


def test_a_token_acts_only_within_its_scopes(db_url: str) -> None:
    inventory_only = make_token(db_url, "bzk", "inventory:write")
    read_only = make_token(db_url, "bzk", "read")
    client = client_for(db_url)
    for token in (inventory_only, read_only):
        answer = client.post("/v1/actions/a002/statuses", json={"status": "done"}, headers=bearer(token))
        assert answer.status_code == 403
        assert "statuses:write" in answer.json()["detail"]
    upload = client.post("/v1/projects/apps/imports", content=b"x", headers=bearer(read_only))
    assert upload.status_code == 403
    assert Ledger(open_store(db_url)).entries() == []


def test_an_sbom_upload_is_imported_in_the_background_and_polled(db_url: str) -> None:
    token = make_token(db_url, "bzk", "inventory:write")
    client = client_for(db_url)
    sbom = cyclonedx([library("left-pad", "1.3.0"), library("lodash", "4.17.21"), library("react", "18.2.0")])
    started = client.post(
        "/v1/projects/bzk-apps/imports",
        content=sbom.encode(),
        headers={**bearer(token), "Content-Type": "application/vnd.cyclonedx+json", "X-File-Name": "../../app.json"},
    )
    assert started.status_code == 202, started.text
    location = started.headers["location"]
    assert re.fullmatch(r"/v1/imports/[0-9a-f]{32}", location)
    job = wait_for(client, location, token)
    assert job["status"] == "done", job
    assert job["fileName"] == "app.json", "no folder of the client's name is kept"
    files = job["result"]["files"]  # type: ignore[index]
    assert [(f["kind"], f["status"], f["added"]) for f in files] == [("sbom", "imported", 3)]

    services = b"name,category,vendor\nMail,email_collaboration,Acme\nChat,email_collaboration,Beta\n"
    multipart = client.post(
        "/v1/projects/bzk-apps/imports",
        files={"file": ("services.csv", services, "text/csv")},
        headers=bearer(token),
    )
    assert multipart.status_code == 202, multipart.text
    job = wait_for(client, multipart.headers["location"], token)
    assert job["status"] == "done", job
    assert [(f["kind"], f["status"]) for f in job["result"]["files"]] == [("services", "imported")]  # type: ignore[index]
    with open_store(db_url).engine.connect() as connection:
        projects = connection.exec_driver_sql("SELECT name, organisation FROM inventory_projects").all()
        audit = connection.exec_driver_sql(
            "SELECT organisation, user_name, size FROM inventory_import_jobs ORDER BY created_at"
        ).all()
    assert [tuple(p) for p in projects] == [("bzk-apps", "bzk")], "a new project belongs to the token's organisation"
    assert [tuple(a) for a in audit] == [("bzk", "CI of bzk", len(sbom.encode())), ("bzk", "CI of bzk", len(services))]


def test_uploads_to_another_organisations_project_and_bad_documents_are_refused(db_url: str) -> None:
    bzk = make_token(db_url, "bzk", "inventory:write")
    ezk = make_token(db_url, "ezk", "inventory:write")
    client = client_for(db_url, upload_max_bytes=2000)
    sbom = cyclonedx([library("left-pad", "1.3.0")]).encode()
    first = client.post("/v1/projects/bzk-apps/imports", content=sbom, headers=bearer(bzk))
    assert wait_for(client, first.headers["location"], bzk)["status"] == "done"
    other = client.post("/v1/projects/bzk-apps/imports", content=sbom, headers=bearer(ezk))
    assert other.status_code == 403
    assert other.headers["content-type"] == "application/problem+json"
    peek = client.get(first.headers["location"], headers=bearer(ezk))
    assert peek.status_code == 404, "EZK cannot read BZK's import"

    too_large = client.post("/v1/projects/bzk-apps/imports", content=b" " * 2001, headers=bearer(bzk))
    assert too_large.status_code == 413
    assert too_large.headers["content-type"] == "application/problem+json"
    empty = client.post("/v1/projects/bzk-apps/imports", content=b"", headers=bearer(bzk))
    assert empty.status_code == 400
    no_file = client.post(
        "/v1/projects/bzk-apps/imports", data={"x": "1"}, files={"other": ("a", b"1")}, headers=bearer(bzk)
    )
    assert no_file.status_code == 400

    broken = client.post("/v1/projects/bzk-apps/imports", content=b'{"bomFormat": "CycloneDX", ', headers=bearer(bzk))
    assert broken.status_code == 202
    job = wait_for(client, broken.headers["location"], bzk)
    assert job["status"] == "failed"
    assert job["result"]["files"][0]["status"] == "rejected"  # type: ignore[index]
    assert "/tmp" not in json.dumps(job), "no server path in the answer"
    assert "dosa-upload-" not in json.dumps(job)


def test_write_routes_are_rate_limited(db_url: str) -> None:
    token = make_token(db_url, "bzk", "statuses:write")
    client = client_for(db_url, rate_limits=(0, 2, 0))
    answers = [
        client.post("/v1/actions/a002/statuses", json={"status": "in_progress", "note": f"n{i}"}, headers=bearer(token))
        for i in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2].headers["content-type"] == "application/problem+json"
    assert answers[2].headers["retry-after"] == "60"


def test_the_openapi_document_declares_bearer_security_per_route(tmp_path: Path) -> None:
    document = client_for(str(tmp_path / "d.db")).get("/v1/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["bearerToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    secured = {
        (path, method)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if operation.get("security") == [{"bearerToken": []}]
    }
    assert secured == {
        ("/v1/actions/{actionId}/statuses", "post"),
        ("/v1/projects/{project}/imports", "post"),
        ("/v1/imports/{importId}", "get"),
    }
    upload = document["paths"]["/v1/projects/{project}/imports"]["post"]
    assert set(upload["requestBody"]["content"]) == {"application/octet-stream", "multipart/form-data"}


TOKEN_ROLES = {
    "no token": None,
    "bzk reader": ("bzk", "read"),
    "bzk editor": ("bzk", "statuses:write"),
    "bzk inventory maintainer": ("bzk", "inventory:write"),
    "ezk inventory maintainer": ("ezk", "inventory:write"),
}
TOKEN_MATRIX = {
    # a002 is owned by BZK and EZK, a001 by EZK alone; bzk-apps belongs to BZK
    "status a002": [401, 403, 201, 403, 403],
    "status a001": [401, 403, 403, 403, 403],
    "upload bzk-apps": [401, 403, 403, 202, 403],
}
"""Expected answers in the order of TOKEN_ROLES."""


def test_token_authorization_matrix(db_url: str) -> None:
    """Every write route of the API against every kind of token (the web forms' matrix is in
    test_oidc_signin.py)."""
    from dosa.web import writeapi

    routes = {(m, r.path) for r in writeapi.router.routes for m in getattr(r, "methods", ()) if m == "POST"}
    assert routes == {("POST", "/v1/actions/{actionId}/statuses"), ("POST", "/v1/projects/{project}/imports")}
    seed = make_token(db_url, "bzk", "inventory:write")
    client = client_for(db_url)
    first = client.post("/v1/projects/bzk-apps/imports", content=cyclonedx([]).encode(), headers=bearer(seed))
    assert wait_for(client, first.headers["location"], seed)["status"] == "done"
    answers: dict[tuple[str, str], int] = {}
    for role, grant in TOKEN_ROLES.items():
        headers = bearer(make_token(db_url, *grant)) if grant else {}
        for action in ("a002", "a001"):
            answer = client.post(
                f"/v1/actions/{action}/statuses", json={"status": "done", "note": role}, headers=headers
            )
            answers[(role, f"status {action}")] = answer.status_code
        sbom = cyclonedx([library("left-pad", "1.3.0")], name=role.replace(" ", "-")).encode()
        answers[(role, "upload bzk-apps")] = client.post(
            "/v1/projects/bzk-apps/imports", content=sbom, headers=headers
        ).status_code
    expected = {
        (role, route): code
        for route, codes in TOKEN_MATRIX.items()
        for role, code in zip(TOKEN_ROLES, codes, strict=True)
    }
    assert answers == expected
    assert [e.note for e in Ledger(open_store(db_url)).entries()] == ["bzk editor"]


def test_hostile_status_bodies_are_refused_and_nothing_is_written(db_url: str) -> None:
    """Huge, nested, malformed and NUL-carrying bodies get a 4xx problem, never a 500 or a ledger entry;
    a note that starts like a spreadsheet formula is kept as text."""
    token = make_token(db_url, "bzk", "statuses:write")
    client = client_for(db_url)
    url, auth = "/v1/actions/a002/statuses", bearer(token)
    bodies = {
        "huge note": {"status": "done", "note": "x" * 4001},
        "nested": {"status": {"status": {"status": ["done"]}}},
        "NUL": {"status": "done", "note": "half\x00way"},
    }
    for what, body in bodies.items():
        answer = client.post(url, json=body, headers=auth)
        assert 400 <= answer.status_code < 500, what
        assert answer.headers["content-type"] == "application/problem+json", what
    malformed = client.post(url, content=b'{"status": "done", ', headers={**auth, "content-type": "application/json"})
    assert 400 <= malformed.status_code < 500
    deep = b'{"a":' * 5000 + b"1" + b"}" * 5000
    nested_deep = client.post(url, content=deep, headers={**auth, "content-type": "application/json"})
    assert 400 <= nested_deep.status_code < 500
    assert Ledger(open_store(db_url)).entries() == [], "nothing was recorded"
    formula = client.post(url, json={"status": "in_progress", "note": '=HYPERLINK("x")'}, headers=auth)
    assert formula.status_code == 201
    assert [e.note for e in Ledger(open_store(db_url)).entries()] == ['=HYPERLINK("x")']
