# SPDX-License-Identifier: EUPL-1.2
"""A note in Chinese or with an emoji never breaks a PDF: fallback fonts show it, or it is replaced."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from dosa.dataset import Dataset, load_dataset
from dosa.i18n import fonts
from dosa.monitoring import ProgressStatus, StatusEntry
from dosa.report.pdf import render_pdf
from dosa.report.progress import progress_report, progress_view

NOTE = "进展顺利 🚀 overleg met 日本 gestart"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def _progress_pdf_text(dataset: Dataset, note: str) -> str:
    action = sorted(dataset.actions)[0]
    entry = StatusEntry(
        1,
        action,
        dt.date(2025, 6, 1),
        ProgressStatus.IN_PROGRESS,
        ProgressStatus.NOT_STARTED,
        note,
        "tester",
        dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC),
        "cli",
    )
    view = progress_view(dataset, [entry], dt.date(2025, 12, 1), since=dt.date(2025, 1, 1))
    pdf = render_pdf(progress_report(view, "nl"))
    assert pdf.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_characters_no_font_covers_are_replaced_and_counted() -> None:
    covered = frozenset(map(ord, "abc "))
    cleaned, replaced = fonts.printable({"x": ["a进b", "c 🚀"], "n": 3}, covered)
    assert cleaned == {"x": ["a?b", "c ?"], "n": 3}
    assert replaced == 2


def test_without_fallback_fonts_the_progress_pdf_is_still_made(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())
    monkeypatch.delenv("DOSA_FONT_PATH", raising=False)
    text = _progress_pdf_text(dataset, NOTE)
    assert "overleg met" in text
    assert "进" not in text
    assert "DOSA_FONT_PATH" in text  # the note that says characters were replaced, in Dutch
    assert "Tekens die de lettertypen" in text


def test_with_a_fallback_font_chinese_and_emoji_are_printed(dataset: Dataset) -> None:
    folders = tuple(fonts.font_dirs())
    points = fonts.covered(folders)
    if not all(ord(char) in points for char in "进展顺利日本🚀"):
        pytest.skip("no CJK and emoji fallback font installed (run .ci/install-fonts.sh: Debian fonts-unifont)")
    text = _progress_pdf_text(dataset, NOTE)
    assert "进展顺利" in text
    assert "日本" in text
    assert "🚀" in text
    assert "DOSA_FONT_PATH" not in text
