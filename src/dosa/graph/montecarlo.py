# SPDX-License-Identifier: EUPL-1.2
"""Monte Carlo over disruption probabilities: a distribution of availability per vital process.

Each trial draws which disruptions happen (each with its own probability), propagates the
result, and records every target's availability. Trials are drawn in partitions of
:data:`PARTITION_TRIALS`, partition ``i`` from a generator seeded with ``(seed, i)``: a seed gives
the same answer however the trials are batched, and whether the partitions run here or on Spark
executors (:mod:`dosa.portfolio.montecarlo`). With
``correlated=True`` events that share a correlation key (their country) share one uniform draw
per trial: when the riskier one does not happen the less likely one does not either (comonotone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dosa.dataset.model import Dataset
from dosa.errors import InputError
from dosa.graph.build import DatasetGraph
from dosa.graph.losses import Progress
from dosa.graph.model import IntArray, NodeKind, StackGraph
from dosa.graph.propagate import EdgeCuts, propagate
from dosa.graph.run import compile_cuts
from dosa.graph.scenario import Scenario

FLOAT32_NOISE = 1e-5
PARTITION_TRIALS = 10_000
"""Trials per seeded partition: the unit a Spark executor runs (part of the results' definition:
changing it changes which draws a seed gives)."""
DEFAULT_BATCH_CELLS = 16_000_000
"""Nodes x trials propagated at once (about 64 MB of float32 per copy)."""


@dataclass(frozen=True)
class RandomEvent:
    """Something that happens with ``probability`` and then cuts nodes' own supply or share edges."""

    name: str
    probability: float
    nodes: tuple[tuple[int, float], ...] = ()
    """(node index, fraction of its own supply lost)."""
    members: tuple[tuple[int, float], ...] = ()
    """(position in the sorted member arrays, fraction of the edge lost)."""
    correlation_key: str | None = None


@dataclass(frozen=True)
class OutcomeDistribution:
    key: str
    ref: str
    name: str
    mean: float
    p5: float
    median: float
    below_half: float
    """Probability that availability falls below 50 %."""
    hit: float
    """Probability of any loss at all."""


@dataclass(frozen=True)
class MonteCarloResult:
    runs: int
    seed: int
    correlated: bool
    events: tuple[RandomEvent, ...]
    distributions: tuple[OutcomeDistribution, ...]
    samples: npt.NDArray[np.float64]
    """Availability per target (rows) per trial (columns)."""


def partitions(runs: int) -> list[tuple[int, int]]:
    """``(partition, trials)`` for ``runs`` trials: full partitions of PARTITION_TRIALS, then the rest."""
    return [(i, min(PARTITION_TRIALS, runs - start)) for i, start in enumerate(range(0, runs, PARTITION_TRIALS))]


def draw_partition(
    events: Sequence[RandomEvent], trials: int, seed: int, partition: int, correlated: bool
) -> npt.NDArray[np.bool_]:
    """Which events happen in the trials of one partition (events x trials), from seed ``(seed, partition)``."""
    rng = np.random.default_rng([seed, partition])
    if correlated:
        keys = sorted({e.correlation_key or e.name for e in events})
        uniform = rng.random((len(keys), trials))
        slot = {key: i for i, key in enumerate(keys)}
        rows = [uniform[slot[e.correlation_key or e.name]] for e in events]
        u = np.array(rows) if rows else np.zeros((0, trials))
    else:
        u = rng.random((len(events), trials))
    probability = np.array([e.probability for e in events]).reshape(-1, 1)
    return np.asarray(u < probability)


def draw(events: Sequence[RandomEvent], runs: int, seed: int, correlated: bool) -> npt.NDArray[np.bool_]:
    """Which events happen in which trial (events x runs), reproducible from ``seed``."""
    if seed < 0:
        raise InputError(f"the seed must be 0 or more, not {seed}")
    blocks = [draw_partition(events, trials, seed, i, correlated) for i, trials in partitions(runs)]
    return np.concatenate(blocks, axis=1) if blocks else np.zeros((len(events), 0), np.bool_)


def run_partition(
    graph: StackGraph,
    events: Sequence[RandomEvent],
    targets: IntArray,
    seed: int,
    partition: int,
    trials: int,
    correlated: bool,
) -> npt.NDArray[np.float64]:
    """The availability samples of one partition (targets x trials); what a Spark task computes."""
    happened = draw_partition(events, trials, seed, partition, correlated)
    return _dense(graph, events, happened, targets, None)


def simulate(
    graph: StackGraph,
    events: Sequence[RandomEvent],
    *,
    runs: int,
    seed: int,
    targets: Sequence[int] | IntArray | None = None,
    correlated: bool = False,
    progress: Progress | None = None,
) -> MonteCarloResult:
    """Run ``runs`` trials and summarise each target's availability."""
    if runs < 1:
        raise InputError("runs must be at least 1")
    target_idx = np.asarray(targets if targets is not None else graph.of_kind(NodeKind.VITAL_PROCESS), np.int64)
    happened = draw(events, runs, seed, correlated)
    work, work_events, work_targets = relevant_part(graph, events, target_idx)
    samples = _dense(work, work_events, happened, work_targets, progress)
    return summarise(graph, events, target_idx, samples, seed=seed, correlated=correlated)


