# SPDX-License-Identifier: EUPL-1.2
"""The engine on the real default dataset: every subject scored, explained and given an interval."""

from __future__ import annotations

import pytest

from dosa.dataset import Dataset, load_dataset
from dosa.risk import Assessment, Harm, assess, explain


@pytest.fixture(scope="module")
def default() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def scored(default: Dataset) -> Assessment:
    return assess(default, draws=100)


def test_every_subject_is_scored_with_an_interval(default: Dataset, scored: Assessment) -> None:
    assert default.subjects, "the default dataset holds subjects"
    assert {r.subject.id for r in scored.results} == set(default.subjects)
    for result in scored.results:
        assert result.uncertainty is not None
        assert result.dataset_label == default.info.label
        for harm in Harm:
            low, high = result.uncertainty.harms[harm].likelihood
            assert low <= high


def test_every_subject_is_explained_with_sources(default: Dataset, scored: Assessment) -> None:
    for subject in default.subjects:
        explanation = explain(scored, default, subject)
        for harm in explanation.harms:
            assert sum(line.contribution or 0 for line in harm.lines if line.part == "likelihood") == pytest.approx(
                harm.likelihood
            )
            assert all(line.sources for line in harm.lines), subject


def test_raw_materials_with_shares_are_scored_on_data(default: Dataset, scored: Assessment) -> None:
    """Every raw material with shares in the dataset gets its concentration from data, not the default."""
    for result in scored.results:
        if result.subject.kind.value != "raw_material" or not default.shares_of(result.subject.id):
            continue
        factor = next(f for f in result.harms[Harm.INTERRUPTION].likelihood.factors if f.id == "country_concentration")
        assert factor.basis == "data", result.subject.id
