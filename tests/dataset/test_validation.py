# SPDX-License-Identifier: EUPL-1.2
"""Loading reports every problem at once, each with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from dosa.dataset import load_dataset, load_dataset_with_report
from dosa.dataset.problems import Problem, Severity
from dosa.errors import DatasetError, InputError


def _problems(path: Path) -> list[Problem]:
    _, report = load_dataset_with_report(path)
    return report.sorted()


def _find(problems: list[Problem], file: str, field: str | None) -> Problem:
    hits = [p for p in problems if p.file == file and p.field == field]
    assert hits, f"no problem for {file} [{field}] in: " + "\n".join(map(str, problems))
    return hits[0]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_the_mini_dataset_is_valid(mini_path: Path) -> None:
    dataset, report = load_dataset_with_report(mini_path)
    assert report.problems == []
    assert dataset is not None
    assert dataset.info.label == "mini 0.0.1"
    assert len(dataset.actions) == 3


def test_every_problem_is_reported_at_once_with_its_location(mini_copy: Path) -> None:
    _replace(
        mini_copy / "shares.csv",
        "s2,chips,fabrication,US,country,US,global,2023,10",
        "s2,chips,fabrication,US,country,US,global,2023,140",
    )
    _replace(mini_copy / "shares.csv", "s3,gallium", "s3,unobtainium")
    _replace(mini_copy / "countries.csv", "TW,Taiwan", "XX,Taiwan")
    _replace(mini_copy / "suppliers.csv", "tsmc,TSMC,TW", "tsmc,TSMC,ZZ")
    _replace(mini_copy / "facts.csv", ",agenda,13,16", ",,13,16")
    _replace(mini_copy / "actions.yaml", "owners: [jenv]", "owners: [justitie]")
    with (mini_copy / "subjects.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "- id: gallium\n  name_nl: G\n  name_en: G\n  kind: raw_material\n  layer: raw_materials\n"
            "  priorities: [critical_raw_materials]\n"
        )

    problems = _problems(mini_copy)
    errors = [p for p in problems if p.severity is Severity.ERROR]

    share = _find(errors, "shares.csv", "value")
    assert share.line == _line_of(mini_copy / "shares.csv", "s2,chips")
    assert "between 0 and 100" in share.message
    unknown_subject = _find(errors, "shares.csv", "subject")
    assert [p.message for p in errors if p.field == "subject"] == [unknown_subject.message], "one bad reference"
    assert "unobtainium" in unknown_subject.message
    assert unknown_subject.line == _line_of(mini_copy / "shares.csv", "s3,unobtainium")
    bad_code = _find(errors, "countries.csv", "code")
    assert "XX" in bad_code.message
    assert bad_code.line == _line_of(mini_copy / "countries.csv", "XX,Taiwan")
    assert "ZZ" in _find(errors, "suppliers.csv", "hq_country").message
    missing_source = _find(errors, "facts.csv", "source")
    assert missing_source.message == "required field is missing"
    owner = _find(errors, "actions.yaml", "owners")
    assert "justitie" in owner.message
    assert owner.line == _line_of(mini_copy / "actions.yaml", "id: a003")
    duplicate = _find(errors, "subjects.yaml", "id")
    assert "duplicate id 'gallium'" in duplicate.message
    assert duplicate.line == len((mini_copy / "subjects.yaml").read_text().splitlines()) - 5
    assert "first at line 1" in duplicate.message
    assert all(p.hint for p in errors), "every error says what to do"


def test_shares_of_one_distribution_may_not_exceed_100(mini_copy: Path) -> None:
    with (mini_copy / "shares.csv").open("a", encoding="utf-8") as handle:
        handle.write("s5,chips,fabrication,NL,country,NL,global,2023,45,,production,=,no,,agenda,11,\n")
    problems = _problems(mini_copy)
    total = _find(problems, "shares.csv", "value")
    assert "sum to 105 %" in total.message
    assert "s1" in total.hint
    assert "s5" in total.hint


def test_malformed_files_are_reported_not_raised(mini_copy: Path) -> None:
    (mini_copy / "judgements.yaml").write_text("- id: j1\n  subject: [unclosed\n", encoding="utf-8")
    (mini_copy / "requires.csv").write_text(
        "subject,requires,mode,colour\nchips,gallium,all,red,extra\n", encoding="utf-8"
    )
    problems = _problems(mini_copy)
    yaml_problem = _find(problems, "judgements.yaml", None)
    assert "malformed YAML" in yaml_problem.message
    assert yaml_problem.line is not None
    assert "unknown column 'colour'" in _find(problems, "requires.csv", "colour").message
    assert any(p.file == "requires.csv" and p.line == 2 and "more cells" in p.message for p in problems)


def test_duplicate_yaml_keys_and_unknown_fields(mini_copy: Path) -> None:
    _replace(
        mini_copy / "subjects.yaml",
        "  kind: raw_material\n",
        "  kind: raw_material\n  kind: component\n  colour: red\n",
    )
    problems = _problems(mini_copy)
    assert "duplicate key" in _find(problems, "subjects.yaml", "kind").message
    assert _find(problems, "subjects.yaml", "colour").message == "unknown field"


def test_enum_errors_name_the_field(mini_copy: Path) -> None:
    _replace(mini_copy / "subjects.yaml", "layer: hardware", "layer: software")
    problem = _find(_problems(mini_copy), "subjects.yaml", "layer")
    assert "software" in problem.message or "Input should be" in problem.message
    assert problem.line == _line_of(mini_copy / "subjects.yaml", "- id: chips")


def test_requires_cycles_are_named(mini_copy: Path) -> None:
    with (mini_copy / "requires.csv").open("a", encoding="utf-8") as handle:
        handle.write("gallium,chips,all,,,Circular on purpose.,agenda,1\n")
    problem = _find(_problems(mini_copy), "requires.csv", "requires")
    assert "cycle" in problem.message
    assert "chips -> gallium -> chips" in problem.message or "gallium -> chips -> gallium" in problem.message


def test_load_dataset_raises_with_the_full_report(mini_copy: Path) -> None:
    _replace(mini_copy / "shares.csv", "s3,gallium", "s3,unobtainium")
    _replace(mini_copy / "countries.csv", "TW,Taiwan", "XX,Taiwan")
    with pytest.raises(DatasetError) as caught:
        load_dataset(mini_copy)
    assert len(caught.value.report.errors) >= 2


def test_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a directory"):
        load_dataset_with_report(tmp_path / "nope")


def test_missing_dataset_yaml_is_reported(tmp_path: Path) -> None:
    dataset, report = load_dataset_with_report(tmp_path)
    assert dataset is None
    assert report.errors[0].file == "dataset.yaml"


def test_a_user_dataset_extends_and_overrides_its_base(tmp_path: Path, mini_path: Path) -> None:
    user = tmp_path / "ministry"
    user.mkdir()
    (user / "dataset.yaml").write_text(
        f"id: ministry\nversion: '1'\ntitle: Our additions\nlicence: CC0-1.0\nextends: {mini_path}\n", encoding="utf-8"
    )
    (user / "sources.csv").write_text(
        "id,publisher,title,year,licence\nown,Our ministry,Internal survey,2025,CC0-1.0\n", encoding="utf-8"
    )
    (user / "shares.csv").write_text(
        "id,subject,stage,holder,holder_kind,scope,year,value,metric,source\n"
        "s2,chips,fabrication,US,country,global,2023,12,production,own\n"
        "own1,gallium,extraction,CN,country,nl,2025,80,import share,own\n",
        encoding="utf-8",
    )
    dataset, report = load_dataset_with_report(user)
    assert report.problems == []
    assert dataset is not None
    assert dataset.info.id == "ministry"
    assert dataset.shares["s2"].value == 12, "the user's record replaces the base's"
    assert "own1" in dataset.shares
    assert "s1" in dataset.shares
    assert len(dataset.info.paths) == 2


INTENSITY_HEADER = (
    "subject,requires,mode,group,intensity,intensity_basis,intensity_source,intensity_page,intensity_note,"
    "rationale,source,page\n"
)


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("chips,gallium,all,,0.2,,,,,r,agenda,13", None, "needs intensity_basis"),
        ("chips,gallium,all,,0.2,sourced,,,from p. 3,r,agenda,13", None, "needs intensity_source"),
        ("chips,gallium,all,,0.2,judgement,,,,r,agenda,13", None, "needs intensity_note"),
        ("chips,gallium,all,,,sourced,agenda,,,r,agenda,13", None, "need an intensity"),
        ("chips,gallium,all,,0.2,guess,,,n,r,agenda,13", "intensity_basis", "sourced"),
        ("chips,gallium,all,,1.5,judgement,,,n,r,agenda,13", "intensity", "less than or equal to 1"),
        ("chips,gallium,all,g1,,,,,,r,agenda,13", None, "alternative inputs only"),
        ("chips,gallium,all,,0.4,sourced,nosuch,3,p. 3 states 40 %,r,agenda,13", "intensity_source", "unknown source"),
    ],
)
def test_intensities_must_be_sourced_or_labelled_judgements(
    mini_copy: Path, row: str, field: str | None, message: str
) -> None:
    (mini_copy / "requires.csv").write_text(INTENSITY_HEADER + row + "\n", encoding="utf-8")
    problems = [p for p in _problems(mini_copy) if p.file == "requires.csv"]
    assert len(problems) == 1, problems
    assert problems[0].line == 2
    assert problems[0].field == field
    assert message in problems[0].message


def test_a_sourced_intensity_loads(mini_copy: Path) -> None:
    (mini_copy / "requires.csv").write_text(
        INTENSITY_HEADER + "chips,gallium,all,,0.25,sourced,agenda,13,p. 13 states a quarter,r,agenda,13\n",
        encoding="utf-8",
    )
    dataset = load_dataset(mini_copy)
    edge = dataset.requires["chips->gallium"]
    assert edge.intensity == 0.25
    assert edge.sourced_intensity
