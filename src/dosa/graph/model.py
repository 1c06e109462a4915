# SPDX-License-Identifier: EUPL-1.2
"""The stack graph: nodes, the two kinds of input, and its compiled array form.

A node's availability (the fraction of its normal supply that is still there) is limited by

* **all-needed inputs** (``add_input``): an edge ``src -> dst`` with weight ``w`` (the fraction of
  ``dst``'s output that depends on ``src``) caps ``dst`` at ``1 - w * (1 - a[src])``;
* **groups** (``add_group`` / ``add_member``): members substitute for each other up to their
  capacity ``c`` (a fraction of ``dst``'s need); a group supplies
  ``min(1, constant + sum(c * a[member])) / min(1, constant + sum(c))``, so a group is at 1 when
  nothing is disrupted. ``constant`` is supply no member holds (e.g. producers the sources do not
  name). Market shares of one value-chain stage are such a group with capacities equal to the shares.

``a[dst]`` is the minimum of its own availability and every input and group (fixed proportions:
what is scarcest limits output). :class:`GraphBuilder` collects nodes and edges, from the dataset
or from anything else (an organisation's inventory, a synthetic benchmark graph, in bulk as
arrays), and :meth:`GraphBuilder.build` compiles them into sorted numpy arrays that propagation
walks level by level.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from dosa.errors import InputError
from dosa.graph.errors import CycleError

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class NodeKind(StrEnum):
    """What a node stands for."""

    COUNTRY = "country"
    SUPPLIER = "supplier"
    HOLDER = "holder"
    """A region or group that holds a share (e.g. 'Europe'), not a country or a company."""
    SUBJECT = "subject"
    VITAL_PROCESS = "vital_process"
    PUBLIC_INTEREST = "public_interest"
    COMPONENT = "component"
    """A node added from outside the dataset (an inventory's component or service)."""


DEPENDANT_KINDS = frozenset({NodeKind.VITAL_PROCESS, NodeKind.PUBLIC_INTEREST})
HOLDER_KINDS = frozenset({NodeKind.COUNTRY, NodeKind.SUPPLIER, NodeKind.HOLDER})


@dataclass(frozen=True)
class Node:
    key: str
    """Unique within the graph: ``kind:ref``, e.g. ``subject:gallium``, ``country:CN``."""
    kind: NodeKind
    ref: str
    """The id in its own collection (subject id, country code, supplier id …)."""
    name: str
    layer: str | None = None
    """Layer of the digital stack for subjects; ``None`` for other nodes."""


@dataclass(frozen=True)
class InputEdge:
    src: int
    dst: int
    weight: float
    label: str = ""
    """Why the edge exists (e.g. 'requires', 'high reliance')."""
    info: object = None
    """Anything the builder kept with the edge (e.g. the requires-edge record)."""


@dataclass(frozen=True)
class Member:
    src: int
    capacity: float
    label: str = ""
    info: object = None
    """Anything the builder kept with the member (e.g. the share it comes from)."""


@dataclass(frozen=True)
class Group:
    dst: int
    label: str
    """E.g. ``stage:processing`` or ``alternatives:substrate``."""
    constant: float
    info: object = None
    """Anything the builder kept with the group (e.g. which shares it was built from)."""


def node_key(kind: NodeKind | str, ref: str) -> str:
    return f"{kind}:{ref}"


def _concat_int(parts: list[IntArray]) -> IntArray:
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)


def _concat_float(parts: list[FloatArray]) -> FloatArray:
    return np.concatenate(parts).astype(np.float64) if parts else np.zeros(0, np.float64)


