# SPDX-License-Identifier: EUPL-1.2
"""Where is a component used? The Log4j question, across every project and SBOM version.

A query is a purl (``pkg:maven/org.apache.logging.log4j/log4j-core``, optionally ``@version``), a
Maven-style ``group:name``, or a plain name, optionally with a version range in the ``vers`` syntax
(``<2.17.1``, ``>=2.0.0|<2.17.1``, or a full ``vers:maven/<2.17.1``). Without a version or range
every version matches. Packages are found through an index, then their component rows; versions are
compared with univers, per ecosystem.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, func, select
from univers.version_range import RANGE_CLASS_BY_SCHEMES, VersionRange

from dosa.errors import InputError, UnknownIdError
from dosa.inventory.identity import parse_purl
from dosa.inventory.tables import ComponentRow, Package, Project, Sbom
from dosa.store import Store


@dataclass(frozen=True)
class Query:
    text: str
    package_key: str | None = None
    name: str | None = None
    namespace: str | None = None
    version: str | None = None
    constraints: str | None = None
    """A vers constraint list (``<2.17.1``) applied with each component's own ecosystem scheme."""
    scheme: str | None = None
    """Set when the range names its scheme (``vers:maven/…``): used for every component."""


def parse_query(text: str, version_range: str | None = None) -> Query:
    """Understand a where-used query; raises :class:`InputError` for an invalid purl or range."""
    raw = text.strip()
    if not raw:
        raise InputError("empty where-used query", hint="give a purl (pkg:…) or a component name", field="query")
    scheme = constraints = None
    if version_range:
        scheme, constraints = _split_range(version_range.strip())
    if raw.lower().startswith("pkg:"):
        info = parse_purl(raw)
        if info is None:
            raise InputError(
                f"'{raw}' is not a valid purl", hint="e.g. pkg:maven/org.apache.logging.log4j/log4j-core", field="query"
            )
        return Query(raw, package_key=info.base, version=info.version or None, constraints=constraints, scheme=scheme)
    version = None
    if "@" in raw[1:]:
        raw, version = raw.rsplit("@", 1)
    namespace, name = None, raw
    if ":" in raw:
        namespace, name = raw.rsplit(":", 1)
    return Query(
        text.strip(),
        name=name.strip(),
        namespace=(namespace or "").strip() or None,
        version=version or None,
        constraints=constraints,
        scheme=scheme,
    )


def _split_range(value: str) -> tuple[str | None, str]:
    if value.startswith("vers:"):
        scheme, _, constraints = value[5:].partition("/")
        if scheme not in RANGE_CLASS_BY_SCHEMES:
            raise InputError(
                f"unknown version scheme '{scheme}'",
                hint=f"use one of {', '.join(sorted(RANGE_CLASS_BY_SCHEMES))}",
                field="range",
            )
        _range(scheme, constraints)
        return scheme, constraints
    _range("generic", value)
    return None, value


@lru_cache(maxsize=256)
def _range(scheme: str, constraints: str) -> Any:
    try:
        return VersionRange.from_string(f"vers:{scheme}/{constraints}")  # type: ignore[no-untyped-call]
    except Exception as exc:  # univers raises ValueError and its own types for bad ranges
        raise InputError(
            f"invalid version range '{constraints}': {exc}",
            hint="write constraints like '<2.17.1' or '>=2.0.0|<2.17.1'",
            field="range",
        ) from exc


@dataclass(frozen=True)
class Hit:
    project: str
    subject: str
    subject_version: str
    current: bool
    source_name: str
    name: str
    version: str
    purl: str
    ecosystem: str
    parent_key: str
    supplier: str


@dataclass
class WhereUsed:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    uncomparable: list[Hit] = field(default_factory=list)
    """Matches whose version could not be compared with the range (listed, not silently dropped)."""
    sboms_searched: int = 0
    projects_searched: int = 0
    """What was searched, so that "nothing found" can be told from "nothing to search"."""


def version_in_range(query: Query, ecosystem: str, version: str) -> bool | None:
    """Whether ``version`` satisfies the query's range; ``None`` when it cannot be compared."""
    scheme = query.scheme or (ecosystem if ecosystem in RANGE_CLASS_BY_SCHEMES else "generic")
    assert query.constraints is not None
    return _compare(scheme, query.constraints, version)


@lru_cache(maxsize=65_536)
def _compare(scheme: str, constraints: str, version: str) -> bool | None:
    """Cached: a popular package has thousands of hits but few distinct versions."""
    try:
        version_range = _range(scheme, constraints)
    except InputError:
        version_range = _range("generic", constraints)
    try:
        return bool(version_range.version_class(version) in version_range)
    except Exception:  # univers raises its own InvalidVersion and others for odd version strings
        return None


def _statement(query: Query, project: str | None, current_only: bool) -> Select[*tuple[Any, ...]]:
    packages = select(Package.id)
    if query.package_key:
        packages = packages.where(Package.key == query.package_key)
    else:
        assert query.name is not None
        packages = packages.where(Package.name_lc == query.name.lower())
        if query.namespace:
            packages = packages.where(func.lower(Package.namespace) == query.namespace.lower())
    statement = (
        select(
            Project.name,
            Sbom.subject,
            Sbom.subject_version,
            Sbom.is_current,
            Sbom.source_name,
            ComponentRow.name,
            ComponentRow.version,
            ComponentRow.purl,
            Package.ecosystem,
            ComponentRow.parent_key,
            ComponentRow.supplier,
        )
        .join(Sbom, ComponentRow.sbom_id == Sbom.id)
        .join(Project, Sbom.project_id == Project.id)
        .join(Package, ComponentRow.package_id == Package.id)
        .where(ComponentRow.package_id.in_(packages.scalar_subquery()))
    )
    if query.version and not query.constraints:
        statement = statement.where(ComponentRow.version == query.version)
    if project:
        statement = statement.where(Project.name == project)
    if current_only:
        statement = statement.where(Sbom.is_current.is_(True))
    return statement.order_by(Project.name, Sbom.subject, Sbom.subject_version, ComponentRow.name, ComponentRow.version)


def where_used(store: Store, query: Query, *, project: str | None = None, current_only: bool = False) -> WhereUsed:
    """Every component matching ``query``, across all projects (or one) and all SBOM versions."""
    result = WhereUsed(query)
    with store.engine.connect() as conn:
        if project is not None:
            names = list(conn.execute(select(Project.name)).scalars())
            if project not in names:
                close = difflib.get_close_matches(project, names, n=3)
                raise UnknownIdError(
                    f"no project '{project}'",
                    hint=f"did you mean {', '.join(close)}?"
                    if close
                    else "list projects with: dosa inventory list --projects",
                )
        searched = select(func.count(Sbom.id), func.count(func.distinct(Sbom.project_id))).join(
            Project, Sbom.project_id == Project.id
        )
        if project is not None:
            searched = searched.where(Project.name == project)
        if current_only:
            searched = searched.where(Sbom.is_current.is_(True))
        result.sboms_searched, result.projects_searched = conn.execute(searched).one()
        for row in conn.execute(_statement(query, project, current_only)):
            hit = Hit(*row)
            if query.constraints:
                inside = version_in_range(query, hit.ecosystem, hit.version)
                if inside is None:
                    result.uncomparable.append(hit)
                    continue
                if not inside:
                    continue
            result.hits.append(hit)
    return result
