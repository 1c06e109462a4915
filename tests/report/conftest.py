# SPDX-License-Identifier: EUPL-1.2
"""Reports built once per test session: the mini dataset in both languages, as of a fixed date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from dosa.dataset import Dataset, load_dataset
from dosa.report import Report, build_report, render_html, render_pdf

REPORT_DATE = dt.date(2026, 1, 15)


@pytest.fixture(scope="session")
def mini() -> Dataset:
    return load_dataset(Path(__file__).parent.parent / "fixtures" / "mini")


@pytest.fixture(scope="session")
def empty_db(new_db_url: Callable[[], str]) -> str:
    """An empty database (on SQLite a file that does not exist yet): no status has been recorded (never
    the user's own)."""
    return new_db_url()


@pytest.fixture(scope="session")
def reports(mini: Dataset, empty_db: str) -> dict[str, Report]:
    return {lang: build_report(mini, lang, REPORT_DATE, empty_db) for lang in ("nl", "en")}


@pytest.fixture(scope="session")
def html_reports(reports: dict[str, Report]) -> dict[str, str]:
    return {lang: render_html(report) for lang, report in reports.items()}


@pytest.fixture(scope="session")
def pdf_reports(reports: dict[str, Report]) -> dict[str, bytes]:
    return {lang: render_pdf(report) for lang, report in reports.items()}
