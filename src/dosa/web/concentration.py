# SPDX-License-Identifier: EUPL-1.2
"""Concentration across organisations on the dashboard (``/{lang}/concentration``) and under
``/v1/inventory/concentration``: who a sector or the whole government relies on, by rank of the
supply chain. Thin: :mod:`dosa.inventory.sector` computes; the page renders with the report's content
model (tables with exports, bar charts as inline SVG, no JavaScript).

Organisations come from the organisation tree (``organisation_parents``); an inventory project belongs
to the organisation its name starts with (``ORGANISATION`` or ``ORGANISATION/PROJECT``)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from dosa.access import OrganisationTree
from dosa.errors import InputError
from dosa.i18n import Localizer, localizer
from dosa.inventory.sector import (
    DIMENSIONS,
    Membership,
    SectorConcentration,
    SectorRow,
    in_scope,
    inventories_from_store,
    sector_concentration,
)
from dosa.report import charts
from dosa.report.content import Chart, Section, column, table_of, table_of_rows
from dosa.report.labels import N_
from dosa.tables import Table
from dosa.web.api import ApiModel
from dosa.web.state import app_state
from dosa.web.visibility import Visibility, visibility

router = APIRouter()
api_router = APIRouter(prefix="/v1", tags=["inventory"])
Lang = Annotated[str, Path(pattern="^(nl|en)$", description="Language: nl or en")]
Dimension = Annotated[str, Query(pattern="^(group|vendor|cloud|jurisdiction)$", description="What a holder is")]
Rank = Annotated[
    str | None,
    Query(
        pattern="^([1-9][0-9]?|any)$", description="Rank in the supply chain (1, 2, …) or 'any'; default: every rank"
    ),
]
Organisation = Annotated[
    str | None, Query(max_length=200, description="Roll up this organisation and every one under it")
]
TOP = 10

DIMENSION_LABELS = {
    "group": N_("company group"),
    "vendor": N_("vendor"),
    "cloud": N_("cloud provider"),
    "jurisdiction": N_("jurisdiction"),
}


def _rank(value: str | None) -> int | None:
    """``None`` (every rank), ``0`` (any rank) or a rank."""
    if value is None:
        return None
    return 0 if value == "any" else int(value)


def compute(
    request: Request,
    organisation: str | None,
    dimensions: tuple[str, ...] = DIMENSIONS,
    seen: Visibility | None = None,
) -> SectorConcentration:
    """The concentration for the dashboard's database, tree and dataset, across the projects the
    reader may see (:mod:`dosa.web.visibility`): for a reader of one organisation, across its subtree."""
    from dosa.inventory.mapping import VendorMap
    from dosa.store import open_existing_store

    state = app_state(request)
    store = open_existing_store(state.settings.db, missing_ok=True)
    membership = Membership(OrganisationTree(state.settings.organisation_parents))
    inventories = inventories_from_store(store, membership) if store is not None else []
    seen = seen or visibility(request)
    visible = seen.projects(store)
    if visible is not None:
        inventories = [i for i in inventories if i.project in visible]
    if organisation:
        inventories = in_scope(inventories, membership, organisation)
    return sector_concentration(
        inventories,
        VendorMap(state.dataset),
        state.dataset,
        scope=organisation or ("" if seen.everything else seen.organisation or ""),
        dimensions=dimensions,
    )


# --- page -------------------------------------------------------------------------------------


def _pct(value: float | None, loc: Localizer) -> str:
    return "" if value is None else f"{loc.number(value, 1)} %"


def _rank_text(rank: int | None, loc: Localizer) -> str:
    return loc.gettext("any rank") if rank is None else loc.gettext("rank {rank}").format(rank=rank)


def holders_table(rows: list[SectorRow], loc: Localizer, caption: str, *, with_rank: bool) -> Table:
    """Holders with the organisations and critical functions that rely on them."""
    columns = [
        column(loc, "holder", loc.gettext("Holder"), lambda r: r.holder),
        column(loc, "organisations", loc.gettext("Organisations"), lambda r: r.organisations, number=0),
        column(
            loc,
            "organisations_pct",
            loc.gettext("Share of organisations"),
            lambda r: round(r.organisations_pct, 1),
            show=lambda r: _pct(r.organisations_pct, loc),
            numeric=True,
        ),
        column(loc, "critical_functions", loc.gettext("Critical functions"), lambda r: r.critical_functions, number=0),
        column(
            loc,
            "critical_functions_pct",
            loc.gettext("Share of critical functions"),
            lambda r: None if r.critical_functions_pct is None else round(r.critical_functions_pct, 1),
            show=lambda r: _pct(r.critical_functions_pct, loc),
            numeric=True,
        ),
        column(loc, "services", loc.gettext("Services"), lambda r: r.services, number=0),
        column(
            loc,
            "organisations_list",
            loc.gettext("Which organisations"),
            lambda r: "; ".join(r.organisation_ids),
            show=lambda r: ", ".join(r.organisation_ids),
        ),
    ]
    if with_rank:
        rank = column(
            loc,
            "rank",
            loc.gettext("Rank"),
            lambda r: r.rank if r.rank is not None else "any",
            show=lambda r: _rank_text(r.rank, loc),
        )
        columns.insert(1, rank)
    return table_of(loc, caption, rows, columns)


def share_chart(rows: list[SectorRow], loc: Localizer, chart_id: str, caption: str) -> Chart:
    """Bars of the share of organisations per holder (the first :data:`TOP`)."""
    bars = [charts.Bar(r.holder, r.organisations_pct, _pct(r.organisations_pct, loc)) for r in rows[:TOP]]
    alt = loc.gettext("Bar chart of the share of organisations per holder: {values}.").format(
        values="; ".join(f"{b.label} {b.value_text}" for b in bars)
    )
    table = table_of_rows(
        loc,
        caption,
        [
            column(loc, "holder", loc.gettext("Holder")),
            column(loc, "share_of_organisations", loc.gettext("Share of organisations"), numeric=True),
        ],
        [[b.label, b.value_text] for b in bars],
        data=[[b.label, round(b.value, 1)] for b in bars],
    )
    source = loc.gettext("the service inventories in the dosa database, with dosa's table of company groups")
    return Chart(chart_id, caption, charts.bar_chart(chart_id, caption, alt, bars), source, table, alt)


def _views(result: SectorConcentration, loc: Localizer, organisation: str | None) -> Table:
    """Links to every dimension at every rank (the page has no form: links work everywhere)."""
    ranks: list[str | None] = [*(str(r) for r in range(1, result.depth + 1)), "any", None]
    rows, links = [], []
    for dimension in DIMENSIONS:
        row = [loc.gettext(DIMENSION_LABELS[dimension])]
        targets: list[str | None] = [None]
        for rank in ranks:
            query = {k: v for k, v in (("by", dimension), ("rank", rank), ("organisation", organisation)) if v}
            targets.append(f"concentration?{urlencode(query)}")
            if rank is None:
                row.append(loc.gettext("every rank"))
            elif rank == "any":
                row.append(loc.gettext("any rank"))
            else:
                row.append(loc.gettext("rank {rank}").format(rank=rank))
        rows.append(row)
        links.append(targets)
    columns = [
        column(loc, "counted_by", loc.gettext("Counted by")),
        *(column(loc, f"view_{rank or 'every'}", loc.gettext("View")) for rank in ranks),
    ]
    return table_of_rows(loc, loc.gettext("Views of the concentration"), columns, rows, links=links)


def concentration_sections(
    result: SectorConcentration, dimension: str, rank: int | None, loc: Localizer, reader: str | None = None
) -> list[Section]:
    """The page's sections; ``reader``: the organisation whose subtree a scoped reader sees (``None``:
    every organisation), said on the page so that "across the sector" is read as across that subtree."""
    scope = result.scope or loc.gettext("every organisation")
    about = Section(id="concentration-scope", title=loc.gettext("Scope"))
    if reader is not None:
        about.paragraphs.append(
            loc.gettext(
                "You see the organisations your role allows: {organisation} and the organisations under it. "
                "Across the sector means, on this page, across these organisations."
            ).format(organisation=reader or "–")
        )
    about.paragraphs.append(
        loc.gettext(
            "{organisations} organisations with a service inventory ({scope}); {functions} critical functions. "
            "The deepest supply chain reaches rank {depth}."
        ).format(
            organisations=len(result.organisations),
            scope=scope,
            functions=result.critical_functions,
            depth=result.depth,
        )
    )
    about.notes.append(
        loc.gettext(
            "Rank 1 is the vendor an organisation contracts with; rank 2 its host and sub-processors; further ranks "
            "follow services named as host or sub-processor (DORA register of information). A company counts once: "
            "its legal entities and brand names are one group. Shares are of the organisations and critical "
            "functions in scope; an organisation relies on several holders, so shares do not add up to 100 %."
        )
    )
    if not result.organisations:
        about.paragraphs.append(loc.gettext("Nothing imported yet: run dosa inventory import FILES --project NAME."))
        return [about]
    about.tables.append(_views(result, loc, result.scope or None))
    points = Section(
        id="concentration-single-points", title=loc.gettext("Single providers that hit most organisations")
    )
    single = result.single_points(TOP)
    points.charts.append(
        share_chart(single, loc, "chart-single-points", loc.gettext("Share of organisations per company group"))
    )
    points.tables.append(
        holders_table(single, loc, loc.gettext("Company groups at any rank, most organisations first"), with_rank=False)
    )
    label = loc.gettext(DIMENSION_LABELS[dimension])
    chosen = result.select(dimension, "all" if rank is None else (None if rank == 0 else rank))
    title = (
        loc.gettext("Concentration by {dimension}, every rank").format(dimension=label)
        if rank is None
        else loc.gettext("Concentration by {dimension}, {rank}").format(
            dimension=label, rank=_rank_text(None if rank == 0 else rank, loc)
        )
    )
    holders = Section(id="concentration-holders", title=title)
    if chosen:
        holders.tables.append(holders_table(chosen, loc, title, with_rank=rank is None))
    else:
        holders.paragraphs.append(loc.gettext("Nothing to show."))
    return [about, points, holders]


@router.get("/{lang}/concentration", include_in_schema=False)
def concentration_page(
    request: Request, lang: Lang, by: Dimension = "group", rank: Rank = None, organisation: Organisation = None
) -> Response:
    from dosa.web.pages import page_or_export

    loc = localizer(lang)
    seen = visibility(request)
    result = compute(request, organisation, seen=seen)
    title = loc.gettext("Concentration across organisations")
    return page_or_export(
        request,
        lang,
        "page.html.j2",
        title,
        concentration_sections(result, by, _rank(rank), loc, reader=seen.organisation),
        breadcrumbs=[("inventory", loc.gettext("Inventory"))],
    )


# --- /v1 --------------------------------------------------------------------------------------


class HolderOut(ApiModel):
    dimension: str
    rank: int | None
    """Rank in the supply chain; null: any rank."""
    holder: str
    organisations: int
    organisations_pct: float
    critical_functions: int
    critical_functions_pct: float | None
    services: int
    organisation_ids: list[str]


class ConcentrationOut(ApiModel):
    scope: str
    organisations: list[str]
    critical_functions: int
    depth: int
    holders: list[HolderOut]
    single_points: list[HolderOut]


def _holder(r: SectorRow) -> HolderOut:
    return HolderOut(
        dimension=r.dimension,
        rank=r.rank,
        holder=r.holder,
        organisations=r.organisations,
        organisations_pct=round(r.organisations_pct, 2),
        critical_functions=r.critical_functions,
        critical_functions_pct=None if r.critical_functions_pct is None else round(r.critical_functions_pct, 2),
        services=r.services,
        organisation_ids=list(r.organisation_ids),
    )


@api_router.get(
    "/inventory/concentration",
    response_model=ConcentrationOut,
    summary="Concentration across organisations: who a sector or the whole government relies on, by rank",
    responses={404: {"description": "No inventory belongs to the organisation or one under it"}},
)
def concentration_api(
    request: Request, by: Dimension | None = None, rank: Rank = None, organisation: Organisation = None
) -> Any:
    if by is not None and by not in DIMENSIONS:  # the pattern already refuses it; kept for direct calls
        raise InputError(f"unknown dimension '{by}'", hint=f"use one of {', '.join(DIMENSIONS)}")
    result = compute(request, organisation, (by,) if by else DIMENSIONS)
    chosen = _rank(rank)
    rows = result.select(by, "all" if chosen is None else (None if chosen == 0 else chosen))
    single = result.single_points(TOP) if by in (None, "group") else []
    return ConcentrationOut(
        scope=result.scope,
        organisations=list(result.organisations),
        critical_functions=result.critical_functions,
        depth=result.depth,
        holders=[_holder(r) for r in rows],
        single_points=[_holder(r) for r in single],
    )
