# SPDX-License-Identifier: EUPL-1.2
"""What a report (and a dashboard page) says, computed once and rendered by the templates.

The builders here turn a dataset, and the results of the engines that exist, into plain
``Section``, ``Table`` and ``Chart`` records; the HTML and PDF templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pycountry

from dosa import tables
from dosa.dataset.model import Dataset
from dosa.i18n import Localizer, compose, concat
from dosa.model.entities import Judgement, Priority, Share
from dosa.model.vocab import ActionScope, ActionStatus, HolderKind, PriorityKind
from dosa.report import charts
from dosa.report.citations import Bibliography, SourceEntry
from dosa.report.labels import label
from dosa.tables import Table


def column(
    loc: Localizer,
    key: str,
    header: str,
    get: Callable[[Any], Any] | None = None,
    *,
    show: Callable[[Any], Any] | None = None,
    link: Callable[[Any], str | None] | None = None,
    numeric: bool = False,
    number: int | None = None,
    percent: bool = False,
) -> tables.Column:
    """A column of a report or dashboard table: a stable ``key`` for exports, ``header`` in the
    reader's language, right-aligned when ``numeric``. ``number`` (decimals) and ``percent`` show the
    value in the reader's notation (``12,5 %``) and keep it a number in files (a percentage rounded to
    one decimal)."""
    if number is not None and get is not None and show is None:
        value, decimals = get, number
        show = lambda item: loc.number(value(item), decimals)  # noqa: E731
    if percent and get is not None:
        value_of = get
        show = show or (lambda item: loc.percent(value_of(item)))
        get = lambda item: None if value_of(item) is None else round(value_of(item), 1)  # noqa: E731
    return tables.Column(
        key,
        get,
        label_en=header if loc.lang != "nl" else None,
        label_nl=header if loc.lang == "nl" else None,
        kind=tables.Kind.NUMBER if numeric or number is not None or percent else tables.Kind.TEXT,
        show=show,
        link=link,
    )


def table_of(
    loc: Localizer, caption: str, items: Iterable[Any], columns: Sequence[tables.Column], *, name: str = ""
) -> Table:
    """A table of ``items`` in the reader's language, one row per item, each cell from its column."""
    return Table.of(items, columns, title=caption, name=name or caption, lang=loc.lang)


def table_of_rows(
    loc: Localizer,
    caption: str,
    columns: Sequence[tables.Column],
    rows: Iterable[Sequence[Any]],
    *,
    data: Iterable[Sequence[Any]] | None = None,
    links: Iterable[Sequence[str | None]] | None = None,
    name: str = "",
) -> Table:
    """A table of positional rows as the reader sees them; ``data`` holds the raw values for exports
    (numbers as numbers) when they differ from what is shown, ``links`` a link target per cell."""
    shown = tuple(tuple(row) for row in rows)
    return Table.from_rows(
        columns,
        shown if data is None else data,
        title=caption,
        name=name or caption,
        lang=loc.lang,
        cells=shown if data is not None else None,
        links=tuple(tuple(row) for row in links) if links is not None else None,
    )


@dataclass(frozen=True)
class Chart:
    """An SVG chart with what must stand next to it: caption, source line and data table."""

    id: str
    caption: str
    svg: str
    source_line: str
    table: Table
    alt: str


@dataclass
class Section:
    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Source lines and caveats printed small under the section."""
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str
    date: dt.date
    date_text: str
    dataset_label: str
    dataset_title: str
    dataset_licence: str
    method_label: str
    dosa_version: str
    key_figures: list[tuple[str, str]]
    summary: list[str]
    sections: list[Section]
    sources: list[SourceEntry]

    @property
    def colophon(self) -> list[tuple[str, str]]:
        return [
            ("dataset", self.dataset_label),
            ("method", self.method_label),
            ("dosa", self.dosa_version),
            ("date", self.date.isoformat()),
        ]


def holder_name(share: Share, dataset: Dataset, loc: Localizer) -> str:
    """Readable name of a share's holder: the country or supplier name, else the label as written."""
    if share.holder_kind is HolderKind.COUNTRY:
        country = dataset.countries.get(share.holder)
        if country is not None:
            return (country.name_nl if loc.lang == "nl" and country.name_nl else country.name_en) or share.holder
        found = pycountry.countries.get(alpha_2=share.holder)
        return str(found.name) if found else share.holder
    if share.holder_kind is HolderKind.COMPANY and share.holder in dataset.suppliers:
        return dataset.suppliers[share.holder].name
    return loc.data(share.holder)


