# SPDX-License-Identifier: EUPL-1.2
"""The REST API under ``/v1`` (NLGov REST API Design Rules): read access to the dataset, in JSON
with lowerCamelCase properties, every error as problem+json."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel
from starlette.exceptions import HTTPException as StarletteHTTPException

from dosa import __version__
from dosa.dataset.model import Dataset
from dosa.errors import UnknownIdError
from dosa.model.vocab import ActionScope, ActionStatus, LayerId, PriorityKind, SubjectKind
from dosa.query import ActionFilter, filter_actions, resolve_organisation
from dosa.web.state import app_state

ID = r"^[a-z0-9][a-z0-9_.-]*$"


def _iso_date(value: object) -> object:
    """Only ISO 8601 calendar dates (YYYY-MM-DD): pydantic alone would also read '0' as 1970-01-01."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("use an ISO 8601 date, YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class ApiModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class CitationOut(ApiModel):
    source: str
    page: str | None = None
    footnote: str | None = None
    quote: str | None = None


class DatasetOut(ApiModel):
    id: str
    version: str
    title: str
    licence: str
    dosa_version: str


class LayerOut(ApiModel):
    id: LayerId
    order: int
    name_nl: str
    name_en: str
    description_nl: str
    description_en: str
    priorities: list[str]


class PriorityOut(ApiModel):
    id: str
    number: int
    kind: PriorityKind
    name_nl: str
    name_en: str
    layers: list[LayerId]
    other_layers: list[LayerId]
    description_nl: str
    description_en: str
    subjects: list[str]
    actions: int
    citation: CitationOut


class ShareOut(ApiModel):
    id: str
    stage: str
    holder: str
    holder_kind: str
    holder_country: str | None
    scope: str
    year: str
    value: float = Field(description="Percent, 0-100")
    value_max: float | None
    qualifier: str
    metric: str
    derived: bool
    citation: CitationOut


class InputOut(ApiModel):
    requires: str
    mode: str
    group: str | None
    rationale: str
    citation: CitationOut


class SubjectOut(ApiModel):
    id: str
    name_nl: str
    name_en: str
    kind: SubjectKind
    layer: LayerId
    priorities: list[str]
    stages: list[str]


class SubjectDetailOut(SubjectOut):
    inputs: list[InputOut]
    used_by: list[str]
    shares: list[ShareOut]


class TimelineOut(ApiModel):
    text: str
    kind: str
    start: dt.date | None
    end: dt.date | None


class ActionOut(ApiModel):
    id: str
    number: int
    priority: str
    status: ActionStatus
    scope: ActionScope | None
    summary: str
    timeline: TimelineOut
    owners: list[str]
    involved: list[str]
    page: int | None


class SourceOut(ApiModel):
    id: str
    publisher: str
    title: str
    year: str
    url: str | None
    licence: str


def get_dataset(request: Request) -> Dataset:
    dataset: Dataset = app_state(request).dataset
    return dataset


DatasetDep = Annotated[Dataset, Depends(get_dataset)]


def priority_ids(dataset: Dataset) -> list[str]:
    """The values the ``priority`` filters accept (the OpenAPI document lists them as an enum)."""
    return sorted(dataset.priorities)


def organisation_names(dataset: Dataset) -> list[str]:
    """The values the ``owner`` filter accepts: every organisation's id, abbreviation and aliases, exactly
    as the OpenAPI enum lists them (the CLI's ``--owner`` also ignores case; an API keeps to its document)."""
    names = {n for o in dataset.organisations.values() for n in (o.id, o.abbreviation, *o.aliases)}
    return sorted(names, key=lambda n: (n.lower(), n))


def _unknown(name: str, value: str, what: str, known: list[str]) -> dict[str, object]:
    close = difflib.get_close_matches(value, known, n=3)
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(known)}"
    return {"loc": ("query", name), "msg": f"no {what} is called '{value}'; {hint}", "type": "unknown_value"}


