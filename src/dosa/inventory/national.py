# SPDX-License-Identifier: EUPL-1.2
"""How an organisation's dependencies sit in the national risk picture.

Vendors are linked to the dataset's suppliers (and through them to the agenda's priorities) and to
its countries. Subject ratings come from the risk engine through one boundary: a mapping from
subject id to :class:`SubjectRating`. :func:`ratings_from_risk` fills it from :mod:`dosa.risk`;
whatever else produces ratings (a file, a test) plugs in at the same place. This module converts the
engine's results but does not compute risk itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dosa.dataset.model import Dataset
from dosa.inventory.analysis import ServiceView
from dosa.inventory.jurisdiction import JurisdictionClass, classify
from dosa.inventory.mapping import VendorProfile
from dosa.risk import Assessment, Harm, Method, RiskClass, SubjectResult, assess

HIGH_CLASSES = frozenset({RiskClass.HIGH, RiskClass.VERY_HIGH})
"""The risk engine's classes the inventory flags as a high risk."""


@dataclass(frozen=True)
class SubjectRating:
    """The risk engine's verdict on one dataset subject, as the inventory needs it."""

    subject: str
    rating: str
    """The engine's own label, e.g. a likelihood/impact class pair such as 'D/E'."""
    high: bool
    """Whether the engine counts it as a high risk."""
    explanation: str = ""
    harms: tuple[HarmRating, ...] = ()
    """The same per harm, for renderers that word it in the reader's language."""
    method_label: str = ""
    dataset_label: str = ""
    rank: int | None = None


@dataclass(frozen=True)
class HarmRating:
    """The engine's verdict on one harm: its risk class and cell (likelihood then impact class)."""

    harm: str
    risk: str
    cell: str
    insufficient: bool = False
    """Rated on the method's defaults alone (insufficient data)."""


SubjectRatings = Mapping[str, SubjectRating]


def _rating(result: SubjectResult) -> SubjectRating:
    """Per harm the engine's risk class and cell (likelihood class, impact class; 'X': not applicable)."""
    harms = [result.harms[harm] for harm in Harm if harm in result.harms]
    label = "; ".join(f"{h.harm.value}: {h.risk.value.replace('_', ' ')} ({h.cell})" for h in harms)
    explanation = (
        f"risk engine method {result.method_label} on dataset {result.dataset_label}; "
        f"rank {result.rank}; cell = likelihood class then impact class (A-E), X = harm not applicable"
    )
    return SubjectRating(
        result.subject.id,
        label,
        any(h.risk in HIGH_CLASSES for h in harms),
        explanation,
        tuple(HarmRating(h.harm.value, h.risk.value, h.cell, h.applicable and h.coverage.insufficient) for h in harms),
        result.method_label,
        result.dataset_label,
        result.rank,
    )


def ratings_from_assessment(assessment: Assessment) -> dict[str, SubjectRating]:
    """The engine's per-subject results as the inventory's ratings (one per subject of the assessment)."""
    return {result.subject.id: _rating(result) for result in assessment.results}


def ratings_from_risk(dataset: Dataset, method: Method | None = None) -> dict[str, SubjectRating]:
    """Score ``dataset`` with the risk engine (``method`` or the packaged default) and convert the results.

    Point classes only: the Monte Carlo does not change a subject's class, and the report needs no ranges.
    """
    return ratings_from_assessment(assess(dataset, method, uncertainty=False))


@dataclass(frozen=True)
class RatedDependency:
    service: str
    subject: str
    subject_name: str
    rating: str
    high: bool
    critical_functions: tuple[str, ...]
    explanation: str
    harms: tuple[HarmRating, ...] = ()
    method_label: str = ""


def rated_dependencies(
    views: Iterable[ServiceView], ratings: SubjectRatings, dataset: Dataset | None
) -> list[RatedDependency]:
    """Services that fall under a subject the risk engine rated, high ratings first."""
    out = []
    for view in views:
        subject = view.service.subject
        if not subject or subject not in ratings:
            continue
        rating = ratings[subject]
        record = dataset.subjects.get(subject) if dataset is not None else None
        out.append(
            RatedDependency(
                view.service.name,
                subject,
                record.name_en if record else subject,
                rating.rating,
                rating.high,
                view.service.critical_functions,
                rating.explanation,
                rating.harms,
                rating.method_label,
            )
        )
    return sorted(out, key=lambda r: (not r.high, r.service))


@dataclass(frozen=True)
class NationalLink:
    vendor: str
    kind: str
    """``service vendor`` or ``component vendor``."""
    supplier_id: str
    priorities: tuple[str, ...]
    country: str
    jurisdiction: JurisdictionClass
    eu_member: bool | None
    nato_member: bool | None
    offensive_cyber_programme: str
    basis: str


def national_links(
    service_vendors: Iterable[VendorProfile], component_vendors: Iterable[VendorProfile], dataset: Dataset | None
) -> list[NationalLink]:
    """Each distinct vendor group with its dataset supplier, priorities and country profile."""
    seen: dict[tuple[str, str], NationalLink] = {}
    for kind, profiles in (("service vendor", service_vendors), ("component vendor", component_vendors)):
        for profile in profiles:
            key = (kind, profile.group)
            if key in seen:
                continue
            supplier = dataset.suppliers.get(profile.supplier_id) if dataset and profile.supplier_id else None
            country = classify(profile.jurisdiction, dataset)
            seen[key] = NationalLink(
                profile.group,
                kind,
                profile.supplier_id or "",
                supplier.priorities if supplier else (),
                country.code or "",
                country.cls,
                country.eu_member,
                country.nato_member,
                country.offensive_cyber_programme,
                profile.basis,
            )
    return sorted(seen.values(), key=lambda link: (link.kind, link.vendor))
