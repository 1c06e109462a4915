# SPDX-License-Identifier: EUPL-1.2
"""Server-rendered pages, in Dutch under ``/nl`` and English under ``/en``; no JavaScript needed.

Every table on a page downloads as CSV, Dutch-Excel CSV or XLSX through the page's own address with
``?export=N&format=...``, so an export always holds what the page shows, filters included.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from html import escape
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from dosa.access import OrganisationTree, can_record_status, can_upload
from dosa.dataset.model import Dataset
from dosa.errors import InputError, UnknownIdError
from dosa.i18n import LANGUAGES, Localizer, localizer
from dosa.model.vocab import ActionScope, ActionStatus
from dosa.query import ActionFilter, filter_actions, resolve_organisation
from dosa.report import build_report, render_html, render_pdf
from dosa.report.build import dataset_summary, key_figures_of
from dosa.report.citations import Bibliography
from dosa.report.content import Section, actions_section, priority_section, stack_chart
from dosa.report.engines import monitoring_sections, risk_view
from dosa.report.labels import label
from dosa.web import auth, exports
from dosa.web.freshness import ledger_changed, ledger_version
from dosa.web.render import error_response, render_page
from dosa.web.security import request_id
from dosa.web.state import AppStateDep, app_state
from dosa.web.views import actions_table, all_tables, priorities_table, subject_sections, subjects_table

router = APIRouter()
Lang = Annotated[str, Path(pattern="^(nl|en)$", description="Language: nl or en")]


def _dataset(request: Request) -> Dataset:
    dataset: Dataset = app_state(request).dataset
    return dataset


def page_or_export(
    request: Request, lang: str, template: str, title: str, sections: Sequence[Section] = (), **context: Any
) -> Response:
    """Render a page, or one of its tables as a download when ``export`` and ``format`` are given."""
    export = request.query_params.get("export")
    if export is not None:
        tables = all_tables(sections)
        fmt = exports.parse_format(request.query_params.get("format", "csv"))
        if not export.isdigit() or int(export) >= len(tables):
            raise InputError(f"this page has no table {export}", hint=f"use 0 to {len(tables) - 1}")
        body, media_type, name = exports.download(
            tables[int(export)], fmt, _dataset(request).info.label, app_state(request).method_label()
        )
        return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in {"export", "format"}]
    base_query = urlencode(query)
    export_base = f"{request.url.path}?{base_query + '&' if base_query else ''}"
    html = render_page(
        request,
        lang,
        template,
        title=title,
        sections=sections,
        export_base=export_base,
        table_index=_table_index(sections),
        **context,
    )
    return HTMLResponse(html)


def _table_index(sections: Sequence[Section]) -> dict[int, int]:
    """Map each table object's id to its export number on the page."""
    return {id(table): number for number, table in enumerate(all_tables(sections))}


@router.get("/", include_in_schema=False)
def root(request: Request, state: AppStateDep) -> RedirectResponse:
    return RedirectResponse(f"/{state.settings.default_lang}", status_code=307)


@router.get("/{lang}", include_in_schema=False)
def overview(request: Request, state: AppStateDep, lang: Lang) -> Response:
    dataset = _dataset(request)
    loc = localizer(lang)
    bib = Bibliography(dataset)
    risk = risk_view(dataset, loc, bib, state.assessment())
    stack = Section(
        id="stack", title=loc.gettext("The digital stack"), charts=[stack_chart(dataset, loc, risk.priority_ranks)]
    )
    priorities = Section(id="priorities", title=loc.gettext("Priorities"), tables=[priorities_table(dataset, loc)])
    return page_or_export(
        request,
        lang,
        "overview.html.j2",
        loc.gettext("Overview"),
        [stack, *risk.sections, priorities],
        key_figures=key_figures_of(dataset, loc),
        summary=dataset_summary(dataset, loc) + risk.summary,
    )


@router.get("/{lang}/priorities", include_in_schema=False)
def priorities(request: Request, lang: Lang) -> Response:
    loc = localizer(lang)
    section = Section(id="list", title=loc.gettext("Priorities"), tables=[priorities_table(_dataset(request), loc)])
    return page_or_export(request, lang, "page.html.j2", loc.gettext("Priorities"), [section])


