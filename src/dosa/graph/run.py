# SPDX-License-Identifier: EUPL-1.2
"""Run a scenario on the dataset's stack graph: what remains of every subject, process and interest.

Two answers per node: **remaining**, the supply left while every disruption is in force (stocks
used up, nothing substituted yet), and the **timeline** over the scenario's horizon, day by day,
with stocks bridging the first days and substitution bringing supply back after its lead time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from dosa.dataset.model import Dataset
from dosa.dataset.problems import ValidationReport
from dosa.graph.build import DatasetGraph, SupplyBasis
from dosa.graph.errors import ScenarioError
from dosa.graph.model import DEPENDANT_KINDS, NodeKind, StackGraph, node_key
from dosa.graph.propagate import EdgeCuts, Matrix, propagate
from dosa.graph.scenario import Disruption, Scenario
from dosa.model.entities import RequiresEdge, Share
from dosa.model.vocab import JudgementKind, LayerId

EPS = 1e-9
MAX_TIMELINE_CELLS = 60_000_000
"""Nodes x days above which the day-by-day timeline is not computed (about 480 MB of floats)."""


@dataclass(frozen=True)
class Cut:
    """One effect of a disruption: a node's own output or one share edge, reduced by ``fraction``."""

    disruption: str
    target: Literal["own", "member"]
    position: int
    """Node index (``own``) or position in the graph's sorted member arrays (``member``)."""
    subject: int
    """Node whose supply is cut: substitution and stocks of this subject apply."""
    fraction: float
    holder: str | None = None
    share: Share | None = None


@dataclass(frozen=True)
class Recovery:
    """Substitution that applies to one subject, with where it comes from."""

    lead_time_days: int
    recovers: float
    basis: str


@dataclass(frozen=True)
class NodeImpact:
    key: str
    kind: NodeKind
    ref: str
    name: str
    layer: str | None
    remaining: float
    """Fraction of normal supply left while every disruption is in force."""
    lowest: float | None
    """Lowest fraction over the horizon (stocks and substitution counted); ``None`` without timeline."""
    short_from_day: int | None
    """First day supply falls short; ``None`` if it never does within the horizon."""
    lowest_day: int | None
    recovered_day: int | None
    """First day after the shortfall on which supply is whole again."""
    at_horizon: float | None
    limited_by: str
    """What binds: the disrupted share, the missing input or the exhausted alternatives."""

    @property
    def hit(self) -> bool:
        return self.remaining < 1 - EPS or (self.lowest is not None and self.lowest < 1 - EPS)


MEANING = "supply remaining: the share of a node's normal supply still there (100 % = undisturbed)"
"""What every percentage of a scenario result means; the faces say it next to the figures."""


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    dataset_label: str
    impacts: tuple[NodeImpact, ...]
    cuts: tuple[Cut, ...]
    recoveries: dict[str, Recovery] = field(default_factory=dict)
    stocks: dict[str, float] = field(default_factory=dict)
    unsourced: tuple[RequiresEdge, ...] = ()
    """Requires-edges that pass this scenario's loss on without a sourced intensity: at full weight (no
    intensity) or at a labelled judgement. The result is only as good as these; the faces name them."""

    @property
    def full_weight(self) -> tuple[RequiresEdge, ...]:
        """Edges the loss crosses at full weight because no intensity is known."""
        return tuple(e for e in self.unsourced if e.intensity is None)

    @property
    def judged(self) -> tuple[RequiresEdge, ...]:
        """Edges the loss crosses at an intensity that is a labelled judgement, not a sourced figure."""
        return tuple(e for e in self.unsourced if e.intensity is not None)

    @property
    def caveat(self) -> str:
        """The caveat in English words (the CLI); the report builds its own from the same edges."""
        parts = []
        if self.full_weight:
            parts.append(
                "at full weight, as no intensity is known: "
                + ", ".join(f"{e.subject} needs {e.requires}" for e in self.full_weight)
            )
        if self.judged:
            parts.append(
                "at a judged (not sourced) intensity through "
                + ", ".join(f"{e.subject} needs {e.requires} ({e.intensity:.0%})" for e in self.judged)
            )
        return ("The loss passes on " + "; ".join(parts) + ".") if parts else ""

    def hit(self) -> list[NodeImpact]:
        return [impact for impact in self.impacts if impact.hit]

    def impact(self, kind: NodeKind, ref: str) -> NodeImpact:
        key = node_key(kind, ref)
        for impact in self.impacts:
            if impact.key == key:
                return impact
        raise KeyError(key)


