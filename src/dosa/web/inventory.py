# SPDX-License-Identifier: EUPL-1.2
"""The dashboard's inventory views, on :mod:`dosa.inventory`'s own API: the projects in the dosa
database, each project's analysis (concentration by vendor, jurisdiction and cloud provider, exit
gaps, high-risk jurisdictions, the risk engine's ratings of the subjects services depend on) and
where-used across the portfolio."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from dosa.access import OrganisationTree
from dosa.dataset.model import Dataset
from dosa.i18n import Localizer, foreign
from dosa.inventory import build_report, load_vendor_map, parse_query, where_used
from dosa.inventory.national import ratings_from_assessment, ratings_from_risk
from dosa.inventory.portfolio import list_projects, project_organisations
from dosa.report.content import Section, Table
from dosa.report.labels import N_
from dosa.risk import Assessment
from dosa.store import database_exists, open_store

INVENTORY_TEXTS = frozenset(
    [
        N_("Summary"),
        N_("Concentration (HHI over shares in %, 0-10,000)"),
        N_("Shares per holder"),
        N_("Critical services with a single vendor and no tested exit plan"),
        N_("Dependencies on high-risk and non-EU jurisdictions"),
        N_("Vendors in the national risk picture"),
        N_("Dependencies on subjects the risk engine rates"),
        N_("Shares are of the weight whose holder is known; coverage is that weight's share of the total."),
        N_(
            "high_risk: the dataset records an offensive cyber programme against the Netherlands; non_eu: outside "
            "the EU/EEA. Countries the dataset does not describe are not classified."
        ),
        N_("No risk-engine ratings were supplied, so no subject is rated."),
        N_("Ratings of the dataset's subjects by the risk engine."),
        N_("basis"),
        N_("below minimum"),
        N_("class"),
        N_("country"),
        N_("country name"),
        N_("coverage pct"),
        N_("critical functions"),
        N_("dataset supplier"),
        N_("dependency"),
        N_("dimension"),
        N_("eligible"),
        N_("eu member"),
        N_("exit plan"),
        N_("explanation"),
        N_("hhi"),
        N_("high"),
        N_("holder"),
        N_("holders"),
        N_("item"),
        N_("kind"),
        N_("mapped by"),
        N_("missing objectives"),
        N_("nato member"),
        N_("offensive cyber programme against nl"),
        N_("priorities"),
        N_("rating"),
        N_("reasons"),
        N_("role"),
        N_("score"),
        N_("score lower bound"),
        N_("service"),
        N_("share pct"),
        N_("subject"),
        N_("subject name"),
        N_("substitutability"),
        N_("top1 pct"),
        N_("top3 pct"),
        N_("value"),
        N_("vendor"),
        N_("weight"),
    ]
)
"""Titles, notes and column labels of the inventory analyses (dosa.inventory.report), translated here."""


def _text(text: str, loc: Localizer) -> str:
    """An inventory text in the page's language; one dosa has no translation for stays English, marked."""
    if not text or loc.lang == "en":
        return text
    return loc.gettext(text) if text in INVENTORY_TEXTS else foreign(text, "en")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


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
        Table(
            caption=loc.gettext("Projects in the inventory"),
            headers=[
                loc.gettext("Project"),
                loc.gettext("Organisation"),
                loc.gettext("SBOMs"),
                loc.gettext("Services"),
            ],
            rows=[[name, owners[name] or "–", str(sboms), str(services)] for name, sboms, services in projects],
            numeric=frozenset({2, 3}),
            links=[[f"inventory/{name}", None, None, None] for name, _, _ in projects],
            data=[[name, owners[name], sboms, services] for name, sboms, services in projects],
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
            Table(
                caption=loc.gettext("Per organisation, with the organisations under it"),
                headers=[
                    loc.gettext("Organisation"),
                    loc.gettext("Projects"),
                    loc.gettext("SBOMs"),
                    loc.gettext("Services"),
                ],
                rows=[[org, *(str(v) for v in totals[org])] for org in sorted(totals)],
                numeric=frozenset({1, 2, 3}),
                data=[[org, *totals[org]] for org in sorted(totals)],
            )
        )
    return section


def project_sections(
    db: str | Path | None, project: str, dataset: Dataset, loc: Localizer, assessment: Assessment | None = None
) -> list[Section]:
    """The inventory's own analysis of one project, each of its tables as a dashboard table.

    Subjects are rated from ``assessment`` (the dashboard's own, so every page shows the same classes),
    or by running the risk engine on ``dataset`` when none is given."""
    ratings = ratings_from_assessment(assessment) if assessment is not None else ratings_from_risk(dataset)
    report = build_report(open_store(db), project, dataset, load_vendor_map(dataset), ratings)
    about = Section(id="about", title=loc.gettext("About this analysis"))
    about.paragraphs.append(
        loc.gettext("Project {project}, dataset {dataset}, method {method}, made {generated}.").format(
            project=report.project, dataset=report.dataset, method=report.method, generated=report.generated
        )
    )
    sections = [about]
    for item in report.sections:
        section = Section(id=f"inventory-{item.name}", title=_text(item.title, loc))
        if item.note:
            section.notes.append(_text(item.note, loc))
        if item.rows:
            section.tables.append(
                Table(
                    caption=_text(item.title, loc),
                    headers=[_text(c.label(), loc) for c in item.columns],
                    rows=[[_cell(v) for v in row] for row in item.rows],
                    data=[
                        [v if isinstance(v, int | float | str) or v is None else _cell(v) for v in row]
                        for row in item.rows
                    ],
                )
            )
        else:
            section.paragraphs.append(loc.gettext("Nothing to show."))
        sections.append(section)
    return sections


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
        Table(
            caption=loc.gettext("Where used: {query}").format(query=text),
            headers=[
                loc.gettext("Project"),
                loc.gettext("SBOM"),
                loc.gettext("Version of the SBOM's subject"),
                loc.gettext("Component"),
                loc.gettext("Version"),
                "purl",
                loc.gettext("Supplier"),
                loc.gettext("In range"),
            ],
            rows=[
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
