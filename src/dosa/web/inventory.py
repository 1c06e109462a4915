# SPDX-License-Identifier: EUPL-1.2
"""The dashboard's inventory pages: the projects in the dosa database, where-used across the
portfolio, and each project's inventory report (the same content as ``dosa inventory report``, on
the report's content model: charts, tables, Dutch or English), with the report as HTML and PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from dosa.access import OrganisationTree
from dosa.dataset.model import Dataset
from dosa.errors import InputError, UnknownIdError
from dosa.i18n import Localizer, localizer
from dosa.inventory import load_vendor_map, parse_query, where_used
from dosa.inventory.national import ratings_from_assessment, ratings_from_risk
from dosa.inventory.portfolio import list_projects, project_organisations
from dosa.report.content import Report, Section, column, table_of_rows
from dosa.report.html import render_html
from dosa.report.inventory import inventory_report, report_file_name
from dosa.report.pdf import render_pdf
from dosa.risk import Assessment
from dosa.store import database_exists, open_store
from dosa.web.pages import Lang, organisation_tree, page_or_export
from dosa.web.state import app_state
from dosa.web.visibility import require_visible, visibility

router = APIRouter()


def projects_section(
    db: str | Path | None,
    loc: Localizer,
    visible: Callable[[str], bool] | None = None,
    tree: OrganisationTree | None = None,
) -> Section:
    """The projects the reader may see (``visible`` says which organisations' projects), with the
    organisation each belongs to, and a roll-up per organisation that follows the organisation tree."""
    section = Section(id="projects", title=loc.gettext("Projects"))
    store = open_store(db) if database_exists(db) else None
    owners = project_organisations(store) if store is not None else {}
    listed = list_projects(store) if store is not None else []
    projects = [p for p in listed if visible is None or visible(owners[p[0]])]
    if not projects:
        section.paragraphs.append(loc.gettext("Nothing imported yet: run dosa inventory import FILES --project NAME."))
        return section
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Projects in the inventory"),
            [
                column(loc, "project", loc.gettext("Project")),
                column(loc, "organisation", loc.gettext("Organisation")),
                column(loc, "sboms", loc.gettext("SBOMs"), numeric=True),
                column(loc, "services", loc.gettext("Services"), numeric=True),
            ],
            [[name, owners[name] or "–", str(sboms), str(services)] for name, sboms, services in projects],
            data=[[name, owners[name], sboms, services] for name, sboms, services in projects],
            links=[[f"inventory/{name}", None, None, None] for name, _, _ in projects],
        )
    )
    counts: dict[str, list[int]] = {}
    for name, sboms, services in projects:
        if owners[name]:
            summed = counts.setdefault(owners[name], [0, 0, 0])
            summed[0], summed[1], summed[2] = summed[0] + 1, summed[1] + sboms, summed[2] + services
    totals = (tree or OrganisationTree()).roll_up(counts)
    if totals:
        section.tables.append(
            table_of_rows(
                loc,
                loc.gettext("Per organisation, with the organisations under it"),
                [
                    column(loc, "organisation", loc.gettext("Organisation")),
                    column(loc, "projects", loc.gettext("Projects"), numeric=True),
                    column(loc, "sboms", loc.gettext("SBOMs"), numeric=True),
                    column(loc, "services", loc.gettext("Services"), numeric=True),
                ],
                [[org, *(str(v) for v in totals[org])] for org in sorted(totals)],
                data=[[org, *totals[org]] for org in sorted(totals)],
            )
        )
    return section


def project_report(
    db: str | Path | None, project: str, dataset: Dataset, lang: str, assessment: Assessment | None = None
) -> Report:
    """The inventory report of one project, as the page shows it.

    Subjects are rated from ``assessment`` (the dashboard's own, so every page shows the same classes),
    or by running the risk engine on ``dataset`` when none is given."""
    ratings = ratings_from_assessment(assessment) if assessment is not None else ratings_from_risk(dataset)
    return inventory_report(open_store(db), project, dataset, load_vendor_map(dataset), ratings, lang=lang)


def where_used_section(
    db: str | Path | None,
    text: str,
    version_range: str,
    loc: Localizer,
    visible: Callable[[str], bool] | None = None,
) -> Section:
    section = Section(id="where-used", title=loc.gettext("Where used: {query}").format(query=text))
    store = open_store(db)
    result = where_used(store, parse_query(text, version_range or None))
    if visible is not None:  # only the projects of organisations the reader may see
        owners = project_organisations(store)
        shown = {name for name, organisation in owners.items() if visible(organisation)}
        result = replace(
            result,
            hits=[h for h in result.hits if h.project in shown],
            uncomparable=[h for h in result.uncomparable if h.project in shown],
        )
    rows = [*result.hits, *result.uncomparable]
    section.paragraphs.append(
        loc.gettext(
            "{count} uses found; {uncomparable} with a version that cannot be compared with the range are listed too."
        ).format(count=len(result.hits), uncomparable=len(result.uncomparable))
    )
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Where used: {query}").format(query=text),
            [
                column(loc, "project", loc.gettext("Project")),
                column(loc, "sbom", loc.gettext("SBOM")),
                column(loc, "version_of_the_sbom_s_subject", loc.gettext("Version of the SBOM's subject")),
                column(loc, "component", loc.gettext("Component")),
                column(loc, "version", loc.gettext("Version")),
                column(loc, "column_6", "purl"),
                column(loc, "supplier", loc.gettext("Supplier")),
                column(loc, "in_range", loc.gettext("In range")),
            ],
            [
                [
                    h.project,
                    h.subject,
                    h.subject_version,
                    h.name,
                    h.version,
                    h.purl,
                    h.supplier,
                    loc.gettext("yes") if h in result.hits else loc.gettext("cannot tell"),
                ]
                for h in rows
            ],
        )
    )
    return section


@router.get("/{lang}/inventory", include_in_schema=False)
def inventory(
    request: Request,
    lang: Lang,
    query: Annotated[str | None, Query(max_length=300)] = None,
    version_range: Annotated[str | None, Query(alias="range", max_length=200)] = None,
) -> Response:
    loc = localizer(lang)
    db = app_state(request).settings.db
    seen = visibility(request)
    visible = None if seen.everything else seen.sees
    sections = [projects_section(db, loc, visible, organisation_tree(request))]
    errors: dict[str, str] = {}
    if query and database_exists(db):
        try:
            sections.insert(0, where_used_section(db, query, version_range or "", loc, visible))
        except InputError as exc:
            errors["range" if exc.field == "range" else "query"] = exc.message
    response = page_or_export(
        request,
        lang,
        "inventory.html.j2",
        loc.gettext("Inventory"),
        sections,
        errors=errors,
        values={"query": query or "", "range": version_range or ""},
    )
    if errors:
        response.status_code = 400
    return response


def _project_report(request: Request, lang: str, project: str) -> Report:
    state = app_state(request)
    if not database_exists(state.settings.db):
        raise UnknownIdError(f"no inventory project '{project}'", hint="import one with dosa inventory import")
    require_visible(request, project)  # anonymous reading off: only the projects of the reader's organisations
    assessment = state.assessment()
    return project_report(
        state.settings.db, project, state.dataset, lang, assessment if isinstance(assessment, Assessment) else None
    )


@router.get("/{lang}/inventory/{project}", include_in_schema=False)
def inventory_project(request: Request, lang: Lang, project: str) -> Response:
    loc = localizer(lang)
    report = _project_report(request, lang, project)
    return page_or_export(
        request,
        lang,
        "inventory_project.html.j2",
        loc.gettext("Inventory of {project}").format(project=project),
        report.sections,
        breadcrumbs=[("inventory", loc.gettext("Inventory"))],
        report=report,
        project=project,
    )


@router.get("/{lang}/inventory/{project}/report/{fmt}", include_in_schema=False)
def inventory_report_file(
    request: Request, lang: Lang, project: str, fmt: Annotated[str, PathParam(pattern="^(html|pdf)$")]
) -> Response:
    """The project's inventory report as one offline HTML file or a tagged PDF."""
    report = _project_report(request, lang, project)
    name = report_file_name(project, lang, fmt)
    if fmt == "html":
        body, media_type = render_html(report).encode("utf-8"), "text/html; charset=utf-8"
    else:
        body, media_type = render_pdf(report), "application/pdf"
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})