def _matches(item: Disruption, share: Share, basis: SupplyBasis, parents: dict[str, str | None]) -> bool:
    if item.subjects and basis.subject not in item.subjects:
        return False
    if item.stages and basis.stage not in item.stages:
        return False
    holder = share.holder
    if holder in item.holders:
        return True
    if share.holder_kind == "country" and holder in item.countries:
        return True
    # Companies, groups and regions count for the country the dataset gives them (a company's HQ).
    if share.holder_country is not None and share.holder_country in item.countries:
        return True
    return share.holder_kind == "company" and (holder in item.suppliers or parents.get(holder) in item.suppliers)


def compile_cuts(dgraph: DatasetGraph, dataset: Dataset, scenario: Scenario, label: str) -> list[Cut]:
    """Turn each disruption into cuts on the graph; a disruption that reaches nothing is an error."""
    graph = dgraph.graph
    parents = {sid: s.ultimate_parent for sid, s in dataset.suppliers.items()}
    report = ValidationReport()
    cuts: list[Cut] = []
    for i, item in enumerate(scenario.disruptions):
        found: list[Cut] = []
        if item.cuts_holders:
            for position in range(len(graph.m_src)):
                member = graph.member(position)
                group = graph.group(int(graph.m_grp[position]))
                if not isinstance(member.info, Share) or not isinstance(group.info, SupplyBasis):
                    continue
                if _matches(item, member.info, group.info, parents):
                    found.append(
                        Cut(
                            item.id,
                            "member",
                            position,
                            group.dst,
                            item.fraction,
                            graph.key_of(member.src),
                            member.info,
                        )
                    )
            what = "no share in the supply the graph uses is held by " + ", ".join(
                [*item.countries, *item.suppliers, *item.holders]
            )
            if item.subjects:
                what += f" for {', '.join(item.subjects)}"
        else:
            for subject in item.subjects:
                index = graph.index.get(node_key(NodeKind.SUBJECT, subject))
                if index is not None:
                    found.append(Cut(item.id, "own", index, index, item.fraction))
            what = "none of its subjects is in the graph"
        if not found:
            report.add(
                label,
                None,
                f"disruptions[{i}]",
                f"disruption '{item.id}' reaches nothing: {what}",
                "check the ids and stages against 'dosa show SUBJECT' (shares used: see 'dosa scenario run --all')",
            )
        cuts.extend(found)
    if not report.ok:
        raise ScenarioError(report, label)
    return cuts


def recoveries(dataset: Dataset, scenario: Scenario, graph: StackGraph) -> dict[int, Recovery]:
    """Substitution per subject node: the scenario's own, else the dataset's judgements if allowed."""
    found: dict[int, Recovery] = {}
    if scenario.use_judgements:
        lead: dict[str, tuple[float, str]] = {}
        share: dict[str, tuple[float, str]] = {}
        for judgement in sorted(dataset.judgements.values(), key=lambda j: j.id):
            middle = (judgement.low + judgement.high) / 2
            if judgement.kind is JudgementKind.TIME_TO_SUBSTITUTE and judgement.unit == "years":
                lead.setdefault(judgement.subject, (middle, judgement.id))
            elif judgement.kind is JudgementKind.SUBSTITUTABILITY and judgement.unit == "score_0_1":
                share.setdefault(judgement.subject, (middle, judgement.id))
        for subject in sorted(set(lead) & set(share)):
            index = graph.index.get(node_key(NodeKind.SUBJECT, subject))
            if index is not None:
                years, lead_id = lead[subject]
                score, score_id = share[subject]
                found[index] = Recovery(
                    max(1, round(years * 365)), score, f"judgements {lead_id} (time) and {score_id} (substitutability)"
                )
    for rule in scenario.substitution:
        index = graph.index.get(node_key(NodeKind.SUBJECT, rule.subject))
        if index is not None:
            found[index] = Recovery(rule.lead_time_days, rule.recovers, "scenario")
    return found


