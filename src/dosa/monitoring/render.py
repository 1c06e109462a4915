# SPDX-License-Identifier: EUPL-1.2
"""Render the progress report as Markdown, HTML (Jinja2) or tagged PDF (Typst, PDF/UA-1).

PDF: Typst (PyPI ``typst``) ships as a self-contained wheel — no system libraries such as Pango —
and writes tagged PDF with the document language and title, conforming to PDF/UA-1. The report's
data goes in as JSON, so no text from the agenda or a note is ever read as Typst markup.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from dosa.errors import ConfigurationError, InputError


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    PDF = "pdf"


def _markdown_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: no pipes or line breaks that would split it."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("dosa.monitoring", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["md"] = _markdown_cell
    return env


def render_markdown(report: dict[str, Any]) -> str:
    text = _environment().get_template("progress.md.j2").render(r=report)
    lines = [line.rstrip() for line in text.splitlines()]
    compact: list[str] = []
    for line in lines:
        if line == "" and compact and compact[-1] == "":
            continue
        compact.append(line)
    return "\n".join(compact).strip() + "\n"


def render_html(report: dict[str, Any]) -> str:
    return _environment().get_template("progress.html.j2").render(r=report)


def render_pdf(report: dict[str, Any]) -> bytes:
    """A tagged PDF/UA-1 document, reproducible: its timestamps are the report's as-of date."""
    try:
        import typst
    except ImportError as exc:  # pragma: no cover - typst is a declared dependency
        raise ConfigurationError("PDF output needs the 'typst' package", hint="pip install typst") from exc
    from dosa.i18n.fonts import prepare, typst_font_list

    stamp = dt.datetime.combine(dt.date.fromisoformat(report["as_of"]), dt.time(), tzinfo=dt.UTC)
    template = resources.files("dosa.monitoring") / "templates" / "progress.typ"
    data, folders, note = prepare({**report, "fonts": typst_font_list()}, report["lang"])
    data["font_note"] = note
    with resources.as_file(template) as path:
        try:
            result = typst.compile(
                str(path),
                font_paths=folders,
                ignore_system_fonts=True,
                sys_inputs={"report": json.dumps(data, ensure_ascii=False)},
                pdf_standards=["ua-1"],
                timestamp=stamp,
            )
        except RuntimeError as exc:
            raise InputError(f"the PDF could not be made: {exc}", hint="report this with the command you ran") from exc
    if not isinstance(result, bytes):  # pragma: no cover - compile without output returns bytes
        raise ConfigurationError("typst returned no PDF", hint="check the installed typst version")
    return result


def render(report: dict[str, Any], fmt: ReportFormat) -> bytes:
    """The report in ``fmt`` as bytes (text formats in UTF-8)."""
    if fmt is ReportFormat.PDF:
        return render_pdf(report)
    text = render_markdown(report) if fmt is ReportFormat.MD else render_html(report)
    return text.encode("utf-8")
