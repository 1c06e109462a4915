# SPDX-License-Identifier: EUPL-1.2
"""Propagation of remaining supply through the stack graph, level by level, many cases at once.

Every case is a column: one scenario, one Monte Carlo trial, or one day of a scenario's timeline.
A pass over the levels settles every node of every column with a handful of vectorised numpy
operations per level (gather the inputs, combine, reduce per target), which is what makes a
million-node graph propagate in well under a second.

Reducing per target (minimum over a node's inputs, sum over a group's members) uses
``ufunc.reduceat`` for a single column. For many columns ``reduceat`` along the first axis is
slow, so the inputs are instead taken in *rank* order: first every target's first input, then
every target's second input, and so on; each rank is one vectorised step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dosa.graph.model import IntArray, StackGraph

Matrix = npt.NDArray[Any]
LevelHook = Callable[[int, Matrix], None]
RANKED_FROM_COLUMNS = 8
"""From this many columns on, reduce by rank instead of ``reduceat``."""


@dataclass(frozen=True)
class EdgeCuts:
    """Multipliers on a few edges: ``positions`` (sorted) into the graph's sorted edge arrays.

    ``factors`` has one row per position and one column per case (or a single column shared by
    all cases): the fraction of the source's supply that still flows along the edge.
    """

    positions: IntArray
    factors: Matrix

    def window(self, start: int, stop: int) -> tuple[IntArray, Matrix]:
        lo, hi = np.searchsorted(self.positions, [start, stop])
        return self.positions[lo:hi] - start, self.factors[lo:hi]


@dataclass(frozen=True)
class _Ranked:
    """Items of one level in rank order: ``perm`` into the level's slice, ``bounds`` per rank."""

    perm: IntArray
    inverse: IntArray
    bounds: list[int]
    segment: IntArray
    """Segment (target) of each item, in rank order, counted from the level's first segment."""


def _ranked(keys: IntArray) -> _Ranked:
    """Rank order of a sorted key array: rank 0 holds the first item of every segment, in order."""
    n = len(keys)
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    segment = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, n)))
    rank = np.arange(n) - starts[segment]
    perm = np.argsort(rank, kind="stable")
    inverse = np.empty(n, np.int64)
    inverse[perm] = np.arange(n)
    bounds = np.searchsorted(rank[perm], np.arange(int(rank.max()) + 2)).tolist()
    return _Ranked(perm, inverse, bounds, segment[perm])


@dataclass(frozen=True)
class _Plan:
    inputs: list[_Ranked | None]
    members: list[_Ranked | None]
    groups: list[_Ranked | None]


_PLANS: dict[int, tuple[StackGraph, _Plan]] = {}


def _plan(graph: StackGraph) -> _Plan:
    cached = _PLANS.get(id(graph))
    if cached is not None and cached[0] is graph:
        return cached[1]

    def per_level(keys: IntArray, bounds: IntArray) -> list[_Ranked | None]:
        out: list[_Ranked | None] = []
        for level in range(graph.depth):
            s, e = int(bounds[level]), int(bounds[level + 1])
            out.append(_ranked(keys[s:e]) if e > s else None)
        return out

    plan = _Plan(
        per_level(graph.a_dst, graph.a_level_edges),
        per_level(graph.m_grp, graph.m_level),
        per_level(graph.g_dst, graph.g_level_groups),
    )
    if len(_PLANS) > 4:
        _PLANS.clear()
    _PLANS[id(graph)] = (graph, plan)
    return plan


def _reduce_ranked(vals: Matrix, ranked: _Ranked, op: np.ufunc) -> Matrix:
    """Reduce rows (in rank order) per segment; returns one row per segment, in segment order."""
    out = vals[: ranked.bounds[1]]
    for b, c in zip(ranked.bounds[1:-1], ranked.bounds[2:], strict=True):
        idx = ranked.segment[b:c]
        out[idx] = op(out[idx], vals[b:c])
    return out


