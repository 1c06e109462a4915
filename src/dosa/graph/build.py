# SPDX-License-Identifier: EUPL-1.2
"""Build the stack graph from a dataset: subjects, holders of supply, vital processes, interests.

Edges, in the direction supply flows:

* ``country -> supplier`` (headquarters) and ``parent -> supplier`` (ultimate parent): a company
  counts for the country it is headquartered in, the only location the dataset records;
* ``holder -> subject``: one group per value-chain stage of the subject, members weighted by
  market share; the part of the market no row names is supply that no disruption reaches;
* ``input -> subject``: the dataset's requires-edges, all-needed or alternatives in a group;
* ``subject -> vital process / public interest``: dependencies, weighted by reliance;
* ``vital process -> continuity_vital_processes``: that public interest is as available as the
  worst-hit vital process.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dosa.dataset.model import Dataset
from dosa.graph.model import GraphBuilder, NodeKind, StackGraph, node_key
from dosa.model.entities import Share
from dosa.model.vocab import HolderKind, Reliance, RequiresMode, Scope, Stage


def default_reliance_weights() -> dict[Reliance, float]:
    """Fraction of a dependant that stops when a subject it relies on is gone, per reliance level.

    Taken from the risk engine's current method (``mappings.reliance``: a judgement with its
    rationale), so that scenarios and risk scores weigh a dependency alike.
    """
    from dosa.risk.method import load_method

    return {reliance: graded.value for reliance, graded in load_method().mappings.reliance.items()}


SCOPE_PREFERENCE: tuple[Scope, ...] = (Scope.NL, Scope.EU, Scope.EUROPE, Scope.GLOBAL)
"""Which market's shares describe a subject's supply, nearest to the Netherlands first.

``global_excl_china`` is never used: a distribution without China cannot show a Chinese cut.
"""

SUPPLY_STAGES_EXCLUDED = frozenset({Stage.INVESTMENT})
CONTINUITY = "continuity_vital_processes"


@dataclass(frozen=True)
class SupplyBasis:
    """Which shares describe one stage of one subject's supply, and why they were chosen."""

    subject: str
    stage: Stage
    scope: Scope
    year: str
    source: str
    metric: str
    holder_kind: HolderKind
    shares: tuple[Share, ...]
    unnamed: float
    """Fraction of the stage's supply that no share row names (treated as undisrupted)."""
    alternatives: int
    """How many other distributions the dataset has for this stage (not used)."""

    @property
    def label(self) -> str:
        return f"{self.stage} shares ({self.scope}, {self.year}, {self.metric}, source {self.source})"


@dataclass(frozen=True)
class DatasetGraph:
    """The compiled graph together with what it was built from."""

    graph: StackGraph
    dataset_label: str
    bases: tuple[SupplyBasis, ...]
    reliance_weights: Mapping[Reliance, float]

    def basis(self, subject: str, stage: str) -> SupplyBasis | None:
        for basis in self.bases:
            if basis.subject == subject and basis.stage == stage:
                return basis
        return None


def _year(text: str) -> int:
    found = re.search(r"\d{4}", text)
    return int(found.group()) if found else 0


def choose_distributions(
    shares: Sequence[Share], scope_preference: Sequence[Scope] = SCOPE_PREFERENCE
) -> list[SupplyBasis]:
    """One distribution per (subject, stage): nearest scope, then newest year, then most complete."""
    candidates: dict[tuple[str, Stage], dict[tuple[str, ...], list[Share]]] = defaultdict(lambda: defaultdict(list))
    for share in shares:
        if share.stage in SUPPLY_STAGES_EXCLUDED or share.scope not in scope_preference:
            continue
        key = (share.scope, share.year, share.citation.source, share.metric, share.holder_kind)
        candidates[(share.subject, share.stage)][key].append(share)
    bases = []
    for (subject, stage), options in sorted(candidates.items()):

        def rank(item: tuple[tuple[str, ...], list[Share]]) -> tuple[int, int, float, str]:
            (scope, year, source, *_), rows = item
            total = sum(s.value for s in rows)
            return (scope_preference.index(Scope(scope)), -_year(year), -total, source)

        (scope, year, source, metric, holder_kind), rows = min(options.items(), key=rank)
        rows = sorted(rows, key=lambda s: s.id)
        named = sum(s.value for s in rows if s.holder_kind is not HolderKind.OTHER) / 100
        bases.append(
            SupplyBasis(
                subject=subject,
                stage=stage,
                scope=Scope(scope),
                year=year,
                source=source,
                metric=metric,
                holder_kind=HolderKind(holder_kind),
                shares=tuple(rows),
                unnamed=max(0.0, 1.0 - named),
                alternatives=len(options) - 1,
            )
        )
    return bases