def _cut_arrays(
    graph: StackGraph, cuts: Sequence[Cut], days: int, fractions: npt.NDArray[np.float64]
) -> tuple[Matrix, EdgeCuts]:
    """Own availability (nodes x columns) and member edge factors from per-cut fractions (cuts x columns)."""
    own = np.ones((graph.n, days))
    by_member: dict[int, npt.NDArray[np.float64]] = {}
    for cut, fraction in zip(cuts, fractions, strict=True):
        if cut.target == "own":
            own[cut.position] *= 1 - fraction
        else:
            by_member[cut.position] = by_member.get(cut.position, np.ones(days)) * (1 - fraction)
    positions = np.array(sorted(by_member), dtype=np.int64)
    factors = np.array([by_member[p] for p in positions]) if len(positions) else np.ones((0, days))
    return own, EdgeCuts(positions, factors)


def run_scenario(
    dgraph: DatasetGraph, dataset: Dataset, scenario: Scenario, label: str | None = None
) -> ScenarioResult:
    """Propagate ``scenario`` through the graph and explain what it does to every node."""
    graph = dgraph.graph
    cuts = compile_cuts(dgraph, dataset, scenario, label or scenario.name)
    steady = np.array([[c.fraction] for c in cuts]).reshape(len(cuts), 1)
    own, member_cuts = _cut_arrays(graph, cuts, 1, steady)
    static = propagate(graph, own, member_cuts=member_cuts)[:, 0]

    rules = recoveries(dataset, scenario, graph)
    stock_days: dict[int, float] = {}
    for stock in scenario.stocks:
        index = graph.index.get(node_key(NodeKind.SUBJECT, stock.subject))
        if index is not None:
            stock_days[index] = stock_days.get(index, 0.0) + stock.days
    horizon = scenario.horizon_days
    timeline: Matrix | None = None
    if graph.n * horizon <= MAX_TIMELINE_CELLS:
        timeline = _timeline(graph, scenario, cuts, rules, stock_days)

    impacts = []
    layer_order = {layer.value: i for i, layer in enumerate(LayerId)}
    for i, node in enumerate(graph.nodes):
        if node.kind not in (NodeKind.SUBJECT, NodeKind.COMPONENT) and node.kind not in DEPENDANT_KINDS:
            continue
        row = timeline[i] if timeline is not None else None
        impacts.append(_impact(graph, i, float(static[i]), row, static, own[:, 0], member_cuts, cuts))
    kind_order = {NodeKind.SUBJECT: 0, NodeKind.COMPONENT: 0, NodeKind.VITAL_PROCESS: 1, NodeKind.PUBLIC_INTEREST: 2}
    impacts.sort(key=lambda x: (kind_order[x.kind], layer_order.get(x.layer or "", 99), x.remaining, x.key))
    return ScenarioResult(
        scenario,
        dgraph.dataset_label,
        tuple(impacts),
        tuple(cuts),
        {graph.nodes[i].ref: rule for i, rule in rules.items() if any(c.subject == i for c in cuts)},
        {graph.nodes[i].ref: days for i, days in stock_days.items()},
        unsourced_edges(graph, static if timeline is None else np.minimum(static, timeline.min(axis=1))),
    )


def unsourced_edges(graph: StackGraph, availability: npt.NDArray[np.float64]) -> tuple[RequiresEdge, ...]:
    """Requires-edges (inputs and alternatives) whose input lost supply and whose intensity is not sourced."""
    found: dict[tuple[str, str], RequiresEdge] = {}
    infos: list[object] = []
    for position in np.flatnonzero(availability[graph.a_src] < 1 - EPS).tolist():
        infos.append(graph.input_edge(position).info)
    for position in np.flatnonzero(availability[graph.m_src] < 1 - EPS).tolist():
        infos.append(graph.member(position).info)
    for info in infos:
        if isinstance(info, RequiresEdge) and not info.sourced_intensity:
            found[(info.subject, info.requires)] = info
    return tuple(found[key] for key in sorted(found))


def _timeline(
    graph: StackGraph,
    scenario: Scenario,
    cuts: Sequence[Cut],
    rules: dict[int, Recovery],
    stock_days: dict[int, float],
) -> Matrix:
    """Availability of every node on every day of the horizon."""
    horizon = scenario.horizon_days
    day = np.arange(horizon)
    by_id = {item.id: item for item in scenario.disruptions}
    fractions = np.zeros((len(cuts), horizon))
    for k, cut in enumerate(cuts):
        item = by_id[cut.disruption]
        end = horizon if item.duration_days is None else item.start_day + item.duration_days
        active = (day >= item.start_day) & (day < end)
        fraction = np.where(active, cut.fraction, 0.0)
        rule = rules.get(cut.subject)
        if rule is not None:
            fraction = np.where(day >= item.start_day + rule.lead_time_days, fraction * (1 - rule.recovers), fraction)
        fractions[k] = fraction
    own, member_cuts = _cut_arrays(graph, cuts, horizon, fractions)
    stocked = defaultdict(list)
    for index, days in stock_days.items():
        stocked[int(graph.level[index])].append((index, days))

    def use_stocks(level: int, a: Matrix) -> None:
        for index, days in stocked.get(level, ()):
            supply = a[index]
            used_before = np.concatenate([[0.0], np.cumsum(1 - supply)[:-1]])
            a[index] = np.minimum(1.0, supply + np.maximum(0.0, days - used_before))

    return propagate(graph, own, member_cuts=member_cuts, after_level=use_stocks if stocked else None)


