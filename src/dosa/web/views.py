# SPDX-License-Identifier: EUPL-1.2
"""Page content for the dashboard, built from the report's content builders and the core queries."""

from __future__ import annotations

from collections.abc import Sequence

from dosa.dataset.model import Dataset
from dosa.i18n import Localizer, compose
from dosa.model.entities import Action, RequiresEdge, Subject
from dosa.report.citations import Bibliography
from dosa.report.content import (
    Section,
    column,
    dependant_column,
    how_column,
    judgement_table,
    share_chart,
    share_groups,
    source_column,
    subject_column,
    table_of,
    table_of_rows,
    why_column,
)
from dosa.report.labels import label
from dosa.tables import Column, Table


def all_tables(sections: Sequence[Section]) -> list[Table]:
    """Every table on a page in reading order (a chart's data table included): the export index."""
    found: list[Table] = []
    for section in sections:
        found.extend(chart.table for chart in section.charts)
        found.extend(section.tables)
        found.extend(all_tables(section.subsections))
    return found


def priorities_table(dataset: Dataset, loc: Localizer) -> Table:
    items = dataset.priorities_in_order()
    return table_of_rows(
        loc,
        loc.gettext("Priorities"),
        [
            column(loc, "priority", loc.gettext("Priority")),
            column(loc, "kind", loc.gettext("Kind")),
            column(loc, "layer", loc.gettext("Layer")),
            column(loc, "subjects", loc.gettext("Subjects"), numeric=True),
            column(loc, "actions", loc.gettext("Actions"), numeric=True),
        ],
        [
            [
                f"{p.number}. {loc.name(p)}",
                label(p.kind, loc),
                ", ".join(loc.name(dataset.layers[x.value]) for x in p.layers if x.value in dataset.layers),
                str(sum(p.id in s.priorities for s in dataset.subjects.values())),
                str(len(dataset.actions_of_priority(p.id))),
            ]
            for p in items
        ],
        links=[[f"priorities/{p.id}", None, None, None, None] for p in items],
    )


def subjects_table(subjects: Sequence[Subject], dataset: Dataset, loc: Localizer) -> Table:
    return table_of_rows(
        loc,
        loc.gettext("Subjects"),
        [
            column(loc, "subject", loc.gettext("Subject")),
            column(loc, "kind", loc.gettext("Kind")),
            column(loc, "layer", loc.gettext("Layer")),
            column(loc, "priorities", loc.gettext("Priorities")),
            column(loc, "market_shares", loc.gettext("Market shares"), numeric=True),
        ],
        [
            [
                loc.name(s),
                label(s.kind, loc),
                loc.name(dataset.layers[s.layer.value]),
                ", ".join(loc.name(dataset.priorities[p]) for p in s.priorities if p in dataset.priorities),
                str(len(dataset.shares_of(s.id))),
            ]
            for s in subjects
        ],
        links=[[f"subjects/{s.id}", None, None, None, None] for s in subjects],
    )


