# SPDX-License-Identifier: EUPL-1.2
"""Propagation rules on small hand-checked graphs: all-needed inputs, alternatives, shares, cycles."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from dosa.errors import InputError
from dosa.graph.errors import CycleError
from dosa.graph.model import GraphBuilder, NodeKind, StackGraph
from dosa.graph.propagate import EdgeCuts, propagate, propagate_one
from dosa.graph.synthetic import synthetic_graph


def _builder(*names: str) -> GraphBuilder:
    b = GraphBuilder()
    for name in names:
        b.add_node(NodeKind.SUBJECT, name)
    return b


def _own(graph: StackGraph, **cuts: float) -> np.ndarray:
    own = np.ones(graph.n)
    for name, left in cuts.items():
        own[graph.find(f"subject:{name}")] = left
    return own


def _at(graph: StackGraph, a: np.ndarray, name: str) -> float:
    return float(a[graph.find(f"subject:{name}")])


def test_all_needed_input_limits_output_by_its_weight() -> None:
    b = _builder("ore", "part", "product")
    b.add_input("subject:part", "subject:ore", 1.0)
    b.add_input("subject:product", "subject:part", 0.3)
    graph = b.build()
    a = propagate_one(graph, _own(graph, ore=0.2))
    assert _at(graph, a, "part") == pytest.approx(0.2)
    assert _at(graph, a, "product") == pytest.approx(1 - 0.3 * (1 - 0.2))


def test_the_scarcest_all_needed_input_binds() -> None:
    b = _builder("a", "b", "out")
    b.add_input("subject:out", "subject:a")
    b.add_input("subject:out", "subject:b")
    graph = b.build()
    a = propagate_one(graph, _own(graph, a=0.7, b=0.4))
    assert _at(graph, a, "out") == pytest.approx(0.4)


def test_alternatives_substitute_up_to_their_capacity() -> None:
    b = _builder("cloud", "servers", "office")
    g = b.add_group("subject:office", "alternatives:hosting")
    b.add_member(g, "subject:cloud", 1.0)
    b.add_member(g, "subject:servers", 0.5)
    graph = b.build()
    # Cloud gone: own servers cover only half of the need.
    assert _at(graph, propagate_one(graph, _own(graph, cloud=0.0)), "office") == pytest.approx(0.5)
    # Servers gone: the cloud covers everything.
    assert _at(graph, propagate_one(graph, _own(graph, servers=0.0)), "office") == pytest.approx(1.0)
    # Both partly cut: 0.6 * 1.0 + 0.5 * 0.5 = 0.85.
    assert _at(graph, propagate_one(graph, _own(graph, cloud=0.6, servers=0.5)), "office") == pytest.approx(0.85)


def test_market_shares_that_do_not_sum_to_100_keep_the_unnamed_rest() -> None:
    b = _builder("chips")
    b.add_node(NodeKind.COUNTRY, "TW")
    b.add_node(NodeKind.COUNTRY, "US")
    g = b.add_group("subject:chips", "stage:fabrication", constant=0.3)  # 60 + 10 named, 30 % unnamed
    b.add_member(g, "country:TW", 0.6)
    b.add_member(g, "country:US", 0.1)
    graph = b.build()
    own = np.ones(graph.n)
    own[graph.find("country:TW")] = 0.0
    assert _at(graph, propagate_one(graph, own), "chips") == pytest.approx(0.4)
    own[graph.find("country:TW")] = 0.5  # a partial cut
    assert _at(graph, propagate_one(graph, own), "chips") == pytest.approx(0.7)


def test_shares_above_100_do_not_create_supply_and_stay_whole_undisrupted() -> None:
    b = _builder("x")
    b.add_node(NodeKind.COUNTRY, "CN")
    b.add_node(NodeKind.COUNTRY, "US")
    g = b.add_group("subject:x", "stage:processing")
    b.add_member(g, "country:CN", 0.7)
    b.add_member(g, "country:US", 0.4)
    graph = b.build()
    assert _at(graph, propagate_one(graph), "x") == pytest.approx(1.0)
    own = np.ones(graph.n)
    own[graph.find("country:US")] = 0.0
    assert _at(graph, propagate_one(graph, own), "x") == pytest.approx(0.7)


def test_an_edge_cut_reduces_one_edge_only() -> None:
    b = _builder("ga", "ge")
    b.add_node(NodeKind.COUNTRY, "CN")
    for subject in ("ga", "ge"):
        g = b.add_group(f"subject:{subject}", "stage:processing", constant=0.2)
        b.add_member(g, "country:CN", 0.8)
    graph = b.build()
    ga_member = next(p for p in range(len(graph.m_src)) if int(graph.g_dst[graph.m_grp[p]]) == graph.find("subject:ga"))
    a = propagate_one(graph, member_cuts=EdgeCuts(np.array([ga_member]), np.array([[0.0]])))
    assert _at(graph, a, "ga") == pytest.approx(0.2)
    assert _at(graph, a, "ge") == pytest.approx(1.0)


def test_a_cycle_is_rejected_naming_the_cycle() -> None:
    b = _builder("a", "b", "c", "d")
    b.add_input("subject:b", "subject:a")
    b.add_input("subject:c", "subject:b")
    g = b.add_group("subject:a", "alternatives:x")
    b.add_member(g, "subject:c", 1.0)
    b.add_input("subject:d", "subject:c")
    with pytest.raises(CycleError) as caught:
        b.build()
    cycle = caught.value.cycle
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"subject:a", "subject:b", "subject:c"}
    # In supply direction: b needs a, c needs b, a needs c (through its group).
    assert "subject:a -> subject:b -> subject:c -> subject:a" in " -> ".join(cycle[:-1] * 3)
    assert "cycle" in caught.value.message
    assert caught.value.hint


def test_a_self_loop_is_a_cycle() -> None:
    b = _builder("a")
    with pytest.raises(CycleError):
        b.add_input("subject:a", "subject:a")


def test_weights_outside_zero_one_are_refused() -> None:
    b = _builder("a", "b")
    with pytest.raises(InputError):
        b.add_input("subject:b", "subject:a", 1.5)
    with pytest.raises(InputError, match="no node"):
        b.add_input("subject:b", "subject:zz")


def _networkx_reference(graph: StackGraph, own: np.ndarray) -> np.ndarray:
    """A plain implementation of the same rules over networkx, node by node in topological order."""
    g = nx.DiGraph()
    g.add_nodes_from(range(graph.n))
    inputs: dict[int, list[tuple[int, float]]] = {}
    for p in range(len(graph.a_src)):
        s, d = int(graph.a_src[p]), int(graph.a_dst[p])
        g.add_edge(s, d)
        inputs.setdefault(d, []).append((s, float(graph.a_w[p])))
    groups: dict[int, list[tuple[float, list[tuple[int, float]]]]] = {}
    for k in range(graph.n_groups):
        members = [(int(graph.m_src[p]), float(graph.m_cap[p])) for p in graph.members_of(k)]
        for s, _ in members:
            g.add_edge(s, int(graph.g_dst[k]))
        groups.setdefault(int(graph.g_dst[k]), []).append((float(graph.g_const[k]), members))
    a = own.astype(float).copy()
    for v in nx.topological_sort(g):
        value = a[v]
        for s, w in inputs.get(v, []):
            value = min(value, 1 - w * (1 - a[s]))
        for constant, members in groups.get(v, []):
            full = min(1.0, constant + sum(c for _, c in members))
            value = min(value, min(1.0, constant + sum(c * a[s] for s, c in members)) / full)
        a[v] = value
    return a


def test_vectorised_propagation_equals_a_plain_networkx_implementation() -> None:
    graph = synthetic_graph(3000, seed=5).graph
    rng = np.random.default_rng(1)
    own = np.where(rng.random(graph.n) < 0.03, rng.random(graph.n), 1.0)
    assert np.allclose(propagate_one(graph, own), _networkx_reference(graph, own), atol=1e-12)


def test_many_columns_give_the_same_result_as_one_at_a_time() -> None:
    graph = synthetic_graph(2000, seed=3).graph
    rng = np.random.default_rng(0)
    cases = 12
    own = np.where(rng.random((graph.n, cases)) < 0.05, rng.random((graph.n, cases)), 1.0)
    cuts = EdgeCuts(np.array([3, 10, 50]), rng.random((3, cases)))
    together = propagate(graph, own, member_cuts=cuts)
    for k in range(cases):
        single = propagate(graph, own[:, [k]], member_cuts=EdgeCuts(cuts.positions, cuts.factors[:, [k]]))
        assert np.allclose(together[:, k], single[:, 0])


def test_restricting_to_the_part_upstream_of_targets_changes_no_target() -> None:
    synthetic = synthetic_graph(3000, seed=2)
    graph = synthetic.graph
    own = np.ones(graph.n)
    own[synthetic.countries[:3]] = 0.3
    full = propagate_one(graph, own)
    part = graph.restrict(graph.ancestors_mask(synthetic.processes))
    assert part.graph.n < graph.n
    kept = part.node_map >= 0
    small_own = np.ones(part.graph.n)
    small_own[part.node_map[kept]] = own[kept]
    small = propagate_one(part.graph, small_own)
    assert np.allclose(small[part.node_map[synthetic.processes]], full[synthetic.processes])


def test_levels_put_every_input_below_its_consumer() -> None:
    graph = synthetic_graph(2000, seed=4).graph
    assert np.all(graph.level[graph.a_src] < graph.level[graph.a_dst])
    assert np.all(graph.level[graph.m_src] < graph.level[graph.g_dst[graph.m_grp]])


def test_the_graph_core_needs_no_cli_framework() -> None:
    import subprocess
    import sys

    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'typer', 'rich', 'click', 'fastapi', 'networkx'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import dosa.graph\n"
        "from dosa.graph import graph_from_dataset, load_scenario, run_scenario\n"
        "from dosa import load_dataset\n"
        "d = load_dataset()\n"
        "run_scenario(graph_from_dataset(d), d, load_scenario('gnss-outage', d))\n"
    )
    done = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_public_api_is_exported() -> None:
    import dosa.graph

    for name in dosa.graph.__all__:
        assert hasattr(dosa.graph, name), name
