# SPDX-License-Identifier: EUPL-1.2
"""The inventory report on a real SBOM and a service list, rated by the risk engine on the default dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from dosa.dataset import Dataset, load_dataset
from dosa.inventory.importer import import_paths
from dosa.inventory.mapping import load_vendor_map
from dosa.inventory.national import ratings_from_assessment, ratings_from_risk
from dosa.inventory.project import analyse_project
from dosa.risk import Harm, RiskClass, assess, load_method
from dosa.store import Store

SBOM = "cdx-bomex-juice-shop-v11.1.2.json"
SERVICES = """name,category,vendor,critical_functions,exit_plan,subject
Workplace,office_suite,Microsoft,case handling;crisis communication,none,office_suites
Hosting,iaas,Amazon Web Services,case handling,documented,cloud_iaas_paas
Mail,email_collaboration,Google,crisis communication,tested,email_services
Laptops,desktop_os,Microsoft,case handling,none,desktop_os
Payroll,saas,Rijnware,payroll,tested,
"""


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def _engine_label(dataset: Dataset, subject: str) -> tuple[str, bool]:
    """What the engine itself says about ``subject``, spelled out per harm."""
    result = assess(dataset, uncertainty=False).get(subject)
    harms = [result.harms[harm] for harm in Harm]
    label = "; ".join(f"{h.harm.value}: {h.risk.value.replace('_', ' ')} ({h.cell})" for h in harms)
    return label, any(h.risk in (RiskClass.HIGH, RiskClass.VERY_HIGH) for h in harms)


def test_the_report_rates_services_with_the_engines_classes(
    tmp_path: Path, store: Store, samples_dir: Path, dataset: Dataset
) -> None:
    services = tmp_path / "services.csv"
    services.write_text(SERVICES)
    summary = import_paths(store, [samples_dir / SBOM, services], "ministry", subjects=list(dataset.subjects))
    assert summary.ok
    analysis = analyse_project(store, "ministry", dataset, load_vendor_map(dataset), ratings_from_risk(dataset))
    assert analysis.rated is not None
    rows = {r.service: r for r in analysis.rated}
    assert set(rows) == {"Workplace", "Hosting", "Mail", "Laptops"}, "every service with a subject, no other"
    for service, row in rows.items():
        label, high = _engine_label(dataset, row.subject)
        assert (row.rating, row.high) == (label, high), service
        assert row.subject_name == dataset.subjects[row.subject].name_en
        engine = assess(dataset, uncertainty=False).get(row.subject)
        assert [(h.harm, h.risk, h.cell) for h in row.harms] == [
            (h.value, engine.harms[h].risk.value, engine.harms[h].cell) for h in Harm
        ]
    assert rows["Workplace"].critical_functions == ("case handling", "crisis communication")
    flags = [row.high for row in analysis.rated]
    assert flags == sorted(flags, reverse=True), "high ratings first"
    method = load_method()
    assert all(method.label in row.explanation and dataset.info.label in row.explanation for row in analysis.rated)
    assert all(row.method_label == method.label for row in analysis.rated)


def test_ratings_cover_every_subject_and_follow_the_assessment(dataset: Dataset) -> None:
    assessment = assess(dataset, uncertainty=False)
    ratings = ratings_from_risk(dataset)
    assert set(ratings) == set(dataset.subjects)
    assert ratings == ratings_from_assessment(assessment)
    high = {r.subject.id for r in assessment.results if r.risk in (RiskClass.HIGH, RiskClass.VERY_HIGH)}
    assert {s for s, rating in ratings.items() if rating.high} == high
