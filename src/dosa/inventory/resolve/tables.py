# SPDX-License-Identifier: EUPL-1.2
"""The resolver's shipped tables (``src/dosa/data/inventory/resolver/*.csv``), loaded and checked.

- ``organisations.csv``: one row per organisation with its headquarters country (ISO 3166 alpha-2,
  empty when not verified), its direct parent (another row's id), LEI, web domains and the names
  SBOMs write for it;
- ``namespaces.csv``: package-registry namespaces (Maven groupIds, npm scopes, NuGet ID prefixes,
  Go module paths, Packagist vendors, GitHub accounts) to organisations;
- ``registries.csv``: purl types to the registry that serves them and who operates it.

Every row carries its source (publisher, title, year, URL) and licence; a row that is a judgement
says so and why. A table that breaks these rules is a programming error, raised on load.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dosa.inventory.resolve.names import domain_candidates, normalise_vendor

FORGE_TARGET = "@forge:"
"""A namespace row whose organisation is ``@forge:github.com`` hands the next segment to the forge rule."""
NOBODY_TARGET = "@nobody"
"""A namespace row whose organisation is ``@hosting`` marks a project-hosting namespace (Google Code,
SourceForge, java.net): the domain's owner hosted others' projects there, so it names nobody."""
BASES = ("verified", "convention", "judgement")


@dataclass(frozen=True, slots=True)
class Source:
    publisher: str
    title: str
    year: str
    url: str
    licence: str

    def cite(self) -> str:
        return f"{self.publisher}, {self.title} ({self.year}), {self.url}; {self.licence}"


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    kind: str
    """``company``, ``foundation``, ``charity``, ``community`` or ``person``."""
    country: str
    """Headquarters, ISO 3166 alpha-2; empty when dosa has not verified it."""
    parent: str
    """Id of the direct parent organisation, empty when none."""
    lei: str
    source: Source
    judgement: bool
    rationale: str


@dataclass(frozen=True, slots=True)
class NamespaceRule:
    type: str
    """purl type: maven, npm, nuget, golang, composer, github."""
    namespace: str
    prefix: bool
    """Whether the rule also covers longer namespaces (``org.eclipse`` covers ``org.eclipse.jetty``)."""
    organisation: str
    basis: str
    """``verified`` (the registry checks who may publish there), ``convention`` or ``judgement``."""
    source: Source
    rationale: str
    line: int

    @property
    def where(self) -> str:
        return f"namespaces.csv:{self.line}"


@dataclass(frozen=True, slots=True)
class Registry:
    type: str
    name: str
    host: str
    organisation: str
    source: Source


@dataclass(frozen=True)
class Tables:
    organisations: dict[str, Organisation]
    by_name: dict[str, str]
    """Normalised name or alias → organisation id."""
    by_domain: dict[str, str]
    """Web domain → organisation id."""
    namespaces: dict[tuple[str, str], NamespaceRule]
    """``(type, namespace key)`` → rule; keys are lowercase except for case-sensitive types."""
    registries: dict[str, Registry]

    def organisation_for_domain(self, host: str) -> tuple[str, str] | None:
        """``(domain, organisation id)`` of the longest known domain that ``host`` is or lies under."""
        for domain in domain_candidates(host):
            if found := self.by_domain.get(domain):
                return domain, found
        return None

    def chain(self, organisation: str) -> list[Organisation]:
        """The organisation and its parents up to the ultimate parent (cycles stop the walk)."""
        out: list[Organisation] = []
        seen: set[str] = set()
        current: str | None = organisation
        while current and current not in seen and current in self.organisations:
            seen.add(current)
            out.append(self.organisations[current])
            current = self.organisations[current].parent
        return out


CASE_SENSITIVE = frozenset({"golang"})
"""Go module paths are case-sensitive; every other namespace here is compared in lowercase."""


def namespace_key(kind: str, namespace: str) -> str:
    return namespace if kind in CASE_SENSITIVE else namespace.lower()


def _read(name: str) -> list[tuple[int, dict[str, str]]]:
    text = (resources.files("dosa") / "data" / "inventory" / "resolver" / name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return [(reader.line_num, {k: (v or "").strip() for k, v in row.items()}) for row in reader]


def _source(row: dict[str, str], where: str) -> Source:
    source = Source(row["source_publisher"], row["source_title"], row["source_year"], row["source_url"], row["licence"])
    if not all((source.publisher, source.title, source.year, source.url, source.licence)):
        raise ValueError(f"{where}: every row needs source_publisher, source_title, source_year, source_url, licence")
    lowered = source.licence.lower()
    if "-nc" in lowered or "-sa" in lowered or "noncommercial" in lowered or "sharealike" in lowered:
        raise ValueError(f"{where}: no non-commercial or share-alike data ({source.licence})")
    return source


@lru_cache(maxsize=1)
def load_tables() -> Tables:
    """The shipped tables, read once per process."""
    organisations: dict[str, Organisation] = {}
    by_name: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    for line, row in _read("organisations.csv"):
        where = f"organisations.csv:{line}"
        judgement = row["judgement"] == "yes"
        if judgement and not row["rationale"]:
            raise ValueError(f"{where}: a judgement needs its rationale")
        org = Organisation(
            row["id"],
            row["name"],
            row["kind"],
            row["country"].upper(),
            row["parent"],
            row["lei"],
            _source(row, where),
            judgement,
            row["rationale"],
        )
        if org.id in organisations:
            raise ValueError(f"{where}: duplicate organisation id {org.id!r}")
        organisations[org.id] = org
        for name in [org.name, *row["aliases"].split("|")]:
            if key := normalise_vendor(name):
                by_name.setdefault(key, org.id)
        for domain in row["domains"].split():
            by_domain[domain.lower()] = org.id
    for org in organisations.values():
        if org.parent and org.parent not in organisations:
            raise ValueError(f"organisations.csv: {org.id} names unknown parent {org.parent!r}")
    namespaces: dict[tuple[str, str], NamespaceRule] = {}
    for line, row in _read("namespaces.csv"):
        where = f"namespaces.csv:{line}"
        target = row["organisation"]
        if not target.startswith(FORGE_TARGET) and target != NOBODY_TARGET and target not in organisations:
            raise ValueError(f"{where}: unknown organisation {target!r}")
        if row["basis"] not in BASES:
            raise ValueError(f"{where}: basis must be one of {', '.join(BASES)}")
        if row["basis"] == "judgement" and not row["rationale"]:
            raise ValueError(f"{where}: a judgement needs its rationale")
        rule = NamespaceRule(
            row["type"],
            row["namespace"],
            row["match"] == "prefix",
            target,
            row["basis"],
            _source(row, where),
            row["rationale"],
            line,
        )
        namespaces[(rule.type, namespace_key(rule.type, rule.namespace))] = rule
    registries: dict[str, Registry] = {}
    for line, row in _read("registries.csv"):
        where = f"registries.csv:{line}"
        if row["organisation"] not in organisations:
            raise ValueError(f"{where}: unknown organisation {row['organisation']!r}")
        registries[row["type"]] = Registry(
            row["type"], row["registry"], row["host"], row["organisation"], _source(row, where)
        )
    return Tables(organisations, by_name, by_domain, namespaces, registries)
