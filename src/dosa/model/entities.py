# SPDX-License-Identifier: EUPL-1.2
"""The domain model: typed, immutable records with provenance.

Records refer to each other by id (``subject``, ``source``, ``country`` …); the references are
checked when a dataset is loaded (:mod:`dosa.dataset.validate`), not here, so that a record can
be built and inspected on its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dosa.model.vocab import (
    ActionScope,
    ActionStatus,
    CyberProgramme,
    HolderKind,
    IntensityBasis,
    JudgementKind,
    JudgementUnit,
    LayerId,
    LinkTargetKind,
    OrganisationKind,
    PriorityKind,
    PublicInterestId,
    Qualifier,
    Reliance,
    RequiresMode,
    Scope,
    Stage,
    SubjectKind,
    TimelineKind,
    VitalCategory,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"


class Record(BaseModel):
    """Base of every domain record: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Source(Record):
    """A document a figure comes from."""

    id: str = Field(pattern=ID_PATTERN)
    publisher: str
    title: str
    year: str
    """Publication year, or ``n/s`` when the source states none."""
    url: str | None = None
    licence: str
    """Licence of the source's data as far as it matters for redistribution (e.g. ``CC-BY-4.0``)."""
    accessed_via: str | None = None
    note: str | None = None


class Citation(Record):
    """Where in a source a figure or claim is stated."""

    source: str
    page: str | None = None
    footnote: str | None = None
    quote: str | None = None


class Layer(Record):
    id: LayerId
    order: int = Field(ge=1, le=6)
    name_nl: str
    name_en: str
    description_nl: str
    description_en: str
    citation: Citation


class Priority(Record):
    id: str = Field(pattern=ID_PATTERN)
    number: int = Field(ge=1)
    """The agenda's own numbering within its kind (1-10 specific, 1-5 cross-cutting)."""
    kind: PriorityKind
    name_nl: str
    name_en: str
    layers: tuple[LayerId, ...] = ()
    """Layers where the agenda's stack figure (p. 10) places the priority (cross-cutting ones span all six)."""
    other_layers: tuple[LayerId, ...] = ()
    """Further layers the agenda's text mentions (the figure shows only the most relevant one)."""
    description_nl: str
    description_en: str
    citation: Citation

    @model_validator(mode="after")
    def _specific_needs_layer(self) -> Priority:
        if self.kind is PriorityKind.SPECIFIC and not self.layers:
            raise ValueError("a specific priority needs at least one layer")
        return self


