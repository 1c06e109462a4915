# SPDX-License-Identifier: EUPL-1.2
"""The loaded dataset: every collection keyed by id, plus its identity and version."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dosa.model.entities import (
    Action,
    ActionLink,
    Country,
    Dependency,
    Fact,
    Judgement,
    Layer,
    Organisation,
    Priority,
    PublicInterest,
    RequiresEdge,
    Share,
    Source,
    Subject,
    Supplier,
    VitalProcess,
)


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    version: str
    title: str
    licence: str
    description: str = ""
    extends: str | None = None
    paths: tuple[Path, ...] = ()
    """Directories read, base first."""

    @property
    def label(self) -> str:
        """Identity that every output carries, e.g. ``dosa-default 2023.1.1``."""
        return f"{self.id} {self.version}"


@dataclass(frozen=True)
class Dataset:
    info: DatasetInfo
    sources: dict[str, Source] = field(default_factory=dict)
    layers: dict[str, Layer] = field(default_factory=dict)
    priorities: dict[str, Priority] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)
    requires: dict[str, RequiresEdge] = field(default_factory=dict)
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    shares: dict[str, Share] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    judgements: dict[str, Judgement] = field(default_factory=dict)
    public_interests: dict[str, PublicInterest] = field(default_factory=dict)
    vital_processes: dict[str, VitalProcess] = field(default_factory=dict)
    dependencies: dict[str, Dependency] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    action_links: dict[str, ActionLink] = field(default_factory=dict)
    """What each action mitigates (subjects, priorities), keyed ``action->kind:target``."""

    @property
    def version(self) -> str:
        return self.info.version

    def layers_in_order(self) -> list[Layer]:
        return sorted(self.layers.values(), key=lambda layer: layer.order)

    def priorities_in_order(self) -> list[Priority]:
        return sorted(self.priorities.values(), key=lambda p: (p.kind != "specific", p.number))

    def actions_in_order(self) -> list[Action]:
        return sorted(self.actions.values(), key=lambda a: a.number)

    def actions_of_priority(self, priority: str) -> list[Action]:
        """The actions under one priority, in the agenda's order: the one answer to "actions per priority"."""
        return [a for a in self.actions_in_order() if a.priority == priority]

    def actions_owned_by(self, organisation: str) -> list[Action]:
        """The actions an organisation owns (not those it is only involved in), in the agenda's order."""
        return [a for a in self.actions_in_order() if organisation in a.owners]

    def inputs_of(self, subject: str) -> list[RequiresEdge]:
        return sorted((e for e in self.requires.values() if e.subject == subject), key=lambda e: e.requires)

    def shares_of(self, subject: str) -> list[Share]:
        return sorted((s for s in self.shares.values() if s.subject == subject), key=lambda s: s.id)
