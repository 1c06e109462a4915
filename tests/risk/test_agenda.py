# SPDX-License-Identifier: EUPL-1.2
"""The agenda's own risk readings: quoted verbatim from the real text, one or more per specific priority."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.dataset import Dataset
from dosa.risk import Assessment, Harm, RiskClass
from dosa.risk.agenda import AgendaReading, compare, load_readings

AGENDA = Path(__file__).resolve().parents[2] / "src" / "dosa" / "data" / "agenda" / "agenda-dosa-2023.txt"
SPECIFIC = {
    "critical_raw_materials", "quantum", "photonics", "semiconductors", "network_technology",
    "open_source_software", "cloud", "ai", "cybersecurity", "office_software",
}  # fmt: skip
"""The agenda's ten specific priorities (p. 10-11)."""


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


def test_every_quote_is_verbatim_at_its_line() -> None:
    lines = AGENDA.read_text(encoding="utf-8").split("\n")
    for reading in load_readings():
        window = _normal("\n".join(lines[reading.line - 1 : reading.line + 4]))
        assert reading.quote in window, f"{reading.priority}: quote not at line {reading.line}"


def test_every_specific_priority_has_a_reading() -> None:
    readings = load_readings()
    assert {r.priority for r in readings} == SPECIFIC
    for reading in readings:
        low, high = reading.expected
        assert low.order <= high.order


def test_verdicts_follow_the_expected_range(assessment: Assessment, small: Dataset) -> None:
    reading = AgendaReading("semiconductors", Harm.INTERRUPTION, 1, "q", "r", (RiskClass.MEDIUM, RiskClass.HIGH))
    (comparison,) = compare(assessment, small, [reading])
    worst = assessment.get(comparison.worst or "")
    members = [r for r in assessment.results if "semiconductors" in r.subject.priorities]
    assert worst.harms[Harm.INTERRUPTION].order_key == max(r.harms[Harm.INTERRUPTION].order_key for r in members)
    engine = worst.harms[Harm.INTERRUPTION].risk
    assert comparison.engine is engine
    expected = "agrees" if engine in (RiskClass.MEDIUM, RiskClass.HIGH) else "engine higher"
    assert comparison.verdict == expected
    (absent,) = compare(assessment, small, [AgendaReading("quantum", Harm.ACCESS, 1, "q", "r", (RiskClass.LOW,) * 2)])
    assert absent.verdict == "no subjects"


def test_agenda_command(small_path: Path) -> None:
    result = CliRunner().invoke(app, ["-d", str(small_path), "risk", "agenda", "-f", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(load_readings())
    assert {r["verdict"] for r in rows} <= {"agrees", "engine higher", "engine lower", "no subjects"}
    assert all(r["quote"] and r["agenda_line"] for r in rows)
