# SPDX-License-Identifier: EUPL-1.2
"""Synthetic stack-like graphs for benchmarks and tests: made-up structure, never data.

Shaped like a digital stack crossed with a software ecosystem: subjects in six layers, each
needing a few older subjects (old, low nodes are popular, as core packages and raw materials are);
some inputs are alternatives; a third of the subjects has market shares held by countries and
companies; vital processes depend on subjects in the top layers. About five edges per node.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dosa.graph.model import GraphBuilder, IntArray, NodeKind, StackGraph
from dosa.model.vocab import LayerId

LAYER_SHARES = (0.005, 0.05, 0.045, 0.40, 0.15, 0.35)
"""Fraction of subjects per layer, bottom to top."""


@dataclass(frozen=True)
class SyntheticGraph:
    graph: StackGraph
    countries: IntArray
    suppliers: IntArray
    subjects: IntArray
    processes: IntArray


@dataclass(frozen=True)
class SyntheticParts:
    """The builder of a synthetic graph before compiling (to time the compile on its own)."""

    builder: GraphBuilder
    countries: IntArray
    suppliers: IntArray
    subjects: IntArray
    processes: IntArray

    def build(self) -> SyntheticGraph:
        return SyntheticGraph(self.builder.build(), self.countries, self.suppliers, self.subjects, self.processes)


def synthetic_graph(n_nodes: int, **options: float | int) -> SyntheticGraph:
    """A random acyclic stack graph of about ``n_nodes`` nodes and ``5 * n_nodes`` edges."""
    return synthetic_parts(n_nodes, **options).build()  # type: ignore[arg-type]


def synthetic_parts(
    n_nodes: int,
    *,
    seed: int = 0,
    inputs_per_subject: float = 3.2,
    alternative_share: float = 0.3,
    supplied_share: float = 0.35,
    n_countries: int = 60,
    n_processes: int = 30,
    popularity: float = 2.5,
) -> SyntheticParts:
    """Nodes and edges of a synthetic graph, not yet compiled."""
    rng = np.random.default_rng(seed)
    n_suppliers = max(20, n_nodes // 200)
    n_subjects = n_nodes - n_countries - n_suppliers - n_processes
    if n_subjects < 50:
        raise ValueError("n_nodes too small for a stack-like graph")
    b = GraphBuilder()
    countries = b.add_nodes(NodeKind.COUNTRY, [f"C{i:03d}" for i in range(n_countries)])
    suppliers = b.add_nodes(NodeKind.SUPPLIER, [f"s{i}" for i in range(n_suppliers)])
    sizes = np.floor(np.array(LAYER_SHARES) * n_subjects).astype(int)
    sizes[-1] += n_subjects - sizes.sum()
    subject_parts = []
    start = 0
    for layer, size in zip(LayerId, sizes, strict=True):
        subject_parts.append(b.add_nodes(NodeKind.SUBJECT, [f"x{i}" for i in range(start, start + size)], layer.value))
        start += size
    subjects = np.concatenate(subject_parts)
    processes = b.add_nodes(NodeKind.VITAL_PROCESS, [f"vp{i:02d}" for i in range(n_processes)])

    # Suppliers are headquartered in a country (a few countries host most of them).
    hq = countries[np.minimum(n_countries - 1, (rng.pareto(1.2, n_suppliers) * 3).astype(int))]
    b.add_inputs(suppliers, hq, np.ones(n_suppliers))

    # Inputs: subject j needs subjects with a lower position, biased to old (popular) ones.
    n_raw = sizes[0]
    needy = np.arange(n_raw, n_subjects)
    k = rng.poisson(inputs_per_subject, len(needy)) + 1
    child = np.repeat(needy, k)
    parent = np.floor(child * rng.random(len(child)) ** popularity).astype(np.int64)
    pairs = _sorted_distinct(child * n_subjects + parent)
    child, parent = pairs // n_subjects, pairs % n_subjects
    alternative = rng.random(len(child)) < alternative_share
    weights = np.where(rng.random(len(child)) < 0.5, 1.0, rng.uniform(0.1, 1.0, len(child)))
    b.add_inputs(subjects[child[~alternative]], subjects[parent[~alternative]], weights[~alternative])
    # Alternatives: one group per subject that has any, capacities of 0.4 to 1 each.
    alt_child, alt_parent = child[alternative], parent[alternative]
    owners = _sorted_distinct(alt_child)
    group_of = np.searchsorted(owners, alt_child)
    groups = b.add_groups(subjects[owners], np.zeros(len(owners)))
    b.add_members(groups[group_of], subjects[alt_parent], rng.uniform(0.4, 1.0, len(alt_child)))

    # Market shares: 2-4 holders per supplied subject, shares summing to 60-100 %.
    supplied = np.flatnonzero(rng.random(n_subjects) < supplied_share)
    supplied = np.union1d(supplied, np.arange(n_raw))
    m = rng.integers(2, 5, len(supplied))
    owner = np.repeat(np.arange(len(supplied)), m)
    raw = rng.pareto(1.0, len(owner)) + 0.05
    total = np.bincount(owner, raw)
    coverage = rng.uniform(0.6, 1.0, len(supplied))
    share = np.minimum(1.0, raw / total[owner] * coverage[owner])
    is_country = rng.random(len(owner)) < 0.5
    holder = np.where(
        is_country,
        countries[np.minimum(n_countries - 1, (rng.pareto(1.0, len(owner)) * 4).astype(int))],
        suppliers[rng.integers(0, n_suppliers, len(owner))],
    )
    # A holder appears once per group.
    key = owner * (len(countries) + len(suppliers) + n_subjects + n_processes + 1) + holder
    order = np.argsort(key, kind="stable")
    first = order[np.concatenate([[True], np.diff(key[order]) != 0])]
    owner, holder, share = owner[first], holder[first], share[first]
    used = np.bincount(owner, share, minlength=len(supplied))
    stage_groups = b.add_groups(subjects[supplied], np.clip(1.0 - used, 0.0, 1.0))
    b.add_members(stage_groups[owner], holder, np.clip(share, 1e-6, 1.0))

    # Each vital process depends on 1 % of the subjects of the upper three layers (at least 20).
    upper = subjects[int(sizes[:3].sum()) :]
    per = max(20, len(upper) // 100)
    proc = np.repeat(processes, per)
    dep = upper[rng.integers(0, len(upper), len(proc))]
    pair = _sorted_distinct(proc * len(b.keys) + dep)
    proc, dep = pair // len(b.keys), pair % len(b.keys)
    reliance = rng.choice([1.0, 0.5, 0.2], len(proc))
    b.add_inputs(proc, dep, reliance)
    return SyntheticParts(b, countries, suppliers, subjects, processes)


def _sorted_distinct(values: IntArray) -> IntArray:
    ordered = np.sort(values)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])] if len(ordered) else ordered