def share_groups(dataset: Dataset, subject_ids: Sequence[str]) -> list[list[Share]]:
    """Shares of the subjects, grouped so that one group is one chart: same subject, stage, scope,
    year, metric and source."""
    groups: dict[tuple[str, ...], list[Share]] = defaultdict(list)
    for subject_id in subject_ids:
        for share in dataset.shares_of(subject_id):
            key = (share.subject, share.stage.value, share.scope.value, share.year, share.metric, share.citation.source)
            groups[key].append(share)
    return [sorted(groups[key], key=lambda s: (-s.value, s.holder)) for key in sorted(groups)]


def share_chart(shares: list[Share], dataset: Dataset, loc: Localizer, bib: Bibliography) -> Chart:
    first = shares[0]
    subject = dataset.subjects[first.subject]
    caption = compose(
        loc.gettext("{subject}: {stage}, {scope}, {year} ({metric})"),
        subject=loc.name(subject),
        stage=label(first.stage, loc),
        scope=label(first.scope, loc),
        year=loc.data(first.year),
        metric=loc.data(first.metric),
    )
    bars = [
        charts.Bar(
            holder_name(s, dataset, loc), s.value, loc.percent(s.value, s.value_max, s.qualifier.value), s.value_max
        )
        for s in shares
    ]
    chart_id = f"chart-{first.id}"
    sources = sorted({bib.cite(s.citation, loc) for s in shares})
    source_line = concat(*[part for n, cited in enumerate(sources) for part in (("; ",) if n else ()) + (cited,)])
    alt = loc.gettext("Bar chart of market shares. {caption}: {values}.").format(
        caption=caption, values="; ".join(f"{b.label} {b.value_text}" for b in bars)
    )
    table = table_of_rows(
        loc,
        caption,
        [
            column(loc, "holder", loc.gettext("Holder")),
            column(loc, "share", loc.gettext("Share"), numeric=True),
            column(loc, "note", loc.gettext("Note")),
        ],
        [
            [bar.label, bar.value_text, loc.gettext("derived by the dataset's editors") if s.derived else ""]
            for bar, s in zip(bars, shares, strict=True)
        ],
        data=[[bar.label, s.value, _share_note(s, loc)] for bar, s in zip(bars, shares, strict=True)],
    )
    svg = charts.bar_chart(chart_id, caption, alt, bars)
    return Chart(chart_id, caption, svg, source_line, table, alt)


def _share_note(share: Share, loc: Localizer) -> str:
    notes = []
    if share.qualifier.value != "=":
        notes.append(loc.percent(share.value, share.value_max, share.qualifier.value))
    if share.derived:
        notes.append(loc.gettext("derived by the dataset's editors"))
    return "; ".join(notes)


def subject_column(
    loc: Localizer, dataset: Dataset, key: str, header: str, end: str, *, linked: bool = False
) -> tables.Column:
    """A subject named by a record's ``end`` field (``subject``, ``requires``), linked to its page when ``linked``."""

    def name(record: Any) -> str:
        identifier = getattr(record, end)
        return loc.name(dataset.subjects[identifier]) if identifier in dataset.subjects else identifier

    return column(loc, key, header, name, link=(lambda r: f"subjects/{getattr(r, end)}") if linked else None)


def how_column(loc: Localizer, *, with_group: bool = True) -> tables.Column:
    """How a subject needs another (its mode, and with ``with_group`` its group of alternatives)."""

    def how(edge: Any) -> str:
        if with_group and edge.group:
            return concat(label(edge.mode, loc), " (", loc.data(edge.group.replace("_", " ")), ")")
        return label(edge.mode, loc)

    return column(loc, "how", loc.gettext("How"), how)


def dependant_column(loc: Localizer, dataset: Dataset) -> tables.Column:
    return column(
        loc,
        "vital_process_or_public_interest",
        loc.gettext("Vital process or public interest"),
        lambda d: _dependant_name(d.dependant, dataset, loc),
    )


def why_column(loc: Localizer) -> tables.Column:
    return column(loc, "why", loc.gettext("Why"), lambda r: loc.text(r, "rationale"))


def source_column(loc: Localizer, bib: Bibliography) -> tables.Column:
    return column(loc, "source", loc.gettext("Source"), lambda r: bib.cite(r.citation, loc))


