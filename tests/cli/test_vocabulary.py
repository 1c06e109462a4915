# SPDX-License-Identifier: EUPL-1.2
"""One CLI vocabulary, through the real ``dosa`` app: global options, dates, formats, exit codes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dosa.cli import app as app_module
from dosa.cli.app import EXIT_CODE_MEANINGS, ExitCode, app, describe, exit_code
from dosa.errors import InputError

runner = CliRunner()
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(autouse=True)
def _no_user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOSA_DB", raising=False)
    monkeypatch.delenv("DOSA_LANG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def test_output_extension_chooses_the_format_unless_format_is_given(mini_path: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "actions.xlsx"
    result = runner.invoke(app, ["-d", str(mini_path), "actions", "-o", str(workbook)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(workbook).worksheets[0]
    assert sheet["A1"].value == "id"
    listing = tmp_path / "layers.csv"
    assert runner.invoke(app, ["-d", str(mini_path), "layers", "-o", str(listing)]).exit_code == 0
    assert listing.read_text(encoding="utf-8").startswith("order,id,name,")
    forced = tmp_path / "layers-as-json.csv"
    assert runner.invoke(app, ["-d", str(mini_path), "layers", "-o", str(forced), "-f", "json"]).exit_code == 0
    assert json.loads(forced.read_text(encoding="utf-8"))[0]["id"] == "raw_materials"


def test_exports_get_the_usual_file_mode(mini_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "layers.json"
    old = os.umask(0o022)
    try:
        assert runner.invoke(app, ["-d", str(mini_path), "layers", "-o", str(target)]).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_dates_are_read_the_same_everywhere(mini_path: Path) -> None:
    iso = runner.invoke(app, ["-d", str(mini_path), "actions", "--due-before", "2024-12-31", "-f", "json"])
    dutch = runner.invoke(app, ["-d", str(mini_path), "actions", "--due-before", "31-12-2024", "-f", "json"])
    assert iso.exit_code == dutch.exit_code == 0, dutch.output
    assert json.loads(iso.stdout) == json.loads(dutch.stdout)
    bad = runner.invoke(app, ["-d", str(mini_path), "actions", "--due-before", "31-31-2024"])
    assert bad.exit_code == ExitCode.USAGE
    assert "D-M-YYYY" in bad.output


def test_global_lang_reaches_every_listing(mini_path: Path) -> None:
    english = json.loads(runner.invoke(app, ["-d", str(mini_path), "--lang", "en", "layers", "-f", "json"]).stdout)
    dutch = json.loads(runner.invoke(app, ["-d", str(mini_path), "layers", "-f", "json"]).stdout)
    assert (english[0]["name"], dutch[0]["name"]) == ("Raw materials", "Grondstoffen"), "Dutch is the default"


def test_global_dataset_and_db_reach_the_inventory(mini_path: Path, tmp_path: Path, db_url: str) -> None:
    db = db_url
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nMail,saas,Contoso\n", encoding="utf-8")
    imported = runner.invoke(app, ["--db", db, "-d", str(mini_path), "inventory", "import", str(services), "-q"])
    assert imported.exit_code == 0, imported.output
    report = runner.invoke(app, ["-d", str(mini_path), "--db", db, "inventory", "report", "-f", "json"])
    assert report.exit_code == 0, report.output
    assert json.loads(report.stdout)["dataset_version"] == "mini 0.0.1"


def test_exit_codes(mini_path: Path, mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.invoke(app, ["-d", str(mini_path), "layers"]).exit_code == ExitCode.OK
    assert runner.invoke(app, ["-d", str(mini_path), "layers", "--no-such-option"]).exit_code == ExitCode.USAGE
    unknown = runner.invoke(app, ["-d", str(mini_path), "show", "no-such-id"])
    assert unknown.exit_code == ExitCode.INPUT
    assert unknown.stderr.startswith("error: no object has id 'no-such-id'")
    (mini_copy / "countries.csv").write_text("code,name_en\nXX,Nowhere\n", encoding="utf-8")
    assert runner.invoke(app, ["validate", str(mini_copy)]).exit_code == ExitCode.FAILED_CHECK
    assert runner.invoke(app, ["-d", str(mini_copy), "layers"]).exit_code == ExitCode.INPUT

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    from dosa.cli import dataset as dataset_cli

    monkeypatch.setattr(dataset_cli, "emit", broken)
    crash = runner.invoke(app, ["-d", str(mini_path), "layers"])
    assert crash.exit_code == ExitCode.INTERNAL
    assert "unexpected RuntimeError: boom" in crash.stderr
    assert "--debug" in crash.stderr


def test_system_errors_say_what_happened_without_a_path() -> None:
    error = PermissionError(13, "Permission denied", "/home/someone/secret/out.csv")
    assert exit_code(error) is ExitCode.ENVIRONMENT
    assert describe(error)[0] == "error: Permission denied (out.csv)"
    assert exit_code(InputError("x")) is ExitCode.INPUT


def test_exit_codes_are_documented() -> None:
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    for code, meaning in EXIT_CODE_MEANINGS.items():
        assert f"* `{code.value}`: {meaning}" in reference
    assert set(EXIT_CODE_MEANINGS) == set(ExitCode)


def test_version_loads_no_command_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from dosa.cli.app import main\n"
        "sys.argv = ['dosa', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('dosa.cli.') or m in ('sqlalchemy', 'numpy', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = result.stdout.strip().splitlines()[-1]
    assert loaded == str(sorted(["dosa.cli.app", "dosa.cli.context", "dosa.cli.mount", "dosa.cli.options"]))
    assert set(app_module.COMMANDS) >= {"actions", "risk", "inventory", "report"}


def test_the_default_method_label_is_the_packaged_method() -> None:
    from dosa import DEFAULT_METHOD_LABEL
    from dosa.risk.method import load_method

    assert load_method().label == DEFAULT_METHOD_LABEL