class Subject(Record):
    """What is supplied: a raw material, component, technology, product or service."""

    id: str = Field(pattern=ID_PATTERN)
    name_nl: str
    name_en: str
    kind: SubjectKind
    layer: LayerId
    priorities: tuple[str, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = ()
    """Value-chain stages the dataset distinguishes for this subject."""
    description_en: str = ""
    citation: Citation | None = None


class RequiresEdge(Record):
    """``subject`` needs ``requires`` as an input."""

    subject: str
    requires: str
    mode: RequiresMode = RequiresMode.ALL
    group: str | None = None
    """Alternatives substitute only within the same group."""
    intensity: float | None = Field(default=None, gt=0, le=1)
    """Fraction of the subject's output that depends on this input (share of the need), where known.

    Without it the input weighs fully: all of the subject's output needs it. An intensity is never
    invented: it is ``sourced`` (``intensity_source``, page) or a labelled ``judgement`` (with its
    rationale in ``intensity_note``)."""
    intensity_basis: IntensityBasis | None = None
    intensity_source: str | None = None
    """Source id the intensity is stated in or computed from (for a sourced intensity)."""
    intensity_page: str | None = None
    intensity_note: str | None = None
    """How the intensity follows from the source (formula, quote), or the judgement's rationale."""
    rationale: str
    citation: Citation

    @model_validator(mode="after")
    def _alternatives_need_group(self) -> RequiresEdge:
        if self.mode is RequiresMode.ALTERNATIVE and not self.group:
            raise ValueError("an alternative input needs a group")
        if self.mode is RequiresMode.ALL and self.group:
            raise ValueError("a group is for alternative inputs only; set mode to 'alternative' or clear the group")
        if self.subject == self.requires:
            raise ValueError("a subject cannot require itself")
        self._check_intensity()
        return self

    def _check_intensity(self) -> None:
        if self.intensity is None:
            if self.intensity_basis or self.intensity_source or self.intensity_page or self.intensity_note:
                raise ValueError(
                    "intensity_basis, intensity_source, intensity_page and intensity_note need an intensity"
                )
            return
        if self.intensity_basis is None:
            raise ValueError(
                "an intensity needs intensity_basis: 'sourced' (with intensity_source) or 'judgement' "
                "(with intensity_note giving the rationale)"
            )
        if self.intensity_basis is IntensityBasis.SOURCED and not self.intensity_source:
            raise ValueError("a sourced intensity needs intensity_source (the source id) and ideally intensity_page")
        if not self.intensity_note:
            raise ValueError(
                "an intensity needs intensity_note: how it follows from the source, or the judgement's rationale"
            )

    @property
    def sourced_intensity(self) -> bool:
        """True when the intensity is stated in or computed from a cited source."""
        return self.intensity is not None and self.intensity_basis is IntensityBasis.SOURCED


class Country(Record):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    """ISO 3166-1 alpha-2."""
    name_en: str
    name_nl: str | None = None
    eu_member: bool
    eea_member: bool
    nato_member: bool
    offensive_cyber_programme_against_nl: CyberProgramme
    note: str | None = None
    citation: Citation


class Supplier(Record):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    hq_country: str | None
    """ISO 3166-1 alpha-2; ``None`` only where the HQ is not verified."""
    ultimate_parent: str | None = None
    """Supplier id of the ultimate parent, if different."""
    priorities: tuple[str, ...] = ()
    role: str = ""
    verified: bool = True
    citation: Citation


class Share(Record):
    """A share of supply held by a country, region or company."""

    id: str = Field(pattern=ID_PATTERN)
    subject: str
    stage: Stage
    holder: str
    """Country code, supplier id, or a free label for regions, groups and 'other'."""
    holder_kind: HolderKind
    holder_country: str | None = None
    scope: Scope
    year: str
    value: float
    """Percent, 0-100."""
    value_max: float | None = None
    """Upper bound when ``qualifier`` is ``range``."""
    metric: str
    qualifier: Qualifier = Qualifier.EXACT
    derived: bool = False
    """Computed by the dataset's editors from quantities in the source (formula in ``note``)."""
    note: str | None = None
    note_nl: str | None = None
    """Dutch version of ``note``."""
    citation: Citation

    @field_validator("value", "value_max")
    @classmethod
    def _percent(cls, value: float | None) -> float | None:
        if value is not None and not 0 <= value <= 100:
            raise ValueError(f"a share must lie between 0 and 100 percent, got {value}")
        return value

    @model_validator(mode="after")
    def _range_bounds(self) -> Share:
        if self.qualifier is Qualifier.RANGE and self.value_max is None:
            raise ValueError("a range needs value_max")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError("value_max is below value")
        return self


class Fact(Record):
    """A figure that is not a share: a count, an investment, a benchmark, a lead time."""

    id: str = Field(pattern=ID_PATTERN)
    priority: str | None = None
    subject: str | None = None
    kind: str
    statement: str
    statement_nl: str | None = None
    """Dutch version of ``statement``."""
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    year: str | None = None
    scope: str | None = None
    qualifier: Qualifier = Qualifier.EXACT
    citation: Citation


class Judgement(Record):
    """An expert assessment, never a measurement: a range with its rationale."""

    id: str = Field(pattern=ID_PATTERN)
    is_judgement: Literal[True] = True
    subject: str
    stage: Stage | None = None
    kind: JudgementKind
    low: float
    high: float
    unit: JudgementUnit
    rationale: str
    rationale_nl: str | None = None
    """Dutch version of ``rationale``."""
    assessed_by: str
    """Who made the judgement (e.g. 'dosa maintainers, from the agenda text')."""
    citation: Citation

    @model_validator(mode="after")
    def _range(self) -> Judgement:
        if self.high < self.low:
            raise ValueError("high is below low")
        if self.unit is JudgementUnit.SCORE_0_1 and not (0 <= self.low <= 1 and 0 <= self.high <= 1):
            raise ValueError("a 0-1 score must lie between 0 and 1")
        if self.low < 0:
            raise ValueError("a judgement cannot be negative")
        return self


class PublicInterest(Record):
    id: PublicInterestId
    name_nl: str
    name_en: str
    description_en: str
    national_security_interests: tuple[str, ...] = ()
    """Related national security interests (Veiligheidsstrategie 2023), by id."""
    citation: Citation


class VitalProcess(Record):
    id: str = Field(pattern=ID_PATTERN)
    name_nl: str
    name_en: str
    sector_nl: str
    sector_en: str
    category: VitalCategory
    ministry: str
    """Organisation id of the responsible ministry."""
    citation: Citation


class Dependency(Record):
    """A vital process or public interest depending on a subject."""

    dependant: str
    """Vital-process id or public-interest id."""
    subject: str
    reliance: Reliance
    rationale: str
    citation: Citation


class Organisation(Record):
    id: str = Field(pattern=ID_PATTERN)
    abbreviation: str
    name_nl: str
    name_en: str
    kind: OrganisationKind
    aliases: tuple[str, ...] = ()
    """Spellings seen in source texts, matched case-insensitively (e.g. 'J&V', 'JenV')."""


class Timeline(Record):
    text: str
    """Verbatim as the agenda writes it."""
    kind: TimelineKind
    start: dt.date | None = None
    end: dt.date | None = None
    """Due date: the last day of the stated period."""
    flag: str | None = None
    """Why the parse is uncertain or failed; ``None`` when clean."""


class TextLocation(Record):
    """Where an action stands in the agenda text."""

    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)
    page: int | None = None
    heading: str
    """The action-list heading it stands under, as written."""


class Action(Record):
    id: str = Field(pattern=ID_PATTERN)
    number: int = Field(ge=1)
    """Position in the agenda, 1-128."""
    priority: str
    status: ActionStatus
    scope: ActionScope | None = None
    summary: str
    timeline: Timeline
    owners: tuple[str, ...] = ()
    owners_text: str = ""
    involved: tuple[str, ...] = ()
    involved_text: str = ""
    repeated_as: tuple[str, ...] = ()
    """Ids of the same action block repeated under another priority."""
    location: TextLocation


class ActionLink(Record):
    """An action addresses a subject or a priority, where the agenda makes that link.

    Many-to-many: an action can mitigate several subjects, and a subject can be addressed by several
    actions. The ``reason`` says why, quoting the agenda; the citation points to the place.
    """

    action: str
    target_kind: LinkTargetKind
    target: str
    """Subject id or priority id, by ``target_kind``."""
    reason: str = Field(min_length=1)
    citation: Citation

    @property
    def key(self) -> str:
        return f"{self.action}->{self.target_kind.value}:{self.target}"