def _impact(
    graph: StackGraph,
    i: int,
    remaining: float,
    row: npt.NDArray[np.float64] | None,
    a: npt.NDArray[np.float64],
    own: npt.NDArray[np.float64],
    member_cuts: EdgeCuts,
    cuts: Sequence[Cut],
) -> NodeImpact:
    node = graph.nodes[i]
    lowest = short = lowest_day = recovered = end = None
    if row is not None:
        lowest_day = int(np.argmin(row))
        lowest = float(row[lowest_day])
        end = float(row[-1])
        below = np.flatnonzero(row < 1 - EPS)
        if below.size:
            short = int(below[0])
            whole = np.flatnonzero(row[short:] >= 1 - EPS)
            recovered = short + int(whole[0]) if whole.size else None
        else:
            lowest_day = None
    reason = explain(graph, i, a, own, member_cuts, cuts) if remaining < 1 - EPS else ""
    return NodeImpact(
        node.key,
        node.kind,
        node.ref,
        node.name,
        node.layer,
        remaining,
        lowest,
        short,
        lowest_day,
        recovered,
        end,
        reason,
    )


def _pct(value: float) -> str:
    return f"{value * 100:.0f} %" if value >= 0.01 or value == 0 else f"{value * 100:.1f} %"


def explain(
    graph: StackGraph,
    i: int,
    a: npt.NDArray[np.float64],
    own: npt.NDArray[np.float64],
    member_cuts: EdgeCuts,
    cuts: Sequence[Cut],
) -> str:
    """Say what limits node ``i``: its own cut, an all-needed input, or a group of supply."""
    options: list[tuple[float, str]] = []
    if own[i] < 1 - EPS:
        names = sorted({c.disruption for c in cuts if c.target == "own" and c.position == i})
        options.append((float(own[i]), f"own output cut to {_pct(float(own[i]))} by {', '.join(names)}"))
    factor = dict(zip(member_cuts.positions.tolist(), member_cuts.factors[:, 0].tolist(), strict=True))
    for p in graph.inputs_of(i):
        src = int(graph.a_src[p])
        limit = 1 - float(graph.a_w[p]) * (1 - a[src])
        if limit < 1 - EPS:
            weight = float(graph.a_w[p])
            share = f", {weight:.0%} of output depends on it" if weight < 1 else ""
            options.append((limit, f"needs {graph.nodes[src].ref} ({_pct(a[src])} of its supply remaining{share})"))
    for g in graph.groups_of(i):
        group = graph.group(g)
        members = graph.members_of(g)
        supplied = sum(float(graph.m_cap[p]) * a[int(graph.m_src[p])] * factor.get(p, 1.0) for p in members)
        value = min(1.0, float(graph.g_const[g]) + supplied) / float(graph.g_norm[g])
        if value >= 1 - EPS:
            continue
        lost = []
        for p in members:
            left = a[int(graph.m_src[p])] * factor.get(p, 1.0)
            if left < 1 - EPS:
                by = sorted({c.disruption for c in cuts if c.target == "member" and c.position == p})
                source = graph.nodes[int(graph.m_src[p])].ref
                lost.append(
                    f"{source} {float(graph.m_cap[p]) * 100:g} %→{_pct(left * float(graph.m_cap[p]))}"
                    + (f" ({', '.join(by)})" if by else "")
                )
        kind, _, name = group.label.partition(":")
        head = f"{name} stage" if kind == "stage" else f"alternatives '{name}'"
        options.append((value, f"{head} at {_pct(value)}: " + "; ".join(lost)))
    if not options:
        return ""
    low = min(v for v, _ in options)
    return " | ".join(text for v, text in sorted(options) if v <= low + 1e-6)