def unknown_filter_values(request: Request, dataset: Dataset, owners: bool) -> list[dict[str, object]]:
    """Every ``priority`` (and ``owner``) value the dataset does not know, as validation errors.

    FastAPI runs a dependency before it checks the other parameters, so the errors are also kept on
    ``request.state`` for the 400 handler: one response then lists every invalid parameter together."""
    errors = [
        _unknown("priority", value, "priority", priority_ids(dataset))
        for value in request.query_params.getlist("priority")
        if value not in dataset.priorities
    ]
    abbreviations = sorted(o.abbreviation for o in dataset.organisations.values())
    known_names = set(organisation_names(dataset))
    for value in request.query_params.getlist("owner") if owners else ():
        if value not in known_names:
            errors.append(_unknown("owner", value, "organisation", abbreviations))
    request.state.filter_errors = errors
    return errors


def subject_filter_errors(request: Request, dataset: DatasetDep) -> list[dict[str, object]]:
    return unknown_filter_values(request, dataset, owners=False)


def action_filter_errors(request: Request, dataset: DatasetDep) -> list[dict[str, object]]:
    return unknown_filter_values(request, dataset, owners=True)


router = APIRouter(prefix="/v1", tags=["dataset"])


def _citation(citation: object) -> CitationOut:
    return CitationOut.model_validate(citation, from_attributes=True)


@router.get("/dataset", response_model=DatasetOut, summary="The dataset's identity and version")
def dataset_info(dataset: DatasetDep) -> DatasetOut:
    info = dataset.info
    return DatasetOut(
        id=info.id, version=info.version, title=info.title, licence=info.licence, dosa_version=__version__
    )


@router.get("/layers", response_model=list[LayerOut], summary="The six layers of the digital stack, bottom to top")
def layers(dataset: DatasetDep) -> list[LayerOut]:
    return [
        LayerOut(
            id=layer.id,
            order=layer.order,
            name_nl=layer.name_nl,
            name_en=layer.name_en,
            description_nl=layer.description_nl,
            description_en=layer.description_en,
            priorities=[p.id for p in dataset.priorities_in_order() if layer.id in p.layers],
        )
        for layer in dataset.layers_in_order()
    ]


def _priority(dataset: Dataset, priority_id: str) -> PriorityOut:
    p = dataset.priorities[priority_id]
    return PriorityOut(
        id=p.id,
        number=p.number,
        kind=p.kind,
        name_nl=p.name_nl,
        name_en=p.name_en,
        layers=list(p.layers),
        other_layers=list(p.other_layers),
        description_nl=p.description_nl,
        description_en=p.description_en,
        subjects=sorted(s.id for s in dataset.subjects.values() if p.id in s.priorities),
        actions=len(dataset.actions_of_priority(p.id)),
        citation=_citation(p.citation),
    )


@router.get("/priorities", response_model=list[PriorityOut], summary="The agenda's policy priorities")
def priorities(dataset: DatasetDep) -> list[PriorityOut]:
    return [_priority(dataset, p.id) for p in dataset.priorities_in_order()]


@router.get(
    "/priorities/{priorityId}",
    response_model=PriorityOut,
    summary="One priority",
    responses={404: {"description": "No priority has this id"}},
)
def priority(dataset: DatasetDep, priority_id: Annotated[str, Path(alias="priorityId", pattern=ID)]) -> PriorityOut:
    if priority_id not in dataset.priorities:
        raise UnknownIdError(f"no priority has id '{priority_id}'")
    return _priority(dataset, priority_id)


def _subject(dataset: Dataset, subject_id: str) -> SubjectOut:
    s = dataset.subjects[subject_id]
    return SubjectOut(
        id=s.id,
        name_nl=s.name_nl,
        name_en=s.name_en,
        kind=s.kind,
        layer=s.layer,
        priorities=list(s.priorities),
        stages=[stage.value for stage in s.stages],
    )


