# SPDX-License-Identifier: EUPL-1.2
"""The report's view of dosa's engines: the sections each engine's own API contributes (risk,
scenarios and chokepoints, monitoring), shared by the report and the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from dosa.dataset.model import Dataset
from dosa.graph import DatasetGraph
from dosa.i18n import Localizer
from dosa.report import stackgraph
from dosa.report.citations import Bibliography
from dosa.report.content import Section
from dosa.report.progress import ledger_entries, progress_sections
from dosa.report.risk import assessment_of, priority_ranks, risk_sections
from dosa.risk import Assessment


@dataclass
class RiskView:
    """What the risk engine contributes: its sections, a class per priority for the stack, its method."""

    sections: list[Section]
    priority_ranks: dict[str, tuple[int, str]] | None
    method_label: str
    summary: list[str]


def risk_view(
    dataset: Dataset, loc: Localizer, bib: Bibliography, assessment: object = None, as_of: dt.date | None = None
) -> RiskView:
    """The risk engine's sections; ``assessment`` reuses one already computed (the dashboard keeps one);
    figures' ages count to ``as_of`` (default: today)."""
    result = assessment if isinstance(assessment, Assessment) else assessment_of(dataset)
    sections, summary = risk_sections(result, dataset, loc, as_of)
    return RiskView(sections, priority_ranks(result, dataset, loc), result.method.label, summary)


def scenario_sections(
    dataset: Dataset, loc: Localizer, bib: Bibliography, graph: object = None
) -> tuple[list[Section], list[str]]:
    """Scenarios and chokepoints from :mod:`dosa.graph`; ``graph`` reuses one already built."""
    built = graph if isinstance(graph, DatasetGraph) else stackgraph.build_graph(dataset)
    scenarios, summary = stackgraph.scenario_sections(built, dataset, loc, bib)
    return [scenarios, stackgraph.chokepoint_section(built, dataset, loc, bib)], summary


def monitoring_sections(
    dataset: Dataset, loc: Localizer, as_of: dt.date, db: str | Path | None = None
) -> tuple[list[Section], list[str]]:
    """Progress, attention and coverage from :mod:`dosa.monitoring` and the status ledger in ``db``."""
    return progress_sections(dataset, loc, as_of, ledger_entries(db))
