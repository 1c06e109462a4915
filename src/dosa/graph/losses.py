# SPDX-License-Identifier: EUPL-1.2
"""Sparse loss propagation: many small disruptions of an otherwise whole graph at once.

When everything else is available, a node's *loss* (1 - availability) follows simple rules:
an all-needed input passes on ``w * loss``; the inputs of a node combine by their maximum; a group
loses ``max(0, D - (T - 1))`` (or ``D / T`` when ``T < 1``), where ``D`` is the capacity-weighted
loss of its members and ``T`` its constant plus capacities. Only nodes that actually lose supply
are touched, so asking "what if this one node fails?" for every node of a large graph costs the
sum of the affected sets, not nodes x cases. Cases (columns) are processed together, level by
level, with sorting and segmented reductions in numpy. The results equal :func:`propagate` on a
whole graph (checked in the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dosa.graph.model import FloatArray, IntArray, StackGraph

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Adjacency:
    in_ptr: IntArray
    in_pos: IntArray
    mem_ptr: IntArray
    mem_pos: IntArray


_CACHE: dict[int, tuple[StackGraph, _Adjacency]] = {}


def _adjacency(graph: StackGraph) -> _Adjacency:
    cached = _CACHE.get(id(graph))
    if cached is not None and cached[0] is graph:
        return cached[1]
    in_pos = np.argsort(graph.a_src, kind="stable")
    in_ptr = np.concatenate([[0], np.cumsum(np.bincount(graph.a_src, minlength=graph.n))]).astype(np.int64)
    mem_pos = np.argsort(graph.m_src, kind="stable")
    mem_ptr = np.concatenate([[0], np.cumsum(np.bincount(graph.m_src, minlength=graph.n))]).astype(np.int64)
    adjacency = _Adjacency(in_ptr, in_pos.astype(np.int64), mem_ptr, mem_pos.astype(np.int64))
    _CACHE.clear()
    _CACHE[id(graph)] = (graph, adjacency)
    return adjacency


def _expand(ptr: IntArray, rows: IntArray) -> tuple[IntArray, IntArray]:
    """For each row, the CSR positions of its entries; returns (row index per entry, position)."""
    counts = ptr[rows + 1] - ptr[rows]
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(rows)), counts)
    offsets = np.repeat(ptr[rows] - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    return owner, np.arange(total) + offsets


def _reduce(keys: IntArray, values: FloatArray, how: str) -> tuple[IntArray, FloatArray]:
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    reduced = np.maximum.reduceat(values, starts) if how == "max" else np.add.reduceat(values, starts)
    return keys[starts], reduced


def propagate_losses(
    graph: StackGraph,
    seed_case: IntArray,
    seed_node: IntArray,
    seed_loss: FloatArray,
    n_cases: int,
    targets: IntArray,
    *,
    eps: float = 1e-7,
) -> npt.NDArray[np.float64]:
    """Loss at each target in each case, given each case's seeds (node loses ``seed_loss``)."""
    adj = _adjacency(graph)
    n = graph.n
    result = np.zeros((n_cases, len(targets)))
    target_slot = np.full(n, -1, np.int64)
    target_slot[targets] = np.arange(len(targets))
    level = graph.level
    member_level = level[graph.g_dst]
    pending_nodes: dict[int, list[tuple[IntArray, IntArray, FloatArray]]] = {}
    pending_groups: dict[int, list[tuple[IntArray, IntArray, FloatArray]]] = {}

    def push(
        store: dict[int, list[tuple[IntArray, IntArray, FloatArray]]],
        lv: IntArray,
        c: IntArray,
        x: IntArray,
        v: FloatArray,
    ) -> None:
        if not len(lv):
            return
        order = np.argsort(lv, kind="stable")
        lv, c, x, v = lv[order], c[order], x[order], v[order]
        cuts = np.flatnonzero(np.concatenate([[True], lv[1:] != lv[:-1]]))
        ends = np.concatenate([cuts[1:], [len(lv)]])
        for s, e in zip(cuts.tolist(), ends.tolist(), strict=True):
            store.setdefault(int(lv[s]), []).append((c[s:e], x[s:e], v[s:e]))

    keep = seed_loss > eps
    push(pending_nodes, level[seed_node[keep]], seed_case[keep], seed_node[keep], seed_loss[keep].astype(np.float64))
    for lv in range(graph.depth):
        parts = pending_nodes.pop(lv, [])
        groups = pending_groups.pop(lv, [])
        if groups:
            gc = np.concatenate([p[0] for p in groups])
            gg = np.concatenate([p[1] for p in groups])
            gv = np.concatenate([p[2] for p in groups])
            keys, lost = _reduce(gc * graph.n_groups + gg, gv, "add")
            case, group = keys // graph.n_groups, keys % graph.n_groups
            total = graph.g_total[group]
            loss = np.where(total >= 1, np.maximum(0.0, lost - (total - 1)), lost / np.maximum(total, 1e-300))
            loss = np.minimum(loss, 1.0)
            ok = loss > eps
            parts.append((case[ok], graph.g_dst[group[ok]], loss[ok]))
        if not parts:
            continue
        cases = np.concatenate([p[0] for p in parts])
        nodes = np.concatenate([p[1] for p in parts])
        values = np.concatenate([p[2] for p in parts])
        keys, loss = _reduce(cases * n + nodes, values, "max")
        ok = loss > eps
        keys, loss = keys[ok], loss[ok]
        case, node = keys // n, keys % n
        slot = target_slot[node]
        hit = slot >= 0
        result[case[hit], slot[hit]] = loss[hit]
        # Pass the loss on to consumers.
        owner, pos = _expand(adj.in_ptr, node)
        edge = adj.in_pos[pos]
        dst = graph.a_dst[edge]
        push(pending_nodes, level[dst], case[owner], dst, graph.a_w[edge] * loss[owner])
        owner, pos = _expand(adj.mem_ptr, node)
        member = adj.mem_pos[pos]
        group = graph.m_grp[member]
        push(pending_groups, member_level[group], case[owner], group, graph.m_cap[member] * loss[owner])
    return result


def single_failure_losses(
    graph: StackGraph,
    candidates: IntArray,
    targets: IntArray,
    *,
    chunk: int = 2048,
    progress: Progress | None = None,
) -> npt.NDArray[np.float64]:
    """Loss at every target when each candidate alone fails completely (candidates x targets)."""
    out = np.zeros((len(candidates), len(targets)))
    for start in range(0, len(candidates), chunk):
        block = candidates[start : start + chunk]
        cases = np.arange(len(block))
        out[start : start + len(block)] = propagate_losses(
            graph, cases, block, np.ones(len(block)), len(block), targets
        )
        if progress is not None:
            progress(min(start + chunk, len(candidates)), len(candidates))
    return out
