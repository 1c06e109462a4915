# SPDX-License-Identifier: EUPL-1.2
"""The report on a portfolio: sections, national picture, and the risk-engine boundary."""

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
from dosa.inventory.report import build_report
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
    report = build_report(
        store, "ministry", dataset, VendorMap(dataset), ratings, today=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    assert report.dataset == "tiny 0.0.1"
    assert report.generated == "2025-01-01T00:00:00+00:00"
    assert dict(report.section("summary").rows)["critical services"] == 3
    gaps = report.section("exit_gaps").rows
    assert [row[0] for row in gaps] == ["Mail", "Docs"]
    jurisdictions = report.section("jurisdictions").rows
    assert ("Docs", "service", "vendor HQ", "CN") in [row[:4] for row in jurisdictions]
    assert ("DragonSoft", "component vendor", "group HQ", "CN") in [row[:4] for row in jurisdictions]
    rated = report.section("rated_subjects").rows
    assert [(row[0], row[3], row[4]) for row in rated] == [("Docs", "D/E", True)]
    links = {(row[0], row[1]): row for row in report.section("national_picture").rows}
    assert links[("MegaCloud (MegaCloud Web Services)", "service vendor")][2] == "megacloud-eu"
    (cloud_row,) = report.section("cloud_sovereignty").rows
    assert cloud_row[:4] == ("Mail", 50.0, 50.0, False)
    concentration = {(r[0], r[1]): r for r in report.section("concentration").rows}
    assert concentration[("vendor", "components")][2] == 1  # DragonSoft declared; b has no vendor


def test_without_ratings_the_report_says_so(tmp_path: Path, store: Store, tiny_dataset: Dataset) -> None:
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nMail,saas,X\n")
    import_paths(store, [services], "p")
    report = build_report(store, "p", tiny_dataset, VendorMap(tiny_dataset))
    section = report.section("rated_subjects")
    assert section.rows == []
    assert "No risk-engine ratings" in section.note
