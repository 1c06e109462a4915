# SPDX-License-Identifier: EUPL-1.2
"""The administrators' API token page in a real browser, axe-core finding no WCAG 2.1 A/AA violation in
Dutch or English: empty, with a token just made (shown once), with a refused form, and after a revoke.

The dashboard runs with sign-in configured; the browser carries an administrator's session cookie signed
with the server's session secret, as Starlette's session middleware signs it (signing in through a real
identity provider is tested in tests/web/test_oidc_signin.py)."""

from __future__ import annotations

import json
import re
import time
from base64 import b64encode
from collections.abc import Callable, Iterator

import itsdangerous
import pytest
from browserkit import axe_violations, serve_in_thread, shoot

from dosa.dataset import load_dataset
from dosa.web import WebSettings, create_app

pytestmark = pytest.mark.browser
SECRET = "browser-session-secret"
ADMIN = {
    "sub": "ada",
    "name": "Ada Admin",
    "email": "ada@dosa.example",
    "org": "bzk",
    "roles": ["administrator"],
    "csrf": "browser-csrf-token",
}


@pytest.fixture(scope="module")
def admin_server(new_db_url: Callable[[], str]) -> Iterator[str]:
    db = new_db_url()
    settings = WebSettings(
        db=db,
        oidc_issuer="http://127.0.0.1:9",  # never asked: the browser arrives signed in
        oidc_client_id="dosa",
        oidc_client_secret="unused",
        session_secret=SECRET,
        secure_cookies=False,
    )
    yield from serve_in_thread(create_app(settings, load_dataset()))


def _session_cookie() -> str:
    session = {"user": {**ADMIN, "exp": time.time() + 3600}}
    data = b64encode(json.dumps(session).encode("utf-8"))
    return itsdangerous.TimestampSigner(SECRET).sign(data).decode("utf-8")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_token_page_has_no_accessibility_violations(page, admin_server: str, axe_source: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "dosa_session", "value": _session_cookie(), "url": admin_server}])
    page.goto(f"{admin_server}/{lang}/admin/tokens")
    assert page.evaluate("document.documentElement.lang") == lang
    assert axe_violations(page, axe_source) == [], "empty list"

    page.fill("#user", "Pipeline BZK")
    page.fill("#organisation", "bzk")
    page.check("#scope-2")
    page.click("form[action$='/admin/tokens'] button[type=submit]")
    page.wait_for_selector("#new-token")
    token = page.input_value("#new-token")
    assert re.fullmatch(r"dosa_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", token)
    assert axe_violations(page, axe_source) == [], "token just made"
    shoot(page, f"token-page-made-{lang}")

    page.goto(f"{admin_server}/{lang}/admin/tokens")
    page.fill("#user", "Pipeline BZK")
    page.fill("#organisation", "B Z K")
    for box in page.query_selector_all("input[name=scopes]"):
        box.uncheck()
    page.click("form[action$='/admin/tokens'] button[type=submit]")
    page.wait_for_selector(".utrecht-alert--error")
    assert axe_violations(page, axe_source) == [], "refused form"

    page.goto(f"{admin_server}/{lang}/admin/tokens")
    page.click("form[action$='/revoke'] button[type=submit] >> nth=0")
    page.wait_for_url("**/admin/tokens?revoked=*")
    assert axe_violations(page, axe_source) == [], "after a revoke"
    assert token not in page.content()
