# SPDX-License-Identifier: EUPL-1.2
"""Security headers on every response, stricter on the API (NLGov ADR / Forum Standaardisatie)."""

from __future__ import annotations

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from dosa.web.settings import API_VERSION

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def is_api(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        path = request.url.path
        headers = response.headers
        headers["API-Version"] = API_VERSION
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if is_api(path):
            headers["Content-Security-Policy"] = API_CSP
            headers["Cache-Control"] = "no-store"
            if path == "/v1/openapi.json":
                headers["Access-Control-Allow-Origin"] = "*"
        else:
            headers["Content-Security-Policy"] = PAGE_CSP
        if request.url.scheme == "https":
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