@router.get("/subjects", response_model=list[SubjectOut], summary="What is supplied, optionally filtered")
def subjects(
    dataset: DatasetDep,
    unknown: Annotated[list[dict[str, object]], Depends(subject_filter_errors)],
    priority: Annotated[str | None, Query(description="Only subjects of this priority (a priority id)")] = None,
    layer: Annotated[LayerId | None, Query(description="Only subjects in this layer")] = None,
    kind: Annotated[SubjectKind | None, Query(description="Only subjects of this kind")] = None,
) -> list[SubjectOut]:
    if unknown:
        raise RequestValidationError(unknown)
    return [
        _subject(dataset, s.id)
        for s in sorted(dataset.subjects.values(), key=lambda s: s.id)
        if (priority is None or priority in s.priorities)
        and (layer is None or s.layer == layer)
        and (kind is None or s.kind == kind)
    ]


@router.get(
    "/subjects/{subjectId}",
    response_model=SubjectDetailOut,
    summary="One subject with its inputs, its users and its market shares",
    responses={404: {"description": "No subject has this id"}},
)
def subject(dataset: DatasetDep, subject_id: Annotated[str, Path(alias="subjectId", pattern=ID)]) -> SubjectDetailOut:
    if subject_id not in dataset.subjects:
        raise UnknownIdError(f"no subject has id '{subject_id}'")
    base = _subject(dataset, subject_id)
    return SubjectDetailOut(
        **base.model_dump(),
        inputs=[
            InputOut(
                requires=e.requires,
                mode=e.mode.value,
                group=e.group,
                rationale=e.rationale,
                citation=_citation(e.citation),
            )
            for e in dataset.inputs_of(subject_id)
        ],
        used_by=sorted(e.subject for e in dataset.requires.values() if e.requires == subject_id),
        shares=[
            ShareOut(
                id=s.id,
                stage=s.stage.value,
                holder=s.holder,
                holder_kind=s.holder_kind.value,
                holder_country=s.holder_country,
                scope=s.scope.value,
                year=s.year,
                value=s.value,
                value_max=s.value_max,
                qualifier=s.qualifier.value,
                metric=s.metric,
                derived=s.derived,
                citation=_citation(s.citation),
            )
            for s in dataset.shares_of(subject_id)
        ],
    )


def _action(a: object) -> ActionOut:
    from dosa.model.entities import Action

    assert isinstance(a, Action)
    return ActionOut(
        id=a.id,
        number=a.number,
        priority=a.priority,
        status=a.status,
        scope=a.scope,
        summary=a.summary,
        timeline=TimelineOut(
            text=a.timeline.text, kind=a.timeline.kind.value, start=a.timeline.start, end=a.timeline.end
        ),
        owners=list(a.owners),
        involved=list(a.involved),
        page=a.location.page,
    )


@router.get(
    "/actions",
    response_model=list[ActionOut],
    summary="The agenda's actions, filtered",
    description="Criteria combine with AND; repeat a parameter for OR. Date filters leave out ongoing "
    "and undecided timelines. A priority or owner the dataset does not know is invalid input (400).",
)
def actions(
    dataset: DatasetDep,
    unknown: Annotated[list[dict[str, object]], Depends(action_filter_errors)],
    priority: Annotated[list[str] | None, Query(description="Priority id")] = None,
    owner: Annotated[
        list[str] | None, Query(description="Owning organisation: id, abbreviation or alias, ignoring case")
    ] = None,
    status: Annotated[list[ActionStatus] | None, Query(description="lopend or nieuw")] = None,
    scope: Annotated[list[ActionScope] | None, Query(description="nationaal or eu")] = None,
    due_before: Annotated[IsoDate | None, Query(alias="dueBefore", description="Due before (ISO 8601 date)")] = None,
    due_after: Annotated[IsoDate | None, Query(alias="dueAfter", description="Due after (ISO 8601 date)")] = None,
    text: Annotated[str | None, Query(max_length=200, description="Summary contains this text")] = None,
) -> list[ActionOut]:
    if unknown:
        raise RequestValidationError(unknown)
    criteria = ActionFilter(
        priorities=tuple(priority or ()),
        owners=tuple(resolve_organisation(dataset, name).id for name in owner or ()),
        statuses=tuple(status or ()),
        scopes=tuple(scope or ()),
        due_before=due_before,
        due_after=due_after,
        text=text,
    )
    return [_action(a) for a in filter_actions(dataset, criteria)]


