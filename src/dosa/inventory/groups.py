# SPDX-License-Identifier: EUPL-1.2
"""Company groups: one company, one holder, with its legal entities and the names it trades under.

A service list names whoever signed the contract ("Amazon Web Services EMEA SARL",
"Microsoft Ireland Operations Limited") or a brand ("AWS", "Azure"); concentration and jurisdiction
are about the group behind it ("Amazon", headquartered in the US). The shipped table
``data/inventory/groups.csv`` lists groups with their ultimate parent (and its headquarters),
entities and aliases, each row with its source and licence. Names are matched exactly after
normalisation (:func:`dosa.inventory.mapping.normalise_vendor`), never fuzzily.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

import pycountry

GROUPS_FILE = "groups.csv"


class EntityKind(StrEnum):
    PARENT = "parent"
    """The group's ultimate parent; its country is the group's headquarters."""
    ENTITY = "entity"
    """A legal entity of the group; its country is where it is incorporated (empty when unstated)."""
    ALIAS = "alias"
    """A brand or product name a service list may use for the group."""


@dataclass(frozen=True)
class GroupName:
    """One row of the table: a name that stands for a group, and where that is written."""

    group: str
    name: str
    kind: EntityKind
    country: str | None
    source: str
    url: str
    licence: str
    evidence: str
    line: int


@dataclass(frozen=True)
class Group:
    name: str
    """The name the group is shown under ("Amazon")."""
    parent: GroupName
    names: tuple[GroupName, ...]
    dataset_supplier: str | None = None
    """The dataset supplier id of the same company, when the dataset has one."""

    @property
    def hq_country(self) -> str | None:
        return self.parent.country

    @property
    def entities(self) -> tuple[GroupName, ...]:
        """The parent and the legal entities (not the aliases)."""
        return tuple(n for n in self.names if n.kind is not EntityKind.ALIAS)


class GroupTableError(ValueError):
    """The shipped table is inconsistent (a packaging defect, caught by the tests)."""


def parse_groups(text: str, label: str = GROUPS_FILE) -> list[Group]:
    """Read the table; every problem is reported with its line."""
    lines = text.splitlines()
    body_start = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    reader = csv.DictReader(lines[body_start:])
    rows: dict[str, list[GroupName]] = {}
    suppliers: dict[str, str] = {}
    problems: list[str] = []
    for offset, row in enumerate(reader, start=2):
        line = body_start + offset
        group, name = (row.get("group") or "").strip(), (row.get("name") or "").strip()
        try:
            kind = EntityKind((row.get("kind") or "").strip())
        except ValueError:
            problems.append(f"{label}:{line}: kind must be parent, entity or alias")
            continue
        country = (row.get("country") or "").strip().upper() or None
        if country is not None and pycountry.countries.get(alpha_2=country) is None:
            problems.append(f"{label}:{line}: '{country}' is not an ISO 3166 alpha-2 code")
        if not group or not name or not (row.get("source") or "").strip() or not (row.get("licence") or "").strip():
            problems.append(f"{label}:{line}: group, name, source and licence are required")
            continue
        if kind is EntityKind.PARENT and country is None:
            problems.append(f"{label}:{line}: a parent row needs the country of the headquarters")
        if supplier := (row.get("dataset_supplier") or "").strip():
            suppliers[group] = supplier
        rows.setdefault(group, []).append(
            GroupName(
                group,
                name,
                kind,
                country,
                row["source"].strip(),
                (row.get("url") or "").strip(),
                row["licence"].strip(),
                (row.get("evidence") or "").strip(),
                line,
            )
        )
    groups = []
    for group, names in rows.items():
        parents = [n for n in names if n.kind is EntityKind.PARENT]
        if len(parents) != 1:
            problems.append(f"{label}: group '{group}' has {len(parents)} parent rows, needs exactly one")
            continue
        groups.append(Group(group, parents[0], tuple(names), suppliers.get(group)))
    if problems:
        raise GroupTableError("; ".join(problems))
    return groups


@cache
def shipped_groups() -> tuple[Group, ...]:
    """The groups dosa ships (``data/inventory/groups.csv``)."""
    text = (resources.files("dosa") / "data" / "inventory" / GROUPS_FILE).read_text(encoding="utf-8")
    return tuple(parse_groups(text))


def group_rows(groups: Iterable[Group]) -> list[tuple[str, str, str, str, str, str, str]]:
    """Every name of every group with its source, for listings: group, name, kind, country, source, url, licence."""
    return [
        (g.name, n.name, n.kind.value, n.country or "", n.source, n.url, n.licence) for g in groups for n in g.names
    ]
