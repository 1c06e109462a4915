# SPDX-License-Identifier: EUPL-1.2
"""``dosa inventory concentration``: who the organisations of a sector rely on, by rank.

Thin: read the inventories and the organisation tree, call :mod:`dosa.inventory.sector`, render.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dosa.cli.options import DatasetOption, DbOption, FormatOption, OutputOption, resolve_format
from dosa.cli.output import OutputFormat
from dosa.errors import InputError
from dosa.inventory.mapping import load_vendor_map
from dosa.inventory.report import METHOD_VERSION
from dosa.inventory.sector import (
    DIMENSIONS,
    OrganisationTree,
    concentration_table,
    in_scope,
    inventories_from_store,
    read_tree,
    sector_concentration,
    single_points_table,
)


def parse_rank(value: str | None) -> int | None:
    """``None`` (every rank), ``0`` (any rank) or a rank from 1."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in {"any", "all-ranks"}:
        return 0
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise InputError(f"--rank {value!r} is not a rank", hint="give 1, 2, 3, … or 'any'")


def concentration_command(
    by: Annotated[
        str | None, typer.Option("--by", help=f"Only this dimension: {', '.join(DIMENSIONS)} (default: all).")
    ] = None,
    rank: Annotated[
        str | None,
        typer.Option("--rank", help="Only this rank in the supply chain (1: the vendor, 2: its host, …) or 'any'."),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="Roll up this organisation and every one under it (default: all)."),
    ] = None,
    tree: Annotated[
        Path | None,
        typer.Option(
            "--tree", help="YAML with 'parents' (organisation: parent) and 'projects' (project: organisation)."
        ),
    ] = None,
    mapping: Annotated[
        list[Path] | None, typer.Option("--mapping", help="Vendor mapping table (CSV/YAML); repeatable.")
    ] = None,
    top: Annotated[int, typer.Option(help="Single providers listed.", min=1, max=1000)] = 10,
    section: Annotated[
        str | None, typer.Option(help="Only this table: sector_concentration or single_points (needed for CSV).")
    ] = None,
    dataset: DatasetOption = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Concentration across organisations: the share of organisations and critical functions that rely on
    each group, vendor, cloud and jurisdiction, at each rank of the supply chain."""
    from dosa.cli.inventory import inventory_dataset, read_inventory_files, render

    fmt = resolve_format(fmt, output)
    if by is not None and by not in DIMENSIONS:
        raise InputError(f"--by {by!r} is not a dimension", hint=f"use one of {', '.join(DIMENSIONS)}")
    chosen_rank = parse_rank(rank)
    organisation_tree = read_tree(tree) if tree is not None else OrganisationTree()
    data = inventory_dataset(dataset)
    every = inventories_from_store(read_inventory_files(db), organisation_tree)
    if not every:
        raise InputError("no project has a service inventory", hint="import one: dosa inventory import FILE -p NAME")
    inventories = in_scope(every, organisation_tree, organisation)
    result = sector_concentration(
        inventories,
        load_vendor_map(data, mapping or []),
        data,
        scope=organisation or "",
        dimensions=(by,) if by else DIMENSIONS,
    )
    about = {
        "scope": organisation or "every organisation",
        "organisations": str(len(result.organisations)),
        "method": METHOD_VERSION,
    }
    tables = [concentration_table(result, by, chosen_rank)]
    if by in (None, "group"):
        tables.append(single_points_table(result, top))
    render(tables, fmt, output, about, section)