def summarise(
    graph: StackGraph,
    events: Sequence[RandomEvent],
    target_idx: IntArray,
    samples: npt.NDArray[np.float64],
    *,
    seed: int,
    correlated: bool,
) -> MonteCarloResult:
    """Each target's distribution from its samples (targets x trials)."""
    distributions = []
    for row, t in enumerate(target_idx.tolist()):
        values = samples[row]
        node = graph.nodes[t]
        distributions.append(
            OutcomeDistribution(
                node.key,
                node.ref,
                node.name,
                float(values.mean()),
                float(np.quantile(values, 0.05)),
                float(np.quantile(values, 0.5)),
                float(np.mean(values < 0.5)),
                float(np.mean(values < 1 - 1e-9)),
            )
        )
    return MonteCarloResult(samples.shape[1], seed, correlated, tuple(events), tuple(distributions), samples)


def relevant_part(
    graph: StackGraph, events: Sequence[RandomEvent], targets: IntArray
) -> tuple[StackGraph, list[RandomEvent], IntArray]:
    """The subgraph upstream of the targets, with events and targets moved onto it.

    Nothing downstream of every target can change a target, so dropping it changes no result.
    """
    keep = graph.ancestors_mask(targets)
    if keep.sum() > 0.9 * graph.n:
        return graph, list(events), targets
    part = graph.restrict(keep)
    moved = [
        RandomEvent(
            e.name,
            e.probability,
            tuple((int(part.node_map[n]), f) for n, f in e.nodes if part.node_map[n] >= 0),
            tuple((int(part.member_map[p]), f) for p, f in e.members if part.member_map[p] >= 0),
            e.correlation_key,
        )
        for e in events
    ]
    return part.graph, moved, part.node_map[targets]


def _dense(
    graph: StackGraph,
    events: Sequence[RandomEvent],
    happened: npt.NDArray[np.bool_],
    targets: IntArray,
    progress: Progress | None,
) -> npt.NDArray[np.float64]:
    """Propagate batches of trials as columns (float32: availabilities need no more precision)."""
    runs = happened.shape[1]
    batch = max(1, min(runs, DEFAULT_BATCH_CELLS // max(1, graph.n)))
    samples = np.ones((len(targets), runs))
    positions = sorted({p for e in events for p, _ in e.members})
    row_of = {p: i for i, p in enumerate(positions)}
    for start in range(0, runs, batch):
        block = happened[:, start : start + batch]
        k = block.shape[1]
        own = np.ones((graph.n, k), np.float32)
        factors = np.ones((len(positions), k), np.float32)
        for e, event in enumerate(events):
            fired = block[e]
            if not fired.any():
                continue
            for node, fraction in event.nodes:
                own[node, fired] *= 1 - fraction
            for position, fraction in event.members:
                factors[row_of[position], fired] *= 1 - fraction
        cuts = EdgeCuts(np.array(positions, np.int64).reshape(-1), factors)
        samples[:, start : start + k] = propagate(graph, own, member_cuts=cuts)[targets]
        if progress is not None:
            progress(start + k, runs)
    # float32 rounding leaves an untouched group a hair below 1; what float32 cannot resolve is whole.
    samples[samples > 1 - FLOAT32_NOISE] = 1.0
    return samples


def scenario_events(
    dgraph: DatasetGraph,
    dataset: Dataset,
    scenario: Scenario,
    default_probability: float | None = None,
    label: str | None = None,
) -> list[RandomEvent]:
    """One random event per disruption, with the disruption's probability (or the default)."""
    missing = [d.id for d in scenario.disruptions if d.probability is None]
    if missing and default_probability is None:
        raise InputError(
            f"scenario {scenario.name}: no probability for disruption(s) {', '.join(missing)}",
            hint="add 'probability:' to each disruption, or pass --probability P to assume one for all",
        )
    cuts = compile_cuts(dgraph, dataset, scenario, label or scenario.name)
    events = []
    for item in scenario.disruptions:
        mine = [c for c in cuts if c.disruption == item.id]
        if len(item.countries) == 1:
            key = item.countries[0]
        elif len(item.suppliers) == 1 and item.suppliers[0] in dataset.suppliers:
            key = dataset.suppliers[item.suppliers[0]].hq_country or item.id
        else:
            key = item.id
        probability = item.probability if item.probability is not None else default_probability
        assert probability is not None
        events.append(
            RandomEvent(
                item.id,
                probability,
                tuple((c.position, c.fraction) for c in mine if c.target == "own"),
                tuple((c.position, c.fraction) for c in mine if c.target == "member"),
                key,
            )
        )
    return events
