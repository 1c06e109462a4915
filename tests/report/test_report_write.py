# SPDX-License-Identifier: EUPL-1.2
"""Writing report files: both formats or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dosa.dataset import Dataset
from dosa.errors import ConfigurationError, InputError
from dosa.report import write

REPORT_DATE = dt.date(2026, 1, 15)


def test_writes_html_and_pdf(mini: Dataset, tmp_path: Path, db_url: str) -> None:
    paths = write.write_report(mini, tmp_path / "out", lang="en", date=REPORT_DATE, db=db_url)
    assert paths["html"].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert paths["pdf"].read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["dosa-report-en.html", "dosa-report-en.pdf"]


def test_a_failing_pdf_leaves_no_file(
    mini: Dataset, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_: object) -> bytes:
        raise ConfigurationError("typesetting failed")

    monkeypatch.setattr(write, "render_pdf", broken)
    with pytest.raises(ConfigurationError):
        write.write_report(mini, tmp_path / "out", lang="nl", date=REPORT_DATE, db=db_url)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_unknown_format_is_refused(mini: Dataset, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        write.write_report(mini, tmp_path, formats=("docx",))
