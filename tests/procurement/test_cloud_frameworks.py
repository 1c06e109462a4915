# SPDX-License-Identifier: EUPL-1.2
"""Cloud sovereignty: framework versions, a published self-score reproduced, answers sheets in and out."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.errors import InputError, RecordsError
from dosa.inventory.cloud import FRAMEWORK_VERSIONS, Answer, assess, framework_for
from dosa.procurement.cloud_sheet import answer_rows, read_answers_sheet, render_sheet


def test_safespring_published_self_score_is_reproduced() -> None:
    """Safespring, 'The EU just defined Sovereign Cloud, here is our score' (6 Nov 2025, github.com/safespring/web,
    content/blogg/2025/2025-11-the-eu-just-defined-sovereign-cloud-here-is-our-score.md): SEAL 4, 4, 4, 4, 2, 3,
    4, 4 for SOV-1…SOV-8 and a published score of 86.25 %. By hand with the v1.2.1 weights
    15·4/4 + 10 + 10 + 15 + 20·2/4 + 15·3/4 + 10 + 5 = 15 + 10 + 10 + 15 + 10 + 11.25 + 10 + 5 = 86.25."""
    levels = dict(zip([f"SOV-{n}" for n in range(1, 9)], [4, 4, 4, 4, 2, 3, 4, 4], strict=True))
    result = assess("Safespring", levels, framework=framework_for("1.2.1"))
    assert result.score == pytest.approx(86.25)
    assert result.framework_version == "1.2.1"


def test_only_implemented_versions_are_selectable() -> None:
    assert FRAMEWORK_VERSIONS == ("1.2.1",)
    assert framework_for(None).version == "1.2.1"
    assert framework_for("v1.2.1").version == "1.2.1"
    with pytest.raises(InputError, match="unknown framework version '2026-06'"):
        framework_for("2026-06")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_answers_sheet_round_trip(tmp_path: Path, suffix: str) -> None:
    framework = framework_for(None)
    answers = {"SOV-1": Answer("SOV-1", 3, "EU-owned"), "SOV-5": Answer("SOV-5", 1, '=HYPERLINK("x")')}
    path = tmp_path / f"answers{suffix}"
    path.write_bytes(render_sheet(answer_rows(framework, "Example Cloud", answers, {"SOV-2": 2}), suffix == ".xlsx"))
    service, version, read, minimum = read_answers_sheet(path)
    assert (service, version) == ("Example Cloud", "1.2.1")
    assert read == answers  # a formula-looking rationale stays text
    assert minimum == {"SOV-2": 2}


def test_bad_sheet_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "service,framework,criterion,seal,minimum\nX,1.2.1,SOV-1,5,\nX,1.2.1,SOV-9,2,\nX,1.2.1,SOV-2,2,x\n"
        "X,1.2.1,SOV-2,1,\n",
        encoding="utf-8",
    )
    with pytest.raises(RecordsError) as caught:
        read_answers_sheet(path)
    problems = [(p.line, p.field) for p in caught.value.report.sorted()]
    assert problems == [(2, "seal"), (3, "criterion"), (4, "minimum"), (5, "criterion")]


def test_cli_assesses_a_sheet_with_framework(tmp_path: Path) -> None:
    runner = CliRunner()
    sheet = tmp_path / "a.csv"
    exported = runner.invoke(app, ["cloud", "answers", "-o", str(sheet), "--service", "Safespring"])
    assert exported.exit_code == 0, exported.output
    lines = sheet.read_text(encoding="utf-8").splitlines()
    seals = [4, 4, 4, 4, 2, 3, 4, 4]
    filled = [lines[0]] + [
        ",".join([*cells[:5], str(seal), *cells[6:]])
        for cells, seal in zip((line.split(",") for line in lines[1:]), seals, strict=True)
    ]
    sheet.write_text("\n".join(filled) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["cloud", "assess", str(sheet), "--framework", "1.2.1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"score": "86.2"' in result.output  # 86.25 shown to one decimal (round half to even)