@router.get("/{lang}/priorities/{priority_id}", include_in_schema=False)
def priority(request: Request, lang: Lang, priority_id: str) -> Response:
    dataset = _dataset(request)
    loc = localizer(lang)
    if priority_id not in dataset.priorities:
        raise UnknownIdError(f"no priority has id '{priority_id}'")
    section = priority_section(dataset.priorities[priority_id], dataset, loc, Bibliography(dataset))
    title = section.title
    section.title = loc.gettext("Dependencies, market concentration and sources")
    return page_or_export(
        request, lang, "page.html.j2", title, [section], breadcrumbs=[("priorities", loc.gettext("Priorities"))]
    )


@router.get("/{lang}/subjects", include_in_schema=False)
def subjects(request: Request, lang: Lang, priority: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    dataset = _dataset(request)
    loc = localizer(lang)
    if priority and priority not in dataset.priorities:
        raise UnknownIdError(f"no priority has id '{priority}'")
    items = sorted(
        (s for s in dataset.subjects.values() if not priority or priority in s.priorities),
        key=lambda s: (s.layer, loc.name(s)),
    )
    section = Section(id="list", title=loc.gettext("Subjects"), tables=[subjects_table(items, dataset, loc)])
    return page_or_export(
        request,
        lang,
        "subjects.html.j2",
        loc.gettext("Subjects"),
        [section],
        priorities=dataset.priorities_in_order(),
        selected=priority or "",
    )


@router.get("/{lang}/subjects/{subject_id}", include_in_schema=False)
def subject(request: Request, state: AppStateDep, lang: Lang, subject_id: str) -> Response:
    dataset = _dataset(request)
    loc = localizer(lang)
    if subject_id not in dataset.subjects:
        raise UnknownIdError(f"no subject has id '{subject_id}'")
    item = dataset.subjects[subject_id]
    sections = subject_sections(item, dataset, loc)
    assessment = state.assessment()
    if assessment is not None:
        from dosa.report.risk import explanation_section

        sections.insert(1, explanation_section(assessment, dataset, subject_id, loc))
    return page_or_export(
        request, lang, "page.html.j2", loc.name(item), sections, breadcrumbs=[("subjects", loc.gettext("Subjects"))]
    )


@router.get("/{lang}/scenarios", include_in_schema=False)
def scenarios(
    request: Request, state: AppStateDep, lang: Lang, scenario: Annotated[str | None, Query(max_length=100)] = None
) -> Response:
    """Pick a shipped scenario (GET) or upload one (POST) and see what it does."""
    dataset = _dataset(request)
    loc = localizer(lang)
    from dosa.graph import ScenarioError, load_scenario, run_scenario, shipped_scenarios
    from dosa.report.stackgraph import scenario_section

    choices = [(name, loc.text(load_scenario(name), "title")) for name in sorted(shipped_scenarios())]
    sections = []
    problems: list[str] = []
    if scenario:
        if scenario not in dict(choices):
            raise UnknownIdError(f"no shipped scenario is called '{scenario}'")
        try:
            loaded = load_scenario(scenario, dataset)
        except ScenarioError as exc:  # a shipped scenario can name what a user's own dataset lacks
            problems = [str(problem) for problem in exc.report.sorted()]
        else:
            result = run_scenario(state.graph(), dataset, loaded, scenario)
            sections.append(scenario_section(result, dataset, loc, Bibliography(dataset)))
    response = page_or_export(
        request,
        lang,
        "scenarios.html.j2",
        loc.gettext("Scenarios"),
        sections,
        choices=choices,
        selected=scenario or "",
        problems=problems,
        csrf=auth.csrf_token(request),
    )
    if problems:
        response.status_code = 400
    return response


MAX_SCENARIO_BYTES = 1_000_000


@router.post("/{lang}/scenarios", include_in_schema=False)
async def upload_scenario(
    request: Request, lang: Lang, file: Annotated[UploadFile, File()], csrf: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    """Run a scenario file the user uploads (YAML, as ``dosa scenario run FILE`` reads it)."""
    dataset = _dataset(request)
    loc = localizer(lang)
    if auth.enabled(request) and not can_upload(auth.principal(request)):
        return _error(request, lang, 401, loc.gettext("Sign in to run your own scenario."))
    if not auth.csrf_ok(request, csrf):
        return _error(request, lang, 403, loc.gettext("The form has expired; open the page again."))
    from dosa.graph import load_scenario, shipped_scenarios

    content = await file.read(MAX_SCENARIO_BYTES + 1)
    choices = [(name, loc.text(load_scenario(name), "title")) for name in sorted(shipped_scenarios())]
    problems: list[str] = []
    sections: list[Section] = []
    if len(content) > MAX_SCENARIO_BYTES:
        problems.append(loc.gettext("The file is larger than 1 MB; a scenario is a short YAML file."))
    else:
        # parsing and the run are CPU work on untrusted input: off the event loop (and bounded: the
        # 1 MB limit above, aliases limited by the YAML loader)
        problems, sections = await run_in_threadpool(
            _run_uploaded_scenario, request, dataset, loc, file.filename or "scenario.yaml", content
        )
    response = page_or_export(
        request,
        lang,
        "scenarios.html.j2",
        loc.gettext("Scenarios"),
        sections,
        choices=choices,
        selected="",
        problems=problems,
        csrf=auth.csrf_token(request),
    )
    if problems:
        response.status_code = 400
    return response


def _run_uploaded_scenario(
    request: Request, dataset: Dataset, loc: Localizer, filename: str, content: bytes
) -> tuple[list[str], list[Section]]:
    from dosa.graph import ScenarioError, load_scenario, run_scenario
    from dosa.report.stackgraph import scenario_section

    with tempfile.TemporaryDirectory() as folder:
        name = FilePath(filename).name
        path = FilePath(folder) / (name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
        path.write_bytes(content)
        try:
            loaded = load_scenario(str(path), dataset)
        except ScenarioError as exc:
            return [str(problem) for problem in exc.report.sorted()], []
        result = run_scenario(app_state(request).graph(), dataset, loaded, path.name)
        return [], [scenario_section(result, dataset, loc, Bibliography(dataset))]


@router.get("/{lang}/chokepoints", include_in_schema=False)
def chokepoints(request: Request, state: AppStateDep, lang: Lang) -> Response:
    dataset = _dataset(request)
    loc = localizer(lang)
    from dosa.report.stackgraph import chokepoint_section

    section = chokepoint_section(state.graph(), dataset, loc)
    return page_or_export(request, lang, "page.html.j2", loc.gettext("Chokepoints"), [section])


@router.get("/{lang}/actions", include_in_schema=False)
def actions(
    request: Request,
    state: AppStateDep,
    lang: Lang,
    priority: Annotated[str | None, Query(max_length=100)] = None,
    owner: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    scope: Annotated[str | None, Query(max_length=20)] = None,
    text: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    dataset = _dataset(request)
    loc = localizer(lang)
    errors: dict[str, str] = {}
    criteria: dict[str, Any] = {}
    if priority:
        if priority in dataset.priorities:
            criteria["priorities"] = (priority,)
        else:
            errors["priority"] = loc.gettext("Choose a priority from the list.")
    if owner:
        try:
            criteria["owners"] = (resolve_organisation(dataset, owner).id,)
        except UnknownIdError:
            errors["owner"] = loc.gettext("No organisation has this name or abbreviation, e.g. EZK or BZK.")
    if status:
        if status in {s.value for s in ActionStatus}:
            criteria["statuses"] = (ActionStatus(status),)
        else:
            errors["status"] = loc.gettext("Choose a status from the list.")
    if scope:
        if scope in {s.value for s in ActionScope}:
            criteria["scopes"] = (ActionScope(scope),)
        else:
            errors["scope"] = loc.gettext("Choose a scope from the list.")
    if text:
        criteria["text"] = text
    items = filter_actions(dataset, ActionFilter(**criteria))
    result = Section(
        id="result",
        title=loc.gettext("Actions found"),
        paragraphs=[
            loc.gettext("{count} of {total} actions match.").format(
                count=loc.number(len(items), 0), total=loc.number(len(dataset.actions), 0)
            )
        ],
        tables=[actions_table(items, dataset, loc)],
    )
    coverage = actions_section(dataset, loc)
    monitoring, _ = monitoring_sections(dataset, loc, dt.date.today(), state.settings.db)
    response = page_or_export(
        request,
        lang,
        "actions.html.j2",
        loc.gettext("Action tracker"),
        [result, coverage, *monitoring],
        priorities=dataset.priorities_in_order(),
        statuses=[(s.value, label(s, loc)) for s in ActionStatus],
        scopes=[(s.value, label(s, loc)) for s in ActionScope],
        errors=errors,
        values={
            "priority": priority or "",
            "owner": owner or "",
            "status": status or "",
            "scope": scope or "",
            "text": text or "",
        },
    )
    if errors:
        response.status_code = 400
    return response


@router.get("/{lang}/actions/{action_id}", include_in_schema=False)
def action(request: Request, lang: Lang, action_id: str) -> Response:
    dataset = _dataset(request)
    if action_id not in dataset.actions:
        raise UnknownIdError(f"no action has id '{action_id}'")
    return _action_page(request, lang, dataset.actions[action_id])


def _action_page(
    request: Request,
    lang: str,
    item: Any,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    dataset = _dataset(request)
    loc = localizer(lang)
    settings = app_state(request).settings
    context: dict[str, Any] = {
        "action": item,
        "errors": errors or {},
        "values": values or {},
        "recorded": request.query_params.get("recorded") == "1",
        "editing": False,
        "sign_in": None,
    }
    sections, extra = _action_progress(request, item, loc)
    context.update(extra)
    if auth.enabled(request):
        user = auth.principal(request)
        context["editing"] = user is not None and can_record_status(user, item.owners, organisation_tree(request))
        context["editor"] = user.label if user is not None else None
        context["sign_in"] = f"/auth/login?next=/{lang}/actions/{item.id}" if user is None else None
    else:
        context["editing"] = settings.editor is not None
    context["csrf"] = auth.csrf_token(request)

    def render(**personal: Any) -> Response:
        return page_or_export(
            request,
            lang,
            "action.html.j2",
            loc.gettext("Action {number}").format(number=item.number),
            sections,
            breadcrumbs=[("actions", loc.gettext("Action tracker"))],
            facts=_action_facts(item, dataset, loc),
            **(context | personal),
        )

    if errors or values or context.get("editor") is None or "export" in request.query_params:
        response = render()
        if errors:
            response.status_code = 400
        return response
    # a signed-in user's page differs from another's only in the form token and the name shown: the
    # page is rendered once per action, language, role outcome and ledger state, with slots for those
    state = app_state(request)
    key = (item.id, lang, context["recorded"], context["editing"], dt.date.today(), ledger_version(settings))
    page = state.action_pages.get(key)
    if page is None:
        with state.action_pages_lock:  # 50 users opening the page at once: one renders, the others wait
            page = state.action_pages.get(key)
            if page is None:
                page = bytes(render(csrf=CSRF_SLOT, editor=EDITOR_SLOT).body).decode()
                if len(state.action_pages) >= 256:
                    state.action_pages.pop(next(iter(state.action_pages)), None)
                state.action_pages[key] = page
    html = page.replace(CSRF_SLOT, str(escape(context["csrf"]))).replace(EDITOR_SLOT, str(escape(context["editor"])))
    return HTMLResponse(html)


CSRF_SLOT = "dosa-slot-csrf-5b1e0c"
EDITOR_SLOT = "dosa-slot-editor-5b1e0c"
"""Stand-ins for the personal values in a shared rendering of an action page (HTML-safe as they are)."""


@router.post("/{lang}/actions/{action_id}/status", include_in_schema=False)
def record_status(
    request: Request,
    state: AppStateDep,
    lang: Lang,
    action_id: str,
    status: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
    date: Annotated[str, Form(max_length=20)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """An editor records a status with a note, through action monitoring's ledger (the audit trail)."""
    dataset = _dataset(request)
    loc = localizer(lang)
    settings = state.settings
    if action_id not in dataset.actions:
        raise UnknownIdError(f"no action has id '{action_id}'")
    from dosa.monitoring.ledger import Provenance

    provenance = Provenance(
        source_address=request.client.host if request.client else "", request_id=request_id(request)
    )
    if auth.enabled(request):
        user = auth.principal(request)
        if user is None:
            return _error(request, lang, 401, loc.gettext("Sign in to record a status."))
        if not can_record_status(user, dataset.actions[action_id].owners, organisation_tree(request)):
            return _error(request, lang, 403, loc.gettext("Your role does not allow recording this action's status."))
        author = user.label
        provenance = replace(provenance, organisation=user.organisation)
    elif settings.editor is None:
        return _error(request, lang, 403, loc.gettext("Editing is off: start dosa serve with --editor NAME."))
    else:
        author = settings.editor
    if not auth.csrf_ok(request, csrf):
        return _error(request, lang, 403, loc.gettext("The form has expired; open the action again."))
    from dosa.store import StoreBusy
    from dosa.web.tracker import record

    values = {"status": status, "note": note, "date": date}
    try:
        errors = record(dataset, action_id, status, note, date, author, settings.db, loc, provenance)
    except StoreBusy:
        busy = loc.gettext("The database is busy: nothing was recorded. Your input is kept; save again.")
        response = _action_page(request, lang, dataset.actions[action_id], {"status": busy}, values)
        response.status_code = 503
        response.headers["Retry-After"] = "2"
        return response
    ledger_changed(settings)
    if errors:
        return _action_page(request, lang, dataset.actions[action_id], errors, values)
    return RedirectResponse(f"/{lang}/actions/{action_id}?recorded=1#progress", status_code=303)


def _action_progress(request: Request, item: Any, loc: Localizer) -> tuple[list[Section], dict[str, Any]]:
    """An action's status and history, made once per language, day and state of the ledger (reading the
    whole ledger and every action's standing is most of an action page's work)."""
    from dosa.web.tracker import action_progress

    state = app_state(request)
    key = (item.id, loc.lang, dt.date.today(), ledger_version(state.settings))
    found = state.progress_sections.get(key)
    if found is None:
        found = action_progress(item, _dataset(request), loc, state.settings.db)
        if len(state.progress_sections) >= 256:
            state.progress_sections.pop(next(iter(state.progress_sections)), None)
        state.progress_sections[key] = found
    return found


def organisation_tree(request: Request) -> OrganisationTree:
    """The organisation tree the operator configured (ministry -> agencies; sector -> organisations)."""
    return OrganisationTree(app_state(request).settings.organisation_parents)


def _error(request: Request, lang: str, status: int, message: str) -> Response:
    return error_response(request, lang, status, message)


def _action_facts(item: Any, dataset: Dataset, loc: Localizer) -> list[tuple[str, str]]:
    organisations = dataset.organisations
    return [
        (loc.gettext("Summary"), item.summary),
        (
            loc.gettext("Priority"),
            loc.name(dataset.priorities[item.priority]) if item.priority in dataset.priorities else item.priority,
        ),
        (loc.gettext("Status in the agenda"), label(item.status, loc)),
        (loc.gettext("Scope"), label(item.scope, loc) or "–"),
        (loc.gettext("Timeline"), item.timeline.text),
        (loc.gettext("Due"), loc.date(item.timeline.end) if item.timeline.end else "–"),
        (
            loc.gettext("Owners"),
            ", ".join(loc.name(organisations[o]) if o in organisations else o for o in item.owners)
            or item.owners_text
            or "–",
        ),
        (
            loc.gettext("Involved"),
            ", ".join(loc.name(organisations[o]) if o in organisations else o for o in item.involved)
            or item.involved_text
            or "–",
        ),
        (
            loc.gettext("Place in the agenda"),
            loc.gettext("lines {start}–{end}, under '{heading}'").format(
                start=item.location.line_start, end=item.location.line_end, heading=item.location.heading
            ),
        ),
    ]


@router.get("/{lang}/report", include_in_schema=False)
def report_page(request: Request, lang: Lang) -> Response:
    loc = localizer(lang)
    return page_or_export(request, lang, "report.html.j2", loc.gettext("Report"), [])


@router.get("/{lang}/report/{fmt}", include_in_schema=False)
def report_file(
    request: Request, state: AppStateDep, lang: Lang, fmt: Annotated[str, Path(pattern="^(html|pdf)$")]
) -> Response:
    """The report as a download: made once per language, format, day and state of the ledger (one
    at a time: a PDF takes seconds and hundreds of MB), then served from memory."""
    state = state
    today = dt.date.today()
    key = (lang, fmt, today, ledger_version(state.settings))
    with state.report_lock:
        body = state.report_files.get(key)
        if body is None:
            report = build_report(_dataset(request), lang, today, state.settings.db)
            body = render_html(report).encode() if fmt == "html" else render_pdf(report)
            if len(state.report_files) >= 4:
                state.report_files.pop(next(iter(state.report_files)))
            state.report_files[key] = body
    if fmt == "html":
        return Response(
            body,
            media_type="text/html; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="dosa-report-{lang}.html"'},
        )
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="dosa-report-{lang}.pdf"'},
    )


@router.get("/{lang}/about", include_in_schema=False)
def about(request: Request, lang: Lang) -> Response:
    loc = localizer(lang)
    return page_or_export(request, lang, "about.html.j2", loc.gettext("About dosa"), [])


assert set(LANGUAGES) == {"nl", "en"}
