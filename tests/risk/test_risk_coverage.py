# SPDX-License-Identifier: EUPL-1.2
"""What a rating rests on, insufficient data kept out of the findings, and the age of figures.

Expected values are worked out by hand from the factor weights and the small fixture's rows.
"""

from __future__ import annotations

from dosa.dataset import Dataset
from dosa.risk import assess
from dosa.risk.coverage import Basis, coverage_of, figure_ages, year_of
from dosa.risk.factors import Factor
from dosa.risk.method import Harm, Weight
from dosa.risk.score import insufficient, matrix, rollups


def _factor(name: str, weight: float, basis: str) -> Factor:
    return Factor(name, "", 0.5, 0.0, 1.0, Weight(weight=weight, rationale="test"), basis, ("test",))


def test_half_the_weight_on_data_is_sourced() -> None:
    factors = (
        _factor("country_concentration", 0.15, "data"),
        _factor("supplier_relation", 0.15, "data"),
        _factor("company_concentration", 0.10, "missing"),
        _factor("substitutability", 0.20, "judgement"),
    )
    coverage = coverage_of(factors, 0.5)
    # data 0.30 of 0.60 = 0.5 reaches the threshold; judgements 0.20 / 0.60
    assert coverage.basis is Basis.SOURCED
    assert abs(coverage.data - 0.5) < 1e-12
    assert abs(coverage.judgement - 1 / 3) < 1e-12
    assert coverage.defaults == ("company_concentration",)
    assert coverage.needs == ("shares_by_company",)


def test_some_data_is_partly_and_judgement_only_is_judgement() -> None:
    partly = coverage_of(
        (
            _factor("export_restrictions", 0.1, "data"),
            _factor("lock_in", 0.3, "missing"),
            _factor("x", 0.2, "judgement"),
        ),
        0.5,
    )
    assert partly.basis is Basis.PARTLY
    assert abs(partly.data - 1 / 6) < 1e-12
    judged = coverage_of((_factor("lock_in", 0.3, "missing"), _factor("substitutability", 0.2, "judgement")), 0.5)
    assert judged.basis is Basis.JUDGEMENT
    assert judged.data == 0


def test_defaults_alone_are_insufficient_and_list_each_need_once() -> None:
    coverage = coverage_of(
        (
            _factor("country_concentration", 0.15, "missing"),
            _factor("supplier_relation", 0.15, "missing"),
            _factor("time_to_substitute", 0.1, "missing"),
            _factor("ignored", 0.0, "data"),
        ),
        0.5,
    )
    assert coverage.basis is Basis.DEFAULTS
    assert coverage.insufficient
    assert coverage.needs == ("shares_by_country", "judgement_time_to_substitute")


def test_a_subject_without_data_is_no_finding(small: Dataset) -> None:
    # quantum_sensors has no share, fact or judgement in the fixture: every likelihood factor is a default
    assessment = assess(small, uncertainty=False)
    sensors = assessment.get("quantum_sensors")
    assert sensors.insufficient
    assert all(h.coverage.insufficient for h in sensors.harms.values())
    assert sensors.rank == len(assessment.results), "ranked below every subject rated on data"
    for harm in Harm:
        assert "quantum_sensors" in [r.subject.id for r in insufficient(assessment.results, harm)]
        assert all("quantum_sensors" not in cell.subjects for cell in matrix(assessment, harm))
    semis = [r for r in rollups(assessment, small, "priority") if r.group == "semiconductors"]
    assert all(r.worst != "quantum_sensors" and r.insufficient == 1 for r in semis)


def test_year_of_takes_the_latest_year() -> None:
    assert year_of("2019-2021") == 2021
    assert year_of("2023") == 2023
    assert year_of("n/s") is None
    assert year_of("Q3 12345") is None


def test_figure_ages_against_the_threshold(small: Dataset) -> None:
    # chips: shares c1-c6 of 2023 and c7 of 2019; judgements j-chips-mut, j-chips-time cite the 2023 agenda
    ages = figure_ages(small, "chips", 2025, 5)
    assert ages.oldest is not None
    assert (ages.oldest.id, ages.oldest.year) == ("c7", 2019)
    assert [f.id for f in ages.old] == ["c7"]  # 2025 - 2019 = 6 years, more than 5
    assert figure_ages(small, "chips", 2024, 5).old == ()  # 2024 - 2019 = 5 years: not older than 5


def test_the_report_flags_old_figures_per_subject(small: Dataset) -> None:
    import datetime as dt

    from dosa.i18n import localizer
    from dosa.report.risk import coverage_table, old_figures_notes

    assessment = assess(small, uncertainty=False)
    loc = localizer("en")
    # chips: share c7 describes 2019; on 2025-06-01 that is 6 years, more than the method's 5
    notes = old_figures_notes(assessment, small, loc, dt.date(2025, 6, 1))
    assert any("Chips: 1 (2019)" in note for note in notes)
    assert not any("Chips" in note for note in old_figures_notes(assessment, small, loc, dt.date(2024, 6, 1)))
    table = coverage_table(assessment, small, loc, dt.date(2025, 6, 1))
    chips = next(row for row in table.shown if row[1] == "Chips")
    assert chips[5].startswith("2019 (share c7)")
    assert "older than 5 years" in chips[5]
