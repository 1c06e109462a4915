# SPDX-License-Identifier: EUPL-1.2
"""Concentration across organisations: for a sector or the whole government, the share of
organisations and of critical functions that depend on each vendor, group, cloud and jurisdiction,
at each rank of the supply chain, and the single providers that would hit most organisations at once.

Every organisation's services are resolved the same way as for one organisation
(:func:`dosa.inventory.analysis.view_services`: groups, chains by rank); then, per holder and rank:

    organisations_pct      = 100 * organisations relying on the holder / organisations in scope
    critical_functions_pct = 100 * critical functions relying on it / critical functions in scope

A critical function is counted once per organisation (``(organisation, function)``), however many of
its services rely on the holder; a critical service without functions listed counts as one function
of its own. Shares do not add up to 100: an organisation relies on several holders. "Any rank" counts
an organisation once for a holder it relies on at any rank: the organisations a failure of that
holder would reach.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dosa.access.tree import OrganisationTree
from dosa.dataset.model import Dataset
from dosa.errors import InputError, UnknownIdError
from dosa.inventory.analysis import view_services
from dosa.inventory.chains import Link, ServiceChain
from dosa.inventory.mapping import VendorMap
from dosa.inventory.portfolio import list_projects, load_services, project_organisations, service_sources
from dosa.inventory.services import Service
from dosa.store import Store
from dosa.tables import Table

DIMENSIONS = ("group", "vendor", "cloud", "jurisdiction")
"""What a holder is: the company group, the vendor (legal entity or name as written), the cloud
provider's group (hosting links, and cloud services' own vendors), or a country whose law reaches the
provider (its seat and its group's headquarters; at rank 1 also the countries the service record says
can compel access)."""
MAX_TREE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ProjectInventory:
    """One inventory (a project) and the organisation it belongs to."""

    organisation: str
    project: str
    services: tuple[Service, ...]
    sources: Mapping[str, str] = field(default_factory=dict)
    """Service name → the file it was imported from (named in chain errors)."""


@dataclass(frozen=True)
class SectorRow:
    dimension: str
    rank: int | None
    """Rank in the supply chain; ``None``: any rank."""
    holder: str
    organisations: int
    organisations_pct: float
    critical_functions: int
    critical_functions_pct: float | None
    services: int
    organisation_ids: tuple[str, ...]


@dataclass(frozen=True)
class SectorConcentration:
    scope: str
    """The organisation rolled up (``""``: every organisation)."""
    organisations: tuple[str, ...]
    """Organisations in scope that have an inventory."""
    critical_functions: int
    """Critical functions in scope, counted per organisation."""
    depth: int
    """The deepest rank any chain reaches."""
    rows: tuple[SectorRow, ...]

    def select(self, dimension: str | None = None, rank: int | str | None = "all") -> list[SectorRow]:
        """Rows of one dimension and/or rank (``rank=None``: the any-rank rows; ``"all"``: every rank)."""
        return [
            r
            for r in self.rows
            if (dimension is None or r.dimension == dimension) and (rank == "all" or r.rank == rank)
        ]

    def single_points(self, top: int = 10) -> list[SectorRow]:
        """The providers (groups) whose failure would reach the most organisations at once, at any rank."""
        rows = self.select("group", None)
        return sorted(rows, key=lambda r: (-r.organisations, -r.critical_functions, r.holder))[:top]


def _labels(dimension: str, link: Link, chain: ServiceChain) -> Iterable[str]:
    if dimension == "group":
        return (link.group,)
    if dimension == "vendor":
        return (link.profile.vendor or link.provider,)
    if dimension == "cloud":
        return (link.group,) if link.cloud else ()
    countries = list(link.countries)
    if link.rank == 1:
        countries += chain.service.compelling_jurisdictions
    return tuple(dict.fromkeys(countries))


def _functions(organisation: str, service: Service) -> list[tuple[str, str]]:
    if not service.is_critical:
        return []
    return [(organisation, f) for f in service.critical_functions] or [(organisation, f"service:{service.name}")]


def sector_concentration(
    inventories: Sequence[ProjectInventory],
    vendors: VendorMap,
    dataset: Dataset | None = None,
    *,
    scope: str = "",
    dimensions: Sequence[str] = DIMENSIONS,
) -> SectorConcentration:
    """Who the organisations of ``inventories`` rely on, per dimension and rank (see the module text)."""
    unknown = [d for d in dimensions if d not in DIMENSIONS]
    if unknown:
        raise InputError(f"unknown dimension '{unknown[0]}'", hint=f"use one of {', '.join(DIMENSIONS)}")
    organisations = tuple(sorted({i.organisation for i in inventories}))
    all_functions: set[tuple[str, str]] = set()
    # (dimension, rank, holder) → organisations, functions, services
    orgs: dict[tuple[str, int | None, str], set[str]] = defaultdict(set)
    funcs: dict[tuple[str, int | None, str], set[tuple[str, str]]] = defaultdict(set)
    servs: dict[tuple[str, int | None, str], set[tuple[str, str, str]]] = defaultdict(set)
    depth = 0
    for inventory in inventories:
        for view in view_services(inventory.services, vendors, dataset, inventory.sources):
            chain = view.chain
            assert chain is not None  # view_services builds every chain
            functions = _functions(inventory.organisation, view.service)
            all_functions.update(functions)
            depth = max(depth, chain.depth)
            service_key = (inventory.organisation, inventory.project, view.service.name)
            for link in chain.links:
                for dimension in dimensions:
                    for holder in _labels(dimension, link, chain):
                        for rank in (link.rank, None):
                            key = (dimension, rank, holder)
                            orgs[key].add(inventory.organisation)
                            funcs[key].update(functions)
                            servs[key].add(service_key)
    total_orgs, total_functions = len(organisations), len(all_functions)
    rows = [
        SectorRow(
            dimension,
            rank,
            holder,
            len(orgs[key]),
            100 * len(orgs[key]) / total_orgs,
            len(funcs[key]),
            100 * len(funcs[key]) / total_functions if total_functions else None,
            len(servs[key]),
            tuple(sorted(orgs[key])),
        )
        for key in orgs
        for dimension, rank, holder in [key]
    ]
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    rows.sort(key=lambda r: r.holder)
    rows.sort(key=lambda r: (order[r.dimension], r.rank is None, r.rank or 0, -r.organisations, -r.critical_functions))
    return SectorConcentration(scope, organisations, total_functions, depth, tuple(rows))


# --- the organisation tree --------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    """The organisation tree (:class:`dosa.access.OrganisationTree`) and which organisation each
    inventory project belongs to."""

    tree: OrganisationTree = field(default_factory=OrganisationTree)
    projects: Mapping[str, str] = field(default_factory=dict)
    """Inventory project → organisation, from the tree file. A project not listed belongs to the
    organisation recorded for it in the database (``dosa inventory import --organisation``), else to the
    one its name starts with: ``ORGANISATION`` or ``ORGANISATION/PROJECT`` (the convention of
    :mod:`dosa.exposure`)."""

    def organisation_of(self, project: str, recorded: str = "") -> str:
        return self.projects.get(project) or recorded or project.split("/", 1)[0]

    def descendants(self, organisation: str) -> set[str]:
        """The organisation and every organisation under it (what a roll-up of it adds up)."""
        return self.tree.descendants(organisation)


def read_tree(path: Path) -> Membership:
    """A YAML file with ``parents`` (child: parent) and ``projects`` (project: organisation) mappings."""
    label = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{label}: cannot read the organisation tree ({exc.strerror})") from exc
    if len(data) > MAX_TREE_BYTES:
        raise InputError(f"{label}: the organisation tree is larger than {MAX_TREE_BYTES // (1024 * 1024)} MiB")
    try:
        document = yaml.safe_load(data.decode("utf-8-sig")) or {}
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError(f"{label}: not a readable YAML file{where}", hint="save it as UTF-8 YAML") from exc
    if not isinstance(document, dict) or set(document) - {"parents", "projects"}:
        raise InputError(
            f"{label}: expected a mapping with 'parents' and/or 'projects'",
            hint="parents: {agency: ministry}; projects: {project: organisation}",
        )
    maps: dict[str, dict[str, str]] = {}
    for key in ("parents", "projects"):
        value = document.get(key) or {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str | int) and isinstance(v, str | int) for k, v in value.items()
        ):
            raise InputError(f"{label}: '{key}' must map names to names", hint=f"{key}:\n  child: parent")
        maps[key] = {str(k).strip(): str(v).strip() for k, v in value.items()}
    try:
        tree = OrganisationTree(maps["parents"])
    except InputError as exc:
        raise InputError(f"{label}: {exc.message}", hint=exc.hint) from None
    return Membership(tree, maps["projects"])


def inventories_from_store(store: Store, membership: Membership | None = None) -> list[ProjectInventory]:
    """Every project of the store that has services, with the organisation it belongs to."""
    tree = membership or Membership()
    recorded = project_organisations(store)
    return [
        ProjectInventory(
            tree.organisation_of(name, recorded.get(name, "")),
            name,
            tuple(load_services(store, name)),
            service_sources(store, name),
        )
        for name, _sboms, services in list_projects(store)
        if services
    ]


def in_scope(
    inventories: Iterable[ProjectInventory], tree: Membership | OrganisationTree, organisation: str | None
) -> list[ProjectInventory]:
    """The inventories of ``organisation`` and every organisation under it (all of them for ``None``)."""
    chosen = list(inventories)
    if not organisation:
        return chosen
    members = tree.descendants(organisation)
    found = [i for i in chosen if i.organisation in members]
    if not found:
        raise UnknownIdError(
            f"no inventory belongs to organisation '{organisation}' or an organisation under it",
            hint="a project belongs to the organisation its name starts with (ORGANISATION/PROJECT) "
            "or to the one recorded at import (--organisation) or mapped in the organisation tree",
        )
    return found


# --- tables ------------------------------------------------------------------------------------


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def concentration_table(result: SectorConcentration, dimension: str | None = None, rank: int | None = None) -> Table:
    """One table of holders: every rank, or one (``rank=0``: any rank)."""
    chosen = result.select(dimension, "all" if rank is None else (None if rank == 0 else rank))
    rows: list[tuple[Any, ...]] = [
        (
            r.dimension,
            r.rank if r.rank is not None else "any",
            r.holder,
            r.organisations,
            _r(r.organisations_pct),
            r.critical_functions,
            _r(r.critical_functions_pct),
            r.services,
            "; ".join(r.organisation_ids),
        )
        for r in chosen
    ]
    return Table.from_rows(
        (
            "dimension",
            "rank",
            "holder",
            "organisations",
            "organisations_pct",
            "critical_functions",
            "critical_functions_pct",
            "services",
            "organisation_ids",
        ),
        rows,
        title="Concentration across organisations",
        name="sector_concentration",
        note=(
            f"{len(result.organisations)} organisations with an inventory, {result.critical_functions} critical "
            "functions; shares are of those; an organisation relies on several holders, so shares do not add up "
            "to 100."
        ),
    )


def single_points_table(result: SectorConcentration, top: int = 10) -> Table:
    """The groups whose failure would reach the most organisations at once (at any rank)."""
    return Table.from_rows(
        ("holder", "organisations", "organisations_pct", "critical_functions", "critical_functions_pct"),
        [
            (r.holder, r.organisations, _r(r.organisations_pct), r.critical_functions, _r(r.critical_functions_pct))
            for r in result.single_points(top)
        ],
        title="Single providers that would hit most organisations at once",
        name="single_points",
        note="Company groups at any rank of the supply chain, most organisations first.",
    )
