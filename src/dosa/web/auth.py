# SPDX-License-Identifier: EUPL-1.2
"""Sign-in with OpenID Connect (authorization code flow with PKCE, through authlib) and the session.

The organisation's own identity provider (Entra ID, Keycloak, any certified OpenID provider) signs
users in; dosa keeps who they are in a signed, HttpOnly, SameSite=Lax session cookie (Secure unless
the operator turns that off for plain-http development), which expires after
``session_max_age`` seconds. Roles and the organisation come from the provider's claims
(``roles_claim``, ``organisation_claim``). Without an issuer configured, dosa runs as the
single-user tool it was (``--editor``), on loopback only.
"""

from __future__ import annotations

import secrets
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from dosa.access.model import Principal, parse_roles
from dosa.web.headers import ASGIApp, Receive, Scope, Send, is_api
from dosa.web.problems import problem
from dosa.web.settings import WebSettings
from dosa.web.state import AppStateDep, app_state, app_state_of

SESSION_COOKIE = "dosa_session"
router = APIRouter(include_in_schema=False)


def enabled(request: Request) -> bool:
    return app_state(request).oauth is not None


def principal(request: Request) -> Principal | None:
    """The signed-in user of this request, or ``None`` (anonymous, or the session has expired)."""
    if "session" not in request.scope:
        return None
    user = request.session.get("user")
    if not isinstance(user, dict):
        return None
    if float(user.get("exp", 0)) < time.time():
        request.session.clear()
        return None
    return Principal(
        subject=str(user["sub"]),
        name=str(user.get("name", "")),
        email=str(user.get("email", "")),
        organisation=str(user.get("org", "")),
        roles=parse_roles(user.get("roles", [])),
    )


def csrf_token(request: Request) -> str:
    """The token forms carry: the session's own when signed in, the process's in single-user mode."""
    if enabled(request):
        user = request.session.get("user") if "session" in request.scope else None
        return str(user.get("csrf", "")) if isinstance(user, dict) else ""
    return app_state(request).csrf


def csrf_ok(request: Request, submitted: str) -> bool:
    expected = csrf_token(request)
    return bool(expected) and secrets.compare_digest(submitted.encode(), expected.encode())


def _local_path(target: str | None) -> str:
    """Only a path on this site may be returned to after sign-in (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def sign_in_failed(request: Request) -> Response:
    """The error page for a sign-in the provider refused or that came back tampered with."""
    from dosa.i18n import localizer
    from dosa.web.render import render_page

    lang = app_state(request).settings.default_lang
    loc = localizer(lang)
    message = loc.gettext("Signing in did not succeed; try again.")
    title = loc.gettext("Error")
    html = render_page(request, lang, "error.html.j2", title=title, message=message, hint=None, sections=[])
    return HTMLResponse(html, status_code=400)


def install(app: FastAPI, settings: WebSettings) -> None:
    """Add the session and the sign-in routes when an OpenID provider is configured.

    Call it after adding the response cache (and the read gate): the session middleware must sit
    outside both, so a cached answer never carries one user's session cookie to another."""
    if not settings.oidc_issuer:
        return
    from authlib.integrations.starlette_client import OAuth

    oauth = OAuth()
    oauth.register(
        name="idp",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256"},
    )
    app_state_of(app).oauth = oauth
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret or secrets.token_urlsafe(32),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.include_router(router)


def _callback_url(request: Request) -> str:
    settings: WebSettings = app_state(request).settings
    base = settings.public_url or str(request.base_url)
    return base.rstrip("/") + "/auth/callback"


@router.get("/auth/login")
async def login(request: Request, state: AppStateDep, next: str = "/") -> Response:
    if not enabled(request):
        return RedirectResponse("/", status_code=303)
    request.session.pop("user", None)
    request.session["next"] = _local_path(next)
    client = state.oauth.idp
    response: Response = await client.authorize_redirect(request, _callback_url(request))
    return response


