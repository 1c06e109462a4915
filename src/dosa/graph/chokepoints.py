# SPDX-License-Identifier: EUPL-1.2
"""Chokepoints: which nodes' loss removes most supply from vital processes, and why.

Measures, all computed on the undisrupted graph:

* **loss** — every candidate fails alone (availability 0) and the supply lost by each vital
  process is summed (1.0 = one whole process). Exact, by sparse loss propagation.
* **single point of failure** — a node whose failure alone stops a process (availability 0).
  These are the process's *dominators* in the sense that fits the stack: every supply route of
  the process runs through them, where an all-needed input counts as a route that must hold and
  a group of alternatives as routes of which one suffices.
* **critical** — a node whose failure alone brings a process to the threshold (50 %) or below.
* **minimum cut** — per process, the smallest set of nodes found whose joint failure brings it to
  the threshold or below; every cut is checked by propagation before it is reported.
* **small party in a key position** — the agenda's warning (p. 6): a node with at most two direct
  consumers (what a quantitative look at direct trade sees) whose failure alone halves a process.
* **EU leverage** — the other side: shares of at least half of a stage held in the EU, with how
  much of the stack depends on them (e.g. EUV lithography).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dosa.dataset.model import Dataset
from dosa.graph.build import DatasetGraph, SupplyBasis
from dosa.graph.losses import Progress, single_failure_losses
from dosa.graph.model import DEPENDANT_KINDS, IntArray, NodeKind, StackGraph, node_key
from dosa.graph.propagate import propagate_one
from dosa.model.entities import Share
from dosa.model.vocab import HolderKind

THRESHOLD = 0.5
SMALL_PARTY_CONSUMERS = 2
MAX_CUT_SIZE = 8
FULL = 1 - 1e-6


@dataclass(frozen=True)
class Chokepoint:
    key: str
    kind: NodeKind
    ref: str
    name: str
    layer: str | None
    loss: float
    """Supply lost by the vital processes together when this node fails (1.0 = one whole process)."""
    processes_hit: int
    worst_process: str | None
    worst_loss: float
    single_point_for: tuple[str, ...]
    """Processes this node's failure alone stops."""
    critical_for: tuple[str, ...]
    """Processes this node's failure alone brings to the threshold or below."""
    consumers: int
    """Direct consumers: the footprint a look at direct supply relations sees."""
    small_party: bool


@dataclass(frozen=True)
class MinimumCut:
    process: str
    nodes: tuple[str, ...]
    """Refs of the nodes (kind:ref keys in ``keys``); empty when no cut of at most MAX_CUT_SIZE exists."""
    keys: tuple[str, ...]
    remaining: float | None
    """The process's availability with the cut failed (checked by propagation)."""


@dataclass(frozen=True)
class Leverage:
    holder: str
    holder_name: str
    subject: str
    stage: str
    share: float
    """Percent of the stage held."""
    dependent_subjects: int
    """Subjects downstream in the stack that depend on it, directly or through others."""
    dependent_processes: int
    source: str


def default_candidates(graph: StackGraph, targets: IntArray) -> IntArray:
    """Every node upstream of a target, except vital processes and public interests."""
    upstream = graph.ancestors_mask(targets)
    dependant = np.array([kind in DEPENDANT_KINDS for kind in graph.nodes.kinds], bool)
    return np.flatnonzero(upstream & ~dependant)


def rank_chokepoints(
    graph: StackGraph,
    *,
    targets: Sequence[int] | IntArray | None = None,
    candidates: Sequence[int] | IntArray | None = None,
    threshold: float = THRESHOLD,
    small_party_consumers: int = SMALL_PARTY_CONSUMERS,
    progress: Progress | None = None,
) -> list[Chokepoint]:
    """Rank candidates by the vital-process supply their failure removes, largest first."""
    target_idx = np.asarray(targets if targets is not None else graph.of_kind(NodeKind.VITAL_PROCESS), dtype=np.int64)
    cand = np.asarray(candidates, np.int64) if candidates is not None else default_candidates(graph, target_idx)
    # Only nodes upstream of a target can matter; work on that part of the graph.
    part = graph.restrict(graph.ancestors_mask(target_idx))
    moved = part.node_map[cand]
    losses = np.zeros((len(cand), len(target_idx)))
    inside = moved >= 0
    losses[inside] = single_failure_losses(part.graph, moved[inside], part.node_map[target_idx], progress=progress)
    consumers = graph.out_degree()
    totals = losses.sum(axis=1)
    target_refs = [graph.nodes.refs[int(t)] for t in target_idx]
    ranked = []
    for row in np.flatnonzero(totals > 0):
        node = graph.nodes[int(cand[row])]
        lost = losses[row]
        worst = int(np.argmax(lost))
        spof = tuple(target_refs[j] for j in np.flatnonzero(lost >= FULL))
        critical = tuple(target_refs[j] for j in np.flatnonzero(lost >= 1 - threshold - 1e-9))
        degree = int(consumers[int(cand[row])])
        ranked.append(
            Chokepoint(
                node.key,
                node.kind,
                node.ref,
                node.name,
                node.layer,
                float(totals[row]),
                int(np.count_nonzero(lost > 1e-6)),
                target_refs[worst],
                float(lost[worst]),
                spof,
                critical,
                degree,
                degree <= small_party_consumers and bool(critical),
            )
        )
    ranked.sort(key=lambda c: (-round(c.loss, 9), -c.processes_hit, c.key))
    return ranked