def priority_anchor(priority_id: str) -> str:
    return f"priority-{priority_id}"


def priority_section(priority: Priority, dataset: Dataset, loc: Localizer, bib: Bibliography) -> Section:
    """One priority: its place in the stack, key dependencies, market concentration, figures and sources."""
    subjects = sorted((s for s in dataset.subjects.values() if priority.id in s.priorities), key=lambda s: s.id)
    layer_names = [loc.name(dataset.layers[layer.value]) for layer in priority.layers if layer.value in dataset.layers]
    section = Section(
        id=priority_anchor(priority.id),
        title=f"{priority.number}. {loc.name(priority)}",
        paragraphs=[loc.description(priority)],
    )
    kind = label(priority.kind, loc)
    if layer_names and priority.kind is PriorityKind.SPECIFIC:
        section.paragraphs.append(
            loc.gettext("A {kind} priority, placed in the stack in the layer {layers}.").format(
                kind=kind, layers=loc.join(layer_names)
            )
        )
    else:
        section.paragraphs.append(loc.gettext("A cross-cutting priority: it concerns every layer of the stack."))
    section.notes.append(compose(loc.gettext("Source: {source}"), source=bib.cite(priority.citation, loc)))
    if subjects:
        section.tables.append(
            table_of_rows(
                loc,
                loc.gettext("What is supplied"),
                [
                    column(loc, "subject", loc.gettext("Subject")),
                    column(loc, "kind", loc.gettext("Kind")),
                    column(loc, "layer", loc.gettext("Layer")),
                ],
                [[loc.name(s), label(s.kind, loc), loc.name(dataset.layers[s.layer.value])] for s in subjects],
                links=[[f"subjects/{s.id}", None, None] for s in subjects],
            )
        )
    subject_ids = [s.id for s in subjects]
    edges = sorted(
        (e for e in dataset.requires.values() if e.subject in subject_ids), key=lambda e: (e.subject, e.requires)
    )
    if edges:
        section.tables.append(
            table_of(
                loc,
                loc.gettext("Key dependencies: what these subjects need, and why"),
                edges,
                [
                    subject_column(loc, dataset, "subject", loc.gettext("Subject"), "subject"),
                    subject_column(loc, dataset, "needs", loc.gettext("Needs"), "requires"),
                    how_column(loc),
                    why_column(loc),
                    source_column(loc, bib),
                ],
            )
        )
    dependants = sorted(
        (d for d in dataset.dependencies.values() if d.subject in subject_ids), key=lambda d: (d.subject, d.dependant)
    )
    if dependants:
        section.tables.append(
            table_of(
                loc,
                loc.gettext("Who depends on these subjects"),
                dependants,
                [
                    dependant_column(loc, dataset),
                    subject_column(loc, dataset, "subject", loc.gettext("Subject"), "subject"),
                    column(loc, "reliance", loc.gettext("Reliance"), lambda d: label(d.reliance, loc)),
                    why_column(loc),
                    source_column(loc, bib),
                ],
            )
        )
    for group in share_groups(dataset, subject_ids):
        section.charts.append(share_chart(group, dataset, loc, bib))
    facts = sorted(
        (
            f
            for f in dataset.facts.values()
            if f.priority == priority.id or (f.subject in subject_ids and not f.priority)
        ),
        key=lambda f: f.id,
    )
    if facts:
        section.tables.append(
            table_of_rows(
                loc,
                loc.gettext("Figures"),
                [
                    column(loc, "statement", loc.gettext("Statement")),
                    column(loc, "value", loc.gettext("Value"), numeric=True),
                    column(loc, "year", loc.gettext("Year")),
                    column(loc, "source", loc.gettext("Source")),
                ],
                [
                    [
                        loc.text(f, "statement"),
                        _fact_value(f.value, f.value_max, f.unit, loc),
                        loc.data(f.year) if f.year else _source_year(f.citation.source, dataset, loc),
                        bib.cite(f.citation, loc),
                    ]
                    for f in facts
                ],
            )
        )
    judgements = sorted((j for j in dataset.judgements.values() if j.subject in subject_ids), key=lambda j: j.id)
    if judgements:
        section.tables.append(judgement_table(judgements, dataset, loc, bib, with_subject=True))
    if not subjects and priority.kind is PriorityKind.SPECIFIC:
        section.notes.append(loc.gettext("The dataset holds no subjects for this priority yet."))
    return section


