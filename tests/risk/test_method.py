# SPDX-License-Identifier: EUPL-1.2
"""The method file: the packaged one is valid, and a bad one is refused with every problem and its line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dosa.errors import MethodError
from dosa.risk import load_method
from dosa.risk.method import DEFAULT_METHOD, LIKELIHOOD_FACTORS, Harm, methods_dir, packaged_methods


def test_packaged_method_is_valid_and_versioned() -> None:
    method = load_method()
    assert DEFAULT_METHOD in packaged_methods()
    assert method.label == f"{method.id} {method.version}"
    assert f"{method.id}-{method.version}" == DEFAULT_METHOD, "the file name carries the version"
    for harm in Harm:
        assert set(method.harms.of(harm).likelihood) == set(LIKELIHOOD_FACTORS[harm])
        for weight in (*method.harms.of(harm).likelihood.values(), *method.harms.of(harm).impact.values()):
            assert weight.rationale.strip()
            assert weight.low <= weight.weight <= weight.high


def test_packaged_method_by_name_or_path() -> None:
    by_name = load_method(DEFAULT_METHOD)
    by_path = load_method(methods_dir() / f"{DEFAULT_METHOD}.yaml")
    assert by_name == by_path


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "method.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(MethodError) as caught:
        load_method(path)
    assert caught.value.hint
    return caught.value.problems


def _default_text() -> str:
    return (methods_dir() / f"{DEFAULT_METHOD}.yaml").read_text(encoding="utf-8")


def test_every_problem_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    text = _default_text()
    text = text.replace("likelihood: [0.2, 0.4, 0.6, 0.8]", "likelihood: [0.2, 0.6, 0.4, 0.8]")
    text = text.replace("      lock_in:\n        weight: 0.05\n", "      lock_in:\n        weight: 0.5\n")
    text = text.replace("  draws: 1000\n", "  draws: 1000\n  colour: blue\n")
    problems = _problems(_write(tmp_path, text))
    assert len(problems) == 3, problems
    joined = "\n".join(problems)
    assert "classes.likelihood" in joined
    assert "rise strictly" in joined
    assert "lock_in" in joined
    assert "must contain the weight" in joined
    assert "uncertainty.colour" in joined
    assert "unknown setting" in joined
    lock_in_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "lock_in:")
    assert any(f"method.yaml:{lock_in_line + 1} " in p for p in problems if "lock_in" in p), problems


def test_unknown_and_missing_factors_are_named(tmp_path: Path) -> None:
    text = _default_text().replace("      lock_in:\n", "      lockin:\n")
    joined = "\n".join(_problems(_write(tmp_path, text)))
    assert "unknown factor 'lockin'" in joined
    assert "factor 'lock_in' is missing" in joined


def test_a_risk_matrix_that_falls_is_refused(tmp_path: Path) -> None:
    text = _default_text().replace(
        "E: [medium, high, high, very_high, very_high]", "E: [medium, high, low, very_high, very_high]"
    )
    joined = "\n".join(_problems(_write(tmp_path, text)))
    assert "never give a lower risk class" in joined


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    problems = _problems(_write(tmp_path, "id: x\nversion: [1\n"))
    assert problems
    assert "malformed YAML" in problems[0]
    assert "method.yaml:" in problems[0]


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(MethodError, match="no method file"):
        load_method(tmp_path / "absent.yaml")


def test_extends_merges_and_checks_its_base(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: dosa-risk-1.0.0\nversion: 9.9\nuncertainty: {draws: 50}\n")
    method = load_method(path)
    assert method.version == "9.9"
    assert method.uncertainty.draws == 50
    assert method.classes == load_method().classes
    problems = _problems(_write(tmp_path, "extends: no-such-method\n"))
    assert "no method 'no-such-method'" in problems[0]


def test_packaged_file_round_trips_through_yaml() -> None:
    document = yaml.safe_load(_default_text())
    assert document["id"] == "dosa-risk"
    assert sum(v["weight"] for v in document["harms"]["interruption"]["likelihood"].values()) == pytest.approx(1.0)
