# SPDX-License-Identifier: EUPL-1.2
"""The report's and dashboard's view of the stack graph (:mod:`dosa.graph`): the shipped disruption
scenarios with what they do to vital processes and subjects, the chokepoints and the EU's leverage,
built on the graph's own API."""

from __future__ import annotations

from collections.abc import Sequence

from dosa.dataset.model import Dataset
from dosa.graph import (
    DatasetGraph,
    NodeImpact,
    Scenario,
    ScenarioError,
    ScenarioResult,
    eu_leverage,
    graph_from_dataset,
    load_scenario,
    rank_chokepoints,
    run_scenario,
    shipped_scenarios,
)
from dosa.graph.model import NodeKind
from dosa.i18n import Localizer
from dosa.model.entities import RequiresEdge
from dosa.report import charts
from dosa.report.citations import Bibliography
from dosa.report.content import Chart, Section, Table
from dosa.report.labels import N_

TOP_CHOKEPOINTS = 15
TOP_SUBJECTS = 12


def build_graph(dataset: Dataset) -> DatasetGraph:
    return graph_from_dataset(dataset)


def run_shipped(graph: DatasetGraph, dataset: Dataset) -> tuple[list[ScenarioResult], list[str]]:
    """Every shipped scenario run on the dataset, in name order, and the names of those that name
    something the dataset lacks (a user's own dataset need not hold every subject they cut)."""
    results, skipped = [], []
    for name in sorted(shipped_scenarios()):
        try:
            scenario = load_scenario(name, dataset)
        except ScenarioError:
            skipped.append(name)
            continue
        results.append(run_scenario(graph, dataset, scenario, name))
    return results, skipped


def _percent(value: float | None, loc: Localizer) -> str:
    return "–" if value is None else loc.percent(100 * value, qualifier="=")


def _day(value: int | None, loc: Localizer) -> str:
    return "–" if value is None else loc.gettext("day {day}").format(day=value)


def _sources(scenario: Scenario, dataset: Dataset, bib: Bibliography, loc: Localizer) -> str:
    lines = []
    for source in scenario.sources:
        if source.id in dataset.sources:
            from dosa.model.entities import Citation

            lines.append(bib.cite(Citation(source=source.id), loc))
        elif source.described:
            lines.append(f"{source.publisher}, {source.title}" + (f" ({source.year})" if source.year else ""))
    for passage in scenario.agenda:
        lines.append(loc.gettext("the agenda") + (f", {loc.gettext('p.')} {passage.page}" if passage.page else ""))
    return "; ".join(lines) or loc.gettext("the scenario file")


def scenario_section(result: ScenarioResult, dataset: Dataset, loc: Localizer, bib: Bibliography) -> Section:
    """One scenario: what it disrupts, which vital processes lose supply and how much, the subjects hit."""
    scenario = result.scenario
    section = Section(id=f"scenario-{scenario.name}", title=scenario.title, paragraphs=[scenario.description])
    section.paragraphs.append(
        loc.gettext("Disruptions: {items}.").format(
            items="; ".join(d.description.rstrip(".") for d in scenario.disruptions)
        )
    )
    hit = result.hit()
    processes = sorted((i for i in hit if i.kind is NodeKind.VITAL_PROCESS), key=lambda i: (i.remaining, i.ref))
    subjects = sorted((i for i in hit if i.kind is NodeKind.SUBJECT), key=lambda i: (i.remaining, i.ref))
    source = _sources(scenario, dataset, bib, loc)
    section.paragraphs.append(
        loc.gettext(
            "{processes} of {total} vital processes and {subjects} subjects lose supply (horizon {days} days)."
        ).format(
            processes=len(processes),
            total=len(dataset.vital_processes),
            subjects=len(subjects),
            days=scenario.horizon_days,
        )
    )
    if processes:
        caption = loc.gettext("Supply remaining to vital processes: {title}").format(title=scenario.title)
        bars = [
            charts.Bar(_process_name(i, dataset, loc), 100 * i.remaining, _percent(i.remaining, loc)) for i in processes
        ]
        alt = loc.gettext("Bar chart of the supply remaining to each vital process hit: {values}.").format(
            values="; ".join(f"{b.label} {b.value_text}" for b in bars)
        )
        table = _impact_table(processes, caption, dataset, loc)
        svg = charts.bar_chart(f"chart-scenario-{scenario.name}", caption, alt, bars)
        section.charts.append(Chart(f"chart-scenario-{scenario.name}", caption, svg, source, table, alt))
    if subjects:
        section.tables.append(
            _impact_table(
                subjects[:TOP_SUBJECTS],
                loc.gettext("Subjects hit hardest: {title}").format(title=scenario.title),
                dataset,
                loc,
            )
        )
    section.notes.append(
        loc.gettext(
            "Percentages are the supply remaining: the share of normal supply still there (100 % = undisturbed)."
        )
    )
    if result.full_weight:
        section.notes.append(
            loc.gettext(
                "Caveat: the loss passes these inputs at full weight, as no intensity (share of the need) is known: "
                "{edges}. Where only part of the output needs the input, the supply remaining is higher."
            ).format(edges=_edges(result.full_weight, dataset, loc))
        )
    if result.judged:
        section.notes.append(
            loc.gettext(
                "Caveat: the loss passes these inputs at an intensity that is a labelled judgement, not a sourced "
                "figure: {edges}."
            ).format(edges=_edges(result.judged, dataset, loc, with_intensity=True))
        )
    section.notes.append(loc.gettext("Source: {source}").format(source=source))
    return section