@router.get("/auth/callback")
async def callback(request: Request, state: AppStateDep) -> Response:
    from authlib.integrations.base_client.errors import OAuthError

    if not enabled(request):
        return RedirectResponse("/", status_code=303)
    settings: WebSettings = state.settings
    client = state.oauth.idp
    try:
        token = await client.authorize_access_token(request)
        claims: dict[str, Any] = dict(await client.userinfo(token=token))
    except OAuthError:
        return sign_in_failed(request)
    roles = claims.get(settings.roles_claim) or []
    if isinstance(roles, str):
        roles = roles.split()
    target = _local_path(request.session.pop("next", "/"))
    request.session.clear()
    request.session["user"] = {
        "sub": str(claims.get("sub", "")),
        "name": str(claims.get("name", ""))[:200],
        "email": str(claims.get("email", ""))[:200],
        "org": str(claims.get(settings.organisation_claim, "")).strip().lower()[:100],
        "roles": sorted(role.value for role in parse_roles(roles if isinstance(roles, list) else [])),
        "csrf": secrets.token_urlsafe(32),
        "exp": time.time() + settings.session_max_age,
    }
    return RedirectResponse(target, status_code=303)


@router.post("/auth/logout")
async def logout(request: Request, csrf: str = Form("", max_length=200)) -> Response:
    if enabled(request) and csrf_ok(request, csrf):
        request.session.clear()
    return RedirectResponse("/", status_code=303)


OPEN_PREFIXES = ("/health/", "/auth/", "/static/", "/.well-known/", "/v1/imports/")
"""Open without a signed-in user even when anonymous reading is off: health checks, signing in itself,
style sheets, security.txt, and import polls (which check their own token)."""
OPEN_PATHS = frozenset({"/v1/openapi.json", "/metrics", "/favicon.ico"})


class ReadGate:
    """``DOSA_ANONYMOUS_READ=no``: pages and the read API need a signed-in user with a role, or an API
    token with the ``read`` scope (any valid token for the write API, whose routes check the scopes).
    A page sends the visitor to sign in; the API answers 401 (problem+json). Sits inside the session middleware and
    outside the response cache, so a cached page is never handed to a visitor who may not read it."""

    def __init__(self, app: ASGIApp, settings: WebSettings, signing_in: bool) -> None:
        self.app = app
        self.settings = settings
        self.signing_in = signing_in

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] != "http"
            or path in OPEN_PATHS
            or path.startswith(OPEN_PREFIXES)
            or await self._allowed(scope)
        ):
            await self.app(scope, receive, send)
            return
        if is_api(path):
            response: Response = problem(
                401, "sign in or send an API token with the read scope (Authorization: Bearer …)", instance=path
            )
            response.headers["WWW-Authenticate"] = 'Bearer realm="dosa"'
        elif self.signing_in and self._session_user(scope) is None:
            query = scope.get("query_string", b"").decode("latin-1")
            target = path + (f"?{query}" if query else "")
            response = RedirectResponse(f"/auth/login?{urlencode({'next': target})}", status_code=303)
        else:
            status = 403 if self.signing_in else 401
            text = (
                "Your account has no role in dosa; ask the administrator."
                if self.signing_in
                else "This dosa instance is not open to anonymous readers."
            )
            body = f"<!DOCTYPE html><html lang='en'><meta charset='utf-8'><title>{status}</title><p>{text}</p></html>"
            response = HTMLResponse(body, status_code=status)
        await response(scope, receive, send)

    @staticmethod
    def _session_user(scope: Scope) -> dict[str, Any] | None:
        session = scope.get("session")
        user = session.get("user") if isinstance(session, dict) else None
        if not isinstance(user, dict) or float(user.get("exp", 0)) < time.time():
            return None
        return user

    async def _allowed(self, scope: Scope) -> bool:
        user = self._session_user(scope)
        if user is not None and parse_roles(user.get("roles", [])):
            return True
        header = next((bytes(v).decode("latin-1") for k, v in scope.get("headers", []) if k == b"authorization"), None)
        if header is None:
            return False
        from dosa.access.tokens import Scope as TokenScope
        from dosa.web.tokenauth import token_from_header

        token = await run_in_threadpool(token_from_header, self.settings.db, header)
        if token is None:
            return False
        return TokenScope.READ in token.scopes or scope["method"] not in {"GET", "HEAD"}
