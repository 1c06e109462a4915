# SPDX-License-Identifier: EUPL-1.2
"""What an operator's tooling asks of a running dosa: liveness and readiness, Prometheus metrics,
``HEAD`` on every page, and access logs as JSON lines."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from dosa.web.headers import ASGIApp, Message, Receive, Scope, Send
from dosa.web.state import app_state

router = APIRouter(include_in_schema=False)


@router.get("/health/live")
def live() -> JSONResponse:
    """The process answers (restart it when this fails)."""
    return JSONResponse({"status": "ok"}, headers={"cache-control": "no-store"})


@router.get("/health/ready")
def ready(request: Request) -> Response:
    """The database is reachable and at this dosa's schema (send no traffic here when this fails)."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from dosa.errors import DosaError
    from dosa.store import database_exists, open_store

    settings = app_state(request).settings
    try:
        if database_exists(settings.db):
            store = open_store(settings.db, create=False)
            store.ensure_schema()
            with store.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
    except (DosaError, SQLAlchemyError):
        logging.getLogger("dosa.web").exception("readiness check failed")
        return JSONResponse(
            {"type": "about:blank", "title": "Service Unavailable", "status": 503, "detail": "database not ready"},
            status_code=503,
            media_type="application/problem+json",
            headers={"cache-control": "no-store"},
        )
    return JSONResponse({"status": "ready"}, headers={"cache-control": "no-store"})


@router.get("/metrics")
def metrics(request: Request) -> Response:
    """Prometheus metrics, for scrapers on the same machine only (the reverse proxy never forwards here
    from outside: requests it forwards come from loopback too, so deployments block /metrics there)."""
    client = request.client.host if request.client else ""
    if client not in {"127.0.0.1", "::1", "testclient"}:
        return PlainTextResponse("not found", status_code=404)
    metrics = app_state(request).metrics
    if metrics is None:
        return PlainTextResponse("not found", status_code=404)
    registry: CollectorRegistry = metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


class Metrics:
    """Request counts and durations per route template (not per raw path: bounded label values)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "dosa_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=self.registry
        )
        self.duration = Histogram(
            "dosa_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )


class Observe:
    """Counts and times every request, and turns ``HEAD`` into a ``GET`` without a body (so every page
    answers ``HEAD`` as HTTP requires)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        status = {"code": 500}
        started = time.perf_counter()

        async def observed(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            route = _route_template(scope)
            method = "HEAD" if head else scope["method"]
            self.metrics.requests.labels(method, route, str(status["code"])).inc()
            self.metrics.duration.labels(method, route).observe(time.perf_counter() - started)


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    return str(getattr(route, "path", "")) or "(unmatched)"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what log collectors ingest without parsing rules."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        message = record.getMessage()
        try:
            parsed = json.loads(message)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            entry.update(parsed)
        else:
            entry["message"] = message
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def json_logging(level: int = logging.INFO) -> None:
    """Send dosa's logs (access log included) to stderr as JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    for name in ("dosa", "dosa.access", "dosa.web"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level)
        logger.propagate = False
