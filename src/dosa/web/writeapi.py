# SPDX-License-Identifier: EUPL-1.2
"""The write API under ``/v1`` for automation, with API tokens (``Authorization: Bearer``):

- record an action's status (scope ``statuses:write``; the same rule as the dashboard's form: an
  editor of an organisation records the actions it, or an organisation under it, owns);
- upload an SBOM or a service list to a project (scope ``inventory:write``; multipart or the raw
  document as the body, as CI pipelines do with Dependency-Track's BOM upload), imported in the
  background, and poll the import by its id.

Every write is recorded with the token's user and organisation and the request id: statuses in the
hash-chained ledger, uploads in their import job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request
from fastapi.responses import JSONResponse
from pydantic import Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from dosa.access import OrganisationTree, can_maintain_inventory, can_record_status
from dosa.access.tokens import Scope, TokenInfo
from dosa.errors import UnknownIdError
from dosa.web.api import ID, ApiModel
from dosa.web.freshness import ledger_changed
from dosa.web.problems import problem
from dosa.web.security import request_id
from dosa.web.state import app_state
from dosa.web.tokenauth import current_token, require_scope

router = APIRouter(prefix="/v1", tags=["write"])
PROJECT = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$"
MULTIPART_OVERHEAD = 64 * 1024
"""Room for a multipart body's boundaries and part headers on top of the document's size limit."""
StatusWriter = Annotated[TokenInfo, require_scope(Scope.STATUSES_WRITE)]
InventoryWriter = Annotated[TokenInfo, require_scope(Scope.INVENTORY_WRITE)]


class StatusIn(ApiModel):
    status: str = Field(max_length=40, description="A progress status: planned, in_progress, done, …")
    date: dt.date | None = Field(default=None, description="The day the status applies from (default: today)")
    note: str = Field(default="", max_length=4000)


class StatusOut(ApiModel):
    id: int
    action: str
    status: str
    previous: str
    date: dt.date
    note: str
    author: str
    organisation: str
    request_id: str


class ImportJobOut(ApiModel):
    id: str
    project: str
    status: str = Field(
        description="queued, running, done or failed (also when the server running it stopped: see result.error)"
    )
    user: str
    organisation: str
    file_name: str
    size: int
    sha256: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    result: dict[str, Any] = Field(description="Per file: kind, status, added, changed, removed, error, problems")


def _tree(request: Request) -> OrganisationTree:
    return OrganisationTree(app_state(request).settings.organisation_parents)


@router.post(
    "/actions/{actionId}/statuses",
    status_code=201,
    response_model=StatusOut,
    summary="Record an action's status (scope statuses:write)",
    responses={
        401: {"description": "No valid API token"},
        403: {"description": "The token's organisation does not own this action, or it lacks the scope"},
        404: {"description": "No action has this id"},
        503: {"description": "The database was busy; nothing was recorded: send it again"},
    },
)
def record_status(
    request: Request,
    token: StatusWriter,
    action_id: Annotated[str, Path(alias="actionId", pattern=ID)],
    update: Annotated[StatusIn, Body()],
) -> Any:
    from dosa.i18n import localizer
    from dosa.monitoring.ledger import Ledger, Provenance
    from dosa.store import StoreBusy, open_store
    from dosa.web.tracker import record

    state = app_state(request)
    dataset = state.dataset
    if action_id not in dataset.actions:
        raise UnknownIdError(f"no action has id '{action_id}'")
    principal = token.principal()
    if not can_record_status(principal, dataset.actions[action_id].owners, _tree(request)):
        raise StarletteHTTPException(403, f"organisation '{token.organisation}' does not own action {action_id}")
    provenance = Provenance(
        organisation=token.organisation,
        source_address=request.client.host if request.client else "",
        request_id=request_id(request),
    )
    author = f"{token.user} (token {token.id})"
    day = update.date.isoformat() if update.date else ""
    try:
        errors = record(
            dataset, action_id, update.status, update.note, day, author, state.settings.db, localizer("en"), provenance
        )
    except StoreBusy as exc:
        return problem(503, exc.message, instance=request.url.path, headers={"Retry-After": "2"})
    ledger_changed(state.settings)
    if errors:
        invalid = [{"name": name, "type": "invalid", "reason": reason} for name, reason in errors.items()]
        return problem(400, f"{len(invalid)} invalid field(s)", invalid_params=invalid, instance=request.url.path)
    # the newest entry this token recorded for the action with this note (another writer may have
    # recorded one for the same action since)
    entries = Ledger(open_store(state.settings.db)).entries(action_id)
    entry = next((e for e in reversed(entries) if e.author == author and e.note == update.note), entries[-1])
    return StatusOut(
        id=entry.id,
        action=entry.action,
        status=entry.status.value,
        previous=entry.previous.value,
        date=entry.date,
        note=entry.note,
        author=entry.author,
        organisation=provenance.organisation,
        request_id=provenance.request_id,
    )


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes ``limit`` bytes, whatever it claims."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise StarletteHTTPException(413, f"the upload is larger than {limit // (1024 * 1024)} MiB")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise StarletteHTTPException(413, f"the upload is larger than {limit // (1024 * 1024)} MiB")
        chunks.append(chunk)
    return b"".join(chunks)


async def _document(request: Request, limit: int) -> tuple[str, bytes]:
    """The uploaded document: the one file of a multipart form (field ``file`` or ``bom``), or the body."""
    content_type = request.headers.get("content-type", "").lower()
    if not content_type.startswith("multipart/form-data"):
        body = await _read_body(request, limit)
        return request.headers.get("x-file-name", "upload"), body
    body = await _read_body(request, limit + MULTIPART_OVERHEAD)
    from starlette.datastructures import UploadFile
    from starlette.formparsers import MultiPartException, MultiPartParser

    async def once() -> AsyncGenerator[bytes, None]:
        yield body

    try:
        form = await MultiPartParser(request.headers, once(), max_files=1, max_fields=5).parse()
    except MultiPartException as exc:
        raise StarletteHTTPException(400, f"the multipart body cannot be read: {exc.message}") from None
    for name in ("file", "bom"):
        part = form.get(name)
        if isinstance(part, UploadFile):
            content = await part.read(limit + 1)
            await form.close()
            if len(content) > limit:
                raise StarletteHTTPException(413, f"the upload is larger than {limit // (1024 * 1024)} MiB")
            return part.filename or "upload", content
    await form.close()
    raise StarletteHTTPException(400, "the multipart form has no file in a field named 'file' (or 'bom')")


def _job_out(job: Any) -> ImportJobOut:
    return ImportJobOut(
        id=job.id,
        project=job.project,
        status=job.status,
        user=job.user,
        organisation=job.organisation,
        file_name=job.file_name,
        size=job.size,
        sha256=job.sha256,
        created_at=job.created_at,
        finished_at=job.finished_at,
        result=job.result,
    )


def _project_owner(db: str | None, project: str) -> str | None:
    from dosa.inventory.writer import project_organisation
    from dosa.store import open_store

    with open_store(db).engine.connect() as connection:
        return project_organisation(connection, project)


@router.post(
    "/projects/{project}/imports",
    status_code=202,
    response_model=ImportJobOut,
    summary="Upload an SBOM or a service list to a project (scope inventory:write); poll the import",
    description="The body is the document itself (CycloneDX or SPDX, JSON or XML, gzip allowed; a service "
    "list as CSV, XLSX or YAML; X-File-Name names it), or a multipart form with the document in the field "
    "'file' (or 'bom'). The import runs in the background: poll the Location it answers with. A new "
    "project belongs to the token's organisation.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
                },
            },
        }
    },
    responses={
        401: {"description": "No valid API token"},
        403: {"description": "The project belongs to an organisation the token does not maintain"},
        413: {"description": "The document is larger than the upload limit"},
    },
)
async def upload(
    request: Request, token: InventoryWriter, project: Annotated[str, Path(pattern=PROJECT)]
) -> JSONResponse:
    from dosa.inventory.jobs import Upload, queue_import, run_import
    from dosa.store import open_store

    state = app_state(request)
    db = state.settings.db
    owner = await run_in_threadpool(_project_owner, db, project)
    organisation = owner if owner is not None else token.organisation
    if not organisation or not can_maintain_inventory(token.principal(), organisation, _tree(request)):
        raise StarletteHTTPException(
            403, f"project '{project}' belongs to organisation '{owner or 'none'}', which this token does not maintain"
        )
    limit = state.settings.upload_max_bytes
    file_name, content = await _document(request, limit)
    if not content:
        raise StarletteHTTPException(400, "the upload is empty")
    who = Upload(
        user=token.user,
        organisation=token.organisation,
        token_id=token.id,
        request_id=request_id(request),
        source_address=request.client.host if request.client else "",
    )
    store = await run_in_threadpool(open_store, db)
    job = await run_in_threadpool(queue_import, store, project, file_name, content, who)
    state.imports.submit(
        run_import,
        store,
        job,
        content,
        organisation=organisation,
        subjects=list(state.dataset.subjects),
        max_bytes=limit,
    )
    body = _job_out(job).model_dump(mode="json", by_alias=True)
    return JSONResponse(body, status_code=202, headers={"Location": f"/v1/imports/{job.id}"})


@router.get(
    "/imports/{importId}",
    response_model=ImportJobOut,
    summary="An import's status and outcome (scope inventory:write; the uploader's organisation or one above it)",
    responses={401: {"description": "No valid API token"}, 404: {"description": "No import has this id"}},
)
def import_status(
    request: Request,
    token: Annotated[TokenInfo, require_scope(Scope.INVENTORY_WRITE)],
    import_id: Annotated[str, Path(alias="importId", pattern=r"^[0-9a-f]{32}$")],
) -> ImportJobOut:
    from dosa.inventory.jobs import OPEN, expire_abandoned, get_job
    from dosa.store import open_store

    store = open_store(app_state(request).settings.db)
    job = get_job(store, import_id)
    if job is None or not _tree(request).covers(token.organisation, job.organisation):
        raise UnknownIdError(f"no import has id '{import_id}'")
    if job.status in OPEN and expire_abandoned(store, [job.id]):  # its worker died: failed, with the reason
        job = get_job(store, import_id) or job
    return _job_out(job)


__all__ = ["current_token", "router"]
