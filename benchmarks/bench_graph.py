#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of the stack graph next to a straightforward networkx implementation, in one run.

    PYTHONPATH=src python3 benchmarks/bench_graph.py                      # 10k, 100k, 1M nodes
    PYTHONPATH=src python3 benchmarks/bench_graph.py --sizes 10000,100000

For every size a synthetic stack-like graph (about five edges per node, see dosa.graph.synthetic)
is built once by dosa and once as a networkx DiGraph, each in its own process so that peak memory
is measured separately. Both compute the same things with the same rules:

* build: compile the graph (dosa) / add the nodes and edges with their attributes (networkx);
* propagation: one scenario (the two largest supplier countries stop exporting), every node;
* chokepoints: every node upstream of a vital process fails alone, loss summed over the processes;
* Monte Carlo: trials in which each country (p = 0.02) and supplier (p = 0.01) may fail.

The networkx baseline walks the graph in topological order in Python. Its chokepoint ranking and
Monte Carlo would take hours or days on the larger graphs, so they are timed on a sample of
candidates or trials and extrapolated; the output says so. The vital processes' availabilities of
both implementations are compared, so the figures are for the same answer. The default dataset is
timed too (dosa only). Figures go to stdout as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from dosa.graph.chokepoints import default_candidates, rank_chokepoints
from dosa.graph.model import StackGraph
from dosa.graph.montecarlo import RandomEvent, simulate
from dosa.graph.propagate import propagate_one
from dosa.graph.synthetic import synthetic_parts

SEED = 11


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _best(fn: Any, repeat: int = 3) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def _scenario_own(graph: StackGraph, countries: np.ndarray) -> np.ndarray:
    own = np.ones(graph.n)
    own[countries[:2]] = 0.0
    return own


def _events(countries: np.ndarray, suppliers: np.ndarray) -> list[RandomEvent]:
    events = [RandomEvent(f"c{i}", 0.02, ((int(c), 1.0),)) for i, c in enumerate(countries)]
    events += [RandomEvent(f"s{i}", 0.01, ((int(s), 1.0),)) for i, s in enumerate(suppliers)]
    return events


# --- dosa ----------------------------------------------------------------------------------------
def worker_dosa(size: int, runs: int, chokepoints: bool) -> dict[str, Any]:
    parts = synthetic_parts(size, seed=SEED)
    start = time.perf_counter()
    synthetic = parts.build()
    build = time.perf_counter() - start
    graph = synthetic.graph
    own = _scenario_own(graph, synthetic.countries)
    propagation, a = _best(lambda: propagate_one(graph, own))
    out: dict[str, Any] = {
        "nodes": graph.n,
        "edges": graph.n_edges,
        "depth": graph.depth,
        "build_s": build,
        "propagate_s": propagation,
        "processes": [float(x) for x in a[synthetic.processes]],
        "candidates": len(default_candidates(graph, synthetic.processes)),
    }
    if chokepoints:
        start = time.perf_counter()
        ranked = rank_chokepoints(graph)
        out["chokepoints_s"] = time.perf_counter() - start
        out["top_chokepoint"] = ranked[0].key if ranked else None
    start = time.perf_counter()
    result = simulate(graph, _events(synthetic.countries, synthetic.suppliers), runs=runs, seed=1)
    out["mc_runs"] = runs
    out["mc_s"] = time.perf_counter() - start
    out["mc_mean_vp0"] = result.distributions[0].mean
    out["peak_mb"] = _peak_mb()
    return out


# --- networkx baseline ---------------------------------------------------------------------------
def _to_networkx(graph: StackGraph) -> Any:
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(range(graph.n))
    g.add_edges_from(
        (int(s), int(d), {"w": float(w)}) for s, d, w in zip(graph.a_src, graph.a_dst, graph.a_w, strict=True)
    )
    g.add_edges_from(
        (int(s), int(graph.g_dst[k]), {"group": int(k), "cap": float(c)})
        for s, k, c in zip(graph.m_src, graph.m_grp, graph.m_cap, strict=True)
    )
    g.graph["constant"] = graph.g_const.tolist()
    return g


