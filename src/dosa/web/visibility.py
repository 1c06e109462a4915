# SPDX-License-Identifier: EUPL-1.2
"""Whose inventory a reader sees: the one decision behind every page and API route that shows
inventory-derived data (projects, where-used, exposure, concentration, SBOM grades).

On a public dashboard (``DOSA_ANONYMOUS_READ`` on) everyone sees every project. With anonymous reading
off, an administrator sees every project; anyone else (a signed-in reader, editor or maintainer, or an
API token with the ``read`` scope) sees the projects of their organisation and of the organisations
under it in the organisation tree. A project that belongs to no organisation is the administrators'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from dosa.access import OrganisationTree, Role
from dosa.i18n import LANGUAGES
from dosa.store import Store, database_exists, open_store
from dosa.web import auth
from dosa.web.state import app_state

SCOPED_PAGES = frozenset({"inventory", "exposure", "concentration", "procurement"})
"""Pages (``/{lang}/…``) whose content depends on the reader's organisation when anonymous reading is off."""
SCOPED_API = ("/v1/exposure", "/v1/inventory/", "/v1/procurement/suppliers")
"""API routes whose answer depends on the reader's organisation when anonymous reading is off."""


def scoped_path(path: str) -> bool:
    """Whether the answer at ``path`` lists inventory-derived data (so differs per reader when scoped)."""
    parts = path.strip("/").split("/")
    if len(parts) >= 2 and parts[0] in LANGUAGES and parts[1] in SCOPED_PAGES:
        return True
    return path == "/v1/exposure" or path.startswith(SCOPED_API)


@dataclass(frozen=True)
class Visibility:
    """The organisations a reader sees (``organisation=None``: every project, also those of no organisation)."""

    organisation: str | None
    tree: OrganisationTree = field(default_factory=OrganisationTree)

    @property
    def everything(self) -> bool:
        return self.organisation is None

    def sees(self, owner: str) -> bool:
        """Whether a project of organisation ``owner`` (``""``: none) is visible."""
        if self.organisation is None:
            return True
        return bool(owner) and bool(self.organisation) and self.tree.covers(self.organisation, owner)

    def projects(self, store: Store | None) -> set[str] | None:
        """The names of the visible projects (``None``: all of them, whatever the store holds)."""
        if self.organisation is None:
            return None
        if store is None:
            return set()
        from dosa.inventory.portfolio import project_organisations

        return {name for name, owner in project_organisations(store).items() if self.sees(owner)}


def visibility(request: Request) -> Visibility:
    """What this request's reader may see. Reads the database for an API token: call it from a worker
    thread (plain ``def`` routes run in one)."""
    state = app_state(request)
    tree = OrganisationTree(state.settings.organisation_parents)
    if state.settings.anonymous_read:
        return Visibility(None, tree)
    user = auth.principal(request) if auth.enabled(request) else None
    if user is not None and user.roles:
        return Visibility(None if Role.ADMINISTRATOR in user.roles else user.organisation, tree)
    from dosa.web.tokenauth import token_from_header

    token = token_from_header(state.settings.db, request.headers.get("authorization"))
    return Visibility(token.organisation if token is not None else "", tree)


def visible_projects(request: Request) -> set[str] | None:
    """The names of the projects this reader sees (``None``: all)."""
    seen = visibility(request)
    if seen.everything:
        return None
    db = app_state(request).settings.db
    return seen.projects(open_store(db) if database_exists(db) else None)


def require_visible(request: Request, project: str) -> None:
    """Refuse a project the reader may not see exactly as one that does not exist (no hint that it does)."""
    visible = visible_projects(request)
    if visible is not None and project not in visible:
        from dosa.errors import UnknownIdError

        raise UnknownIdError(f"no inventory project '{project}'", hint="import one with dosa inventory import")
