# SPDX-License-Identifier: EUPL-1.2
"""Deleting a recorded cloud assessment from the dashboard: a confirmation page, then the deletion,
with who, when and why kept in the audit trail (:func:`dosa.inventory.cloud.delete_assessment`)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dosa.access import OrganisationTree, can_maintain_inventory
from dosa.i18n import localizer
from dosa.web import auth
from dosa.web.pages import Lang
from dosa.web.render import error_response, render_page
from dosa.web.state import AppStateDep

router = APIRouter()
Name = Annotated[str, Path(min_length=1, max_length=200)]


def _target(lang: str, project: str, service: str) -> str:
    return f"/{lang}/inventory/{quote(project, safe='')}/cloud/{quote(service, safe='')}/delete"


@router.get("/{lang}/inventory/{project}/cloud/{service}/delete", include_in_schema=False)
def confirm_deletion(request: Request, lang: Lang, project: Name, service: Name) -> HTMLResponse:
    """Ask before deleting: nothing is deleted by following a link."""
    loc = localizer(lang)
    question = loc.gettext("Delete the cloud assessment of {service} in project {project}?").format(
        service=service, project=project
    )
    html = render_page(
        request,
        lang,
        "confirm.html.j2",
        title=loc.gettext("Delete a cloud assessment"),
        question=question,
        consequence=loc.gettext(
            "The assessment disappears from the inventory; a copy with your name, the time and your reason "
            "stays in the audit trail (dosa cloud deletions)."
        ),
        confirm=loc.gettext("Delete"),
        action=_target(lang, project, service),
        back=f"/{lang}/inventory/{quote(project, safe='')}",
        csrf=auth.csrf_token(request),
    )
    return HTMLResponse(html)


@router.post("/{lang}/inventory/{project}/cloud/{service}/delete", include_in_schema=False)
def delete_assessment(
    request: Request,
    state: AppStateDep,
    lang: Lang,
    project: Name,
    service: Name,
    reason: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Delete after confirmation: a signed-in inventory maintainer of the project's organisation (or one
    above it) or an administrator (a project of no organisation: administrators only), or the editor of a
    dashboard without sign-in."""
    from dosa.inventory.cloud import delete_assessment as delete
    from dosa.inventory.portfolio import project_organisations
    from dosa.store import open_existing_store

    loc = localizer(lang)
    if auth.enabled(request):
        user = auth.principal(request)
        if user is None:
            return error_response(request, lang, 401, loc.gettext("Sign in to delete an assessment."))
        existing = open_existing_store(state.settings.db, missing_ok=True)
        owner = project_organisations(existing).get(project, "") if existing is not None else ""
        if not can_maintain_inventory(user, owner, OrganisationTree(state.settings.organisation_parents)):
            return error_response(request, lang, 403, loc.gettext("Your role does not allow deleting assessments."))
        deleted_by = user.label
    elif state.settings.editor is None:
        return error_response(request, lang, 403, loc.gettext("Editing is off: start dosa serve with --editor NAME."))
    else:
        deleted_by = state.settings.editor
    if not auth.csrf_ok(request, csrf):
        return error_response(request, lang, 403, loc.gettext("The form has expired; open the page again."))
    store = open_existing_store(state.settings.db)
    if store is None:
        return error_response(request, lang, 404, loc.gettext("Nothing is imported yet."))
    delete(store, project, service, deleted_by, reason)
    return RedirectResponse(f"/{lang}/inventory/{quote(project, safe='')}?deleted=1", status_code=303)