def networkx_propagate(g: Any, order: list[int], own: dict[int, float]) -> dict[int, float]:
    """Availability of every node: all-needed inputs by their weight, groups up to capacity."""
    constant = g.graph["constant"]
    a: dict[int, float] = {}
    for v in order:
        value = own.get(v, 1.0)
        supplied: dict[int, float] = {}
        capacity: dict[int, float] = {}
        for u, data in g.pred[v].items():
            if "w" in data:
                value = min(value, 1 - data["w"] * (1 - a[u]))
            else:
                k = data["group"]
                supplied[k] = supplied.get(k, 0.0) + data["cap"] * a[u]
                capacity[k] = capacity.get(k, 0.0) + data["cap"]
        for k, got in supplied.items():
            full = min(1.0, constant[k] + capacity[k])
            value = min(value, min(1.0, constant[k] + got) / full)
        a[v] = value
    return a


def worker_networkx(size: int, chokepoint_sample: int, mc_sample: int) -> dict[str, Any]:
    import networkx as nx

    synthetic = synthetic_parts(size, seed=SEED).build()
    graph = synthetic.graph
    start = time.perf_counter()
    g = _to_networkx(graph)
    order = list(nx.topological_sort(g))
    build = time.perf_counter() - start
    own = {int(c): 0.0 for c in synthetic.countries[:2]}
    start = time.perf_counter()
    a = networkx_propagate(g, order, own)
    propagation = time.perf_counter() - start
    candidates = default_candidates(graph, synthetic.processes)
    rng = np.random.default_rng(0)
    sample = rng.choice(candidates, size=min(chokepoint_sample, len(candidates)), replace=False)
    start = time.perf_counter()
    for c in sample:
        networkx_propagate(g, order, {int(c): 0.0})
    per_candidate = (time.perf_counter() - start) / len(sample)
    events = _events(synthetic.countries, synthetic.suppliers)
    start = time.perf_counter()
    for _ in range(mc_sample):
        fired = {node: 0.0 for e in events if rng.random() < e.probability for node, _ in e.nodes}
        networkx_propagate(g, order, fired)
    per_trial = (time.perf_counter() - start) / mc_sample
    return {
        "build_s": build,
        "propagate_s": propagation,
        "processes": [a[int(p)] for p in synthetic.processes],
        "chokepoints_s_extrapolated": per_candidate * len(candidates),
        "chokepoint_sample": len(sample),
        "mc_trial_s": per_trial,
        "mc_sample": mc_sample,
        "peak_mb": _peak_mb(),
    }


# --- default dataset -------------------------------------------------------------------------------
def default_dataset() -> dict[str, Any]:
    from dosa.dataset import load_dataset
    from dosa.graph.build import graph_from_dataset
    from dosa.graph.montecarlo import scenario_events
    from dosa.graph.run import run_scenario
    from dosa.graph.scenario import load_scenario, shipped_scenarios

    dataset = load_dataset()
    build, dgraph = _best(lambda: graph_from_dataset(dataset))
    runs = {}
    for name in shipped_scenarios():
        scenario = load_scenario(name, dataset)
        runs[name], _ = _best(lambda scenario=scenario: run_scenario(dgraph, dataset, scenario))
    chokepoints, _ = _best(lambda: rank_chokepoints(dgraph.graph))
    scenario = load_scenario("china-gallium-germanium-2023", dataset)
    events = scenario_events(dgraph, dataset, scenario, 0.1)
    mc, _ = _best(lambda: simulate(dgraph.graph, events, runs=10_000, seed=0), repeat=1)
    return {
        "label": dgraph.dataset_label,
        "nodes": dgraph.graph.n,
        "edges": dgraph.graph.n_edges,
        "build_s": build,
        "scenario_s": runs,
        "chokepoints_s": chokepoints,
        "mc_10000_s": mc,
    }


