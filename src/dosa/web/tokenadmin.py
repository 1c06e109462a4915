# SPDX-License-Identifier: EUPL-1.2
"""API tokens on the dashboard, for administrators: list, make (the token is shown once, on the answer
to the form, never again) and revoke. The same functions as ``dosa tokens`` (:mod:`dosa.access.tokens`):
the token row records who made or revoked it, and both are logged to ``dosa.audit``.

Only a signed-in administrator reaches these pages; without sign-in (single-user mode) the command line
is the way. Every form carries the session's CSRF token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dosa.access import Role
from dosa.access.tokens import Scope, TokenInfo, create_token, list_tokens, parse_lifetime, parse_scopes, revoke_token
from dosa.errors import InputError
from dosa.i18n import Localizer, localizer
from dosa.report.labels import N_
from dosa.store import database_exists, open_store
from dosa.tables import clean_text
from dosa.web import auth
from dosa.web.pages import Lang
from dosa.web.render import error_response, render_page
from dosa.web.state import AppStateDep

router = APIRouter()
FIELD_MESSAGES = {
    "user": N_("Name who or what the token acts for, in plain text, e.g. the pipeline."),
    "organisation": N_("Give the organisation's id in lower case, e.g. bzk."),
    "description": N_("Write plain text: no control characters such as NUL."),
}
"""What the form says under a field that dosa.access.tokens refused."""
LIFETIMES = ("30d", "90d", "180d", "366d")
TokenId = Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")]


def _administrator(request: Request, lang: str) -> tuple[str | None, Response | None]:
    """The signed-in administrator's name, or the refusal to send (401 signed out, 403 without the role)."""
    loc = localizer(lang)
    if not auth.enabled(request):
        return None, error_response(
            request, lang, 403, loc.gettext("Without sign-in, API tokens are managed with dosa tokens on the server.")
        )
    user = auth.principal(request)
    if user is None:
        return None, error_response(request, lang, 401, loc.gettext("Sign in to manage API tokens."))
    if Role.ADMINISTRATOR not in user.roles:
        return None, error_response(request, lang, 403, loc.gettext("Only an administrator manages API tokens."))
    return user.label, None


def _scope_names(loc: Localizer) -> list[tuple[str, str]]:
    return [
        (Scope.READ.value, loc.gettext("pages and the read API where anonymous reading is off")),
        (Scope.STATUSES_WRITE.value, loc.gettext("record statuses of the organisation's actions")),
        (Scope.INVENTORY_WRITE.value, loc.gettext("upload SBOMs and service lists to the organisation's projects")),
    ]


def _when(value: Any, loc: Localizer) -> str:
    return "" if value is None else f"{loc.date(value.date())} {value:%H:%M}"


def _rows(tokens: list[TokenInfo], loc: Localizer) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "user": t.user,
            "organisation": t.organisation,
            "scopes": " ".join(sorted(t.scopes)),
            "description": t.description,
            "created": _when(t.created_at, loc),
            "created_by": t.created_by,
            "expires": _when(t.expires_at, loc),
            "revoked": _when(t.revoked_at, loc),
            "revoked_by": t.revoked_by,
            "active": t.active(),
        }
        for t in reversed(tokens)
    ]


def _page(
    request: Request,
    state: Any,
    lang: str,
    *,
    status: int = 200,
    created: tuple[TokenInfo, str] | None = None,
    revoked: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    loc = localizer(lang)
    db = state.settings.db
    tokens = list_tokens(open_store(db)) if database_exists(db) else []
    html = render_page(
        request,
        lang,
        "tokens.html.j2",
        title=loc.gettext("API tokens"),
        tokens=_rows(tokens, loc),
        scopes=_scope_names(loc),
        lifetimes=LIFETIMES,
        created=created,
        revoked=revoked,
        errors=errors or {},
        values=values or {"scopes": [Scope.READ.value], "expires": "90d"},
        csrf=auth.csrf_token(request),
    )
    # the page may hold a token shown once: never kept by a cache or the browser's history
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


@router.get("/{lang}/admin/tokens", include_in_schema=False)
def tokens_page(request: Request, state: AppStateDep, lang: Lang, revoked: str = "") -> Response:
    _, refusal = _administrator(request, lang)
    if refusal is not None:
        return refusal
    return _page(request, state, lang, revoked=revoked if revoked.isalnum() and len(revoked) == 12 else "")


@router.post("/{lang}/admin/tokens", include_in_schema=False)
def make_token(
    request: Request,
    state: AppStateDep,
    lang: Lang,
    user: Annotated[str, Form(max_length=200)] = "",
    organisation: Annotated[str, Form(max_length=100)] = "",
    scopes: Annotated[list[str] | None, Form(max_length=40)] = None,
    expires: Annotated[str, Form(max_length=10)] = "",
    description: Annotated[str, Form(max_length=500)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Make a token; the answer shows it once (no redirect: a reload does not show it again)."""
    loc = localizer(lang)
    administrator, refusal = _administrator(request, lang)
    if refusal is not None:
        return refusal
    if not auth.csrf_ok(request, csrf):
        return error_response(request, lang, 403, loc.gettext("The form has expired; open the page again."))
    chosen = [s for s in (scopes or []) if s][:5]
    # what the form shows again: control characters (a NUL) replaced, never echoed into the page
    values = {"user": clean_text(user), "organisation": clean_text(organisation), "scopes": chosen}
    values |= {"expires": expires, "description": clean_text(description)}
    errors: dict[str, str] = {}
    try:
        parsed_scopes = parse_scopes(",".join(chosen))
    except InputError:
        errors["scopes"] = loc.gettext("Choose at least one scope.")
    try:
        lifetime = parse_lifetime(expires if expires in LIFETIMES else "")
    except InputError:
        errors["expires"] = loc.gettext("Choose a lifetime from the list.")
    if not user.strip():
        errors["user"] = loc.gettext("Name who or what the token acts for, e.g. the pipeline.")
    if errors:
        return _page(request, state, lang, status=400, errors=errors, values=values)
    try:
        created = create_token(
            open_store(state.settings.db),
            user,
            organisation,
            parsed_scopes,
            lifetime,
            description,
            created_by=str(administrator),
        )
    except InputError as exc:
        field = exc.field if exc.field in FIELD_MESSAGES else "organisation"
        message = loc.gettext(FIELD_MESSAGES[field])
        return _page(request, state, lang, status=400, errors={field: message}, values=values)
    return _page(request, state, lang, created=created)


@router.post("/{lang}/admin/tokens/{token_id}/revoke", include_in_schema=False)
def revoke(
    request: Request,
    state: AppStateDep,
    lang: Lang,
    token_id: TokenId,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    loc = localizer(lang)
    administrator, refusal = _administrator(request, lang)
    if refusal is not None:
        return refusal
    if not auth.csrf_ok(request, csrf):
        return error_response(request, lang, 403, loc.gettext("The form has expired; open the page again."))
    if not database_exists(state.settings.db):
        return error_response(request, lang, 404, loc.gettext("No token has this id."))
    try:
        revoke_token(open_store(state.settings.db), token_id, revoked_by=str(administrator))
    except InputError:
        return error_response(request, lang, 404, loc.gettext("No token has this id."))
    return RedirectResponse(f"/{lang}/admin/tokens?revoked={token_id}", status_code=303)
