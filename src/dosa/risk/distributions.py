# SPDX-License-Identifier: EUPL-1.2
"""Turn a subject's share records into one distribution per value-chain stage and holder dimension.

A dataset may hold several figures for the same subject and stage: different sources, years, scopes
and metrics, which are not comparable with each other. A *distribution* is the set of shares one
source gives for one subject, stage, scope, year and metric; dosa picks one per stage and dimension
(countries or companies) by a fixed, documented rule and records which one, so every indicator can be
traced to the rows it was computed from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from dosa.dataset.model import Dataset
from dosa.messages import N_, Data, Message, Term
from dosa.model.entities import Share
from dosa.model.vocab import HolderKind, Qualifier, Scope, Stage

_SINGLE = (HolderKind.COUNTRY, HolderKind.COMPANY)
EU_AGGREGATE = "EU"
"""``holder_country`` value the dataset uses for the EU-27 taken together."""


@dataclass(frozen=True)
class Holding:
    """One share in a distribution."""

    holder: str
    kind: HolderKind
    value: float
    """Percent as stated (the lower bound for ranges)."""
    value_max: float | None
    countries: tuple[str, ...]
    """Jurisdictions of the holder: the country itself, or a company's HQ and its ultimate parent's HQ.
    ``EU`` for the EU-27 aggregate; empty when unknown."""
    single: bool
    """A single country or company (counts in HHI and the largest share); false for regions, groups
    and 'other', which are aggregates of unnamed holders."""
    supplier: str | None
    """Supplier id (and its ultimate parent's, if any) for company holdings."""
    parent: str | None
    share_id: str


@dataclass(frozen=True)
class Distribution:
    subject: str
    stage: Stage
    dimension: str
    """``country`` or ``company``."""
    scope: Scope
    year: str
    metric: str
    source: str
    holdings: tuple[Holding, ...]
    derived_from_companies: bool = False
    """A country view built from company shares by the companies' HQ countries."""

    @property
    def covered(self) -> float:
        """Listed share in percent (capped at 100)."""
        return min(100.0, sum(h.value for h in self.holdings))

    @property
    def remainder(self) -> float:
        return max(0.0, 100.0 - self.covered)

    @property
    def share_ids(self) -> tuple[str, ...]:
        return tuple(h.share_id for h in self.holdings)

    def describe(self) -> str:
        """Stage, scope, year and metric of the figures, in words (a :class:`~dosa.messages.Message`)."""
        template = "{stage}, {scope}, {year}, {metric}"
        if self.derived_from_companies:
            template = "{stage}, {scope}, {year}, {metric}, by company HQ"
        return Message(
            template,
            stage=Term(self.stage.value, self.stage.value.replace("_", " ")),
            scope=Term(self.scope.value, SCOPE_LABELS.get(self.scope.value, self.scope.value)),
            year=Data(self.year),
            metric=Data(self.metric),
        )


SCOPE_LABELS = {
    "global": N_("worldwide"),
    "global_excl_china": N_("worldwide excluding China"),
    "europe": N_("Europe"),
    "eu": N_("EU"),
    "nl": N_("the Netherlands"),
}
"""How a figure's geographic scope reads in an explanation."""


def _year_key(year: str) -> int:
    match = re.search(r"(19|20)\d\d", year)
    return int(match.group(0)) if match else 0


def _countries_of(share: Share, dataset: Dataset) -> tuple[tuple[str, ...], str | None, str | None]:
    if share.holder_kind is HolderKind.COUNTRY:
        return (share.holder,), None, None
    if share.holder_kind is HolderKind.COMPANY:
        supplier = dataset.suppliers.get(share.holder)
        countries: list[str] = []
        parent_id: str | None = None
        home = share.holder_country or (supplier.hq_country if supplier else None)
        if home:
            countries.append(home)
        if supplier is not None and supplier.ultimate_parent:
            parent_id = supplier.ultimate_parent
            parent = dataset.suppliers.get(parent_id)
            if parent is not None and parent.hq_country and parent.hq_country not in countries:
                countries.append(parent.hq_country)
        return tuple(countries), share.holder, parent_id
    return ((share.holder_country,) if share.holder_country else ()), None, None


def _holding(share: Share, dataset: Dataset) -> Holding:
    countries, supplier, parent = _countries_of(share, dataset)
    single = share.holder_kind in (HolderKind.COUNTRY, HolderKind.COMPANY)
    value = share.value
    if share.qualifier is Qualifier.RANGE and share.value_max is not None:
        value = (share.value + share.value_max) / 2
    return Holding(
        holder=share.holder,
        kind=share.holder_kind,
        value=value,
        value_max=share.value_max,
        countries=countries,
        single=single,
        supplier=supplier,
        parent=parent,
        share_id=share.id,
    )


def distributions(dataset: Dataset, subject: str) -> list[Distribution]:
    """Every distribution the dataset holds for ``subject``, countries and companies apart.

    Rows are grouped by (stage, scope, year, metric, source). Within a group, country rows form the
    country distribution and company rows the company distribution; regions, groups and 'other'
    rows join both as aggregates.
    """
    groups: dict[tuple[Stage, Scope, str, str, str], list[Share]] = defaultdict(list)
    for share in dataset.shares_of(subject):
        groups[(share.stage, share.scope, share.year, share.metric, share.citation.source)].append(share)
    result: list[Distribution] = []
    for (stage, scope, year, metric, source), shares in sorted(groups.items()):
        for dimension, kind in (("country", HolderKind.COUNTRY), ("company", HolderKind.COMPANY)):
            if not any(s.holder_kind is kind for s in shares):
                continue
            members = [s for s in shares if s.holder_kind is kind or s.holder_kind not in _SINGLE]
            holdings = tuple(_holding(s, dataset) for s in members)
            result.append(Distribution(subject, stage, dimension, scope, year, metric, source, holdings))
    return result


def by_company_hq(company: Distribution) -> Distribution | None:
    """A country view of a company distribution: each company's share counted for its HQ country.

    Used where a source gives only company shares (cloud, software): the jurisdiction that can act on
    a supplier is its home country. Companies with an unknown HQ stay unattributed.
    """
    totals: dict[str, float] = defaultdict(float)
    ids: dict[str, list[str]] = defaultdict(list)
    for holding in company.holdings:
        if holding.single and holding.countries:
            totals[holding.countries[0]] += holding.value
            ids[holding.countries[0]].append(holding.share_id)
    if not totals:
        return None
    holdings = tuple(
        Holding(
            holder=country,
            kind=HolderKind.REGION if country == EU_AGGREGATE else HolderKind.COUNTRY,
            value=min(100.0, value),
            value_max=None,
            countries=(country,),
            single=country != EU_AGGREGATE,
            supplier=None,
            parent=None,
            share_id="+".join(ids[country]),
        )
        for country, value in sorted(totals.items())
    )
    return Distribution(
        company.subject,
        company.stage,
        "country",
        company.scope,
        company.year,
        company.metric,
        company.source,
        holdings,
        derived_from_companies=True,
    )


def choose(candidates: Sequence[Distribution], scope_preference: Sequence[Scope]) -> Distribution | None:
    """Pick one distribution: preferred scope first, then the latest year, the widest coverage, the source id."""
    if not candidates:
        return None
    order = {scope: index for index, scope in enumerate(scope_preference)}
    return min(
        candidates,
        key=lambda d: (order.get(d.scope, len(order)), -_year_key(d.year), -d.covered, d.source, d.metric),
    )


@dataclass(frozen=True)
class StageDistributions:
    stage: Stage
    countries: Distribution | None
    companies: Distribution | None


def per_stage(dataset: Dataset, subject: str, scope_preference: Sequence[Scope]) -> list[StageDistributions]:
    """For every stage with shares: the chosen country and company distribution.

    When a stage has company shares but no country shares, its country view is derived from the
    companies' HQ countries (see :func:`by_company_hq`).
    """
    found = distributions(dataset, subject)
    stages = sorted({d.stage for d in found}, key=lambda s: list(Stage).index(s))
    result = []
    for stage in stages:
        countries = choose([d for d in found if d.stage is stage and d.dimension == "country"], scope_preference)
        companies = choose([d for d in found if d.stage is stage and d.dimension == "company"], scope_preference)
        if countries is None and companies is not None:
            countries = by_company_hq(companies)
        result.append(StageDistributions(stage, countries, companies))
    return result