@dataclass
class GraphBuilder:
    """Collects nodes and edges one by one or in bulk; open to nodes from outside the dataset."""

    keys: list[str] = field(default_factory=list)
    kinds: list[NodeKind] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    layers: list[str | None] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    _inputs: list[tuple[IntArray, IntArray, FloatArray]] = field(default_factory=list)
    _input_info: dict[int, tuple[str, object]] = field(default_factory=dict)
    _n_inputs: int = 0
    _groups: list[tuple[IntArray, FloatArray]] = field(default_factory=list)
    _group_info: dict[int, tuple[str, object]] = field(default_factory=dict)
    _n_groups: int = 0
    _members: list[tuple[IntArray, IntArray, FloatArray]] = field(default_factory=list)
    _member_info: dict[int, tuple[str, object]] = field(default_factory=dict)
    _n_members: int = 0

    # --- nodes -------------------------------------------------------------------------------
    def add_node(self, kind: NodeKind, ref: str, name: str = "", layer: str | None = None) -> str:
        """Add a node (once; adding the same key again returns it) and return its key."""
        key = node_key(kind, ref)
        if key not in self.index:
            self.index[key] = len(self.keys)
            self.keys.append(key)
            self.kinds.append(NodeKind(kind))
            self.refs.append(ref)
            self.names.append(name or ref)
            self.layers.append(layer)
        return key

    def add_nodes(self, kind: NodeKind, refs: Sequence[str], layer: str | None = None) -> IntArray:
        """Add many nodes of one kind at once; return their indices."""
        out = np.empty(len(refs), np.int64)
        kind = NodeKind(kind)
        for j, ref in enumerate(refs):
            key = f"{kind}:{ref}"
            i = self.index.get(key)
            if i is None:
                i = self.index[key] = len(self.keys)
                self.keys.append(key)
                self.kinds.append(kind)
                self.refs.append(ref)
                self.names.append(ref)
                self.layers.append(layer)
            out[j] = i
        return out

    def has_node(self, key: str) -> bool:
        return key in self.index

    def _at(self, key: str) -> int:
        try:
            return self.index[key]
        except KeyError:
            raise InputError(f"the graph has no node '{key}'", hint="add the node before its edges") from None

    # --- one by one ---------------------------------------------------------------------------
    def add_input(self, dst: str, src: str, weight: float = 1.0, label: str = "", info: object = None) -> None:
        """``dst`` needs ``src``: a fraction ``weight`` of ``dst``'s output depends on it."""
        if not 0 < weight <= 1:
            raise InputError(f"weight of {src} -> {dst} must lie in (0, 1], got {weight}")
        s, d = self._at(src), self._at(dst)
        if s == d:
            raise CycleError([src, dst])
        self._input_info[self._n_inputs] = (label, info)
        self.add_inputs(np.array([d]), np.array([s]), np.array([weight]))

    def add_group(self, dst: str, label: str, constant: float = 0.0, info: object = None) -> int:
        """Start a group of substitutes for ``dst``; ``constant`` is supply held by no member."""
        if not 0 <= constant <= 1:
            raise InputError(f"group {label} of {dst}: constant must lie in [0, 1], got {constant}")
        self._group_info[self._n_groups] = (label, info)
        return int(self.add_groups(np.array([self._at(dst)]), np.array([constant]))[0])

    def add_member(self, group: int, src: str, capacity: float, label: str = "", info: object = None) -> None:
        """``src`` can cover a fraction ``capacity`` of the group's need."""
        if not 0 < capacity <= 1:
            raise InputError(f"capacity of {src} must lie in (0, 1], got {capacity}")
        self._member_info[self._n_members] = (label, info)
        self.add_members(np.array([group]), np.array([self._at(src)]), np.array([capacity]))

    # --- in bulk (indices, not keys) ----------------------------------------------------------
    def add_inputs(self, dst: IntArray, src: IntArray, weight: FloatArray) -> None:
        self._inputs.append((np.asarray(src, np.int64), np.asarray(dst, np.int64), np.asarray(weight, np.float64)))
        self._n_inputs += len(dst)

    def add_groups(self, dst: IntArray, constant: FloatArray) -> IntArray:
        """Add groups; return their ids (for :meth:`add_members`)."""
        ids = np.arange(self._n_groups, self._n_groups + len(dst), dtype=np.int64)
        self._groups.append((np.asarray(dst, np.int64), np.asarray(constant, np.float64)))
        self._n_groups += len(dst)
        return ids

    def add_members(self, group: IntArray, src: IntArray, capacity: FloatArray) -> None:
        self._members.append((np.asarray(group, np.int64), np.asarray(src, np.int64), np.asarray(capacity, np.float64)))
        self._n_members += len(group)

    def build(self) -> StackGraph:
        a_src = _concat_int([p[0] for p in self._inputs])
        a_dst = _concat_int([p[1] for p in self._inputs])
        a_w = _concat_float([p[2] for p in self._inputs])
        g_dst = _concat_int([p[0] for p in self._groups])
        g_const = _concat_float([p[1] for p in self._groups])
        m_grp = _concat_int([p[0] for p in self._members])
        m_src = _concat_int([p[1] for p in self._members])
        m_cap = _concat_float([p[2] for p in self._members])
        if np.any((a_w <= 0) | (a_w > 1)) or np.any((m_cap <= 0) | (m_cap > 1)):
            raise InputError("edge weights and capacities must lie in (0, 1]")
        loops = np.flatnonzero(a_src == a_dst)
        if loops.size:
            key = self.keys[int(a_src[loops[0]])]
            raise CycleError([key, key])
        nodes = NodeTable(self.keys, self.kinds, self.refs, self.names, self.layers)
        return StackGraph(
            nodes,
            (a_src, a_dst, a_w, self._input_info),
            (g_dst, g_const, self._group_info),
            (m_grp, m_src, m_cap, self._member_info),
        )


