# SPDX-License-Identifier: EUPL-1.2
"""Questions asked of a dataset: look up any object by id, filter actions, resolve names."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dosa.dataset.model import Dataset
from dosa.errors import UnknownIdError
from dosa.model.entities import Action, Organisation
from dosa.model.vocab import ActionScope, ActionStatus, PriorityKind

COLLECTIONS = (
    "layers",
    "priorities",
    "subjects",
    "actions",
    "organisations",
    "suppliers",
    "countries",
    "shares",
    "facts",
    "judgements",
    "public_interests",
    "vital_processes",
    "sources",
)


def find_by_id(dataset: Dataset, identifier: str) -> list[tuple[str, Any]]:
    """Every object whose id is ``identifier`` (case-insensitive), as (collection, record) pairs."""
    wanted = identifier.strip().lower()
    matches = []
    for collection in COLLECTIONS:
        for key, record in getattr(dataset, collection).items():
            if key.lower() == wanted:
                matches.append((collection[:-1] if collection.endswith("s") else collection, record))
    if not matches:
        every = [key for collection in COLLECTIONS for key in getattr(dataset, collection)]
        close = difflib.get_close_matches(identifier, every, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "list ids with 'dosa subjects', 'dosa actions' …"
        raise UnknownIdError(f"no object has id '{identifier}'", hint=hint)
    return matches


def resolve_organisation(dataset: Dataset, name: str) -> Organisation:
    """Match an organisation by id, abbreviation or alias, ignoring case ('BZK', 'J&V', 'jenv')."""
    wanted = name.strip().lower()
    for organisation in dataset.organisations.values():
        names = {organisation.id, organisation.abbreviation, *organisation.aliases}
        if wanted in {n.lower() for n in names}:
            return organisation
    known = sorted(o.abbreviation for o in dataset.organisations.values())
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(known)}"
    raise UnknownIdError(f"no organisation is called '{name}'", hint=hint)


@dataclass(frozen=True)
class ActionFilter:
    """Criteria combined with AND; values within one criterion with OR."""

    priorities: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    """Canonical organisation ids; matches owners only, or also involved parties with ``include_involved``."""
    include_involved: bool = False
    statuses: tuple[ActionStatus, ...] = ()
    scopes: tuple[ActionScope, ...] = ()
    due_before: dt.date | None = None
    due_after: dt.date | None = None
    text: str | None = None

    def matches(self, action: Action) -> bool:
        if self.priorities and action.priority not in self.priorities:
            return False
        if self.owners:
            parties = set(action.owners) | (set(action.involved) if self.include_involved else set())
            if not parties & set(self.owners):
                return False
        if self.statuses and action.status not in self.statuses:
            return False
        if self.scopes and action.scope not in self.scopes:
            return False
        if self.due_before or self.due_after:
            # One rule for due dates everywhere (dosa.monitoring.due): ongoing, undecided, open-ended
            # timelines and periods that had ended before the agenda have none, so a date filter excludes them.
            from dosa.monitoring.due import due_of

            end = due_of(action).date
            if end is None:
                return False
            if self.due_before and not end < self.due_before:
                return False
            if self.due_after and not end > self.due_after:
                return False
        return not (self.text and self.text.lower() not in action.summary.lower())


def filter_actions(dataset: Dataset, criteria: ActionFilter) -> list[Action]:
    unknown = [p for p in criteria.priorities if p not in dataset.priorities]
    if unknown:
        raise UnknownIdError(
            f"unknown priority '{unknown[0]}'", hint=f"known priorities: {', '.join(sorted(dataset.priorities))}"
        )
    return [action for action in dataset.actions_in_order() if criteria.matches(action)]


@dataclass(frozen=True)
class PriorityCounts:
    priority: str
    subjects: int
    lopend: int
    nieuw: int
    national: int
    eu: int
    figures: int

    @property
    def actions(self) -> int:
        return self.lopend + self.nieuw


@dataclass(frozen=True)
class Overview:
    """What the main job prints: the stack, the priorities and their action counts."""

    dataset_label: str
    stack: list[tuple[str, list[str]]]
    """(layer id, specific priority ids placed in it by the stack figure), bottom to top."""
    cross_cutting: list[str]
    counts: list[PriorityCounts]
    totals: dict[str, int] = field(default_factory=dict)


def overview(dataset: Dataset) -> Overview:
    specific = [p for p in dataset.priorities_in_order() if p.kind is PriorityKind.SPECIFIC]
    stack = [(layer.id.value, [p.id for p in specific if layer.id in p.layers]) for layer in dataset.layers_in_order()]
    cross = [p.id for p in dataset.priorities_in_order() if p.kind is PriorityKind.CROSS_CUTTING]
    subjects = Counter(priority for s in dataset.subjects.values() for priority in s.priorities)
    figures = Counter(priority for priority in _figure_priorities(dataset))
    counts = []
    for priority in dataset.priorities_in_order():
        actions = dataset.actions_of_priority(priority.id)
        counts.append(
            PriorityCounts(
                priority=priority.id,
                subjects=subjects[priority.id],
                lopend=sum(a.status is ActionStatus.LOPEND for a in actions),
                nieuw=sum(a.status is ActionStatus.NIEUW for a in actions),
                national=sum(a.scope is ActionScope.NATIONAAL for a in actions),
                eu=sum(a.scope is ActionScope.EU for a in actions),
                figures=figures[priority.id],
            )
        )
    totals = {
        "layers": len(dataset.layers),
        "priorities": len(dataset.priorities),
        "subjects": len(dataset.subjects),
        "requires_edges": len(dataset.requires),
        "shares": len(dataset.shares),
        "facts": len(dataset.facts),
        "judgements": len(dataset.judgements),
        "suppliers": len(dataset.suppliers),
        "countries": len(dataset.countries),
        "vital_processes": len(dataset.vital_processes),
        "actions": len(dataset.actions),
        "organisations": len(dataset.organisations),
        "sources": len(dataset.sources),
    }
    return Overview(dataset.info.label, stack, cross, counts, totals)


def _figure_priorities(dataset: Dataset) -> Iterable[str]:
    """The priority each share and fact belongs to (through its subject where it names one)."""
    for share in dataset.shares.values():
        subject = dataset.subjects.get(share.subject)
        if subject is not None:
            yield subject.priorities[0]
    for fact in dataset.facts.values():
        if fact.priority:
            yield fact.priority
        elif fact.subject and fact.subject in dataset.subjects:
            yield dataset.subjects[fact.subject].priorities[0]


# -- what a subject's figures rest on ------------------------------------------------------------------

EVIDENCE_SECTIONS = ("shares", "facts", "judgements", "inputs", "used_by", "dependencies")
"""The parts of a subject's evidence, in the order ``dosa show SUBJECT`` lists them."""


