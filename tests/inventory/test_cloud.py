# SPDX-License-Identifier: EUPL-1.2
"""Cloud-sovereignty scores on hand-computed examples, the minimum-SEAL check, and answer files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dosa.errors import InputError, RecordsError, UnknownIdError
from dosa.inventory.cloud import assess, load_assessments, load_framework, read_answers, save_assessment
from dosa.inventory.importer import import_paths
from dosa.store import Store

# weights from the framework data: 15, 10, 10, 15, 20, 15, 10, 5
EXAMPLE = {"SOV-1": 2, "SOV-2": 3, "SOV-3": 4, "SOV-4": 1, "SOV-5": 2, "SOV-6": 3, "SOV-7": 4, "SOV-8": 0}


def test_framework_data_has_eight_weighted_objectives_and_five_levels() -> None:
    framework = load_framework()
    assert [o.id for o in framework.objectives] == [f"SOV-{n}" for n in range(1, 9)]
    assert [o.weight_pct for o in framework.objectives] == [15, 10, 10, 15, 20, 15, 10, 5]
    assert [s.level for s in framework.seal_levels] == [0, 1, 2, 3, 4]
    assert "DG DIGIT" in framework.source


def test_score_on_a_hand_computed_example() -> None:
    # 15*2/4 + 10*3/4 + 10*4/4 + 15*1/4 + 20*2/4 + 15*3/4 + 10*4/4 + 5*0/4
    # = 7.5 + 7.5 + 10 + 3.75 + 10 + 11.25 + 10 + 0 = 60.0
    result = assess("Cloud X", EXAMPLE)
    assert result.score == pytest.approx(60.0)
    assert [c.points for c in result.contributions] == pytest.approx([7.5, 7.5, 10, 3.75, 10, 11.25, 10, 0])
    assert result.eligible is None


def test_extremes() -> None:
    assert assess("top", dict.fromkeys(EXAMPLE, 4)).score == pytest.approx(100)
    assert assess("none", dict.fromkeys(EXAMPLE, 0)).score == pytest.approx(0)


def test_minimum_seal_check() -> None:
    result = assess("Cloud X", EXAMPLE, {"SOV-2": 2, "SOV-5": 3})
    assert result.eligible is False
    assert [(c.objective, c.seal, c.minimum) for c in result.below_minimum] == [("SOV-5", 2, 3)]
    assert assess("Cloud X", EXAMPLE, {"SOV-2": 3, "SOV-5": 2}).eligible is True


def test_missing_answers_give_a_lower_bound_not_a_score() -> None:
    partial = {k: v for k, v in EXAMPLE.items() if k != "SOV-3"}
    result = assess("Cloud X", partial, {"SOV-3": 1})
    assert result.score is None
    assert result.missing == ("SOV-3",)
    assert result.score_lower_bound == pytest.approx(50.0)
    assert result.eligible is False  # a minimum on an unanswered objective is not met


def test_unknown_objectives_and_levels_are_errors() -> None:
    with pytest.raises(InputError, match="unknown objective 'SOV-9'"):
        assess("x", {"SOV-9": 1})
    with pytest.raises(InputError, match="outside 0-4"):
        assess("x", {"SOV-1": 5})


def test_answers_file_round_trip_and_storage(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "answers.yaml"
    lines = ["service: Cloud X", "answers:"] + [f"  {k}: {{seal: {v}, rationale: because}}" for k, v in EXAMPLE.items()]
    lines += ["minimum:", "  SOV-5: 3"]
    path.write_text("\n".join(lines) + "\n")
    service, answers, minimum = read_answers(path)
    assert (service, minimum, answers["SOV-1"].rationale) == ("Cloud X", {"SOV-5": 3}, "because")
    result = assess(service, answers, minimum)
    with pytest.raises(UnknownIdError, match="no project 'org'"):
        save_assessment(store, "org", result)
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nCloud X,iaas,X Corp\nCloud Y,iaas,Y Corp\n", encoding="utf-8")
    assert import_paths(store, [services], "org").ok
    with pytest.raises(UnknownIdError, match="no service 'Cloud Z'") as caught:
        save_assessment(store, "org", assess("Cloud Z", answers, minimum))
    assert caught.value.hint is not None
    assert "Cloud X" in caught.value.hint
    save_assessment(store, "org", result)
    save_assessment(store, "org", result)  # replaces, does not duplicate
    (stored,) = load_assessments(store, "org")
    assert (stored.service, stored.score, stored.eligible) == ("Cloud X", pytest.approx(60.0), False)


def test_answers_file_problems_are_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("answers:\n  SOV-1: 7\n  SOV-12: 1\n  SOV-2: high\nminimum:\n  SOV-3: -1\ncolour: red\n")
    with pytest.raises(RecordsError) as caught:
        read_answers(path)
    assert sorted(p.field or "" for p in caught.value.report.errors) == [
        "answers.SOV-1",
        "answers.SOV-12",
        "answers.SOV-2",
        "colour",
        "minimum.SOV-3",
        "service",
    ]