@dataclass(frozen=True)
class NodeTable(Sequence[Node]):
    """Node attributes as parallel lists; a :class:`Node` is made when one is asked for."""

    keys: list[str]
    kinds: list[NodeKind]
    refs: list[str]
    names: list[str]
    layers: list[str | None]

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i: int) -> Node:  # type: ignore[override]
        return Node(self.keys[i], self.kinds[i], self.refs[i], self.names[i], self.layers[i])

    def __iter__(self) -> Iterator[Node]:
        return (self[i] for i in range(len(self.keys)))


class StackGraph:
    """The compiled graph: arrays sorted by the level of their target, ready for propagation.

    ``level[v]`` is the length of the longest path from a node without inputs to ``v``; every
    input of ``v`` sits at a lower level, so one pass over the levels settles every node.
    """

    def __init__(
        self,
        nodes: NodeTable,
        inputs: tuple[IntArray, IntArray, FloatArray, dict[int, tuple[str, object]]],
        groups: tuple[IntArray, FloatArray, dict[int, tuple[str, object]]],
        members: tuple[IntArray, IntArray, FloatArray, dict[int, tuple[str, object]]],
    ) -> None:
        self.nodes = nodes
        self.index = {key: i for i, key in enumerate(nodes.keys)}
        n = self.n = len(nodes)
        a_src, a_dst, a_w, self._input_info = inputs
        g_dst, g_const, self._group_info = groups
        m_grp, m_src, m_cap, self._member_info = members
        # Drop groups without members: they limit nothing.
        has_members = np.zeros(len(g_dst), bool)
        has_members[m_grp] = True

        self.level = compute_levels(n, np.concatenate([a_src, m_src]), np.concatenate([a_dst, g_dst[m_grp]]), nodes)
        self.depth = int(self.level.max()) + 1 if n else 0

        # All-needed inputs, sorted by (level of target, target).
        order = np.lexsort((a_dst, self.level[a_dst]))
        self.input_order = order
        """Sorted position -> index as added (for labels)."""
        self.a_src, self.a_dst, self.a_w = a_src[order], a_dst[order], a_w[order]
        self.a_seg, self.a_seg_dst = _segments(self.a_dst)
        self.a_level_edges = _level_bounds(self.level[self.a_dst], self.depth)
        self.a_level_segs = _level_bounds(self.level[self.a_seg_dst], self.depth)

        # Groups sorted by (level of target, target); members sorted by group.
        kept = np.flatnonzero(has_members)
        gorder = kept[np.lexsort((g_dst[kept], self.level[g_dst[kept]]))]
        self.group_order = gorder
        """Sorted group -> group id as added."""
        self.g_dst, self.g_const = g_dst[gorder], g_const[gorder]
        rank = np.full(len(g_dst), -1, np.int64)
        rank[gorder] = np.arange(len(gorder))
        m_grp_sorted = rank[m_grp]
        morder = np.argsort(m_grp_sorted, kind="stable")
        self.member_order = morder
        """Sorted member position -> member index as added (for labels)."""
        self.m_src, self.m_cap, self.m_grp = m_src[morder], m_cap[morder], m_grp_sorted[morder]
        self.m_start = np.searchsorted(self.m_grp, np.arange(len(gorder))).astype(np.int64)
        totals = np.add.reduceat(self.m_cap, self.m_start) if len(gorder) else np.zeros(0)
        self.g_total = self.g_const + totals
        """Constant plus every member's capacity: above 1 the members can make up for each other."""
        self.g_norm = np.minimum(1.0, self.g_total)
        self.g_seg, self.g_seg_dst = _segments(self.g_dst)
        self.g_level_groups = _level_bounds(self.level[self.g_dst], self.depth)
        self.g_level_segs = _level_bounds(self.level[self.g_seg_dst], self.depth)
        self.m_level = _level_bounds(self.level[self.g_dst[self.m_grp]], self.depth)

    # --- sizes and lookups --------------------------------------------------------------------
    @property
    def n_edges(self) -> int:
        return len(self.a_src) + len(self.m_src)

    @property
    def n_groups(self) -> int:
        return len(self.g_dst)

    def key_of(self, i: int) -> str:
        return self.nodes.keys[i]

    def find(self, key: str) -> int:
        try:
            return self.index[key]
        except KeyError:
            raise InputError(f"the graph has no node '{key}'") from None

    def of_kind(self, *kinds: NodeKind) -> list[int]:
        wanted = set(kinds)
        return [i for i, kind in enumerate(self.nodes.kinds) if kind in wanted]

    # --- edges with their labels --------------------------------------------------------------
    def input_edge(self, position: int) -> InputEdge:
        """The all-needed input at ``position`` of the sorted input arrays."""
        label, info = self._input_info.get(int(self.input_order[position]), ("", None))
        return InputEdge(int(self.a_src[position]), int(self.a_dst[position]), float(self.a_w[position]), label, info)

    def edge_infos(self, input_positions: IntArray, member_positions: IntArray) -> list[object]:
        """What the builder kept with the inputs and members at these sorted positions (labelled ones only).

        Looks up only edges added one by one with their info, so a bulk-built graph of millions of edges
        costs a dictionary probe per position, not an object per edge."""
        found: list[object] = []
        for order, positions, infos in (
            (self.input_order, input_positions, self._input_info),
            (self.member_order, member_positions, self._member_info),
        ):
            if not infos:
                continue
            for original in order[positions].tolist():
                kept = infos.get(original)
                if kept is not None and kept[1] is not None:
                    found.append(kept[1])
        return found

    def group(self, g: int) -> Group:
        label, info = self._group_info.get(int(self.group_order[g]), ("", None))
        return Group(int(self.g_dst[g]), label, float(self.g_const[g]), info)

    def member(self, position: int) -> Member:
        """The member at ``position`` of the sorted member arrays."""
        label, info = self._member_info.get(int(self.member_order[position]), ("", None))
        return Member(int(self.m_src[position]), float(self.m_cap[position]), label, info)

    def inputs_of(self, node: int) -> range:
        """Positions (in sorted input arrays) of the all-needed inputs of ``node``."""
        lvl = int(self.level[node])
        s, e = int(self.a_level_edges[lvl]), int(self.a_level_edges[lvl + 1])
        block = self.a_dst[s:e]
        return range(s + int(np.searchsorted(block, node)), s + int(np.searchsorted(block, node, side="right")))

    def groups_of(self, node: int) -> range:
        lvl = int(self.level[node])
        s, e = int(self.g_level_groups[lvl]), int(self.g_level_groups[lvl + 1])
        block = self.g_dst[s:e]
        return range(s + int(np.searchsorted(block, node)), s + int(np.searchsorted(block, node, side="right")))

    def members_of(self, group: int) -> range:
        end = int(self.m_start[group + 1]) if group + 1 < self.n_groups else len(self.m_src)
        return range(int(self.m_start[group]), end)

    # --- structure ----------------------------------------------------------------------------
    def ancestors_mask(self, targets: Sequence[int] | IntArray) -> npt.NDArray[np.bool_]:
        """Nodes from which some target can be reached (the targets included)."""
        return self._reach(targets, upstream=True)

    def descendants_mask(self, sources: Sequence[int] | IntArray) -> npt.NDArray[np.bool_]:
        """Nodes some source reaches (the sources included)."""
        return self._reach(sources, upstream=False)

    def _reach(self, start: Sequence[int] | IntArray, upstream: bool) -> npt.NDArray[np.bool_]:
        src = np.concatenate([self.a_src, self.m_src])
        dst = np.concatenate([self.a_dst, self.g_dst[self.m_grp]])
        if upstream:
            src, dst = dst, src
        order = np.argsort(src, kind="stable")
        ptr = np.concatenate([[0], np.cumsum(np.bincount(src, minlength=self.n))])
        follow = dst[order]
        seen = np.zeros(self.n, bool)
        frontier = np.unique(np.asarray(start, np.int64))
        seen[frontier] = True
        while frontier.size:
            starts, counts = ptr[frontier], ptr[frontier + 1] - ptr[frontier]
            total = int(counts.sum())
            if not total:
                break
            offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
            nxt = _distinct(follow[np.arange(total) + offsets], self.n)
            frontier = nxt[~seen[nxt]]
            seen[frontier] = True
        return seen

    def restrict(self, keep: npt.NDArray[np.bool_]) -> Restriction:
        """The subgraph on the nodes in ``keep``; members from dropped nodes count as always there."""
        node_map = np.full(self.n, -1, np.int64)
        kept = np.flatnonzero(keep)
        node_map[kept] = np.arange(len(kept))
        t = self.nodes
        nodes = NodeTable(
            [t.keys[i] for i in kept],
            [t.kinds[i] for i in kept],
            [t.refs[i] for i in kept],
            [t.names[i] for i in kept],
            [t.layers[i] for i in kept],
        )
        in_pos = np.flatnonzero(keep[self.a_src] & keep[self.a_dst])
        in_info = {
            j: self._input_info[k] for j, k in enumerate(self.input_order[in_pos].tolist()) if k in self._input_info
        }
        groups = np.flatnonzero(keep[self.g_dst])
        group_map = np.full(self.n_groups, -1, np.int64)
        group_map[groups] = np.arange(len(groups))
        in_group = group_map[self.m_grp] >= 0
        mem_pos = np.flatnonzero(in_group & keep[self.m_src])
        dropped = np.flatnonzero(in_group & ~keep[self.m_src])
        constant = self.g_const[groups] + np.bincount(
            group_map[self.m_grp[dropped]], self.m_cap[dropped], minlength=len(groups)
        )
        g_info = {
            j: self._group_info[k] for j, k in enumerate(self.group_order[groups].tolist()) if k in self._group_info
        }
        m_info = {
            j: self._member_info[k] for j, k in enumerate(self.member_order[mem_pos].tolist()) if k in self._member_info
        }
        graph = StackGraph(
            nodes,
            (node_map[self.a_src[in_pos]], node_map[self.a_dst[in_pos]], self.a_w[in_pos], in_info),
            (node_map[self.g_dst[groups]], np.minimum(1.0, constant), g_info),
            (group_map[self.m_grp[mem_pos]], node_map[self.m_src[mem_pos]], self.m_cap[mem_pos], m_info),
        )
        member_map = np.full(len(self.m_src), -1, np.int64)
        as_added_to_sorted = np.empty(len(mem_pos), np.int64)
        as_added_to_sorted[graph.member_order] = np.arange(len(mem_pos))
        member_map[mem_pos] = as_added_to_sorted
        return Restriction(graph, node_map, member_map)

    def out_degree(self) -> IntArray:
        """Direct consumers of each node (edges out, inputs and group memberships)."""
        return np.bincount(self.a_src, minlength=self.n) + np.bincount(self.m_src, minlength=self.n)


