# SPDX-License-Identifier: EUPL-1.2
"""Monte Carlo: reproducible with a seed, bounded, converging to the analytic answer."""

from __future__ import annotations

import numpy as np
import pytest

from dosa.dataset import Dataset
from dosa.errors import InputError
from dosa.graph import montecarlo
from dosa.graph.build import DatasetGraph
from dosa.graph.model import GraphBuilder, NodeKind, StackGraph
from dosa.graph.montecarlo import RandomEvent, scenario_events, simulate
from dosa.graph.scenario import load_scenario
from dosa.graph.synthetic import synthetic_graph


def _two_countries() -> StackGraph:
    """A process that fully needs a subject of which CN holds 60 % and US 40 %."""
    b = GraphBuilder()
    b.add_node(NodeKind.COUNTRY, "CN")
    b.add_node(NodeKind.COUNTRY, "US")
    b.add_node(NodeKind.SUBJECT, "x")
    b.add_node(NodeKind.VITAL_PROCESS, "vp")
    g = b.add_group("subject:x", "stage:processing")
    b.add_member(g, "country:CN", 0.6)
    b.add_member(g, "country:US", 0.4)
    b.add_input("vital_process:vp", "subject:x")
    return b.build()


def _events(graph: StackGraph, p_cn: float, p_us: float) -> list[RandomEvent]:
    return [
        RandomEvent("cn", p_cn, ((graph.find("country:CN"), 1.0),), correlation_key="group"),
        RandomEvent("us", p_us, ((graph.find("country:US"), 1.0),), correlation_key="group"),
    ]


def test_converges_to_the_analytic_answer() -> None:
    graph = _two_countries()
    result = simulate(graph, _events(graph, 0.3, 0.2), runs=40_000, seed=1)
    vp = result.distributions[0]
    # a = 1 - 0.6 X_cn - 0.4 X_us with independent X: E[a] = 1 - 0.6*0.3 - 0.4*0.2; P(a < .5) = P(X_cn).
    assert vp.mean == pytest.approx(1 - 0.6 * 0.3 - 0.4 * 0.2, abs=0.01)
    assert vp.below_half == pytest.approx(0.3, abs=0.01)
    assert vp.hit == pytest.approx(1 - 0.7 * 0.8, abs=0.01)


def test_correlated_events_happen_together() -> None:
    graph = _two_countries()
    result = simulate(graph, _events(graph, 0.3, 0.2), runs=40_000, seed=1, correlated=True)
    vp = result.distributions[0]
    # One draw u: US fails when u < 0.2 (then CN too), CN alone when 0.2 <= u < 0.3.
    assert vp.mean == pytest.approx(1 - 0.2 * 1.0 - 0.1 * 0.6, abs=0.01)
    assert vp.hit == pytest.approx(0.3, abs=0.01)


def test_same_seed_same_answer_whatever_the_batching(monkeypatch: pytest.MonkeyPatch) -> None:
    synthetic = synthetic_graph(3000, seed=3)
    events = [RandomEvent(f"c{i}", 0.1, ((int(c), 1.0),)) for i, c in enumerate(synthetic.countries)]
    first = simulate(synthetic.graph, events, runs=600, seed=42)
    monkeypatch.setattr(montecarlo, "DEFAULT_BATCH_CELLS", 50 * synthetic.graph.n)
    second = simulate(synthetic.graph, events, runs=600, seed=42)
    other = simulate(synthetic.graph, events, runs=600, seed=43)
    assert np.array_equal(first.samples, second.samples)
    assert not np.array_equal(first.samples, other.samples)
    assert first.samples.min() >= 0
    assert first.samples.max() <= 1
    for d in first.distributions:
        assert 0 <= d.p5 <= d.median <= 1
        assert 0 <= d.mean <= 1
        assert 0 <= d.below_half <= d.hit <= 1


def test_scenario_probabilities(stack: Dataset, stack_graph: DatasetGraph) -> None:
    scenario = load_scenario("tests/graph/fixtures/scenarios/gallium-stop.yaml", stack)
    with pytest.raises(InputError, match="no probability"):
        scenario_events(stack_graph, stack, scenario)
    events = scenario_events(stack_graph, stack, scenario, default_probability=0.25)
    assert events[0].correlation_key == "CN"
    assert events[0].members
    result = simulate(stack_graph.graph, events, runs=20_000, seed=0)
    vp24 = next(d for d in result.distributions if d.ref == "vp24")
    hit = 1 - 0.3 * 0.98  # vp24 follows the chips, which keep 70.6 % when gallium stops
    assert vp24.mean == pytest.approx(0.75 + 0.25 * hit, abs=0.01)
    assert vp24.hit == pytest.approx(0.25, abs=0.01)


def test_runs_must_be_positive() -> None:
    with pytest.raises(InputError):
        simulate(_two_countries(), [], runs=0, seed=0)


def test_processes_no_event_reaches_never_lose_supply(default: Dataset, default_graph: DatasetGraph) -> None:
    """Float rounding in the batched propagation must not count as a loss."""
    scenario = load_scenario("gnss-outage", default)
    events = scenario_events(default_graph, default, scenario, default_probability=0.5)
    result = simulate(default_graph.graph, events, runs=500, seed=3)
    by_ref = {d.ref: d for d in result.distributions}
    assert by_ref["vp06"].hit == 0
    assert by_ref["vp06"].mean == 1
    assert 0.4 < by_ref["vp09"].hit < 0.6
