# SPDX-License-Identifier: EUPL-1.2
"""Regression tests for the attacks of issue 11: a YAML alias bomb, DNS rebinding (foreign Host),
cross-site form posts, forged or replayed form tokens, and what error pages reveal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from dosa.dataset import load_dataset
from dosa.dataset.files import MAX_EXPANDED_VALUES, expanded_size, load_yaml
from dosa.dataset.problems import ValidationReport
from dosa.web import WebSettings, create_app

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def alias_bomb(levels: int = 9) -> str:
    """Nine levels of nine aliases each: under 600 bytes, 9**9 (387 million) values once expanded."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_the_alias_bomb_is_small_and_would_expand_enormously() -> None:
    bomb = alias_bomb()
    assert len(bomb.encode()) < 600
    node = yaml.compose(bomb, Loader=yaml.SafeLoader)
    assert expanded_size(node) > MAX_EXPANDED_VALUES


def test_aliases_that_expand_beyond_reason_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb())
    report = ValidationReport()
    assert load_yaml(path, report, "bomb.yaml") is None
    assert "expands to more than" in report.sorted()[0].message
    recursive = tmp_path / "loop.yaml"
    recursive.write_text("a: &a [*a]\n")
    report = ValidationReport()
    assert load_yaml(recursive, report, "loop.yaml") is None
    assert report.errors


def test_ordinary_anchors_still_work(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("base: &b {x: 1}\nfirst: *b\nsecond: *b\n")
    report = ValidationReport()
    document = load_yaml(path, report, "ok.yaml")
    assert report.ok
    assert document["first"]["x"] == 1


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(WebSettings(editor="Editor"), load_dataset(MINI)))


def test_an_uploaded_alias_bomb_is_answered_with_an_error_not_a_hang(client: TestClient) -> None:
    page = client.get("/en/scenarios")
    token = CSRF.search(page.text)
    assert token is not None
    answer = client.post(
        "/en/scenarios",
        data={"csrf": token.group(1)},
        files={"file": ("bomb.yaml", alias_bomb().encode(), "application/yaml")},
    )
    assert answer.status_code == 400
    assert "anchors and aliases" in answer.text


def test_a_foreign_host_name_is_refused(client: TestClient) -> None:
    """DNS rebinding: the attacker's name resolves to the server, the browser sends it as Host."""
    for method in ("GET", "POST"):
        answer = client.request(method, "/en/actions/a001", headers={"host": "rebind.attacker.example"})
        assert answer.status_code == 400
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" in answer.headers


