# SPDX-License-Identifier: EUPL-1.2
"""The FastAPI application: pages, the ``/v1`` API, static assets, security headers and errors."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from dosa.dataset import Dataset, load_dataset
from dosa.errors import DosaError, UnknownIdError
from dosa.i18n import LANGUAGES, localizer
from dosa.report.html import static_dir
from dosa.store.errors import SchemaError
from dosa.web import (
    api,
    auth,
    cloud,
    concentration,
    exposure,
    inventory,
    openapi,
    operations,
    pages,
    procurement,
    tokenadmin,
    writeapi,
)
from dosa.web.freshness import ledger_stamp, ledger_version, ledger_version_known
from dosa.web.headers import ResponseCache, SecurityHeaders, is_api
from dosa.web.problems import dosa_problem, http_problem, problem, validation_problem
from dosa.web.security import RequestGuard
from dosa.web.settings import API_VERSION, WebSettings
from dosa.web.state import AppState, app_state
from dosa.web.visibility import scoped_path

logger = logging.getLogger("dosa.web")

API_DESCRIPTION = (
    "Read access to dosa's dataset: the digital stack, the priorities, the subjects with their "
    "dependencies and market shares, and the actions of the Agenda Digitale Open Strategische "
    "Autonomie (2023). Write access for automation with API tokens (Authorization: Bearer, made with "
    "dosa tokens create): record action statuses, upload SBOMs and service lists and poll their import. "
    "Errors are application/problem+json; every response carries API-Version."
)


def create_app(settings: WebSettings | None = None, dataset: Dataset | None = None) -> FastAPI:
    """Build the app for one dataset (loaded and validated once, at start-up)."""
    settings = settings or WebSettings()
    dataset = dataset or load_dataset(settings.dataset_path)
    check_database(settings)
    app = FastAPI(
        title="dosa API",
        version=API_VERSION,
        description=API_DESCRIPTION,
        contact=_contact(settings),
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        servers=[{"url": "/", "description": "this dosa instance"}],
    )
    metrics = operations.Metrics()
    app.state.dosa = AppState(settings, dataset, metrics=metrics)
    """Everything the routes share, typed (:mod:`dosa.web.state`); nothing else is kept on ``app.state``."""
    app.add_middleware(
        ResponseCache,
        version=lambda path: _cache_version(path, settings),
        known_params=_known,
        personal=lambda path: _personal(path) or (not settings.anonymous_read and scoped_path(path)),
    )
    if not settings.anonymous_read:
        app.add_middleware(auth.ReadGate, settings=settings, signing_in=bool(settings.oidc_issuer))
    auth.install(app, settings)  # the session outside the cache and the gate (see auth.install)
    app.add_middleware(operations.Observe, metrics=metrics)
    app.add_middleware(
        RequestGuard,
        trusted_hosts=settings.trusted_hosts,
        public_url=settings.public_url,
        rate_limits=settings.rate_limits,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    app.include_router(api.router)
    app.include_router(api.risk_router)
    app.include_router(writeapi.router)

    @app.get("/.well-known/security.txt", include_in_schema=False)
    def security_txt(request: Request) -> PlainTextResponse:
        text = settings.security_txt()
        if text is None:
            raise StarletteHTTPException(404, "no security contact is configured (DOSA_SECURITY_CONTACT)")
        return PlainTextResponse(text)

    app.include_router(exposure.api_router)
    app.include_router(concentration.api_router)
    app.include_router(concentration.router)
    app.include_router(exposure.router)
    app.include_router(inventory.router)
    app.include_router(operations.router)
    app.include_router(pages.router)
    app.include_router(procurement.router)
    app.include_router(cloud.router)
    app.include_router(tokenadmin.router)
    openapi.install(app)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        if is_api(request.url.path):
            return validation_problem(request, exc)
        return _error_page(request, 400, "; ".join(str(e.get("msg", "")) for e in exc.errors()), None)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request.url.path) or request.url.path.startswith("/static/"):
            return http_problem(request, exc)
        return _error_page(request, exc.status_code, str(exc.detail), None)

    @app.exception_handler(DosaError)
    async def on_dosa(request: Request, exc: DosaError) -> Response:
        if isinstance(exc, SchemaError):
            # the message names the database (a path or host): for the operator's log, not for visitors
            logger.error("database unavailable: %s (%s)", exc.message, exc.hint)
            exc = DosaError("the database is not available", hint="the operator has been told; try again later")
            if is_api(request.url.path):
                return problem(503, "the database is not available", instance=request.url.path)
            return _error_page(request, 503, exc.message, exc.hint)
        if is_api(request.url.path):
            return dosa_problem(request, exc)
        status = 404 if isinstance(exc, UnknownIdError) else 400
        return _error_page(request, status, exc.message, exc.hint)

    return app


def check_database(settings: WebSettings) -> None:
    """Start-up check: an existing database must be at the current schema, undamaged, its ledger's
    chain intact and its append-only triggers in place; otherwise the dashboard does not start. Import
    jobs whose server has stopped are failed (:func:`dosa.inventory.jobs.expire_abandoned`)."""
    from dosa.store import SchemaError, database_exists, open_store

    if not database_exists(settings.db):
        return
    # every table the migrations know
    import dosa.access.tokens
    import dosa.inventory.jobs
    import dosa.inventory.tables
    import dosa.monitoring.tables
    from dosa.monitoring.chain import verify_database

    store = open_store(settings.db)
    problems, _, _ = verify_database(store)
    if problems:
        raise SchemaError(
            f"the dosa database {store.url} failed its start-up check: {'; '.join(problems[:5])}",
            hint="run dosa db verify for every problem; restore a backup (dosa db restore)",
        )
    # import jobs left queued or running by a server that has stopped: failed, with the reason
    dosa.inventory.jobs.expire_abandoned(store)


PAGE_PARAMETERS = frozenset({"export", "format", "recorded"})
"""Query parameters every page reads besides its declared ones (table export, the 'recorded' notice)."""


def _personal(path: str) -> bool:
    """Pages that show a signed-in user their own form (with their session's token): an action's page
    and the scenario upload. Every other page is the same for everyone, signed in or not."""
    parts = path.strip("/").split("/")
    return (
        len(parts) >= 2
        and parts[0] in LANGUAGES
        and (parts[1] == "scenarios" or (parts[1] == "actions" and len(parts) == 3))
    )


def _query_names(dependant: Any) -> frozenset[str]:
    """Query parameters a route declares, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return frozenset(names)


def _known(route: Any) -> frozenset[str] | None:
    """The query parameters a route reads (``None``: not known, keep them all)."""
    dependant = getattr(route, "dependant", None)
    return None if dependant is None else PAGE_PARAMETERS | _query_names(dependant)


def _cache_version(path: str, settings: WebSettings) -> str | Awaitable[str | None] | None:
    """:func:`_response_version`, in a worker thread when it asks a database server (never on the event loop)."""
    parts = path.strip("/").split("/")
    if (
        len(parts) >= 2
        and parts[0] in LANGUAGES
        and parts[1] == "actions"
        and ledger_stamp(settings) is None
        and not ledger_version_known(settings)
    ):
        return run_in_threadpool(_response_version, path, settings)
    return _response_version(path, settings)


def _response_version(path: str, settings: WebSettings) -> str | None:
    """What a GET response depends on besides its address (see :class:`ResponseCache`)."""
    parts = path.strip("/").split("/")
    if parts[0] in LANGUAGES:
        if len(parts) >= 2 and parts[1] == "admin":  # per administrator, and may show a token once: never kept
            return None
        if len(parts) == 1 or parts[1] not in {"actions", "inventory", "exposure", "concentration", "report"}:
            return ""
        if parts[1] in {"actions", "inventory", "exposure", "concentration"}:
            ledger = ledger_stamp(settings)
            if ledger is None and parts[1] == "actions":
                # a database server: the newest ledger entry's id, one indexed query
                ledger = f"entry-{ledger_version(settings)}"
            return None if ledger is None else f"{dt.date.today().isoformat()}|{ledger}"
        return None
    if parts[0] == "v1" and parts[1:2] == ["imports"]:  # an import job's state changes until it is done
        return None
    if parts[0] == "v1" and parts[1:2] in (["exposure"], ["inventory"]):  # read the inventory in the database
        return ledger_stamp(settings)
    return "" if parts[0] in {"v1", "static"} else None


def _contact(settings: WebSettings) -> dict[str, str]:
    """``info.contact`` of the OpenAPI document: who runs this instance, when configured."""
    contact = {"name": "dosa maintainers (the organisation running this instance, where configured)"}
    address = settings.security_contact or ""
    if address.startswith("mailto:"):
        contact["email"] = address.removeprefix("mailto:")
    elif address.startswith("https://"):
        contact["url"] = address
    return contact


def _page_lang(request: Request) -> str:
    first = request.url.path.strip("/").split("/", 1)[0]
    return first if first in LANGUAGES else app_state(request).settings.default_lang


def _error_page(request: Request, status: int, message: str, hint: str | None) -> Response:
    lang = _page_lang(request)
    loc = localizer(lang)
    titles = {404: loc.gettext("Page not found"), 400: loc.gettext("This request cannot be answered")}
    if status == 404 and message in {"Not Found", ""}:
        message = loc.gettext("There is no page at this address.")
    try:
        from dosa.web.render import render_page

        html = render_page(
            request,
            lang,
            "error.html.j2",
            title=titles.get(status, loc.gettext("Error")),
            message=message,
            hint=hint,
            sections=[],
        )
    except Exception:  # the error page itself must never fail
        html = f"<!DOCTYPE html><html lang='{lang}'><title>{status}</title><p>{status}</p></html>"
    return HTMLResponse(html, status_code=status)
