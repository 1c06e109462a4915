# SPDX-License-Identifier: EUPL-1.2
"""The stack graph: disruption scenarios, chokepoints and Monte Carlo, fast on large graphs.

``graph_from_dataset(dataset)`` builds the graph; ``run_scenario`` propagates a scenario and says
what remains of every subject, vital process and public interest and why; ``rank_chokepoints``,
``minimum_cuts`` and ``eu_leverage`` find the key positions; ``simulate`` gives each vital process
a distribution of availability. ``GraphBuilder`` takes nodes and edges from anywhere else too.
See docs/graph.md and docs/scenarios.md.
"""

from dosa.graph.build import DatasetGraph, SupplyBasis, graph_from_dataset
from dosa.graph.chokepoints import Chokepoint, Leverage, MinimumCut, eu_leverage, minimum_cuts, rank_chokepoints
from dosa.graph.errors import CycleError, ScenarioError
from dosa.graph.model import GraphBuilder, NodeKind, StackGraph
from dosa.graph.montecarlo import MonteCarloResult, OutcomeDistribution, RandomEvent, scenario_events, simulate
from dosa.graph.propagate import EdgeCuts, propagate, propagate_one
from dosa.graph.run import Limit, LimitMember, NodeImpact, ScenarioResult, run_scenario
from dosa.graph.scenario import Scenario, load_scenario, shipped_scenarios

__all__ = [
    "Chokepoint",
    "CycleError",
    "DatasetGraph",
    "EdgeCuts",
    "GraphBuilder",
    "Leverage",
    "Limit",
    "LimitMember",
    "MinimumCut",
    "MonteCarloResult",
    "NodeImpact",
    "NodeKind",
    "OutcomeDistribution",
    "RandomEvent",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "StackGraph",
    "SupplyBasis",
    "eu_leverage",
    "graph_from_dataset",
    "load_scenario",
    "minimum_cuts",
    "propagate",
    "propagate_one",
    "rank_chokepoints",
    "run_scenario",
    "scenario_events",
    "shipped_scenarios",
    "simulate",
]
