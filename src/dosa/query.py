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