def minimum_cuts(
    graph: StackGraph,
    *,
    targets: Sequence[int] | IntArray | None = None,
    threshold: float = THRESHOLD,
    max_size: int = MAX_CUT_SIZE,
) -> list[MinimumCut]:
    """Per target, the smallest set of nodes found whose joint failure brings it to ``threshold``.

    Built bottom-up: a node fails completely if it fails itself, if an input it fully needs fails,
    or if every member of one of its groups (and no unnamed supply) fails. A target falls to the
    threshold if an input with weight of at least ``1 - threshold`` fails, or if enough of a group's
    capacity fails (members taken cheapest per unit of capacity first). Exact on tree-shaped
    graphs, an upper bound where alternatives share upstream nodes; each cut is verified.
    """
    target_idx = np.asarray(targets if targets is not None else graph.of_kind(NodeKind.VITAL_PROCESS), dtype=np.int64)
    kinds = graph.nodes.kinds
    order = np.argsort(graph.level, kind="stable")
    fails: list[frozenset[int] | None] = [None] * graph.n

    def best(options: list[frozenset[int] | None]) -> frozenset[int] | None:
        usable = [o for o in options if o is not None and len(o) <= max_size]
        return min(usable, key=lambda o: (len(o), sorted(o))) if usable else None

    def group_cut(g: int, need: float) -> frozenset[int] | None:
        members = [(p, float(graph.m_cap[p]), fails[int(graph.m_src[p])]) for p in graph.members_of(g)]
        usable = sorted(
            ((p, c, cut) for p, c, cut in members if cut is not None), key=lambda m: (len(m[2]) / m[1], m[0])
        )
        chosen: set[int] = set()
        got = 0.0
        for _, capacity, cut in usable:
            if got >= need - 1e-12:
                break
            chosen |= cut
            got += capacity
            if len(chosen) > max_size:
                return None
        return frozenset(chosen) if got >= need - 1e-12 else None

    for i in order.tolist():
        options: list[frozenset[int] | None] = []
        if kinds[i] not in DEPENDANT_KINDS:
            options.append(frozenset([i]))
        for p in graph.inputs_of(i):
            if graph.a_w[p] >= FULL:
                options.append(fails[int(graph.a_src[p])])
        for g in graph.groups_of(i):
            if graph.g_const[g] <= 1e-12:
                options.append(group_cut(g, float(graph.g_total[g])))
        fails[i] = best(options)

    cuts = []
    for t in target_idx.tolist():
        options = []
        for p in graph.inputs_of(t):
            if graph.a_w[p] >= 1 - threshold - 1e-12:
                options.append(fails[int(graph.a_src[p])])
        for g in graph.groups_of(t):
            # Group value min(1, k + remaining capacity) / norm must fall to the threshold.
            need = float(graph.g_total[g]) - threshold * float(graph.g_norm[g])
            options.append(group_cut(g, need) if need > 0 else None)
        cut = best(options)
        remaining = None
        if cut:
            own = np.ones(graph.n)
            own[list(cut)] = 0.0
            remaining = float(propagate_one(graph, own)[t])
            if remaining > threshold + 1e-9:
                cut, remaining = None, None
        members = sorted(cut or (), key=lambda i: graph.nodes.keys[i])
        cuts.append(
            MinimumCut(
                graph.nodes.refs[t],
                tuple(graph.nodes.refs[i] for i in members),
                tuple(graph.nodes.keys[i] for i in members),
                remaining,
            )
        )
    return cuts


def eu_holders(dataset: Dataset) -> set[str]:
    """Keys of holder nodes in the EU: member-state countries and companies headquartered there."""
    members = {code for code, country in dataset.countries.items() if country.eu_member}
    keys = {node_key(NodeKind.COUNTRY, code) for code in members}
    keys |= {node_key(NodeKind.SUPPLIER, sid) for sid, s in dataset.suppliers.items() if s.hq_country in members}
    return keys


def eu_leverage(dgraph: DatasetGraph, dataset: Dataset, min_share: float = 50.0) -> list[Leverage]:
    """Stages where an EU holder has at least ``min_share`` percent, with what depends on them."""
    graph = dgraph.graph
    eu = eu_holders(dataset)
    members = {code for code, country in dataset.countries.items() if country.eu_member}
    subjects = np.array([kind is NodeKind.SUBJECT for kind in graph.nodes.kinds])
    processes = np.array([kind is NodeKind.VITAL_PROCESS for kind in graph.nodes.kinds])
    found = []
    for position in range(len(graph.m_src)):
        member, group = graph.member(position), graph.group(int(graph.m_grp[position]))
        share, basis = member.info, group.info
        if not isinstance(share, Share) or not isinstance(basis, SupplyBasis) or share.value < min_share:
            continue
        holder = graph.nodes[member.src]
        in_eu = holder.key in eu or (share.holder_kind is HolderKind.COMPANY and share.holder_country in members)
        if not in_eu:
            continue
        below = graph.descendants_mask([group.dst])
        below[group.dst] = False
        found.append(
            Leverage(
                holder.ref,
                holder.name,
                basis.subject,
                basis.stage.value,
                share.value,
                int(np.count_nonzero(below & subjects)),
                int(np.count_nonzero(below & processes)),
                share.citation.source,
            )
        )
    found.sort(key=lambda x: (-x.dependent_subjects, -x.share, x.holder, x.subject))
    return found