def subject_sections(subject: Subject, dataset: Dataset, loc: Localizer) -> list[Section]:
    """A subject with its explanation: what it needs, who needs it, its market concentration, sources."""
    bib = Bibliography(dataset)
    about = Section(id="about", title=loc.gettext("About this subject"))
    description = loc.description(subject)
    if description:
        about.paragraphs.append(description)
    about.paragraphs.append(
        loc.gettext("A {kind} in the layer {layer}, under the priorities {priorities}.").format(
            kind=label(subject.kind, loc),
            layer=loc.name(dataset.layers[subject.layer.value]),
            priorities=loc.join(loc.name(dataset.priorities[p]) for p in subject.priorities if p in dataset.priorities),
        )
    )
    if subject.citation:
        about.notes.append(compose(loc.gettext("Source: {source}"), source=bib.cite(subject.citation, loc)))
    sections = [about]
    inputs = dataset.inputs_of(subject.id)
    users = sorted((e for e in dataset.requires.values() if e.requires == subject.id), key=lambda e: e.subject)

    def edges_table(caption: str, edges: Sequence[RequiresEdge], end: Column, *, with_group: bool = True) -> Table:
        """The subject's edges one way: the subject at the other end, how, why and the source."""
        columns = [end, how_column(loc, with_group=with_group), why_column(loc), source_column(loc, bib)]
        return table_of(loc, caption, edges, columns)

    if inputs or users:
        deps = Section(id="dependencies", title=loc.gettext("Dependencies"))
        if inputs:
            deps.tables.append(
                edges_table(
                    loc.gettext("What {subject} needs").format(subject=loc.name(subject)),
                    inputs,
                    subject_column(loc, dataset, "input", loc.gettext("Input"), "requires", linked=True),
                )
            )
        if users:
            deps.tables.append(
                edges_table(
                    loc.gettext("What needs {subject}").format(subject=loc.name(subject)),
                    users,
                    subject_column(loc, dataset, "subject", loc.gettext("Subject"), "subject", linked=True),
                    with_group=False,
                )
            )
        sections.append(deps)
    dependants = sorted(
        (d for d in dataset.dependencies.values() if d.subject == subject.id), key=lambda d: d.dependant
    )
    if dependants:
        sections.append(
            Section(
                id="dependants",
                title=loc.gettext("Vital processes and public interests that depend on it"),
                tables=[
                    table_of(
                        loc,
                        loc.gettext("Who depends on {subject}").format(subject=loc.name(subject)),
                        dependants,
                        [
                            dependant_column(loc, dataset),
                            column(loc, "reliance", loc.gettext("Reliance"), lambda d: label(d.reliance, loc)),
                            why_column(loc),
                            source_column(loc, bib),
                        ],
                    )
                ],
            )
        )
    groups = share_groups(dataset, [subject.id])
    if groups:
        sections.append(
            Section(
                id="concentration",
                title=loc.gettext("Market concentration"),
                charts=[share_chart(group, dataset, loc, bib) for group in groups],
            )
        )
    judgements = sorted((j for j in dataset.judgements.values() if j.subject == subject.id), key=lambda j: j.id)
    if judgements:
        sections.append(
            Section(
                id="judgements",
                title=loc.gettext("Expert judgements (assessments, not measurements)"),
                tables=[judgement_table(judgements, dataset, loc, bib, with_subject=False)],
            )
        )
    if bib.entries:
        sections.append(
            Section(
                id="sources",
                title=loc.gettext("Sources"),
                tables=[
                    table_of_rows(
                        loc,
                        loc.gettext("Sources"),
                        [
                            column(loc, "column_1", "#"),
                            column(loc, "source", loc.gettext("Source")),
                            column(loc, "address", loc.gettext("Address")),
                            column(loc, "licence", loc.gettext("Licence")),
                        ],
                        [[str(e.number), e.text(), e.source.url or "", e.licence] for e in bib.ordered()],
                    )
                ],
            )
        )
    return sections


def actions_table(items: Sequence[Action], dataset: Dataset, loc: Localizer) -> Table:
    return table_of_rows(
        loc,
        loc.gettext("Actions"),
        [
            column(loc, "column_1", "#"),
            column(loc, "summary", loc.gettext("Summary")),
            column(loc, "priority", loc.gettext("Priority")),
            column(loc, "status", loc.gettext("Status")),
            column(loc, "scope", loc.gettext("Scope")),
            column(loc, "timeline", loc.gettext("Timeline")),
            column(loc, "due", loc.gettext("Due")),
            column(loc, "owners", loc.gettext("Owners")),
        ],
        [
            [
                str(a.number),
                a.summary,
                loc.name(dataset.priorities[a.priority]) if a.priority in dataset.priorities else a.priority,
                label(a.status, loc),
                label(a.scope, loc),
                a.timeline.text,
                loc.date(a.timeline.end, "medium") if a.timeline.end else "",
                a.owners_text or ", ".join(a.owners),
            ]
            for a in items
        ],
        data=[
            [
                a.number,
                a.summary,
                a.priority,
                a.status.value,
                a.scope.value if a.scope else None,
                a.timeline.text,
                a.timeline.end.isoformat() if a.timeline.end else None,
                "; ".join(a.owners),
            ]
            for a in items
        ],
        links=[[f"actions/{a.id}", f"actions/{a.id}", None, None, None, None, None, None] for a in items],
    )