def _edges(edges: Sequence[RequiresEdge], dataset: Dataset, loc: Localizer, with_intensity: bool = False) -> str:
    """'X needs Y' for each edge, with names (and the intensity) in the reader's language."""

    def name(subject: str) -> str:
        return loc.name(dataset.subjects[subject]) if subject in dataset.subjects else subject

    parts = []
    for edge in edges:
        text = loc.gettext("{subject} needs {input}").format(subject=name(edge.subject), input=name(edge.requires))
        if with_intensity and edge.intensity is not None:
            text += f" ({loc.percent(100 * edge.intensity)})"
        parts.append(text)
    return loc.join(parts)


def _process_name(impact: NodeImpact, dataset: Dataset, loc: Localizer) -> str:
    if impact.ref in dataset.vital_processes:
        return loc.name(dataset.vital_processes[impact.ref])
    if impact.ref in dataset.subjects:
        return loc.name(dataset.subjects[impact.ref])
    return str(impact.name)


def _impact_table(items: Sequence[NodeImpact], caption: str, dataset: Dataset, loc: Localizer) -> Table:
    return Table(
        caption=caption,
        headers=[
            loc.gettext("Name"),
            loc.gettext("Supply remaining"),
            loc.gettext("Lowest"),
            loc.gettext("Short from"),
            loc.gettext("Whole again"),
            loc.gettext("Limited by"),
        ],
        rows=[
            [
                _process_name(i, dataset, loc),
                _percent(i.remaining, loc),
                _percent(i.lowest, loc),
                _day(i.short_from_day, loc),
                _day(i.recovered_day, loc),
                i.limited_by,
            ]
            for i in items
        ],
        numeric=frozenset({1, 2}),
        links=[
            [f"subjects/{i.ref}" if i.kind is NodeKind.SUBJECT else None, None, None, None, None, None] for i in items
        ],
        data=[[i.ref, i.remaining, i.lowest, i.short_from_day, i.recovered_day, i.limited_by] for i in items],
    )


def scenario_sections(
    graph: DatasetGraph, dataset: Dataset, loc: Localizer, bib: Bibliography
) -> tuple[Section, list[str]]:
    results, skipped = run_shipped(graph, dataset)
    section = Section(id="scenarios", title=loc.gettext("Disruption scenarios"))
    if skipped:
        section.notes.append(
            loc.gettext("Not run, as they name subjects or holders this dataset lacks: {names}.").format(
                names=", ".join(skipped)
            )
        )
    section.paragraphs.append(
        loc.gettext(
            "Each scenario removes or reduces supply and follows it through the stack: alternatives substitute up to "
            "their capacity, inputs that are all needed limit the output, stocks and substitution lead times give when "
            "supply runs short and when it recovers."
        )
    )
    section.subsections = [scenario_section(r, dataset, loc, bib) for r in results]
    summary = []
    for result in results:
        processes = [i for i in result.hit() if i.kind is NodeKind.VITAL_PROCESS]
        if processes:
            worst = min(processes, key=lambda i: i.remaining)
            summary.append(
                loc.gettext(
                    "Scenario '{title}': {count} vital processes lose supply; worst {name}, with {left} of its supply "
                    "remaining."
                ).format(
                    title=result.scenario.title,
                    count=len(processes),
                    name=_process_name(worst, dataset, loc),
                    left=_percent(worst.remaining, loc),
                )
            )
    return section, summary


