# SPDX-License-Identifier: EUPL-1.2
"""What a rating rests on: sourced data, partly, judgements, or the method's defaults alone.

A likelihood score is a weighted mean of factors; each factor rests on sourced data (shares, facts),
on a labelled expert judgement, or on the method's missing-data default. The *basis* of a rating
says which of these carries it. A rating that rests on defaults alone is no finding: it is reported
as "insufficient data", kept out of headline counts and out of coverage ("high risks without an
action"), and comes with the data that would settle it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from dosa.dataset.model import Dataset
from dosa.risk.factors import Factor


class Basis(StrEnum):
    """What a rating rests on, from most to least solid."""

    SOURCED = "sourced"
    """At least the method's share of the likelihood weight (default half) rests on sourced data."""
    PARTLY = "partly"
    """Some sourced data, but less than that share."""
    JUDGEMENT = "judgement"
    """No sourced data; labelled expert judgements carry what is known."""
    DEFAULTS = "defaults"
    """Every factor takes the method's missing-data default: insufficient data for a rating."""


BASIS_TEXT = {
    Basis.SOURCED: "sourced data",
    Basis.PARTLY: "partly sourced",
    Basis.JUDGEMENT: "judgement",
    Basis.DEFAULTS: "insufficient data (defaults only)",
}
"""English words for the CLI; the report and dashboard translate them through the catalogues."""

NEEDS: dict[str, str] = {
    "country_concentration": "shares_by_country",
    "supplier_relation": "shares_by_country",
    "export_restrictions": "shares_by_country",
    "company_concentration": "shares_by_company",
    "high_risk_vendor": "shares_by_company",
    "compelled_access": "shares_by_company_or_country",
    "offensive_cyber": "shares_by_company_or_country",
    "substitutability": "judgement_substitutability",
    "lock_in": "judgement_lock_in",
    "time_to_substitute": "judgement_time_to_substitute",
    "mutual_dependence": "judgement_mutual_dependence",
}
"""Which data would replace a factor's default: the key of a need (see :data:`NEED_TEXT`)."""

NEED_TEXT = {
    "shares_by_country": "market shares by country at the value-chain stage that decides supply",
    "shares_by_company": "market shares by company (with their headquarters)",
    "shares_by_company_or_country": "market shares by company or by country",
    "judgement_substitutability": "a sourced judgement of how far substitutes exist",
    "judgement_lock_in": "a sourced judgement of lock-in (cost of switching)",
    "judgement_time_to_substitute": "a sourced judgement of the years needed to substitute",
    "judgement_mutual_dependence": "a sourced judgement of mutual dependence (what the supplier needs from the EU)",
}


@dataclass(frozen=True)
class Coverage:
    """How much of a likelihood score rests on what, and what data is missing."""

    basis: Basis
    data: float
    """Share of the likelihood weight resting on sourced data (0..1)."""
    judgement: float
    """Share resting on labelled expert judgements (0..1)."""
    defaults: tuple[str, ...]
    """Factors that take the method's missing-data default, in the method's order."""
    needs: tuple[str, ...]
    """Keys of :data:`NEED_TEXT`: the data that would replace those defaults, each once."""

    @property
    def insufficient(self) -> bool:
        """True when the rating rests on defaults alone: not a finding."""
        return self.basis is Basis.DEFAULTS

    @property
    def text(self) -> str:
        return BASIS_TEXT[self.basis]

    @property
    def needs_text(self) -> tuple[str, ...]:
        return tuple(NEED_TEXT[need] for need in self.needs)


def coverage_of(factors: tuple[Factor, ...], sourced_min: float) -> Coverage:
    """The basis of a score from its factors' bases and weights.

    ``sourced``: the data share reaches ``sourced_min``; ``partly``: some data, less than that;
    ``judgement``: no data but judgements; ``defaults``: nothing but the missing-data default.
    Factors with weight 0 do not count.
    """
    weighed = [f for f in factors if f.weight.weight > 0]
    total = sum(f.weight.weight for f in weighed)
    data = sum(f.weight.weight for f in weighed if f.basis == "data") / total if total else 0.0
    judged = sum(f.weight.weight for f in weighed if f.basis in ("judgement", "method")) / total if total else 0.0
    if data >= sourced_min - 1e-9:  # weights like 0.15 + 0.15 of 0.6 sum to just below 0.5 in floats
        basis = Basis.SOURCED
    elif data > 0:
        basis = Basis.PARTLY
    elif judged > 0:
        basis = Basis.JUDGEMENT
    else:
        basis = Basis.DEFAULTS
    defaults = tuple(f.id for f in weighed if f.basis == "missing")
    needs = tuple(dict.fromkeys(NEEDS[name] for name in defaults if name in NEEDS))
    return Coverage(basis, data, judged, defaults, needs)


# -- age of figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure a subject's rating can rest on, with the year it describes."""

    kind: str
    """``share``, ``fact`` or ``judgement``."""
    id: str
    year: int | None
    """The (latest) year the figure describes; a judgement or undated fact takes its source's year."""
    year_text: str
    """The year as the dataset writes it (e.g. ``2022``, ``2019-2021``, ``n/s``)."""
    source: str


def year_of(text: str | None) -> int | None:
    """The latest four-digit year in ``text`` (``2019-2021`` -> 2021); ``None`` when it names none."""
    years = [int(y) for y in re.findall(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)", text or "")]
    return max(years) if years else None


def figures_of(dataset: Dataset, subject: str) -> list[Figure]:
    """Every share, fact and judgement about ``subject``, oldest first (undated last)."""

    def source_year(source: str) -> str:
        found = dataset.sources.get(source)
        return found.year if found is not None else ""

    found: list[Figure] = []
    for share in dataset.shares.values():
        if share.subject == subject:
            found.append(Figure("share", share.id, year_of(share.year), share.year, share.citation.source))
    for fact in dataset.facts.values():
        if fact.subject == subject:
            text = fact.year or source_year(fact.citation.source)
            found.append(Figure("fact", fact.id, year_of(text), text, fact.citation.source))
    for judgement in dataset.judgements.values():
        if judgement.subject == subject:
            text = source_year(judgement.citation.source)
            found.append(Figure("judgement", judgement.id, year_of(text), text, judgement.citation.source))
    return sorted(found, key=lambda f: (f.year is None, f.year or 0, f.kind, f.id))


@dataclass(frozen=True)
class FigureAges:
    """The age of a subject's figures as of a date, against the method's threshold."""

    as_of_year: int
    max_age_years: int
    oldest: Figure | None
    old: tuple[Figure, ...]
    """Figures more than ``max_age_years`` older than ``as_of_year``."""
    undated: tuple[Figure, ...]


def figure_ages(dataset: Dataset, subject: str, as_of_year: int, max_age_years: int) -> FigureAges:
    """Oldest figure of ``subject`` and the figures older than the threshold (method ``reporting``)."""
    figures = figures_of(dataset, subject)
    dated = [f for f in figures if f.year is not None]
    old = tuple(f for f in dated if as_of_year - (f.year or 0) > max_age_years)
    return FigureAges(
        as_of_year,
        max_age_years,
        dated[0] if dated else None,
        old,
        tuple(f for f in figures if f.year is None),
    )
