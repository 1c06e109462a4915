# SPDX-License-Identifier: EUPL-1.2
"""Security headers on every response, stricter on the API (NLGov ADR / Forum Standaardisatie), and a
cache of responses that depend on nothing but the (immutable) dataset.

Both are plain ASGI middleware: they wrap ``send`` and cost next to nothing per request.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from dosa.web.settings import API_VERSION

logger = logging.getLogger("dosa.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def is_api(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


def _headers_for(scope: Scope) -> list[tuple[bytes, bytes]]:
    path: str = scope.get("path", "")
    headers = [
        (b"api-version", API_VERSION.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),  # no-referrer would make browsers send Origin: null on forms
        (b"x-frame-options", b"DENY"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if is_api(path):
        headers += [(b"content-security-policy", API_CSP.encode()), (b"cache-control", b"no-store")]
        if path == "/v1/openapi.json":
            headers.append((b"access-control-allow-origin", b"*"))
    else:
        headers.append((b"content-security-policy", PAGE_CSP.encode()))
    if scope.get("scheme") == "https":
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


def _internal_error_body(scope: Scope) -> bytes:
    if is_api(scope.get("path", "")):
        return (
            b'{"type":"about:blank","title":"Internal Server Error","status":500,'
            b'"detail":"the server could not answer this request; the error has been logged"}'
        )
    return (
        b"<!DOCTYPE html><html lang='en'><meta charset='utf-8'><title>500</title>"
        b"<h1>Something went wrong</h1><p>The error has been logged. Please try again later.</p>"
        b"<p lang='nl'>Er ging iets mis. De fout is vastgelegd; probeer het later opnieuw.</p></html>"
    )


def _internal_error_start(scope: Scope) -> Message:
    kind = b"application/problem+json" if is_api(scope.get("path", "")) else b"text/html; charset=utf-8"
    body = _internal_error_body(scope)
    return {
        "type": "http.response.start",
        "status": 500,
        "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
    }


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = _headers_for(scope)
        names = {name for name, _ in extra}

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + extra
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # the details go to the operator's log; the visitor gets the error format, the headers, no internals
            logger.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await send_with_headers(_internal_error_start(scope))
            await send_with_headers({"type": "http.response.body", "body": _internal_error_body(scope)})


def _has_session(scope: Scope) -> bool:
    return any(key == b"cookie" and b"dosa_session=" in value for key, value in scope.get("headers", []))


def _session_owner(scope: Scope) -> str | None:
    """The signed-in session's own random form token, as the key of the pages kept for it alone
    (``None``: no valid session, keep nothing). Needs the session middleware outside the cache."""
    session = scope.get("session")
    user = session.get("user") if isinstance(session, dict) else None
    if not isinstance(user, dict) or float(user.get("exp", 0)) < time.time() or not user.get("csrf"):
        return None
    return str(user["csrf"])


def _has_credentials(scope: Scope) -> bool:
    """A request with an API token: its answer is for that token alone."""
    return any(key == b"authorization" for key, _ in scope.get("headers", []))


class ResponseCache:
    """Keep successful GET responses for as long as what they depend on is unchanged.

    ``version(path)`` says what a route's response depends on besides its address: ``""`` for routes
    that read only the dataset and the risk assessment (which never change while the app runs), a
    stamp of today's date and the status ledger for the action tracker, ``None`` for responses never
    kept (the report downloads). Other methods than GET pass through untouched.
    """

    def __init__(
        self,
        app: ASGIApp,
        version: Callable[[str], str | Awaitable[str | None] | None],
        size: int = 512,
        known_params: Callable[[Any], frozenset[str] | None] | None = None,
        personal: Callable[[str], bool] | None = None,
    ) -> None:
        self.app = app
        self.personal = personal
        """Which paths show a signed-in user something of their own (``None``: every path)."""
        self.version = version
        self.size = size
        self.known_params = known_params
        self.entries: OrderedDict[tuple[str, bytes, str], tuple[Message, bytes]] = OrderedDict()
        self.params_by_path: OrderedDict[str, frozenset[str]] = OrderedDict()
        """The query parameters the route answering each path reads, learnt from its first answer."""

    def _query_key(self, scope: Scope) -> bytes:
        """The query string without the parameters the route does not read: they cannot change the answer,
        so ``?x=random`` is served from the cache instead of computing the page again."""
        query: bytes = scope.get("query_string", b"")
        known = self.params_by_path.get(scope["path"]) if query else None
        if known is None:
            return query
        kept = [(k, v) for k, v in parse_qsl(query.decode("latin-1"), keep_blank_values=True) if k in known]
        return urlencode(kept).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        stamp: str | None = None
        if scope["type"] == "http" and scope["method"] == "GET":
            version = self.version(scope["path"])
            # a version that asks the database comes as an awaitable (run off the event loop)
            stamp = version if version is None or isinstance(version, str) else await version
        if stamp is not None and _has_session(scope) and (self.personal is None or self.personal(scope["path"])):
            # a page with a signed-in user's own form token and buttons: kept for that session alone
            owner = _session_owner(scope)
            stamp = None if owner is None else f"{stamp}|session:{owner}"
        if stamp is not None and _has_credentials(scope):
            stamp = None
        if stamp is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], self._query_key(scope), stamp)
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
            start, body = hit
            await send(dict(start))
            await send({"type": "http.response.body", "body": body})
            return
        chunks: list[bytes] = []
        start_message: Message = {}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start_message.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and start_message.get("status") == 200:
                    stored = self._learn(scope, key)
                    self.entries[stored] = (dict(start_message), b"".join(chunks))
                    if len(self.entries) > self.size:
                        self.entries.popitem(last=False)
            await send(message)

        await self.app(scope, receive, capture)

    def _learn(self, scope: Scope, key: tuple[str, bytes, str]) -> tuple[str, bytes, str]:
        """Remember which parameters the route read (the router names it in the scope); the key to store
        the answer under, without the others."""
        if self.known_params is None or scope["path"] in self.params_by_path:
            return key
        known = self.known_params(scope.get("route"))
        if known is None:
            return key
        self.params_by_path[scope["path"]] = known
        if len(self.params_by_path) > 4 * self.size:
            self.params_by_path.popitem(last=False)
        return (key[0], self._query_key(scope), key[2])