@dataclass(frozen=True)
class Evidence:
    """One figure, judgement or edge about a subject, with its year and its source in words."""

    section: str
    id: str
    what: str
    value: str
    year: str
    """The year the figure describes; a figure without one shows its source's year as 'YYYY (source)'."""
    source: str


def cite_source(dataset: Dataset, source_id: str | None, page: str | None = None) -> str:
    """'publisher, title (year), p. N; licence L [id]', or the id alone when the dataset lacks it."""
    if not source_id:
        return ""
    source = dataset.sources.get(source_id)
    if source is None:
        return source_id
    where = f", p. {page}" if page else ""
    return f"{source.publisher}, {source.title} ({source.year}){where}; licence {source.licence} [{source.id}]"


def _source_year(dataset: Dataset, source_id: str) -> str:
    source = dataset.sources.get(source_id)
    return f"{source.year} (source)" if source is not None and source.year and source.year != "n/s" else ""


def subject_evidence(dataset: Dataset, subject: str) -> list[Evidence]:
    """Every share, fact, judgement, requires-edge and dependency of ``subject``, each with year and source."""
    found: list[Evidence] = []
    for share in sorted(dataset.shares_of(subject), key=lambda s: (s.stage, s.scope, s.year, -s.value, s.id)):
        value = f"{share.value:g}" + (f"-{share.value_max:g}" if share.value_max is not None else "") + " %"
        if share.qualifier.value in ("~", ">", "<"):
            value = f"{share.qualifier.value} {value}"
        found.append(
            Evidence(
                "shares",
                share.id,
                f"{share.holder} ({share.holder_kind.value}), {share.stage.value}, {share.scope.value}, {share.metric}",
                value,
                share.year,
                cite_source(dataset, share.citation.source, share.citation.page),
            )
        )
    for fact in sorted((f for f in dataset.facts.values() if f.subject == subject), key=lambda f: f.id):
        value = "" if fact.value is None else f"{fact.value:g}" + (f" {fact.unit}" if fact.unit else "")
        found.append(
            Evidence(
                "facts",
                fact.id,
                f"{fact.kind}: {fact.statement}",
                value,
                fact.year or _source_year(dataset, fact.citation.source),
                cite_source(dataset, fact.citation.source, fact.citation.page),
            )
        )
    for judgement in sorted((j for j in dataset.judgements.values() if j.subject == subject), key=lambda j: j.id):
        found.append(
            Evidence(
                "judgements",
                judgement.id,
                f"{judgement.kind.value} (judgement by {judgement.assessed_by}): {judgement.rationale}",
                f"{judgement.low:g}-{judgement.high:g} {judgement.unit.value}",
                _source_year(dataset, judgement.citation.source),
                cite_source(dataset, judgement.citation.source, judgement.citation.page),
            )
        )
    for edge in sorted(dataset.requires.values(), key=lambda e: (e.subject, e.requires)):
        if subject not in (edge.subject, edge.requires):
            continue
        section, other = ("inputs", edge.requires) if edge.subject == subject else ("used_by", edge.subject)
        mode = edge.mode.value + (f" (group {edge.group})" if edge.group else "")
        if edge.intensity is None:
            intensity = "full weight (no intensity known)"
        else:
            basis = edge.intensity_basis.value if edge.intensity_basis else ""
            intensity = f"intensity {edge.intensity:g} ({basis}"
            if edge.intensity_source:
                intensity += f": {cite_source(dataset, edge.intensity_source, edge.intensity_page)}"
            intensity += ")"
        found.append(
            Evidence(
                section,
                f"{edge.subject}->{edge.requires}",
                f"{other}, {mode}: {edge.rationale}",
                intensity,
                _source_year(dataset, edge.citation.source),
                cite_source(dataset, edge.citation.source, edge.citation.page),
            )
        )
    for dependency in sorted(
        (d for d in dataset.dependencies.values() if d.subject == subject), key=lambda d: d.dependant
    ):
        found.append(
            Evidence(
                "dependencies",
                f"{dependency.dependant}->{dependency.subject}",
                f"{dependency.dependant}: {dependency.rationale}",
                f"{dependency.reliance.value} reliance",
                _source_year(dataset, dependency.citation.source),
                cite_source(dataset, dependency.citation.source, dependency.citation.page),
            )
        )
    return found