@router.get(
    "/actions/{actionId}",
    response_model=ActionOut,
    summary="One action",
    responses={404: {"description": "No action has this id"}},
)
def action(dataset: DatasetDep, action_id: Annotated[str, Path(alias="actionId", pattern=ID)]) -> ActionOut:
    if action_id not in dataset.actions:
        raise UnknownIdError(f"no action has id '{action_id}'")
    return _action(dataset.actions[action_id])


@router.get("/sources", response_model=list[SourceOut], summary="Every source the dataset cites")
def sources(dataset: DatasetDep) -> list[SourceOut]:
    return [
        SourceOut(id=s.id, publisher=s.publisher, title=s.title, year=s.year, url=s.url, licence=s.licence)
        for s in sorted(dataset.sources.values(), key=lambda s: s.id)
    ]


class HarmOut(ApiModel):
    likelihood_class: str
    impact_class: str
    cell: str = Field(description="Cell of the A-E diagram, likelihood class first; 'X' when not applicable")
    risk: str
    basis: str = Field(
        description="What the likelihood rests on: sourced, partly, judgement, or defaults (insufficient data)"
    )
    insufficient_data: bool = Field(
        description="The rating rests on the method's missing-data defaults alone: no finding, not counted"
    )
    data_needed: list[str] = Field(description="The data that would replace the defaults")


class RiskOut(ApiModel):
    subject_id: str
    rank: int
    risk: str = Field(description="The higher risk class of the two harms")
    interruption: HarmOut
    access: HarmOut
    method_version: str
    dataset_version: str


risk_router = APIRouter(prefix="/v1", tags=["risk"])


def _risks(request: Request) -> list[RiskOut]:
    assessment = app_state(request).assessment()
    if assessment is None:
        raise StarletteHTTPException(404, "the risk engine is not part of this installation")
    from dosa.risk import Harm

    def harm(result: object, which: Harm) -> HarmOut:
        outcome = result.harms[which]  # type: ignore[attr-defined]
        return HarmOut(
            likelihood_class=outcome.likelihood_class.value,
            impact_class=outcome.impact_class.value,
            cell=outcome.cell,
            risk=outcome.risk.value,
            basis=outcome.coverage.basis.value,
            insufficient_data=outcome.coverage.insufficient,
            data_needed=list(outcome.coverage.needs_text),
        )

    return [
        RiskOut(
            subject_id=r.subject.id,
            rank=r.rank,
            risk=r.risk.value,
            interruption=harm(r, Harm.INTERRUPTION),
            access=harm(r, Harm.ACCESS),
            method_version=r.method_label,
            dataset_version=r.dataset_label,
        )
        for r in assessment.results
    ]


@risk_router.get(
    "/risks",
    response_model=list[RiskOut],
    summary="Every subject's risk classes, highest first",
    responses={404: {"description": "The risk engine is not installed"}},
)
def risks(request: Request) -> list[RiskOut]:
    return _risks(request)


@risk_router.get(
    "/risks/{subjectId}",
    response_model=RiskOut,
    summary="One subject's risk classes",
    responses={404: {"description": "No subject has this id"}},
)
def risk(
    request: Request, dataset: DatasetDep, subject_id: Annotated[str, Path(alias="subjectId", pattern=ID)]
) -> RiskOut:
    if subject_id not in dataset.subjects:
        raise UnknownIdError(f"no subject has id '{subject_id}'")
    return next(r for r in _risks(request) if r.subject_id == subject_id)
