# SPDX-License-Identifier: EUPL-1.2
"""``dosa scenario …`` and ``dosa chokepoints``: parse options, call :mod:`dosa.graph`, render."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from dosa.cli.context import state
from dosa.cli.options import FormatOption, OutputOption, resolve_format
from dosa.cli.output import Column, OutputFormat, emit
from dosa.dataset.problems import ValidationReport
from dosa.errors import InputError
from dosa.graph.build import DatasetGraph, graph_from_dataset
from dosa.graph.chokepoints import eu_leverage, minimum_cuts, rank_chokepoints
from dosa.graph.losses import Progress as ProgressCallback
from dosa.graph.montecarlo import scenario_events, simulate
from dosa.graph.run import MEANING, NodeImpact, run_scenario
from dosa.graph.scenario import load_scenario, parse_scenario, resolve_scenario, shipped_scenarios

scenario_app = typer.Typer(
    name="scenario",
    help="Disruption scenarios: list the shipped ones, check one, run it through the stack, or simulate it.",
    no_args_is_help=True,
)
err = Console(stderr=True)

ScenarioArgument = Annotated[str, typer.Argument(help="Name of a shipped scenario, or a scenario YAML file.")]


def _graph() -> DatasetGraph:
    return graph_from_dataset(state.dataset())


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


@contextmanager
def _progress(label: str) -> Iterator[ProgressCallback | None]:
    """A progress bar on stderr, only for a person watching (a terminal, and not --quiet)."""
    if state.quiet or not sys.stderr.isatty():
        yield None
        return
    with Progress(
        TextColumn(label), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeRemainingColumn(), console=err
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@scenario_app.command("list")
def list_command(fmt: FormatOption = OutputFormat.TABLE, output: OutputOption = None) -> None:
    """The scenarios shipped with dosa."""
    fmt = resolve_format(fmt, output)
    rows = []
    for name, path in shipped_scenarios().items():
        report = ValidationReport()
        scenario, _ = parse_scenario(path, report)
        if scenario is None:
            raise InputError(f"shipped scenario {name} is broken: {report.sorted()[0]}")
        rows.append(scenario)
    columns = [
        Column("name", lambda s: s.name, wrap=True),
        Column("title", lambda s: s.title, wrap=True),
        Column("disruptions", lambda s: len(s.disruptions)),
        Column("horizon_days", lambda s: s.horizon_days),
        Column("sources", lambda s: [source.id for source in s.sources], wrap=True),
    ]
    emit(rows, columns, fmt=fmt, output=output, title="Scenarios", version=state.dataset().info.label)


@scenario_app.command("show")
def show_command(
    scenario: ScenarioArgument, fmt: FormatOption = OutputFormat.TABLE, output: OutputOption = None
) -> None:
    """Check a scenario against the dataset and show its disruptions (every problem is listed)."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    loaded = load_scenario(scenario, dataset)
    if fmt is OutputFormat.JSON:
        text = json.dumps(
            {"dataset_version": dataset.info.label, **loaded.model_dump(mode="json")}, ensure_ascii=False, indent=2
        )
        if output is None:
            typer.echo(text)
        else:
            output.write_text(text + "\n", encoding="utf-8")
        return
    if fmt is OutputFormat.TABLE and output is None:
        console = Console()
        console.print(f"[bold]{loaded.title}[/] ({loaded.name}) · horizon {loaded.horizon_days} days")
        console.print(loaded.description)
        for passage in loaded.agenda:
            console.print(f"[dim]Agenda p. {passage.page}:[/] “{passage.quote}”")
        console.print(f"[dim]Sources:[/] {', '.join(s.id for s in loaded.sources)}")
    if fmt is OutputFormat.TABLE:
        columns = [
            Column("id", lambda d: d.id, wrap=True),
            Column("cuts", lambda d: [*d.countries, *d.suppliers, *d.holders] or "the subjects' own output", wrap=True),
            Column("subjects", lambda d: d.subjects, wrap=True),
            Column("fraction", lambda d: d.fraction),
            Column(
                "days", lambda d: f"{d.start_day}–{'' if d.duration_days is None else d.start_day + d.duration_days}"
            ),
            Column("source", lambda d: d.source, wrap=True),
            Column("rationale", lambda d: d.rationale, wrap=True),
        ]
    else:
        columns = [
            Column("id", lambda d: d.id),
            Column("countries", lambda d: d.countries),
            Column("suppliers", lambda d: d.suppliers),
            Column("holders", lambda d: d.holders),
            Column("subjects", lambda d: d.subjects),
            Column("stages", lambda d: d.stages),
            Column("fraction", lambda d: d.fraction),
            Column("start_day", lambda d: d.start_day),
            Column("duration_days", lambda d: d.duration_days),
            Column("probability", lambda d: d.probability),
            Column("source", lambda d: d.source),
            Column("description", lambda d: d.description),
            Column("rationale", lambda d: d.rationale),
        ]
    emit(list(loaded.disruptions), columns, fmt=fmt, output=output, title="Disruptions", version=dataset.info.label)


