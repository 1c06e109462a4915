# SPDX-License-Identifier: EUPL-1.2
"""Bearer-token authentication for the API (``Authorization: Bearer dosa_…``, see
:mod:`dosa.access.tokens`): one lookup by the token's id and a constant-time hash comparison."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from dosa.access.tokens import Scope, TokenInfo, authenticate
from dosa.store import database_exists, open_store
from dosa.web.state import app_state

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearerToken",
    bearerFormat="dosa API token",
    description="An API token made with `dosa tokens create` (scopes: read, statuses:write, inventory:write).",
)
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="dosa"'}


def token_from_header(db: str | None, header: str | None) -> TokenInfo | None:
    """The active token an ``Authorization`` header carries, or ``None``. Reads the database: call it
    from a worker thread."""
    if not header or header[:7].lower() != "bearer ":
        return None
    if not database_exists(db):
        return None
    return authenticate(open_store(db, create=False), header[7:])


async def current_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
) -> TokenInfo:
    """The request's token; 401 (problem+json, with a ``WWW-Authenticate`` challenge) when it has none
    that is valid, unexpired and not revoked."""
    if credentials is None:
        raise StarletteHTTPException(401, "this route needs an API token (Authorization: Bearer …)", CHALLENGE)
    db = app_state(request).settings.db
    token = await run_in_threadpool(token_from_header, db, f"Bearer {credentials.credentials}")
    if token is None:
        raise StarletteHTTPException(401, "the API token is unknown, expired or revoked", CHALLENGE)
    return token


def require_scope(scope: Scope) -> object:
    """A dependency: the request's token, which must carry ``scope`` (else 403)."""

    async def check(token: Annotated[TokenInfo, Depends(current_token)]) -> TokenInfo:
        if scope not in token.scopes:
            raise StarletteHTTPException(403, f"the API token lacks the scope {scope.value}")
        return token

    return Depends(check)
