# SPDX-License-Identifier: EUPL-1.2
"""Write a report's files, all or nothing."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from dosa.dataset.model import Dataset
from dosa.errors import InputError
from dosa.report.build import build_report
from dosa.report.content import Report
from dosa.report.html import render_html
from dosa.report.markdown import render_markdown
from dosa.report.pdf import render_pdf

FORMATS = ("html", "pdf")


def render(report: Report, fmt: str) -> bytes:
    """Any report in ``fmt`` (html, pdf or md) as bytes, text formats in UTF-8."""
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    raise InputError(f"unknown report format '{fmt}'", hint="use html, pdf or md")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def report_paths(directory: Path, lang: str, formats: Sequence[str]) -> dict[str, Path]:
    return {fmt: directory / f"dosa-report-{lang}.{fmt}" for fmt in formats}


def write_report(
    dataset: Dataset,
    directory: Path,
    *,
    lang: str = "nl",
    date: dt.date | None = None,
    formats: Sequence[str] = FORMATS,
    db: str | Path | None = None,
) -> dict[str, Path]:
    """Render the report in every format first, then move the files into place, so that a failure
    never leaves a half-written or mismatched pair behind."""
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise InputError(f"unknown report format '{unknown[0]}'", hint="use html and/or pdf")
    report = build_report(dataset, lang, date, db)
    rendered = {fmt: render(report, fmt) for fmt in FORMATS if fmt in formats}
    directory.mkdir(parents=True, exist_ok=True)
    paths = report_paths(directory, lang, formats)
    staged: list[tuple[str, Path]] = []
    try:
        for fmt, data in rendered.items():
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{paths[fmt].name}.")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o666 & ~_umask())
            staged.append((temporary, paths[fmt]))
        for temporary, final in staged:
            os.replace(temporary, final)
    finally:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
    return paths