def _source_year(source: str, dataset: Dataset, loc: Localizer) -> str:
    """A figure without its own year shows its source's year, marked as such."""
    found = dataset.sources.get(source)
    if found is None or not found.year or found.year == "n/s":
        return "–"
    return loc.gettext("{year} (source)").format(year=found.year)


def _dependant_name(identifier: str, dataset: Dataset, loc: Localizer) -> str:
    if identifier in dataset.vital_processes:
        return loc.name(dataset.vital_processes[identifier])
    if identifier in dataset.public_interests:
        return loc.name(dataset.public_interests[identifier])
    return identifier


def _fact_value(value: float | None, value_max: float | None, unit: str | None, loc: Localizer) -> str:
    if value is None:
        return ""
    text = loc.number(value, 2)
    if value_max is not None:
        text += f"–{loc.number(value_max, 2)}"
    return concat(text, " ", loc.data(unit)) if unit else text


def actions_section(dataset: Dataset, loc: Localizer) -> Section:
    """Action coverage as the agenda states it: actions per priority by status and scope."""
    section = Section(id="actions", title=loc.gettext("Actions: coverage and progress"))
    priorities = dataset.priorities_in_order()
    counts = {
        p.id: {
            "lopend": sum(a.priority == p.id and a.status is ActionStatus.LOPEND for a in dataset.actions.values()),
            "nieuw": sum(a.priority == p.id and a.status is ActionStatus.NIEUW for a in dataset.actions.values()),
            "national": sum(a.priority == p.id and a.scope is ActionScope.NATIONAAL for a in dataset.actions.values()),
            "eu": sum(a.priority == p.id and a.scope is ActionScope.EU for a in dataset.actions.values()),
        }
        for p in priorities
    }
    total = len(dataset.actions)
    lopend = sum(c["lopend"] for c in counts.values())
    nieuw = sum(c["nieuw"] for c in counts.values())
    section.paragraphs.append(
        loc.gettext("The dataset holds {total} actions: {ongoing} ongoing and {new} new.").format(
            total=total, ongoing=lopend, new=nieuw
        )
    )
    without = [loc.name(p) for p in priorities if counts[p.id]["lopend"] + counts[p.id]["nieuw"] == 0]
    if without and total:
        section.paragraphs.append(loc.gettext("Priorities without actions: {names}.").format(names=loc.join(without)))
    only_ongoing = [loc.name(p) for p in priorities if counts[p.id]["nieuw"] == 0 and counts[p.id]["lopend"] > 0]
    if only_ongoing:
        section.paragraphs.append(
            loc.gettext("Priorities with only ongoing actions and no new one: {names}.").format(
                names=loc.join(only_ongoing)
            )
        )
    rows = [
        [
            loc.name(p),
            str(c["lopend"]),
            str(c["nieuw"]),
            str(c["lopend"] + c["nieuw"]),
            str(c["national"]),
            str(c["eu"]),
        ]
        for p, c in ((p, counts[p.id]) for p in priorities)
    ]
    table = table_of_rows(
        loc,
        loc.gettext("Actions per priority by status and scope"),
        [
            column(loc, "priority", loc.gettext("Priority")),
            column(loc, "ongoing", loc.gettext("Ongoing"), numeric=True),
            column(loc, "new", loc.gettext("New"), numeric=True),
            column(loc, "total", loc.gettext("Total"), numeric=True),
            column(loc, "national", loc.gettext("National"), numeric=True),
            column(loc, "eu", loc.gettext("EU"), numeric=True),
        ],
        rows,
        data=[
            [loc.name(p), c["lopend"], c["nieuw"], c["lopend"] + c["nieuw"], c["national"], c["eu"]]
            for p, c in ((p, counts[p.id]) for p in priorities)
        ],
        links=[[f"priorities/{p.id}", None, None, None, None, None] for p in priorities],
    )
    if total:
        ongoing_code, new_code = loc.gettext("O"), loc.gettext("N")
        svg = charts.progress_bars(
            "chart-actions",
            table.caption,
            loc.gettext("Stacked bars: ongoing and new actions per priority; the numbers are in the table."),
            [
                (loc.name(p), [(ongoing_code, counts[p.id]["lopend"]), (new_code, counts[p.id]["nieuw"])])
                for p in priorities
            ],
            [(ongoing_code, loc.gettext("ongoing")), (new_code, loc.gettext("new"))],
        )
        agenda = next((s for s in dataset.sources.values() if s.id.startswith("agenda")), None)
        source_line = (
            f"{agenda.publisher}, {agenda.title} ({agenda.year})"
            if agenda
            else loc.gettext("the agenda's action lists")
        )
        section.charts.append(
            Chart(
                "chart-actions",
                table.caption,
                svg,
                source_line,
                table,
                loc.gettext("Stacked bar chart of ongoing and new actions per priority."),
            )
        )
    else:
        section.tables.append(table)
    return section


