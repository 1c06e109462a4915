# SPDX-License-Identifier: EUPL-1.2
"""The PDF report is tagged (PDF/UA), has its language and title set, and holds the report's text."""

from __future__ import annotations

import io

from pypdf import PdfReader

from dosa.dataset import Dataset
from dosa.report import Report


def test_pdf_is_tagged_with_language_and_title(pdf_reports: dict[str, bytes], reports: dict[str, Report]) -> None:
    for lang, data in pdf_reports.items():
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root, lang
        assert bool(root["/MarkInfo"]["/Marked"])
        assert root["/Lang"] == lang
        assert reader.metadata is not None
        assert reader.metadata.title == reports[lang].title


def test_pdf_declares_pdf_ua(pdf_reports: dict[str, bytes]) -> None:
    for data in pdf_reports.values():
        reader = PdfReader(io.BytesIO(data))
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
        assert "pdfuaid:part" in xmp
        assert "pdfaid:part" in xmp


def test_pdf_holds_the_report(pdf_reports: dict[str, bytes], reports: dict[str, Report], mini: Dataset) -> None:
    for lang, data in pdf_reports.items():
        reader = PdfReader(io.BytesIO(data))
        text = " ".join(page.extract_text() for page in reader.pages)
        flat = " ".join(text.split())
        assert reports[lang].dataset_label in flat
        for priority in mini.priorities.values():
            name = priority.name_nl if lang == "nl" else priority.name_en
            assert name in flat, name
        assert len(reader.pages) >= 4
