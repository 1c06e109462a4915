# SPDX-License-Identifier: EUPL-1.2
"""The FastAPI application: pages, the ``/v1`` API, static assets, security headers and errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dosa.dataset import Dataset, load_dataset
from dosa.errors import DosaError, UnknownIdError
from dosa.i18n import LANGUAGES, localizer
from dosa.report.html import static_dir
from dosa.web import api, exposure, inventory, openapi, pages, procurement
from dosa.web.headers import ResponseCache, SecurityHeaders, is_api
from dosa.web.problems import dosa_problem, http_problem, validation_problem
from dosa.web.settings import API_VERSION, WebSettings
from dosa.web.state import AppState, app_state

API_DESCRIPTION = (
    "Read access to dosa's dataset: the digital stack, the priorities, the subjects with their "
    "dependencies and market shares, and the actions of the Agenda Digitale Open Strategische "
    "Autonomie (2023). Errors are application/problem+json; every response carries API-Version."
)


def create_app(settings: WebSettings | None = None, dataset: Dataset | None = None) -> FastAPI:
    """Build the app for one dataset (loaded and validated once, at start-up)."""
    settings = settings or WebSettings()
    dataset = dataset or load_dataset(settings.dataset_path)
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
    app.state.dosa = AppState(settings, dataset)
    """Everything the routes share, typed (:mod:`dosa.web.state`); nothing else is kept on ``app.state``."""
    app.add_middleware(ResponseCache, version=lambda path: _response_version(path, settings))
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    app.include_router(api.router)
    app.include_router(api.risk_router)

    @app.get("/.well-known/security.txt", include_in_schema=False)
    def security_txt(request: Request) -> PlainTextResponse:
        return PlainTextResponse(settings.security_txt(str(request.base_url)))

    app.include_router(exposure.api_router)
    app.include_router(exposure.router)
    app.include_router(inventory.router)
    app.include_router(pages.router)
    app.include_router(procurement.router)
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
        if is_api(request.url.path):
            return dosa_problem(request, exc)
        status = 404 if isinstance(exc, UnknownIdError) else 400
        return _error_page(request, status, exc.message, exc.hint)

    return app


def _response_version(path: str, settings: WebSettings) -> str | None:
    """What a GET response depends on besides its address (see :class:`ResponseCache`)."""
    parts = path.strip("/").split("/")
    if parts[0] in LANGUAGES:
        if len(parts) == 1 or parts[1] not in {"actions", "inventory", "exposure", "report"}:
            return ""
        if parts[1] in {"actions", "inventory", "exposure"}:
            ledger = _ledger_stamp(settings)
            return None if ledger is None else f"{dt.date.today().isoformat()}|{ledger}"
        return None
    if parts[0] == "v1" and parts[1:2] == ["exposure"]:  # reads the inventory and advisories in the database
        ledger = _ledger_stamp(settings)
        return None if ledger is None else ledger
    return "" if parts[0] in {"v1", "static"} else None


def _ledger_stamp(settings: WebSettings) -> str | None:
    """Size and modification time of the SQLite status ledger (and its journal); ``None`` when the
    database is not a local SQLite file, whose changes cannot be seen this cheaply."""
    from dosa.store import resolve_db_url

    url = resolve_db_url(settings.db)
    if not url.startswith("sqlite:///"):
        return None
    database = Path(url.removeprefix("sqlite:///"))
    stamps = []
    for candidate in (database, database.with_name(database.name + "-wal")):
        try:
            status = candidate.stat()
        except FileNotFoundError:
            stamps.append("-")
            continue
        stamps.append(f"{status.st_size}:{status.st_mtime_ns}")
    return "|".join(stamps)


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
