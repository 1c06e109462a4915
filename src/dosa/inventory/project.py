# SPDX-License-Identifier: EUPL-1.2
"""Every analysis of one project, computed once: what the inventory report and page render.

This module computes and never words anything: :mod:`dosa.report.inventory` turns a
:class:`ProjectAnalysis` into the report's sections (headings, charts, tables) in Dutch or English,
and the command line, the dashboard and the PDF all render that one content model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dosa.dataset.model import Dataset
from dosa.inventory import analysis as an
from dosa.inventory.cloud import CloudAssessment, load_assessments
from dosa.inventory.mapping import VendorMap
from dosa.inventory.national import NationalLink, RatedDependency, SubjectRatings, national_links, rated_dependencies
from dosa.inventory.portfolio import SbomListing, component_vendor_counts, list_sboms, load_services, service_sources
from dosa.inventory.services import Service
from dosa.store import Store

METHOD_VERSION = "inventory-1"
"""Version of the analyses' definitions (docs/inventory.md); changes when a formula changes."""


@dataclass(frozen=True)
class ProjectAnalysis:
    """One project's inventory, analysed: the inputs as read and each analysis' result."""

    project: str
    dataset_label: str
    method: str
    generated: dt.datetime
    sboms: list[SbomListing]
    """The current SBOM of each subject (older versions are not analysed)."""
    services: list[Service]
    views: list[an.ServiceView]
    service_concentrations: list[an.Concentration]
    component_counts: list[an.ComponentVendorCount]
    components: an.ComponentVendors
    exit_gaps: list[an.ExitGap]
    exposures: list[an.JurisdictionExposure]
    """High-risk and non-EU jurisdictions, high-risk first."""
    national_links: list[NationalLink]
    rated: list[RatedDependency] | None
    """``None`` when no risk-engine ratings were supplied."""
    assessments: list[CloudAssessment]
    vendors: VendorMap
    rank_concentrations: list[an.Concentration] = field(default_factory=list)
    """Concentration by group and jurisdiction at each rank of the services' supply chains."""
    resolution: list[Any] = field(default_factory=list)
    """Who is behind the components, per ecosystem (the resolver's coverage rows, all ecosystems last)."""

    @property
    def critical_views(self) -> list[an.ServiceView]:
        return [v for v in self.views if v.service.is_critical]

    @property
    def component_total(self) -> int:
        return sum(s.component_count for s in self.sboms)

    @property
    def concentrations(self) -> list[an.Concentration]:
        """Every concentration: the services' (two bases), the components', and at each rank of the chains."""
        return [
            *self.service_concentrations,
            self.components.by_vendor,
            self.components.by_jurisdiction,
            *self.rank_concentrations,
        ]


def analyse_project(
    store: Store,
    project: str,
    dataset: Dataset | None,
    vendors: VendorMap,
    ratings: SubjectRatings | None = None,
    today: dt.datetime | None = None,
) -> ProjectAnalysis:
    """Analyse one project. ``ratings`` are the risk engine's subject ratings, when available."""
    services = load_services(store, project)
    views = an.view_services(services, vendors, dataset, service_sources(store, project))
    counts = component_vendor_counts(store, project)
    components = an.component_vendors(counts, vendors, dataset)
    return ProjectAnalysis(
        project=project,
        dataset_label=dataset.info.label if dataset is not None else "",
        method=METHOD_VERSION,
        generated=today or dt.datetime.now(dt.UTC),
        sboms=[s for s in list_sboms(store, project) if s.current],
        services=services,
        views=views,
        service_concentrations=an.service_concentrations(views),
        component_counts=counts,
        components=components,
        exit_gaps=an.single_vendor_without_tested_exit(views),
        exposures=an.risky_exposures(an.service_exposures(views, dataset) + components.exposures),
        national_links=national_links([v.vendor for v in views], components.mapped_vendors.values(), dataset),
        rated=None if ratings is None else rated_dependencies(views, ratings, dataset),
        assessments=load_assessments(store, project),
        vendors=vendors,
        rank_concentrations=an.rank_concentrations(views),
        resolution=an.resolve_packages(counts, vendors)[0].ordered(),
    )