@dataclass(frozen=True)
class Restriction:
    """A subgraph and where the original nodes and members went (-1: dropped)."""

    graph: StackGraph
    node_map: IntArray
    member_map: IntArray


def _distinct(values: IntArray, n: int) -> IntArray:
    """The distinct values (all in ``range(n)``), sorted; faster than ``np.unique`` for big batches."""
    if len(values) * 8 < n:
        return np.unique(values)
    mark = np.zeros(n, bool)
    mark[values] = True
    return np.flatnonzero(mark)


def _segments(sorted_dst: IntArray) -> tuple[IntArray, IntArray]:
    """Start of each run of equal targets, and the target of each run."""
    if len(sorted_dst) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate([[True], sorted_dst[1:] != sorted_dst[:-1]]))
    return starts.astype(np.int64), sorted_dst[starts]


def _level_bounds(levels_sorted: IntArray, depth: int) -> IntArray:
    """``bounds[L]:bounds[L+1]`` is the slice whose items sit at level ``L``."""
    return np.searchsorted(levels_sorted, np.arange(depth + 1)).astype(np.int64)


def compute_levels(n: int, src: IntArray, dst: IntArray, nodes: NodeTable) -> IntArray:
    """Longest-path level of every node by Kahn's algorithm, one vectorised round per level.

    Raises :class:`CycleError` naming one cycle when the graph is not acyclic.
    """
    level = np.zeros(n, np.int64)
    if n == 0:
        return level
    indeg = np.bincount(dst, minlength=n)
    order = np.argsort(src, kind="stable")
    out_dst = dst[order]
    ptr = np.concatenate([[0], np.cumsum(np.bincount(src, minlength=n))])
    frontier = np.flatnonzero(indeg == 0)
    done = len(frontier)
    current = 0
    while frontier.size:
        starts, counts = ptr[frontier], ptr[frontier + 1] - ptr[frontier]
        total = int(counts.sum())
        if total == 0:
            break
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
        targets = out_dst[np.arange(total) + offsets]
        indeg -= np.bincount(targets, minlength=n)
        current += 1
        candidates = _distinct(targets, n)
        frontier = candidates[indeg[candidates] == 0]
        level[frontier] = current
        done += len(frontier)
    if done < n:
        raise CycleError(_find_cycle(indeg, src, dst, nodes))
    return level


def _find_cycle(indeg: IntArray, src: IntArray, dst: IntArray, nodes: NodeTable) -> list[str]:
    """Walk backwards through nodes still holding inputs until one repeats: that loop is a cycle."""
    remaining = indeg > 0
    keep = remaining[src] & remaining[dst]
    predecessor: dict[int, int] = {}
    for s, d in zip(src[keep].tolist(), dst[keep].tolist(), strict=True):
        predecessor.setdefault(d, s)
    node = int(np.flatnonzero(remaining)[0])
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = predecessor[node]
    loop = path[seen[node] :]
    loop.reverse()  # walked against the edges; give it in supply direction
    names = [nodes.keys[i] for i in loop]
    return [*names, names[0]]
