# SPDX-License-Identifier: EUPL-1.2
"""Assemble the whole report from the dataset and the engines, in one language, as of one date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dosa import __version__
from dosa.dataset.model import Dataset
from dosa.i18n import Localizer, localizer
from dosa.model.vocab import ActionStatus
from dosa.report import engines
from dosa.report.citations import Bibliography
from dosa.report.content import Report, Section, actions_section, priority_section, stack_chart


def build_report(
    dataset: Dataset, lang: str = "nl", date: dt.date | None = None, db: str | Path | None = None
) -> Report:
    """The report's content for ``dataset`` in ``lang`` as of ``date`` (default: today); action
    statuses come from the dosa database ``db`` (default: the per-user one, if it exists)."""
    loc = localizer(lang)
    date = date or dt.date.today()
    bib = Bibliography(dataset)
    risk = engines.risk_view(dataset, loc, bib, as_of=date)
    stack = Section(
        id="stack",
        title=loc.gettext("The digital stack"),
        paragraphs=[
            loc.gettext(
                "The agenda places every digital technology in a stack of six layers, from critical raw "
                "materials to applications and services, and places each specific priority in the layer "
                "where it matters most. Cross-cutting priorities concern every layer."
            ),
            loc.gettext("Each priority is coloured by its risk class and names that class in words."),
        ],
        charts=[stack_chart(dataset, loc, risk.priority_ranks)],
    )
    priorities = Section(
        id="priorities",
        title=loc.gettext("Priorities: dependencies, market concentration and sources"),
        subsections=[priority_section(p, dataset, loc, bib) for p in dataset.priorities_in_order()],
    )
    scenario_sections, scenario_summary = engines.scenario_sections(dataset, loc, bib)
    monitoring, monitoring_summary = engines.monitoring_sections(dataset, loc, date, db)
    actions = actions_section(dataset, loc)
    actions.subsections.extend(monitoring)
    sections = [stack, *risk.sections, priorities, *scenario_sections, actions]
    summary = dataset_summary(dataset, loc) + risk.summary + scenario_summary + monitoring_summary
    return Report(
        lang=lang,
        title=loc.gettext("Strategic digital dependencies of the Netherlands"),
        subtitle=loc.gettext("Report on the Agenda Digitale Open Strategische Autonomie (2023)"),
        date=date,
        date_text=loc.date(date),
        dataset_label=dataset.info.label,
        dataset_title=dataset.info.title,
        dataset_licence=dataset.info.licence,
        method_label=risk.method_label,
        dosa_version=__version__,
        key_figures=key_figures_of(dataset, loc),
        summary=summary,
        sections=sections,
        sources=bib.ordered(),
    )


def key_figures_of(dataset: Dataset, loc: Localizer) -> list[tuple[str, str]]:
    figures = len(dataset.shares) + len(dataset.facts)
    return [
        (loc.gettext("Layers"), loc.number(len(dataset.layers), 0)),
        (loc.gettext("Priorities"), loc.number(len(dataset.priorities), 0)),
        (loc.gettext("Subjects"), loc.number(len(dataset.subjects), 0)),
        (loc.gettext("Sourced figures"), loc.number(figures, 0)),
        (loc.gettext("Actions"), loc.number(len(dataset.actions), 0)),
        (loc.gettext("Sources"), loc.number(len(dataset.sources), 0)),
    ]


def dataset_summary(dataset: Dataset, loc: Localizer) -> list[str]:
    specific = sum(p.kind == "specific" for p in dataset.priorities.values())
    cross = len(dataset.priorities) - specific
    lines = [
        loc.gettext(
            "The agenda sets {specific} specific and {cross} cross-cutting priorities across a digital "
            "stack of {layers} layers."
        ).format(specific=specific, cross=cross, layers=len(dataset.layers)),
        loc.gettext(
            "The dataset describes {subjects} subjects with {edges} dependencies between them and {figures} "
            "sourced figures on market shares and facts."
        ).format(
            subjects=len(dataset.subjects),
            edges=len(dataset.requires),
            figures=len(dataset.shares) + len(dataset.facts),
        ),
    ]
    if dataset.actions:
        lopend = sum(a.status is ActionStatus.LOPEND for a in dataset.actions.values())
        lines.append(
            loc.gettext("It holds {total} actions, {ongoing} ongoing and {new} new.").format(
                total=len(dataset.actions), ongoing=lopend, new=len(dataset.actions) - lopend
            )
        )
    return lines
