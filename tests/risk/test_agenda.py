# SPDX-License-Identifier: EUPL-1.2
"""The agenda's own risk readings: quoted verbatim from the real text, one or more per specific priority."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from dosa.agenda.layout import read_layout
from dosa.cli.app import app
from dosa.dataset import Dataset
from dosa.risk import Assessment, Harm, Level, RiskClass
from dosa.risk.agenda import AgendaReading, compare, load_readings

AGENDA = Path(__file__).resolve().parents[2] / "src" / "dosa" / "data" / "agenda" / "agenda-dosa-2023.txt"
SPECIFIC = {
    "critical_raw_materials", "quantum", "photonics", "semiconductors", "network_technology",
    "open_source_software", "cloud", "ai", "cybersecurity", "office_software",
}  # fmt: skip
"""The agenda's ten specific priorities (p. 10-11)."""


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


def test_every_quote_is_verbatim_at_its_line_and_page() -> None:
    text = AGENDA.read_text(encoding="utf-8")
    lines = text.split("\n")
    pages = {line.number: line.page for line in read_layout(text).lines}
    for reading in load_readings():
        window = _normal("\n".join(lines[reading.line - 1 : reading.line + 4]))
        assert reading.quote in window, f"{reading.id}: quote not at line {reading.line}"
        start = window.find(reading.quote)
        assert start < len(_normal(lines[reading.line - 1])), (
            f"{reading.id}: the quote starts after line {reading.line}"
        )
        assert reading.page == pages[reading.line], (
            f"{reading.id}: page {reading.page}, layout says {pages[reading.line]}"
        )


def test_every_specific_priority_has_a_reading() -> None:
    readings = load_readings()
    assert {r.priority for r in readings if r.priority} == SPECIFIC
    for reading in readings:
        assert reading.reading_nl, f"{reading.id}: the Dutch report needs a Dutch reading"
        assert reading.kind in ("risk", "strength")
        for pair in (reading.expected, reading.expected_likelihood, reading.expected_impact):
            if pair is not None:
                assert list(type(pair[0])).index(pair[0]) <= list(type(pair[1])).index(pair[1])
    assert len({r.id for r in readings}) == len(readings), "check ids are unique"


def test_the_known_contradictions_are_checks() -> None:
    """Issue 10: lithography is an EU strength (p. 11 of the layout, 'p. 10' in the issue), NL is a
    crypto-producing nation, rare earths feed chips, network equipment and batteries."""
    by_subject: dict[str, list[AgendaReading]] = {}
    for reading in load_readings():
        by_subject.setdefault(reading.subject or "", []).append(reading)
    for subject in ("euv_lithography", "duv_lithography", "cryptographic_products"):
        strengths = [
            r
            for r in by_subject[subject]
            if r.kind == "strength" and r.harm is Harm.INTERRUPTION and r.expected_likelihood
        ]
        assert strengths, subject
        assert all(r.expected_likelihood == (Level.A, Level.B) for r in strengths)
    assert "lithografie (ASML)" in by_subject["euv_lithography"][0].quote
    assert "staatsgeheimen" in by_subject["cryptographic_products"][0].quote
    assert {r.expected_impact for r in by_subject["rare_earths"]} >= {(Level.B, Level.E)}
    assert any(r.layer == "raw_materials" for r in load_readings()), "a layer-level verdict is checked too"


def test_strength_checks_compare_the_likelihood(assessment: Assessment, small: Dataset) -> None:
    # gallium in the small fixture: CN holds 98 % of processing, so its interruption likelihood is not A-B
    gallium = assessment.get("gallium").harms[Harm.INTERRUPTION]
    strength = AgendaReading(
        "x", Harm.INTERRUPTION, 1, "q", "r", subject="gallium", expected_likelihood=(Level.A, Level.B)
    )
    (comparison,) = compare(assessment, small, [strength])
    assert comparison.likelihood is gallium.likelihood_class
    assert comparison.verdict == ("engine higher" if gallium.likelihood_class not in (Level.A, Level.B) else "agrees")
    # quantum_sensors has no data at all: the check cannot be decided
    open_check = AgendaReading(
        "y", Harm.INTERRUPTION, 1, "q", "r", subject="quantum_sensors", expected_likelihood=(Level.A, Level.B)
    )
    (undecided,) = compare(assessment, small, [open_check])
    assert undecided.verdict == "insufficient data"
    assert undecided.unrated == ("quantum_sensors",)


def test_verdicts_follow_the_expected_range(assessment: Assessment, small: Dataset) -> None:
    reading = AgendaReading(
        "s", Harm.INTERRUPTION, 1, "q", "r", (RiskClass.MEDIUM, RiskClass.HIGH), priority="semiconductors"
    )
    (comparison,) = compare(assessment, small, [reading])
    worst = assessment.get(comparison.worst or "")
    members = [
        r
        for r in assessment.results
        if "semiconductors" in r.subject.priorities and not r.harms[Harm.INTERRUPTION].coverage.insufficient
    ]
    assert worst.harms[Harm.INTERRUPTION].order_key == max(r.harms[Harm.INTERRUPTION].order_key for r in members)
    engine = worst.harms[Harm.INTERRUPTION].risk
    assert comparison.engine is engine
    expected = "agrees" if engine in (RiskClass.MEDIUM, RiskClass.HIGH) else "engine higher"
    assert comparison.verdict == expected
    (absent,) = compare(
        assessment, small, [AgendaReading("a", Harm.ACCESS, 1, "q", "r", (RiskClass.LOW,) * 2, priority="quantum")]
    )
    assert absent.verdict == "no subjects"


def test_agenda_command(small_path: Path) -> None:
    result = CliRunner().invoke(app, ["-d", str(small_path), "risk", "agenda", "-f", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(load_readings())
    assert {r["verdict"] for r in rows} <= {
        "agrees",
        "engine higher",
        "engine lower",
        "insufficient data",
        "no subjects",
    }
    assert all(r["quote"] and r["agenda_line"] and r["agenda_page"] for r in rows)
    assert all(r["explanation"] == "" for r in rows if r["verdict"] == "agrees")