def test_a_form_posted_from_another_site_is_refused(db_url: str) -> None:
    client = TestClient(create_app(WebSettings(editor="Editor", db=db_url), load_dataset(MINI)))
    token = CSRF.search(client.get("/en/actions/a001").text)
    assert token is not None
    form = {"status": "done", "note": "from elsewhere", "csrf": token.group(1)}
    for header, value in (("origin", "https://evil.example"), ("referer", "https://evil.example/page")):
        answer = client.post("/en/actions/a001/status", data=form, headers={header: value}, follow_redirects=False)
        assert answer.status_code == 403
    same = client.post(
        "/en/actions/a001/status", data=form, headers={"origin": "http://testserver"}, follow_redirects=False
    )
    assert same.status_code == 303
    forged = client.post("/en/actions/a001/status", data={**form, "csrf": "guessed"}, follow_redirects=False)
    assert forged.status_code == 403


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    answer = client.get("/v1", headers={"x-request-id": "trace-42"})
    assert answer.headers["x-request-id"] == "trace-42"
    fresh = client.get("/v1", headers={"x-request-id": "not a valid id <script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["x-request-id"])


def test_an_internal_error_is_the_error_page_with_the_headers_and_no_internals(tmp_path: Path) -> None:
    app = create_app(WebSettings(), load_dataset(MINI))

    def broken() -> str:
        raise RuntimeError(f"secret detail at {tmp_path}/private.db")

    app.state.dosa.method_label = broken
    client = TestClient(app, raise_server_exceptions=False)
    page = client.get("/en/priorities")
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in page.headers
    assert page.headers["x-frame-options"] == "DENY"
    assert "secret detail" not in page.text
    assert str(tmp_path) not in page.text
    app.state.dosa.dataset = None  # the API breaks too
    problem = client.get("/v1/priorities")
    assert problem.status_code == 500
    assert problem.headers["content-type"] == "application/problem+json"
    assert problem.json()["status"] == 500
    assert "cache-control" in problem.headers


@pytest.mark.sqlite_only(reason="a damaged database file")
def test_a_broken_database_shows_no_path_to_visitors(tmp_path: Path) -> None:
    junk = tmp_path / "secret-place" / "dosa.db"
    junk.parent.mkdir()
    junk.write_text("not a database " * 200)
    client = TestClient(create_app(WebSettings(editor="E"), load_dataset(MINI)), raise_server_exceptions=False)
    client.app.state.dosa.settings = WebSettings(editor="E", db=str(junk))  # damaged after start-up
    for path in ("/en/actions/a001", "/en/inventory"):
        page = client.get(path)
        assert page.status_code == 503, path
        assert "secret-place" not in page.text
        assert "content-security-policy" in page.headers


def test_security_txt_comes_from_configuration_not_from_the_host_header() -> None:
    unconfigured = TestClient(create_app(WebSettings(), load_dataset(MINI)))
    assert unconfigured.get("/.well-known/security.txt").status_code == 404
    configured = TestClient(
        create_app(
            WebSettings(public_url="https://dosa.example.nl", trusted_hosts=("evil.example",)), load_dataset(MINI)
        )
    )
    text = configured.get("/.well-known/security.txt", headers={"host": "evil.example"}).text
    assert "Contact: https://dosa.example.nl/en/about#security" in text
    assert "evil" not in text


def test_unknown_query_parameters_are_served_from_the_cache(client: TestClient) -> None:
    from dosa.web.headers import ResponseCache

    first = client.get("/en/priorities")
    assert first.status_code == 200
    cache = next(m for m in _middlewares(client.app) if isinstance(m, ResponseCache))
    size = len(cache.entries)
    for number in range(50):
        answer = client.get(f"/en/priorities?bust={number}&utm_source=x")
        assert answer.text == first.text
    assert len(cache.entries) == size, "random parameters add no entries and compute nothing"


def _middlewares(app: object) -> list[object]:
    found = []
    layer = getattr(app, "middleware_stack", None)
    while layer is not None:
        found.append(layer)
        layer = getattr(layer, "app", None)
    return found


def test_rate_limits_answer_429_with_retry_after() -> None:
    limited = TestClient(create_app(WebSettings(editor="E", rate_limits=(2, 3, 1)), load_dataset(MINI)))
    codes = [limited.post("/en/actions/a001/status", data={"csrf": "x"}).status_code for _ in range(5)]
    assert codes[:3] == [403, 403, 403]  # refused for the bad token, but counted
    assert codes[3:] == [429, 429]
    heavy = [limited.get("/en/priorities?export=0&format=csv").status_code for _ in range(2)]
    assert heavy == [200, 429]
    answer = limited.get("/en/priorities?export=0&format=csv")
    assert answer.headers["retry-after"] == "60"


@pytest.mark.slow
def test_the_report_download_is_made_once_per_ledger_state(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import dosa.web.pages

    calls = []
    real = dosa.web.pages.render_html

    def counting(report: object) -> str:
        calls.append(1)
        return real(report)  # type: ignore[arg-type]

    monkeypatch.setattr(dosa.web.pages, "render_html", counting)
    client = TestClient(create_app(WebSettings(db=db_url), load_dataset(MINI)))
    first = client.get("/en/report/html")
    second = client.get("/en/report/html?bust=1")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(calls) == 1


def test_same_site_forms_keep_their_origin_and_null_origins_are_refused(db_url: str) -> None:
    """With Referrer-Policy no-referrer a browser sends Origin: null even on the site's own forms; with
    same-origin it sends the real origin to the site and nothing to others."""
    client = TestClient(create_app(WebSettings(editor="Editor", db=db_url), load_dataset(MINI)))
    page = client.get("/en/actions/a001")
    assert page.headers["referrer-policy"] == "same-origin"
    token = CSRF.search(page.text)
    assert token is not None
    form = {"status": "done", "note": "x", "csrf": token.group(1)}
    sandboxed = client.post("/en/actions/a001/status", data=form, headers={"origin": "null"}, follow_redirects=False)
    assert sandboxed.status_code == 403