def stack_chart(dataset: Dataset, loc: Localizer, risk_ranks: dict[str, tuple[int, str]] | None) -> Chart:
    """The stack picture; ``risk_ranks`` maps priority id to (ordinal rank, class label) when assessed."""

    def box(priority: Priority) -> charts.StackBox:
        if risk_ranks and priority.id in risk_ranks:
            rank, class_label = risk_ranks[priority.id]
            return charts.StackBox(
                str(priority.number), loc.name(priority), loc.gettext("risk: {label}").format(label=class_label), rank
            )
        return charts.StackBox(str(priority.number), loc.name(priority), loc.gettext("risk not assessed"), None)

    rows = []
    table_rows = []
    linked: list[str] = []
    specific = [p for p in dataset.priorities_in_order() if p.kind is PriorityKind.SPECIFIC]
    for layer in reversed(dataset.layers_in_order()):
        placed = [p for p in specific if layer.id in p.layers]
        rows.append(charts.StackRow(f"{layer.order}. {loc.name(layer)}", [box(p) for p in placed]))
        for p in placed:
            table_rows.append([f"{layer.order}. {loc.name(layer)}", f"{p.number}. {loc.name(p)}", box(p).status])
            linked.append(p.id)
    cross = [p for p in dataset.priorities_in_order() if p.kind is PriorityKind.CROSS_CUTTING]
    for p in cross:
        table_rows.append([loc.gettext("cross-cutting"), f"{p.number}. {loc.name(p)}", box(p).status])
        linked.append(p.id)
    title = loc.gettext("The digital stack with the priorities placed as in the agenda's figure (p. 10)")
    alt = loc.gettext(
        "Six layers, top to bottom: {layers}. Cross-cutting priorities beside the stack: {cross}."
    ).format(
        layers="; ".join(
            f"{row.name} ({', '.join(b.name + ', ' + b.status for b in row.boxes) or '–'})" for row in rows
        ),
        cross=", ".join(p.name for p in (box(p) for p in cross)) or "–",
    )
    svg = charts.stack_picture("chart-stack", title, alt, rows, [box(p) for p in cross], loc.gettext("Cross-cutting"))
    table = table_of_rows(
        loc,
        title,
        [
            column(loc, "layer", loc.gettext("Layer")),
            column(loc, "priority", loc.gettext("Priority")),
            column(loc, "risk", loc.gettext("Risk")),
        ],
        table_rows,
        links=[[None, f"priorities/{priority_id}", None] for priority_id in linked],
    )
    layers_source = dataset.layers_in_order()[0].citation if dataset.layers else None
    bib_line = loc.gettext("Agenda Digitale Open Strategische Autonomie (2023), p. 10") if layers_source else ""
    return Chart("chart-stack", title, svg, bib_line, table, alt)


def judgement_table(
    judgements: Sequence[Judgement], dataset: Dataset, loc: Localizer, bib: Bibliography, *, with_subject: bool
) -> Table:
    """Expert judgements as a table, labelled as assessments; shared by the report and the subject pages."""
    columns = [
        column(loc, "judgement", loc.gettext("Judgement"), lambda j: label(j.kind, loc)),
        column(
            loc,
            "range",
            loc.gettext("Range"),
            lambda j: (
                f"{loc.number(j.low, 2)}–{loc.number(j.high, 2)}"
                + (" " + loc.gettext("years") if j.unit.value == "years" else "")
            ),
        ),
        column(loc, "rationale", loc.gettext("Rationale"), lambda j: loc.text(j, "rationale")),
        column(loc, "by", loc.gettext("By"), lambda j: loc.data(j.assessed_by)),
        column(loc, "source", loc.gettext("Source"), lambda j: bib.cite(j.citation, loc)),
    ]
    if with_subject:
        columns.insert(
            0, column(loc, "subject", loc.gettext("Subject"), lambda j: loc.name(dataset.subjects[j.subject]))
        )
    return table_of(loc, loc.gettext("Expert judgements (assessments, not measurements)"), judgements, columns)
