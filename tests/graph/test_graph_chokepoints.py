# SPDX-License-Identifier: EUPL-1.2
"""Chokepoints: a planted single point of failure is found; cuts are real; EU leverage; exact losses."""

from __future__ import annotations

import numpy as np
import pytest

from dosa.dataset import Dataset
from dosa.graph.build import DatasetGraph
from dosa.graph.chokepoints import eu_leverage, minimum_cuts, rank_chokepoints
from dosa.graph.losses import single_failure_losses
from dosa.graph.model import GraphBuilder, NodeKind
from dosa.graph.propagate import propagate
from dosa.graph.synthetic import synthetic_graph


def _planted() -> GraphBuilder:
    """Two vital processes fed by redundant suppliers, except one component only 'niche' makes."""
    b = GraphBuilder()
    for name in ("ore_a", "ore_b", "niche", "part", "service_a", "service_b"):
        b.add_node(NodeKind.SUBJECT, name)
    for vp in ("vp1", "vp2"):
        b.add_node(NodeKind.VITAL_PROCESS, vp)
    g = b.add_group("subject:part", "alternatives:ore")
    b.add_member(g, "subject:ore_a", 1.0)
    b.add_member(g, "subject:ore_b", 1.0)
    b.add_input("subject:part", "subject:niche")
    for service in ("service_a", "service_b"):
        b.add_input(f"subject:{service}", "subject:part")
    for vp in ("vp1", "vp2"):
        g = b.add_group(f"vital_process:{vp}", "alternatives:service")
        b.add_member(g, "subject:service_a", 1.0)
        b.add_member(g, "subject:service_b", 1.0)
    return b


def test_the_planted_single_point_of_failure_ranks_first() -> None:
    graph = _planted().build()
    ranked = rank_chokepoints(graph)
    by_key = {c.key: c for c in ranked}
    assert ranked[0].key in {"subject:niche", "subject:part"}
    niche = by_key["subject:niche"]
    assert niche.single_point_for == ("vp1", "vp2")
    assert niche.loss == pytest.approx(2.0)
    assert niche.small_party, "one direct consumer, yet it stops two processes"
    # Redundant inputs are no single point of failure.
    assert "subject:ore_a" not in by_key
    assert "subject:service_a" not in by_key


def test_minimum_cuts_are_verified_and_smallest_on_a_tree() -> None:
    graph = _planted().build()
    cuts = {c.process: c for c in minimum_cuts(graph)}
    assert cuts["vp1"].keys in {("subject:niche",), ("subject:part",)}
    assert cuts["vp1"].remaining == pytest.approx(0.0)


def test_without_the_niche_component_a_cut_needs_two_nodes() -> None:
    b = GraphBuilder()
    for name in ("ore_a", "ore_b", "part"):
        b.add_node(NodeKind.SUBJECT, name)
    b.add_node(NodeKind.VITAL_PROCESS, "vp1")
    g = b.add_group("subject:part", "alternatives:ore")
    b.add_member(g, "subject:ore_a", 1.0)
    b.add_member(g, "subject:ore_b", 1.0)
    b.add_input("vital_process:vp1", "subject:part", 0.4)  # losing part costs vp1 only 40 %
    cut = minimum_cuts(b.build())[0]
    assert cut.nodes == (), "no failure brings vp1 to 50 %"
    assert cut.remaining is None, "no failure brings vp1 to 50 %"
    b.add_input("vital_process:vp1", "subject:ore_a", 1.0)
    cut = minimum_cuts(b.build())[0]
    assert cut.nodes == ("ore_a",)


def test_sparse_single_failure_losses_equal_full_propagation() -> None:
    synthetic = synthetic_graph(2500, seed=7)
    graph = synthetic.graph
    candidates = np.arange(graph.n)
    losses = single_failure_losses(graph, candidates, synthetic.processes)
    own = np.ones((graph.n, graph.n))
    own[candidates, candidates] = 0.0
    full = 1 - propagate(graph, own)[synthetic.processes].T
    assert np.allclose(losses, full, atol=1e-6)


def test_chokepoints_of_the_hand_made_stack(stack: Dataset, stack_graph: DatasetGraph) -> None:
    ranked = {c.key: c for c in rank_chokepoints(stack_graph.graph)}
    assert ranked["subject:gnss"].single_point_for == ("vp09",)
    assert ranked["supplier:asml"].single_point_for == ("vp24",)  # EUV -> chips -> cloud -> base registers
    assert ranked["supplier:asml"].small_party
    assert ranked["subject:cables"].single_point_for == ("vp07",)
    # Office can run on cloud or own servers: losing office software halves vp24 (medium reliance).
    assert not ranked["subject:office"].single_point_for


def test_eu_leverage_finds_euv(stack: Dataset, stack_graph: DatasetGraph) -> None:
    leverage = eu_leverage(stack_graph, stack)
    assert [(x.holder, x.subject, x.share) for x in leverage] == [("asml", "euv", 100.0)]
    assert leverage[0].dependent_subjects == 4  # chips, onprem, cloud, office


def test_default_dataset_chokepoints_include_euv_and_asml(default: Dataset, default_graph: DatasetGraph) -> None:
    ranked = {c.key: c for c in rank_chokepoints(default_graph.graph)}
    assert ranked["supplier:asml"].single_point_for
    assert ranked["supplier:asml"].small_party
    leverage = eu_leverage(default_graph, default)
    assert ("asml", "euv_lithography") in {(x.holder, x.subject) for x in leverage}
    for cut in minimum_cuts(default_graph.graph):
        if cut.nodes:
            assert cut.remaining is not None
            assert cut.remaining <= 0.5
