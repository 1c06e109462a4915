# SPDX-License-Identifier: EUPL-1.2
"""The report's view of dosa's engines: each section is built from an engine's own API when that
engine is part of this installation, and is otherwise shown with a visible note that it is not
available in this version (never with made-up figures)."""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from dosa.dataset.model import Dataset
from dosa.i18n import Localizer
from dosa.report.citations import Bibliography
from dosa.report.content import Section
from dosa.report.labels import N_


def engine_present(module: str) -> bool:
    """Whether ``dosa.<module>`` is installed (checked without importing it)."""
    return importlib.util.find_spec(f"dosa.{module}") is not None


@dataclass
class RiskView:
    """What the risk engine contributes: its sections, a class per priority for the stack, its method."""

    sections: list[Section]
    priority_ranks: dict[str, tuple[int, str]] | None
    method_label: str | None
    summary: list[str]


def unavailable(section_id: str, title: str, loc: Localizer, engine: str) -> Section:
    return Section(
        id=section_id,
        title=title,
        unavailable=loc.gettext("Not available in this version: dosa's {engine} is not installed.").format(
            engine=loc.gettext(engine)
        ),
    )


def risk_view(
    dataset: Dataset, loc: Localizer, bib: Bibliography, assessment: object = None, as_of: dt.date | None = None
) -> RiskView:
    """The risk engine's sections; ``assessment`` reuses one already computed (the dashboard keeps one);
    figures' ages count to ``as_of`` (default: today)."""
    if engine_present("risk"):
        from dosa.report.risk import assessment_of, priority_ranks, risk_sections
        from dosa.risk import Assessment

        result = assessment if isinstance(assessment, Assessment) else assessment_of(dataset)
        sections, summary = risk_sections(result, dataset, loc, as_of)
        return RiskView(sections, priority_ranks(result, dataset, loc), result.method.label, summary)
    return RiskView(
        sections=[unavailable("risk", loc.gettext("Risk diagram (A–E)"), loc, N_("risk engine"))],
        priority_ranks=None,
        method_label=None,
        summary=[],
    )


def scenario_sections(
    dataset: Dataset, loc: Localizer, bib: Bibliography, graph: object = None
) -> tuple[list[Section], list[str]]:
    """Scenarios and chokepoints from :mod:`dosa.graph`; ``graph`` reuses one already built."""
    if engine_present("graph"):
        from dosa.graph import DatasetGraph
        from dosa.report import stackgraph

        built = graph if isinstance(graph, DatasetGraph) else stackgraph.build_graph(dataset)
        scenarios, summary = stackgraph.scenario_sections(built, dataset, loc, bib)
        return [scenarios, stackgraph.chokepoint_section(built, dataset, loc)], summary
    return (
        [
            unavailable("scenarios", loc.gettext("Disruption scenarios"), loc, N_("stack graph")),
            unavailable("chokepoints", loc.gettext("Chokepoints"), loc, N_("stack graph")),
        ],
        [],
    )


def monitoring_sections(
    dataset: Dataset, loc: Localizer, as_of: dt.date, db: str | Path | None = None
) -> tuple[list[Section], list[str]]:
    """Progress, attention and coverage from :mod:`dosa.monitoring` and the status ledger in ``db``."""
    if not engine_present("monitoring"):
        return [unavailable("progress", loc.gettext("Progress per action"), loc, N_("action monitoring"))], []
    from dosa.report.progress import ledger_entries, progress_sections

    return progress_sections(dataset, loc, as_of, ledger_entries(db))
