# SPDX-License-Identifier: EUPL-1.2
"""The report's and dashboard's view of the stack graph (:mod:`dosa.graph`): the shipped disruption
scenarios with what they do to vital processes and subjects, the chokepoints and the EU's leverage,
built on the graph's own API."""

from __future__ import annotations

from collections.abc import Sequence

from dosa.dataset.model import Dataset
from dosa.graph import (
    DatasetGraph,
    Limit,
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
from dosa.i18n import Localizer, Text, compose, concat, join, parts
from dosa.model.entities import Citation, RequiresEdge
from dosa.model.vocab import Stage
from dosa.report import charts
from dosa.report.citations import Bibliography
from dosa.report.content import Chart, Section, column, table_of_rows
from dosa.report.labels import N_, label
from dosa.tables import Table

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
    lines: list[str] = []
    for source in scenario.sources:
        if source.id in dataset.sources:
            lines.append(bib.cite(Citation(source=source.id), loc))
        elif source.described:
            quoted = loc.text(source, "title")
            lines.append(concat(source.publisher or "", ", ", quoted, f" ({source.year})" if source.year else ""))
    for passage in scenario.agenda:
        lines.append(loc.gettext("the agenda") + (f", {loc.gettext('p.')} {passage.page}" if passage.page else ""))
    return join("; ", lines) if lines else loc.gettext("the scenario file")


def scenario_title(scenario: Scenario, loc: Localizer) -> str:
    """The scenario's title in the report's language (English, marked as such, when it has no Dutch one)."""
    return loc.text(scenario, "title")


def scenario_section(result: ScenarioResult, dataset: Dataset, loc: Localizer, bib: Bibliography) -> Section:
    """One scenario: what it disrupts, which vital processes lose supply and how much, the subjects hit."""
    scenario = result.scenario
    title = scenario_title(scenario, loc)
    section = Section(id=f"scenario-{scenario.name}", title=title, paragraphs=[loc.text(scenario, "description")])
    section.paragraphs.append(
        compose(
            loc.gettext("Disruptions: {items}."),
            items=join("; ", (_strip_stop(loc.text(d, "description")) for d in scenario.disruptions)),
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
        caption = compose(loc.gettext("Supply remaining to vital processes: {title}"), title=title)
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
                compose(loc.gettext("Subjects hit hardest: {title}"), title=title),
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
    section.notes.append(compose(loc.gettext("Source: {source}"), source=source))
    return section


def _edges(edges: Sequence[RequiresEdge], dataset: Dataset, loc: Localizer, with_intensity: bool = False) -> str:
    """'X needs Y' for each edge, with names (and the intensity) in the reader's language."""

    def name(subject: str) -> str:
        return loc.name(dataset.subjects[subject]) if subject in dataset.subjects else subject

    items = []
    for edge in edges:
        text = loc.gettext("{subject} needs {input}").format(subject=name(edge.subject), input=name(edge.requires))
        if with_intensity and edge.intensity is not None:
            text += f" ({loc.percent(100 * edge.intensity)})"
        items.append(text)
    return loc.join(items)


def _strip_stop(text: str) -> str:
    """``text`` without its closing full stop, language marks kept."""
    pieces = parts(text)
    if not pieces:
        return text
    last, lang = pieces[-1]
    return concat(*(Text([piece]) for piece in [*pieces[:-1], (last.rstrip("."), lang)]))


def _stage_name(stage: str, loc: Localizer) -> str:
    try:
        return label(Stage(stage), loc)
    except ValueError:
        return loc.data(stage)


def _ref_name(ref: str, dataset: Dataset, loc: Localizer) -> str:
    """A node ref (subject, country, supplier, vital process, group label) as a reader knows it."""
    for records in (dataset.subjects, dataset.vital_processes, dataset.public_interests):
        if ref in records:
            return loc.name(records[ref])
    if ref in dataset.countries:
        return loc.name(dataset.countries[ref])
    if ref in dataset.suppliers:
        return dataset.suppliers[ref].name
    return loc.data(ref)


def _group_name(limit: Limit, loc: Localizer) -> str:
    if limit.kind == "stage":
        try:
            return label(Stage(limit.ref), loc)
        except ValueError:
            return loc.data(limit.ref.replace("_", " "))
    return loc.data(limit.ref.replace("_", " "))


def limit_text(limit: Limit, dataset: Dataset, loc: Localizer) -> str:
    """What limits a node's supply, in the report's language and with names instead of identifiers."""
    if limit.kind == "own":
        return compose(loc.gettext("own supply cut to {left}"), left=_percent(limit.value, loc))
    if limit.kind == "input":
        needs = compose(
            loc.gettext("needs {name} ({left} of its supply remaining)"),
            name=_ref_name(limit.ref, dataset, loc),
            left=_percent(limit.left, loc),
        )
        if limit.weight < 1:
            needs = concat(
                needs,
                compose(
                    loc.gettext("; {share} of its output depends on it"),
                    share=_percent(limit.weight, loc),
                ),
            )
        return needs
    members = join(
        "; ",
        (
            compose(
                loc.gettext("{name} from {before} to {after}"),
                name=_ref_name(m.ref, dataset, loc),
                before=_percent(m.capacity, loc),
                after=_percent(m.left, loc),
            )
            for m in limit.members
        ),
    )
    message = (
        loc.gettext("stage {stage} at {left}: {members}")
        if limit.kind == "stage"
        else loc.gettext("alternatives ({group}) at {left}: {members}")
    )
    return compose(
        message,
        stage=_group_name(limit, loc),
        group=_group_name(limit, loc),
        left=_percent(limit.value, loc),
        members=members,
    )


def _limited_by(impact: NodeImpact, dataset: Dataset, loc: Localizer) -> str:
    return join(" | ", (limit_text(limit, dataset, loc) for limit in impact.limits)) if impact.limits else ""


def _process_name(impact: NodeImpact, dataset: Dataset, loc: Localizer) -> str:
    if impact.ref in dataset.vital_processes:
        return loc.name(dataset.vital_processes[impact.ref])
    if impact.ref in dataset.subjects:
        return loc.name(dataset.subjects[impact.ref])
    return str(impact.name)


def _impact_table(items: Sequence[NodeImpact], caption: str, dataset: Dataset, loc: Localizer) -> Table:
    return table_of_rows(
        loc,
        caption,
        [
            column(loc, "name", loc.gettext("Name")),
            column(loc, "supply_remaining", loc.gettext("Supply remaining"), numeric=True),
            column(loc, "lowest", loc.gettext("Lowest"), numeric=True),
            column(loc, "short_from", loc.gettext("Short from")),
            column(loc, "whole_again", loc.gettext("Whole again")),
            column(loc, "limited_by", loc.gettext("Limited by")),
        ],
        [
            [
                _process_name(i, dataset, loc),
                _percent(i.remaining, loc),
                _percent(i.lowest, loc),
                _day(i.short_from_day, loc),
                _day(i.recovered_day, loc),
                _limited_by(i, dataset, loc),
            ]
            for i in items
        ],
        data=[
            [
                _process_name(i, dataset, loc),
                i.remaining,
                i.lowest,
                i.short_from_day,
                i.recovered_day,
                _limited_by(i, dataset, loc),
            ]
            for i in items
        ],
        links=[
            [f"subjects/{i.ref}" if i.kind is NodeKind.SUBJECT else None, None, None, None, None, None] for i in items
        ],
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
                compose(
                    loc.gettext(
                        "Scenario '{title}': {count} vital processes lose supply; worst {name}, with {left} of its "
                        "supply remaining."
                    ),
                    title=scenario_title(result.scenario, loc),
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
    if kind is NodeKind.HOLDER:
        return loc.data(str(name))
    return str(name)


def chokepoint_section(
    graph: DatasetGraph, dataset: Dataset, loc: Localizer, bib: Bibliography | None = None
) -> Section:
    bib = bib or Bibliography(dataset)
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
        table_of_rows(
            loc,
            loc.gettext("The {count} largest chokepoints").format(count=len(top)),
            [
                column(loc, "column_1", "#"),
                column(loc, "name", loc.gettext("Name")),
                column(loc, "kind", loc.gettext("Kind")),
                column(loc, "processes_lost", loc.gettext("Processes lost"), numeric=True),
                column(loc, "processes_hit", loc.gettext("Processes hit"), numeric=True),
                column(loc, "single_point_of_failure_for", loc.gettext("Single point of failure for"), numeric=True),
                column(loc, "small_party_key_position", loc.gettext("Small party, key position")),
            ],
            [
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
            data=[
                [n, c.ref, c.kind.value, c.loss, c.processes_hit, "; ".join(c.single_point_for), c.small_party]
                for n, c in enumerate(top, start=1)
            ],
            links=[
                [None, f"subjects/{c.ref}" if c.kind is NodeKind.SUBJECT else None, None, None, None, None, None]
                for c in top
            ],
        )
    )
    leverage = eu_leverage(graph, dataset)
    if leverage:
        section.tables.append(
            table_of_rows(
                loc,
                loc.gettext("The EU's own chokepoints (leverage)"),
                [
                    column(loc, "holder", loc.gettext("Holder")),
                    column(loc, "subject", loc.gettext("Subject")),
                    column(loc, "stage", loc.gettext("Stage")),
                    column(loc, "share", loc.gettext("Share"), numeric=True),
                    column(loc, "subjects_depending", loc.gettext("Subjects depending"), numeric=True),
                    column(loc, "processes_depending", loc.gettext("Processes depending"), numeric=True),
                    column(loc, "source", loc.gettext("Source")),
                ],
                [
                    [
                        _ref_name(x.holder, dataset, loc),
                        _ref_name(x.subject, dataset, loc),
                        _stage_name(x.stage, loc),
                        loc.percent(x.share, qualifier="="),
                        str(x.dependent_subjects),
                        str(x.dependent_processes),
                        bib.cite(Citation(source=x.source), loc),
                    ]
                    for x in leverage
                ],
            )
        )
    section.notes.append(loc.gettext("dosa stack graph on dataset {dataset}.").format(dataset=graph.dataset_label))
    return section
