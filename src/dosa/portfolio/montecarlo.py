# SPDX-License-Identifier: EUPL-1.2
"""The stack-graph Monte Carlo with its trials partitioned over Spark executors.

Each Spark task runs one partition of :data:`dosa.graph.montecarlo.PARTITION_TRIALS` trials, seeded
with ``(seed, partition)`` exactly as the local run seeds it, so a seed gives the same samples and
distributions here as :func:`dosa.graph.montecarlo.simulate` gives on one machine. Executors need
dosa installed (or shipped with ``spark-submit --py-files``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from dosa.errors import InputError
from dosa.graph.model import IntArray, NodeKind, StackGraph
from dosa.graph.montecarlo import MonteCarloResult, RandomEvent, partitions, relevant_part, run_partition, summarise


def simulate_on_spark(
    session: Any,
    graph: StackGraph,
    events: Sequence[RandomEvent],
    *,
    runs: int,
    seed: int,
    targets: Sequence[int] | IntArray | None = None,
    correlated: bool = False,
) -> MonteCarloResult:
    """Run ``runs`` trials as Spark tasks (one per partition) and summarise on the driver."""
    if runs < 1:
        raise InputError("runs must be at least 1")
    if seed < 0:
        raise InputError(f"the seed must be 0 or more, not {seed}")
    target_idx = np.asarray(targets if targets is not None else graph.of_kind(NodeKind.VITAL_PROCESS), np.int64)
    work, work_events, work_targets = relevant_part(graph, events, target_idx)
    context = session.sparkContext
    shared = context.broadcast((work, list(work_events), work_targets))
    parts = partitions(runs)

    def task(part: tuple[int, int]) -> tuple[int, Any]:
        work_graph, task_events, task_targets = shared.value
        index, trials = part
        return index, run_partition(work_graph, task_events, task_targets, seed, index, trials, correlated)

    try:
        results = context.parallelize(parts, len(parts)).map(task).collect()
    finally:
        shared.unpersist()
    samples = np.concatenate([block for _, block in sorted(results, key=lambda item: item[0])], axis=1)
    return summarise(graph, events, target_idx, samples, seed=seed, correlated=correlated)
