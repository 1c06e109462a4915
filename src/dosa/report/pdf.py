# SPDX-License-Identifier: EUPL-1.2
"""Render a report as a tagged PDF (PDF/UA-1 and PDF/A-2a) with Typst, installed from PyPI alone.

Typst (the ``typst`` wheel) typesets the report from the same content the HTML shows: the report is
passed to a static Typst template as JSON, so no text is ever spliced into markup. The fonts are the
Source Sans 3 files shipped with dosa; system fonts are ignored so that every machine makes the
same PDF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import typst

from dosa.errors import ConfigurationError
from dosa.i18n import Text, localizer
from dosa.i18n.fonts import prepare, typst_font_list
from dosa.report.content import Report
from dosa.report.html import template_dir
from dosa.report.labels import N_
from dosa.tables import Table

PDF_STANDARDS = ("a-2a", "ua-1")
"""Typst checks the PDF against these while writing it; a violation is an error, not a warning."""


def _plain(value: Any) -> Any:
    if isinstance(value, Text):  # the template marks each piece's language (text(lang: ..))
        return {"text": str(value), "parts": [[text, lang] for text, lang in value.parts]}
    if isinstance(value, Table):  # what the template lays out: caption, headers, shown cells, numeric columns
        return {
            "caption": _plain(value.caption),
            "headers": _plain(value.headers),
            "rows": _plain(value.shown),
            "numeric": sorted(value.numeric),
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def report_json(report: Report) -> str:
    """The report as the JSON document the Typst template reads."""
    loc = localizer(report.lang)
    data = _plain(report)
    data["sources"] = [
        {"number": e.number, "text": _plain(e.text()), "url": e.source.url or "", "licence": _plain(e.licence)}
        for e in report.sources
    ]
    data["year"], data["month"], data["day"] = report.date.year, report.date.month, report.date.day
    data["labels"] = {
        key: loc.gettext(message)
        for key, message in {
            "report": N_("report"),
            "date": N_("Date"),
            "dataset": N_("Dataset"),
            "method": N_("Method"),
            "produced_by": N_("Produced by"),
            "contents": N_("Contents"),
            "summary": N_("Summary"),
            "sources": N_("Sources"),
            "source": N_("Source:"),
            "licence": N_("licence:"),
            "page": N_("Page"),
        }.items()
    }
    data["fonts"] = typst_font_list()
    data, folders, note = prepare(data, report.lang)
    data["font_note"] = note
    data["font_dirs"] = folders
    return json.dumps(data, ensure_ascii=False)


def render_pdf(report: Report) -> bytes:
    """Typeset ``report`` into PDF bytes, checked by Typst against PDF/UA-1 and PDF/A-2a."""
    template = template_dir() / "report.typ"
    timestamp = dt.datetime.combine(report.date, dt.time(12, 0), tzinfo=dt.UTC).timestamp()
    document = report_json(report)
    try:
        result = typst.compile(
            str(template),
            root=str(template_dir()),
            font_paths=json.loads(document)["font_dirs"],
            ignore_system_fonts=True,
            sys_inputs={"report": document},
            pdf_standards=["a-2a", "ua-1"],  # = PDF_STANDARDS, spelled out for the type checker
            timestamp=int(timestamp),
        )
    except typst.TypstError as exc:  # a template or content error is dosa's fault, not the user's
        raise ConfigurationError(f"typesetting the PDF failed: {exc}", hint="please report this as a bug") from exc
    if not isinstance(result, bytes):
        raise ConfigurationError("typst returned no PDF", hint="please report this as a bug")
    return result
