# SPDX-License-Identifier: EUPL-1.2
"""Explanations name every factor with its source, and their contributions add up to the score."""

from __future__ import annotations

import pytest

from dosa.dataset import Dataset
from dosa.errors import UnknownIdError
from dosa.risk import Assessment, Harm, explain
from dosa.risk.method import LIKELIHOOD_FACTORS

BASES = {"data", "judgement", "method", "missing"}


@pytest.mark.parametrize("subject", ["gallium", "germanium", "chips", "cloud", "ran_equipment", "quantum_sensors"])
def test_explanation_names_every_factor_with_a_source(assessment: Assessment, small: Dataset, subject: str) -> None:
    explanation = explain(assessment, small, subject)
    assert explanation.method_label == assessment.method.label
    assert explanation.dataset_label == small.info.label
    for harm in explanation.harms:
        named = {line.factor for line in harm.lines if line.part == "likelihood"}
        assert named == set(LIKELIHOOD_FACTORS[harm.harm])
        impact = {line.factor for line in harm.lines if line.part == "impact"}
        assert impact == {c.value for c in assessment.method.harms.of(harm.harm).impact}
        for line in harm.lines:
            assert line.basis in BASES
            assert line.sources, line
            assert all(s.strip() for s in line.sources), line
            if line.basis == "judgement":
                assert any(s.startswith("judgement ") for s in line.sources)
            if line.basis == "missing":
                assert line.raw.startswith("no data")


def test_contributions_add_up_to_the_scores(assessment: Assessment, small: Dataset) -> None:
    for subject in small.subjects:
        explanation = explain(assessment, small, subject)
        for harm in explanation.harms:
            likelihood = sum(line.contribution or 0.0 for line in harm.lines if line.part == "likelihood")
            impact = sum(line.contribution or 0.0 for line in harm.lines if line.part == "impact")
            assert likelihood == pytest.approx(harm.likelihood)
            assert impact == pytest.approx(harm.impact)


def test_access_explanation_shows_the_gate(assessment: Assessment, small: Dataset) -> None:
    explanation = explain(assessment, small, "cloud")
    access = next(h for h in explanation.harms if h.harm is Harm.ACCESS)
    gates = [line for line in access.lines if line.part == "gate"]
    assert len(gates) == 1
    assert gates[0].factor == "supplier_access"
    assert "service" in gates[0].raw


def test_explanation_says_what_would_change_the_class(assessment: Assessment, small: Dataset) -> None:
    explanation = explain(assessment, small, "gallium")
    interruption = explanation.harms[0]
    texts = " ".join(interruption.changes)
    assert "likelihood" in texts
    assert "impact" in texts
    assert "risk becomes" in texts or "no single class step" in texts


def test_indicators_include_crma_and_governance_notes(assessment: Assessment, small: Dataset) -> None:
    lines = explain(assessment, small, "gallium").indicators
    names = {line.factor for line in lines}
    assert {"hhi_countries", "share_outside_eu", "share_offensive_cyber", "largest_third_country"} <= names
    crma = next(line for line in lines if line.factor == "largest_third_country")
    assert "CN 98 %" in crma.raw
    assert "exceeds" in crma.raw
    governance = next(line for line in lines if line.factor == "governance_weighted_hhi")
    # Only CN is a single country (98 %); WGI China 2022 = 10 * (1 - 0.43335) = 5.6665: 0.98**2 * 5.6665.
    assert governance.value == pytest.approx(0.9604 * 5.6665, abs=1e-3)
    assert "98 % of supply" in governance.raw


def test_suppliers_for_80_is_a_lower_bound_when_shares_fall_short(assessment: Assessment, small: Dataset) -> None:
    line = next(line for line in explain(assessment, small, "chips").indicators if line.factor == "suppliers_for_80")
    assert line.raw == "3"  # 55 + 17 + 8 = 80 %
    cloud = next(line for line in explain(assessment, small, "cloud").indicators if line.factor == "suppliers_for_80")
    assert cloud.raw.startswith("more than")  # 32 + 23 + 3 = 58 % listed


def test_unknown_subject_suggests_close_ids(assessment: Assessment, small: Dataset) -> None:
    with pytest.raises(UnknownIdError) as caught:
        explain(assessment, small, "galium")
    assert caught.value.hint is not None
    assert "gallium" in caught.value.hint