@scenario_app.command("run")
def run_command(
    scenario: ScenarioArgument,
    every: Annotated[
        bool, typer.Option("--all", help="List every subject, process and interest, not only those hit.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Propagate a scenario layer by layer: what remains of each subject, vital process and public interest."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    path = resolve_scenario(scenario)
    loaded = load_scenario(scenario, dataset)
    result = run_scenario(_graph(), dataset, loaded, path.name)
    rows = list(result.impacts) if every else result.hit()
    columns = [
        Column("layer", lambda i: i.layer or i.kind.value, wrap=True),
        Column("id", lambda i: i.ref, wrap=True),
        Column("name", lambda i: i.name, wrap=True),
        Column("remaining_pct", lambda i: _pct(i.remaining), label_en="supply remaining %"),
        Column("lowest_pct", lambda i: _pct(i.lowest), label_en="lowest supply remaining %"),
        Column("short_from_day", lambda i: i.short_from_day, label_en="short from day"),
        Column("recovered_day", lambda i: i.recovered_day, label_en="whole again day"),
        Column("limited_by", lambda i: i.limited_by, wrap=True),
    ]
    if fmt is not OutputFormat.TABLE:
        columns.insert(1, Column("kind", lambda i: i.kind.value))
        columns.append(Column("at_horizon_pct", lambda i: _pct(i.at_horizon)))
        columns.append(
            Column(
                "inputs_without_sourced_intensity",
                lambda i: [e.requires for e in result.unsourced if e.subject == i.ref],
            )
        )
    if fmt is OutputFormat.TABLE and output is None:
        console = Console()
        console.print(f"[bold]{loaded.title}[/] · horizon {loaded.horizon_days} days · dataset {result.dataset_label}")
        for name, rule in sorted(result.recoveries.items()):
            console.print(
                f"[dim]Substitution: {name} recovers {rule.recovers:.0%} of lost supply after "
                f"{rule.lead_time_days} days ({rule.basis})[/]"
            )
    emit(rows, columns, fmt=fmt, output=output, title=f"Scenario {loaded.name}", version=result.dataset_label)
    if not state.quiet:
        processes = [i for i in result.hit() if i.kind.value == "vital_process"]
        err.print(_summary(processes, len(result.hit())))
        err.print(f"Percentages are {MEANING}.")
        if result.caveat:
            err.print(f"Caveat: {result.caveat}")


def _summary(processes: list[NodeImpact], hit: int) -> str:
    if not processes:
        return f"{hit} node(s) hit; no vital process loses supply."
    worst = min(processes, key=lambda i: i.remaining)
    return (
        f"{hit} node(s) hit; {len(processes)} vital process(es) lose supply, worst {worst.ref} "
        f"({worst.name}) with {worst.remaining:.0%} of its supply remaining."
    )


@scenario_app.command("simulate")
def simulate_command(
    scenario: ScenarioArgument,
    runs: Annotated[int, typer.Option("--runs", "-n", min=1, help="Number of Monte Carlo trials.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random generator (same seed, same result).")] = 0,
    probability: Annotated[
        float | None,
        typer.Option(
            "--probability", min=0.0, max=1.0, help="Probability for disruptions that give none (your assumption)."
        ),
    ] = None,
    correlated: Annotated[
        bool,
        typer.Option("--correlated", help="Disruptions of the same country happen together (one draw per country)."),
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Monte Carlo over the scenario's disruption probabilities: availability per vital process."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    path = resolve_scenario(scenario)
    loaded = load_scenario(scenario, dataset)
    dgraph = _graph()
    events = scenario_events(dgraph, dataset, loaded, probability, path.name)
    with _progress("Monte Carlo") as progress:
        result = simulate(dgraph.graph, events, runs=runs, seed=seed, correlated=correlated, progress=progress)
    columns = [
        Column("id", lambda d: d.ref, wrap=True),
        Column("name", lambda d: d.name, wrap=True),
        Column("mean_pct", lambda d: _pct(d.mean), label_en="mean %"),
        Column("p5_pct", lambda d: _pct(d.p5), label_en="P5 %"),
        Column("median_pct", lambda d: _pct(d.median), label_en="median %"),
        Column("p_below_50", lambda d: round(d.below_half, 4), label_en="P(< 50 %)"),
        Column("p_any_loss", lambda d: round(d.hit, 4), label_en="P(any loss)"),
    ]
    if fmt is not OutputFormat.TABLE:
        columns += [
            Column("runs", lambda d: runs),
            Column("seed", lambda d: seed),
            Column("correlated", lambda d: correlated),
        ]
    rows = sorted(result.distributions, key=lambda d: (d.mean, d.key))
    title = f"Monte Carlo {loaded.name} ({runs} runs, seed {seed})"
    emit(rows, columns, fmt=fmt, output=output, title=title, version=dgraph.dataset_label)


class View(StrEnum):
    RANKING = "ranking"
    CUTS = "cuts"
    LEVERAGE = "leverage"


def chokepoints_command(
    view: Annotated[
        View, typer.Option("--view", help="ranking: nodes by supply lost; cuts: per vital process; leverage: EU's own.")
    ] = View.RANKING,
    top: Annotated[int, typer.Option("--top", min=0, help="Show this many (0: all).")] = 25,
    threshold: Annotated[
        float,
        typer.Option("--threshold", min=0.0, max=1.0, help="A process counts as critically hit at or below this."),
    ] = 0.5,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Chokepoints: the nodes whose loss removes most supply from vital processes, and why."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    dgraph = _graph()
    version = dgraph.dataset_label
    if view is View.RANKING:
        with _progress("Chokepoints") as progress:
            ranked = rank_chokepoints(dgraph.graph, threshold=threshold, progress=progress)
        columns = [
            Column("rank", lambda r: r[0]),
            Column("kind", lambda r: r[1].kind.value),
            Column("id", lambda r: r[1].ref, wrap=True),
            Column("name", lambda r: r[1].name, wrap=True),
            Column("layer", lambda r: r[1].layer, wrap=True),
            Column("loss", lambda r: round(r[1].loss, 3), label_en="processes lost"),
            Column("processes_hit", lambda r: r[1].processes_hit, label_en="processes hit"),
            Column(
                "single_point_for", lambda r: r[1].single_point_for, label_en="single point of failure for", wrap=True
            ),
            Column("critical_for", lambda r: r[1].critical_for, wrap=True),
            Column("consumers", lambda r: r[1].consumers),
            Column("small_party", lambda r: "yes" if r[1].small_party else "", label_en="small party, key position"),
        ]
        numbered = list(enumerate(ranked, start=1))
        rows = numbered[:top] if top else numbered
        emit(rows, columns, fmt=fmt, output=output, title="Chokepoints", version=version)
    elif view is View.CUTS:
        cuts = minimum_cuts(dgraph.graph, threshold=threshold)
        names = {p.id: p.name_en for p in dataset.vital_processes.values()}
        columns = [
            Column("process", lambda c: c.process),
            Column("name", lambda c: names.get(c.process, "")),
            Column("size", lambda c: len(c.nodes) or None),
            Column("cut", lambda c: c.keys, wrap=True),
            Column("remaining_pct", lambda c: _pct(c.remaining), label_en="supply remaining %"),
        ]
        by_size = sorted(cuts, key=lambda c: (len(c.nodes) or 99, c.process))
        emit(by_size[:top] if top else by_size, columns, fmt=fmt, output=output, title="Minimum cuts", version=version)
    else:
        leverage = eu_leverage(dgraph, dataset)
        columns = [
            Column("holder", lambda x: x.holder),
            Column("name", lambda x: x.holder_name),
            Column("subject", lambda x: x.subject),
            Column("stage", lambda x: x.stage),
            Column("share_pct", lambda x: x.share, label_en="share %"),
            Column("dependent_subjects", lambda x: x.dependent_subjects, label_en="subjects depending"),
            Column("dependent_processes", lambda x: x.dependent_processes, label_en="processes depending"),
            Column("source", lambda x: x.source),
        ]
        emit(leverage[:top] if top else leverage, columns, fmt=fmt, output=output, title="EU leverage", version=version)


__all__ = ["chokepoints_command", "scenario_app"]