def propagate(
    graph: StackGraph,
    own: Matrix,
    input_cuts: EdgeCuts | None = None,
    member_cuts: EdgeCuts | None = None,
    after_level: LevelHook | None = None,
) -> Matrix:
    """Availability of every node in every case.

    ``own`` (nodes x cases) is each node's own availability: 1 where it is not disrupted itself.
    ``input_cuts`` and ``member_cuts`` reduce what flows along single edges (an export stop of one
    subject by one country). ``after_level(L, a)`` may adjust the rows of level ``L`` once they are
    settled (stocks in the time dimension). The result has the shape and dtype of ``own``.
    """
    if own.ndim != 2 or own.shape[0] != graph.n:
        raise ValueError(f"own must be (nodes={graph.n}, cases), got {own.shape}")
    a = np.array(own, copy=True)
    one = a.dtype.type(1)
    a_w = graph.a_w.astype(a.dtype)[:, None]
    m_cap = graph.m_cap.astype(a.dtype)[:, None]
    g_const = graph.g_const.astype(a.dtype)[:, None]
    g_norm = graph.g_norm.astype(a.dtype)[:, None]
    plan = _plan(graph) if a.shape[1] >= RANKED_FROM_COLUMNS else None
    if after_level is not None:
        after_level(0, a)
    for level in range(1, graph.depth):
        s, e = int(graph.a_level_edges[level]), int(graph.a_level_edges[level + 1])
        ss, se = int(graph.a_level_segs[level]), int(graph.a_level_segs[level + 1])
        if e > s:
            ranked = plan.inputs[level] if plan is not None else None
            rows = np.arange(s, e) if ranked is None else s + ranked.perm
            limit = np.take(a, graph.a_src[rows], axis=0)
            if input_cuts is not None and len(input_cuts.positions):
                where, factors = input_cuts.window(s, e)
                limit[where if ranked is None else ranked.inverse[where]] *= factors
            # 1 - w * (1 - a), in place
            limit -= one
            limit *= a_w[rows]
            limit += one
            if ranked is None:
                worst = np.minimum.reduceat(limit, graph.a_seg[ss:se] - s, axis=0)
            else:
                worst = _reduce_ranked(limit, ranked, np.minimum)
            targets = graph.a_seg_dst[ss:se]
            a[targets] = np.minimum(a[targets], worst)
        gs, ge = int(graph.g_level_groups[level]), int(graph.g_level_groups[level + 1])
        if ge > gs:
            ms, me = int(graph.m_level[level]), int(graph.m_level[level + 1])
            ranked = plan.members[level] if plan is not None else None
            rows = np.arange(ms, me) if ranked is None else ms + ranked.perm
            supplied = np.take(a, graph.m_src[rows], axis=0)
            if member_cuts is not None and len(member_cuts.positions):
                where, factors = member_cuts.window(ms, me)
                supplied[where if ranked is None else ranked.inverse[where]] *= factors
            supplied *= m_cap[rows]
            if ranked is None:
                group = np.add.reduceat(supplied, graph.m_start[gs:ge] - ms, axis=0)
            else:
                group = _reduce_ranked(supplied, ranked, np.add)
            group += g_const[gs:ge]
            np.minimum(group, one, out=group)
            group /= g_norm[gs:ge]
            gss, gse = int(graph.g_level_segs[level]), int(graph.g_level_segs[level + 1])
            by_target = plan.groups[level] if plan is not None else None
            if by_target is None:
                worst = np.minimum.reduceat(group, graph.g_seg[gss:gse] - gs, axis=0)
            else:
                worst = _reduce_ranked(group[by_target.perm], by_target, np.minimum)
            targets = graph.g_seg_dst[gss:gse]
            a[targets] = np.minimum(a[targets], worst)
        if after_level is not None:
            after_level(level, a)
    return a


def propagate_one(
    graph: StackGraph,
    own: npt.NDArray[np.float64] | None = None,
    input_cuts: EdgeCuts | None = None,
    member_cuts: EdgeCuts | None = None,
) -> npt.NDArray[np.float64]:
    """Availability of every node for a single case (1-D in, 1-D out)."""
    base = np.ones(graph.n) if own is None else np.asarray(own, dtype=np.float64)
    result: npt.NDArray[np.float64] = propagate(graph, base[:, None], input_cuts, member_cuts)[:, 0]
    return result
