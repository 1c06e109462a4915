# SPDX-License-Identifier: EUPL-1.2
"""The analysis of a project behind the inventory report: sections, national picture, and the risk-engine boundary."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from inventory_helpers import cyclonedx, library

from dosa.dataset import Dataset
from dosa.inventory.cloud import assess, save_assessment
from dosa.inventory.importer import import_paths
from dosa.inventory.mapping import VendorMap
from dosa.inventory.national import SubjectRating
from dosa.inventory.project import analyse_project
from dosa.model import Citation, Subject
from dosa.store import Store

SERVICES = """name,category,vendor,critical_functions,exit_plan,subject,alternatives
Mail,saas,MegaCloud Europe,crisis communication;case handling,documented,cloud_services,
Docs,office_suite,DragonSoft,case handling,none,office_software,
Payroll,saas,Rijnware,payroll,tested,,
"""


def _dataset_with_subjects(tiny: Dataset) -> Dataset:
    citation = Citation(source="fixture")
    subjects = {
        sid: Subject(
            id=sid,
            name_nl=sid,
            name_en=name,
            kind="service",
            layer="applications_services",
            priorities=("cloud",),
            citation=citation,
        )
        for sid, name in (("cloud_services", "Cloud services"), ("office_software", "Office software"))
    }
    return dataclasses.replace(tiny, subjects=subjects)


def test_report_on_a_portfolio(tmp_path: Path, store: Store, tiny_dataset: Dataset) -> None:
    dataset = _dataset_with_subjects(tiny_dataset)
    services = tmp_path / "services.csv"
    services.write_text(SERVICES)
    sbom = tmp_path / "app.json"
    sbom.write_text(cyclonedx([library("a", "1.0", supplier={"name": "DragonSoft"}), library("b", "1.0")]))
    summary = import_paths(store, [services, sbom], "ministry", subjects=list(dataset.subjects))
    assert summary.ok
    save_assessment(store, "ministry", assess("Mail", {f"SOV-{n}": 2 for n in range(1, 9)}, {"SOV-2": 3}))
    ratings = {"office_software": SubjectRating("office_software", "D/E", True, "lock-in")}
    analysis = analyse_project(
        store, "ministry", dataset, VendorMap(dataset), ratings, today=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    assert analysis.dataset_label == "tiny 0.0.1"
    assert analysis.generated == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert len(analysis.critical_views) == 3
    assert [gap.service for gap in analysis.exit_gaps] == ["Mail", "Docs"]
    jurisdictions = [(e.dependency, e.kind, e.role, e.country) for e in analysis.exposures]
    assert ("Docs", "service", "vendor HQ", "CN") in jurisdictions
    assert ("DragonSoft", "component vendor", "group HQ", "CN") in jurisdictions
    assert analysis.rated is not None
    assert [(r.service, r.rating, r.high) for r in analysis.rated] == [("Docs", "D/E", True)]
    links = {(link.vendor, link.kind): link for link in analysis.national_links}
    assert links[("MegaCloud (MegaCloud Web Services)", "service vendor")].supplier_id == "megacloud-eu"
    (cloud,) = analysis.assessments
    assert (cloud.service, cloud.score, cloud.score_lower_bound, cloud.eligible) == ("Mail", 50.0, 50.0, False)
    by_vendor = analysis.components.by_vendor
    assert (len(by_vendor.rows), by_vendor.total_weight, by_vendor.unknown_weight) == (1, 2, 1)


def test_without_ratings_the_report_says_so(tmp_path: Path, store: Store, tiny_dataset: Dataset) -> None:
    from dosa.report.inventory import build_inventory_report

    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nMail,saas,X\n")
    import_paths(store, [services], "p")
    analysis = analyse_project(store, "p", tiny_dataset, VendorMap(tiny_dataset))
    assert analysis.rated is None
    report = build_inventory_report(analysis, tiny_dataset, "en")
    section = next(s for s in report.sections if s.id == "inventory-rated")
    assert section.tables == []
    assert "No risk-engine ratings" in section.paragraphs[0]
