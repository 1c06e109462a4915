# SPDX-License-Identifier: EUPL-1.2
"""Errors as ``application/problem+json`` (RFC 9457), the NLGov REST API Design Rules' error format."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dosa.errors import DosaError, UnknownIdError

PROBLEM_TYPE = "application/problem+json"
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(
    status: int,
    detail: str,
    *,
    invalid_params: list[dict[str, str]] | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = quote(instance, safe="/:@!$&'()*+,;=-._~")
    if invalid_params:
        body["invalidParams"] = invalid_params
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=headers)


def _parameter_name(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location]
    if len(parts) > 1 and parts[0] in {"query", "path", "header", "cookie"}:
        return parts[1]  # a repeated parameter is still one parameter, whichever value is wrong
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "request"


def validation_problem(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Every invalid parameter at once, with status 400 (not FastAPI's 422): FastAPI's own errors and
    the filter values the dataset does not know (which a dependency left on ``request.state``)."""
    errors = list(exc.errors())
    errors += [e for e in getattr(request.state, "filter_errors", ()) if e not in errors]
    invalid = [
        {
            "name": _parameter_name(tuple(error.get("loc", ()))),
            "type": str(error.get("type", "")),
            "reason": str(error.get("msg", "")),
        }
        for error in errors
    ]
    return problem(400, f"{len(invalid)} invalid parameter(s)", invalid_params=invalid, instance=request.url.path)


def http_problem(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path}"
        if request.url.path.endswith("/"):
            detail += " (paths never end in a slash)"
    return problem(exc.status_code, detail, instance=request.url.path, headers=getattr(exc, "headers", None))


def dosa_problem(request: Request, exc: DosaError) -> JSONResponse:
    status = 404 if isinstance(exc, UnknownIdError) else 400
    detail = exc.message + (f" ({exc.hint})" if exc.hint else "")
    return problem(status, detail, instance=request.url.path)
