# SPDX-License-Identifier: EUPL-1.2
"""``dosa report`` and ``dosa serve`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dosa.cli.app import app

runner = CliRunner()


def test_report_writes_html_and_pdf(mini_path: Path, tmp_path: Path, db_url: str) -> None:
    result = runner.invoke(
        app,
        [
            "--dataset",
            str(mini_path),
            "report",
            "--db",
            db_url,
            "--out-dir",
            str(tmp_path),
            "--date",
            "2026-01-15",
        ],
    )
    assert result.exit_code == 0, result.output
    html = tmp_path / "dosa-report-nl.html"
    pdf = tmp_path / "dosa-report-nl.pdf"
    assert str(html) in result.stdout
    assert '<html lang="nl"' in html.read_text(encoding="utf-8")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_report_in_english_html_only(mini_path: Path, tmp_path: Path, db_url: str) -> None:
    result = runner.invoke(
        app,
        [
            "--dataset",
            str(mini_path),
            "report",
            "--db",
            db_url,
            "-o",
            str(tmp_path),
            "--lang",
            "en",
            "--format",
            "html",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["dosa-report-en.html"]


@pytest.mark.parametrize(("args", "message"), [(["--lang", "de"], "nl or en"), (["--date", "2024-13-01"], "date")])
def test_report_rejects_bad_options(mini_path: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["--dataset", str(mini_path), "report", "-o", str(tmp_path), *args])
    assert result.exit_code != 0
    assert message in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", ["report", "serve"])
def test_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_serve_stays_on_loopback(mini_path: Path) -> None:
    result = runner.invoke(app, ["--dataset", str(mini_path), "serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert result.exit_code == 3
    assert "loopback" in result.stderr