# --- driver ----------------------------------------------------------------------------------------
def _spawn(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True, env=dict(os.environ)
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        cpu = names[0] if names else cpu
    import networkx

    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = int(meminfo.read_text().split()[1]) / 1024 / 1024
        memory = f", {total:.0f} GiB RAM"
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, numpy {np.__version__}, networkx {networkx.__version__}"
    )


def _fmt(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 60:
        return f"{seconds / 60:.1f} min"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=10_000, help="Monte Carlo trials (1,000 at 1M nodes)")
    parser.add_argument("--chokepoints-max", type=int, default=100_000, help="largest graph to rank chokepoints on")
    parser.add_argument("--no-baseline", action="store_true", help="skip the networkx baseline")
    parser.add_argument("--worker", choices=["dosa", "networkx"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "dosa":
        print(json.dumps(worker_dosa(args.size, args.runs, args.size <= args.chokepoints_max)))
        return
    if args.worker == "networkx":
        print(json.dumps(worker_networkx(args.size, chokepoint_sample=10, mc_sample=5)))
        return

    print(f"Machine: {_machine()}\n")
    print("| nodes | edges | step | dosa | networkx baseline | speed-up |")
    print("|---:|---:|---|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        runs = args.runs if size <= 100_000 else min(args.runs, 1_000)
        ours = _spawn(
            "--worker", "dosa", "--size", str(size), "--runs", str(runs), "--chokepoints-max", str(args.chokepoints_max)
        )
        base = None if args.no_baseline else _spawn("--worker", "networkx", "--size", str(size))
        n, e = f"{ours['nodes']:,}", f"{ours['edges']:,}"

        def row(step: str, mine: float | None, theirs: float | None, note: str = "", n: str = n, e: str = e) -> None:
            mine_text = "—" if mine is None else _fmt(mine)
            theirs_text = "—" if theirs is None else _fmt(theirs) + note
            ratio = f"{theirs / mine:,.0f}×" if mine and theirs else ""
            print(f"| {n} | {e} | {step} | {mine_text} | {theirs_text} | {ratio} |")

        row("build", ours["build_s"], base and base["build_s"])
        row("one propagation", ours["propagate_s"], base and base["propagate_s"])
        if base:
            diff = max(abs(x - y) for x, y in zip(ours["processes"], base["processes"], strict=True))
            print(f"| {n} | {e} | same answer (max difference, vital processes) | {diff:.1e} | | |")
        row(
            f"chokepoint ranking ({ours['candidates']:,} candidates)",
            ours.get("chokepoints_s"),
            base and base["chokepoints_s_extrapolated"],
            f" (extrapolated from {base['chokepoint_sample']})" if base else "",
        )
        mc_ours = ours["mc_s"]
        mc_base = base and base["mc_trial_s"] * runs
        row(
            f"Monte Carlo, {runs:,} trials",
            mc_ours,
            mc_base,
            f" (extrapolated from {base['mc_sample']})" if base else "",
        )
        theirs_rate = f"{1 / base['mc_trial_s']:,.2f}" if base else "—"
        print(f"| {n} | {e} | Monte Carlo trials per second | {runs / mc_ours:,.0f} | {theirs_rate} | |")
        peak_theirs = f"{base['peak_mb']:,.0f} MB" if base else "—"
        print(f"| {n} | {e} | peak memory (whole process) | {ours['peak_mb']:,.0f} MB | {peak_theirs} | |")
        sys.stdout.flush()

    data = default_dataset()
    print(f"\nDefault dataset {data['label']}: {data['nodes']} nodes, {data['edges']} edges\n")
    print("| step | dosa |")
    print("|---|---:|")
    print(f"| build graph from the loaded dataset | {_fmt(data['build_s'])} |")
    for name, seconds in data["scenario_s"].items():
        print(f"| scenario run (with day-by-day timeline): {name} | {_fmt(seconds)} |")
    print(f"| chokepoint ranking | {_fmt(data['chokepoints_s'])} |")
    print(f"| Monte Carlo, 10,000 trials (china-gallium-germanium-2023, p = 0.1) | {_fmt(data['mc_10000_s'])} |")


if __name__ == "__main__":
    main()
