# SPDX-License-Identifier: EUPL-1.2
"""The local Monte Carlo draws its trials in seeded partitions, as Spark tasks do."""

from __future__ import annotations

import numpy as np
import pytest

from dosa.errors import InputError
from dosa.graph import montecarlo
from dosa.graph.montecarlo import RandomEvent, draw, partitions, relevant_part, run_partition, simulate
from dosa.graph.synthetic import synthetic_graph


def test_partitions_cover_every_trial_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(montecarlo, "PARTITION_TRIALS", 100)
    assert partitions(250) == [(0, 100), (1, 100), (2, 50)]
    assert partitions(100) == [(0, 100)]


def test_partition_i_is_drawn_from_seed_and_i(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(montecarlo, "PARTITION_TRIALS", 100)
    events = [RandomEvent("a", 0.5), RandomEvent("b", 0.25)]
    happened = draw(events, 250, seed=7, correlated=False)
    third = np.random.default_rng([7, 2]).random((2, 50)) < np.array([[0.5], [0.25]])
    assert np.array_equal(happened[:, 200:], third)
    assert happened.shape == (2, 250)
    with pytest.raises(InputError):
        draw(events, 10, seed=-1, correlated=False)


def test_the_local_run_is_the_concatenation_of_its_partitions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(montecarlo, "PARTITION_TRIALS", 200)
    synthetic = synthetic_graph(3000, seed=3)
    events = [RandomEvent(f"c{i}", 0.2, ((int(c), 1.0),)) for i, c in enumerate(synthetic.countries)]
    result = simulate(synthetic.graph, events, runs=450, seed=3)
    targets = np.asarray(synthetic.graph.of_kind(montecarlo.NodeKind.VITAL_PROCESS), np.int64)
    work, work_events, work_targets = relevant_part(synthetic.graph, events, targets)
    blocks = [run_partition(work, work_events, work_targets, 3, i, n, False) for i, n in partitions(450)]
    assert np.array_equal(result.samples, np.concatenate(blocks, axis=1))
    assert result.samples.min() < 1  # something was disrupted
