# SPDX-License-Identifier: EUPL-1.2
"""`dosa agenda import` through its typer sub-app."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dosa.cli.agenda import app
from dosa.dataset import default_dataset_path
from dosa.errors import AgendaFormatError, InputError

runner = CliRunner()


def test_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "import" in result.output
    result = runner.invoke(app, ["import", "--help"])
    assert result.exit_code == 0
    for option in ("--output", "--overrides", "--check", "--year"):
        assert option in result.output


def test_import_without_output_writes_nothing(
    agenda_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["import", str(agenda_file)])
    assert result.exit_code == 0, result.output
    assert "128 actions" in result.output
    assert "critical_raw_materials" in result.output
    assert "international_cooperation" in result.output
    assert "87" in result.output
    assert "41" in result.output
    assert "Nothing written" in result.output
    assert "no 'Tijdlijn' label" in result.output  # warnings are printed
    assert list(tmp_path.iterdir()) == []


def test_import_writes_the_shipped_file(agenda_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(agenda_file), "--output", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "data" / "actions.yaml"
    assert written.read_bytes() == (default_dataset_path() / "actions.yaml").read_bytes()
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["actions.yaml"]


def test_check_compares_without_writing(agenda_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(agenda_file), "--output", str(default_dataset_path()), "--check"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    stale = tmp_path / "actions.yaml"
    stale.write_text("[]\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(agenda_file), "--output", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert stale.read_text(encoding="utf-8") == "[]\n"


def test_failed_import_writes_nothing(agenda_text: str, tmp_path: Path) -> None:
    not_agenda = tmp_path / "notes.txt"
    not_agenda.write_text("\n".join(agenda_text.splitlines()[:400]), encoding="utf-8")
    existing = tmp_path / "data" / "actions.yaml"
    existing.parent.mkdir()
    existing.write_text("# keep me\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(not_agenda), "--output", str(existing.parent)])
    assert result.exit_code != 0
    assert isinstance(result.exception, AgendaFormatError)
    assert existing.read_text(encoding="utf-8") == "# keep me\n"
    assert sorted(p.name for p in existing.parent.iterdir()) == ["actions.yaml"]


def test_bad_arguments_are_input_errors(agenda_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(tmp_path / "missing.txt")])
    assert isinstance(result.exception, InputError)
    assert "does not exist" in str(result.exception)
    result = runner.invoke(app, ["import", str(agenda_file), "--check"])
    assert isinstance(result.exception, InputError)
    a_file = tmp_path / "file.yaml"
    a_file.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["import", str(agenda_file), "--output", str(a_file)])
    assert isinstance(result.exception, InputError)
    assert "not a folder" in str(result.exception)


def test_output_folder_organisations_extend_the_default(agenda_text: str, tmp_path: Path) -> None:
    text = tmp_path / "agenda.txt"
    text.write_text(agenda_text.replace("EZK, PBN", "EZK, Kustwacht", 1), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    result = runner.invoke(app, ["import", str(text), "--output", str(data)])
    assert result.exit_code == 0
    assert "'Kustwacht'" in result.output
    (data / "organisations.yaml").write_text(
        "- id: kustwacht\n  abbreviation: KW\n  name_nl: Kustwacht\n  name_en: Coastguard\n  kind: agency\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(text), "--output", str(data)])
    assert result.exit_code == 0
    assert "'Kustwacht'" not in result.output
    assert "owners: [ezk, kustwacht]" in (data / "actions.yaml").read_text(encoding="utf-8")
