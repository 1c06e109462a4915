# SPDX-License-Identifier: EUPL-1.2
"""Request-level defences and bookkeeping, as plain ASGI middleware:

- a request id on every request (``X-Request-ID``: a well-formed incoming one is kept, else a new one),
  in the response, the JSON access log and the ledger;
- only trusted ``Host`` values (a DNS-rebinding page reaches dosa under its own host name);
- forms posted from another origin are refused (``Origin``, else ``Referer``), on top of the
  per-session CSRF token each form carries.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Iterable
from urllib.parse import urlsplit

from fastapi import Request

from dosa.web.headers import ASGIApp, Message, Receive, Scope, Send, is_api

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "testserver"})
"""Always accepted: the loopback names, and the in-process test client's."""
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
access_log = logging.getLogger("dosa.access")


def request_id(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", ""))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _host_name(host: str) -> str:
    """``example.nl:8443`` -> ``example.nl``; ``[::1]:8000`` -> ``::1``."""
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _kind(scope: Scope) -> str | None:
    """Which rate limit a request falls under, if any."""
    path: str = scope.get("path", "")
    if path.startswith("/auth/"):
        return "sign-in"
    if scope["method"] in _UNSAFE:
        return "write"
    if path.endswith(("/report/pdf", "/report/html")) or b"export=" in scope.get("query_string", b""):
        return "heavy"
    return None


TITLES = {400: "Bad Request", 403: "Forbidden", 429: "Too Many Requests"}


async def _refuse(send: Send, status: int, detail: str, api: bool, retry_after: int | None = None) -> None:
    if api:
        body = json.dumps(
            {
                "type": "about:blank",
                "title": TITLES[status],
                "status": status,
                "detail": detail,
            }
        ).encode()
        content_type = b"application/problem+json"
    else:
        body = (
            f"<!DOCTYPE html><html lang='en'><meta charset='utf-8'><title>{status}</title><p>{detail}</p></html>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RequestGuard:
    """Request id, trusted hosts, same-origin forms, and one JSON access-log line per request."""

    def __init__(
        self,
        app: ASGIApp,
        trusted_hosts: Iterable[str] = (),
        public_url: str | None = None,
        rate_limits: tuple[int, int, int] = (0, 0, 0),
    ) -> None:
        self.app = app
        self.limits = dict(zip(("sign-in", "write", "heavy"), rate_limits, strict=True))
        self.windows: dict[tuple[str, str], tuple[int, int]] = {}
        self.public_origin = None
        hosts = set(LOOPBACK_HOSTS) | {h.lower() for h in trusted_hosts}
        if public_url:
            parts = urlsplit(public_url)
            self.public_origin = f"{parts.scheme}://{parts.netloc}".lower()
            hosts.add((parts.hostname or "").lower())
        self.hosts = frozenset(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        rid = incoming if incoming and _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        path: str = scope.get("path", "")
        api = is_api(path)
        host = (_header(scope, b"host") or "").strip().lower()
        started = time.perf_counter()
        status_holder = {"status": 0}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            if _host_name(host) not in self.hosts:
                await _refuse(send_with_id, 400, "unknown host name", api)
                return
            if scope["method"] in _UNSAFE and not api and not self._same_origin(scope, host):
                await _refuse(send_with_id, 403, "this form was sent from another site", api)
                return
            kind = _kind(scope)
            if kind is not None and not self._allow(kind, (scope.get("client") or ("", 0))[0]):
                await _refuse(send_with_id, 429, "too many requests; try again in a minute", api, retry_after=60)
                return
            await self.app(scope, receive, send_with_id)
        finally:
            client = scope.get("client") or ("", 0)
            access_log.info(
                json.dumps(
                    {
                        "request_id": rid,
                        "method": scope["method"],
                        "path": path,
                        "status": status_holder["status"],
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "client": client[0],
                    }
                )
            )

    def _allow(self, kind: str, client: str) -> bool:
        """A fixed one-minute window per client address and kind of request (memory bounded: the
        windows of past minutes are dropped)."""
        limit = self.limits.get(kind, 0)
        if limit <= 0:
            return True
        minute = int(time.monotonic() // 60)
        if len(self.windows) > 50_000:
            self.windows = {k: v for k, v in self.windows.items() if v[0] == minute}
        window, count = self.windows.get((kind, client), (minute, 0))
        if window != minute:
            window, count = minute, 0
        self.windows[(kind, client)] = (window, count + 1)
        return count < limit

    def _same_origin(self, scope: Scope, host: str) -> bool:
        """A browser says where a form comes from (``Origin``, or at least ``Referer``); a client that
        says neither is not a browser acting for someone else, and still needs the form's CSRF token."""
        origin = _header(scope, b"origin")
        if origin is None:
            referer = _header(scope, b"referer")
            if referer is None:
                return True
            parts = urlsplit(referer)
            origin = f"{parts.scheme}://{parts.netloc}"
        origin = origin.lower()
        allowed = {f"{scope.get('scheme', 'http')}://{host}"}
        if self.public_origin:
            allowed.add(self.public_origin)
        return origin in allowed