NODE_KINDS = {
    NodeKind.SUBJECT: N_("subject"),
    NodeKind.COUNTRY: N_("country"),
    NodeKind.SUPPLIER: N_("supplier"),
    NodeKind.HOLDER: N_("region or group"),
}


def _node_name(kind: NodeKind, ref: str, name: str, dataset: Dataset, loc: Localizer) -> str:
    """The dataset's name of a node in the report's language, else the graph's."""
    if kind is NodeKind.SUBJECT and ref in dataset.subjects:
        return loc.name(dataset.subjects[ref])
    if kind is NodeKind.COUNTRY and ref in dataset.countries:
        return loc.name(dataset.countries[ref])
    return str(name)


def chokepoint_section(graph: DatasetGraph, dataset: Dataset, loc: Localizer) -> Section:
    ranked = rank_chokepoints(graph.graph)
    section = Section(id="chokepoints", title=loc.gettext("Chokepoints"))
    section.paragraphs.append(
        loc.gettext(
            "The nodes whose loss removes most supply from the vital processes, counted in whole processes lost. The "
            "agenda warns that quantitative analyses miss small parties in key positions; the last column marks them "
            "(a node with few direct consumers whose loss still stops processes)."
        )
    )
    top = ranked[:TOP_CHOKEPOINTS]
    section.tables.append(
        Table(
            caption=loc.gettext("The {count} largest chokepoints").format(count=len(top)),
            headers=[
                "#",
                loc.gettext("Name"),
                loc.gettext("Kind"),
                loc.gettext("Processes lost"),
                loc.gettext("Processes hit"),
                loc.gettext("Single point of failure for"),
                loc.gettext("Small party, key position"),
            ],
            rows=[
                [
                    str(n),
                    _node_name(c.kind, c.ref, c.name, dataset, loc),
                    loc.gettext(NODE_KINDS.get(c.kind, c.kind.value)),
                    loc.number(c.loss, 1),
                    str(c.processes_hit),
                    str(len(c.single_point_for)),
                    loc.gettext("yes") if c.small_party else "",
                ]
                for n, c in enumerate(top, start=1)
            ],
            numeric=frozenset({3, 4, 5}),
            links=[
                [None, f"subjects/{c.ref}" if c.kind is NodeKind.SUBJECT else None, None, None, None, None, None]
                for c in top
            ],
            data=[
                [n, c.ref, c.kind.value, c.loss, c.processes_hit, "; ".join(c.single_point_for), c.small_party]
                for n, c in enumerate(top, start=1)
            ],
        )
    )
    leverage = eu_leverage(graph, dataset)
    if leverage:
        section.tables.append(
            Table(
                caption=loc.gettext("The EU's own chokepoints (leverage)"),
                headers=[
                    loc.gettext("Holder"),
                    loc.gettext("Subject"),
                    loc.gettext("Stage"),
                    loc.gettext("Share"),
                    loc.gettext("Subjects depending"),
                    loc.gettext("Processes depending"),
                    loc.gettext("Source"),
                ],
                rows=[
                    [
                        x.holder_name,
                        loc.name(dataset.subjects[x.subject]) if x.subject in dataset.subjects else x.subject,
                        x.stage,
                        loc.percent(x.share, qualifier="="),
                        str(x.dependent_subjects),
                        str(x.dependent_processes),
                        x.source,
                    ]
                    for x in leverage
                ],
                numeric=frozenset({3, 4, 5}),
            )
        )
    section.notes.append(loc.gettext("dosa stack graph on dataset {dataset}.").format(dataset=graph.dataset_label))
    return section