def holder_node(share: Share) -> tuple[NodeKind, str] | None:
    """The node that holds a share, or ``None`` for 'other'/'unknown' holders."""
    if share.holder_kind is HolderKind.COUNTRY:
        return NodeKind.COUNTRY, share.holder
    if share.holder_kind is HolderKind.COMPANY:
        return NodeKind.SUPPLIER, share.holder
    if share.holder_kind in (HolderKind.REGION, HolderKind.GROUP):
        return NodeKind.HOLDER, share.holder
    return None


def graph_from_dataset(
    dataset: Dataset,
    *,
    reliance_weights: Mapping[Reliance, float] | None = None,
    scope_preference: Sequence[Scope] = SCOPE_PREFERENCE,
    builder: GraphBuilder | None = None,
) -> DatasetGraph:
    """Build the stack graph of ``dataset``; pass a ``builder`` that already holds extra nodes."""
    weights = dict(reliance_weights or default_reliance_weights())
    b = builder or GraphBuilder()
    for code, country in sorted(dataset.countries.items()):
        b.add_node(NodeKind.COUNTRY, code, country.name_en)
    for sid, supplier in sorted(dataset.suppliers.items()):
        b.add_node(NodeKind.SUPPLIER, sid, supplier.name)
    for sid, subject in sorted(dataset.subjects.items()):
        b.add_node(NodeKind.SUBJECT, sid, subject.name_en, subject.layer.value)
    for pid, process in sorted(dataset.vital_processes.items()):
        b.add_node(NodeKind.VITAL_PROCESS, pid, process.name_en)
    for iid, interest in sorted(dataset.public_interests.items()):
        b.add_node(NodeKind.PUBLIC_INTEREST, iid, interest.name_en)

    for sid, supplier in sorted(dataset.suppliers.items()):
        me = node_key(NodeKind.SUPPLIER, sid)
        if supplier.hq_country and b.has_node(node_key(NodeKind.COUNTRY, supplier.hq_country)):
            b.add_input(me, node_key(NodeKind.COUNTRY, supplier.hq_country), 1.0, "headquarters")
        parent = supplier.ultimate_parent
        if parent and parent != sid and b.has_node(node_key(NodeKind.SUPPLIER, parent)):
            b.add_input(me, node_key(NodeKind.SUPPLIER, parent), 1.0, "ultimate parent")

    bases = choose_distributions(list(dataset.shares.values()), scope_preference)
    for basis in bases:
        target = node_key(NodeKind.SUBJECT, basis.subject)
        if not b.has_node(target):
            continue
        group = b.add_group(target, f"stage:{basis.stage}", basis.unnamed, basis)
        for share in basis.shares:
            holder = holder_node(share)
            if holder is None or share.value <= 0:
                continue
            key = b.add_node(holder[0], holder[1])
            b.add_member(group, key, min(1.0, share.value / 100), f"{share.value:g} % {basis.stage}", share)

    groups: dict[tuple[str, str], int] = {}
    for edge in sorted(dataset.requires.values(), key=lambda e: (e.subject, e.requires)):
        dst, src = node_key(NodeKind.SUBJECT, edge.subject), node_key(NodeKind.SUBJECT, edge.requires)
        if not (b.has_node(dst) and b.has_node(src)):
            continue
        if edge.mode is RequiresMode.ALL:
            b.add_input(dst, src, edge.intensity or 1.0, "requires", edge)
        else:
            group_key = (edge.subject, edge.group or "")
            if group_key not in groups:
                groups[group_key] = b.add_group(dst, f"alternatives:{edge.group}")
            b.add_member(groups[group_key], src, edge.intensity or 1.0, "alternative", edge)

    dependants = {
        **dict.fromkeys(dataset.vital_processes, NodeKind.VITAL_PROCESS),
        **dict.fromkeys(dataset.public_interests, NodeKind.PUBLIC_INTEREST),
    }
    for dependency in sorted(dataset.dependencies.values(), key=lambda d: (d.dependant, d.subject)):
        kind = dependants.get(dependency.dependant)
        src = node_key(NodeKind.SUBJECT, dependency.subject)
        if kind is None or not b.has_node(src):
            continue
        weight = weights[dependency.reliance]
        if weight <= 0:
            continue
        b.add_input(node_key(kind, dependency.dependant), src, weight, f"{dependency.reliance} reliance", dependency)
    if CONTINUITY in dataset.public_interests:
        for pid in sorted(dataset.vital_processes):
            b.add_input(
                node_key(NodeKind.PUBLIC_INTEREST, CONTINUITY),
                node_key(NodeKind.VITAL_PROCESS, pid),
                1.0,
                "vital process",
            )
    return DatasetGraph(b.build(), dataset.info.label, tuple(bases), weights)
