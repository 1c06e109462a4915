# SPDX-License-Identifier: EUPL-1.2
"""Render any report of the content model (:class:`~dosa.report.content.Report`) as Markdown.

Markdown shows what the HTML and PDF show, in the same order: title, colophon (date, dataset,
method, dosa version), key figures and summary, the sections with their tables (a chart appears as
its caption, source line and data table), and the sources. Cells are kept on one line and their
pipes escaped, so no text from the agenda or a note can break a table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dosa.i18n import localizer
from dosa.report.content import Report, Section
from dosa.tables import Table

_BLOCK_START = re.compile(r"(#|[-+=]|\d+[.)])(\s|$)")


def _inline(value: object) -> str:
    """Text on one line, with the characters that would start Markdown markup escaped."""
    text = " ".join(str(value).split())
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        text = text.replace(char, "\\" + char)
    return text


def _block(value: object) -> str:
    """A paragraph: inline-escaped, and a leading '#', '-', '+' or 'n.' kept from starting a block."""
    text = _inline(value)
    return "\\" + text if _BLOCK_START.match(text) else text


def table_lines(table: Table) -> list[str]:
    """A pipe table under its caption; numeric columns right-aligned."""
    lines = [f"*{_inline(table.caption)}*", ""]
    width = len(table.headers)
    lines.append("| " + " | ".join(_inline(h) for h in table.headers) + " |")
    lines.append("|" + "|".join("---:" if i in table.numeric else "---" for i in range(width)) + "|")
    for row in table.shown:
        lines.append("| " + " | ".join(_inline(cell) for cell in row) + " |")
    return lines


def _section_lines(section: Section, level: int, loc_source: str) -> list[str]:
    lines = ["#" * min(level, 6) + " " + _inline(section.title), ""]
    for paragraph in section.paragraphs:
        if paragraph:
            lines += [_block(paragraph), ""]
    for chart in section.charts:
        lines += [f"{loc_source} {_inline(chart.source_line)}", ""]
        lines += [*table_lines(chart.table), ""]
    for table in section.tables:
        lines += [*table_lines(table), ""]
    for note in section.notes:
        lines += [_block(note), ""]
    for sub in section.subsections:
        lines += _section_lines(sub, level + 1, loc_source)
    return lines


def _list(items: Sequence[str]) -> list[str]:
    return [f"- {_inline(item)}" for item in items]


def render_markdown(report: Report) -> str:
    """The report as one Markdown document (CommonMark with pipe tables)."""
    loc = localizer(report.lang)
    source = loc.gettext("Source:")
    lines = [f"# {_inline(report.title)}", "", _block(report.subtitle), ""]
    lines += [
        f"- {loc.gettext('Date')}: {_inline(report.date_text)}",
        f"- {loc.gettext('Dataset')}: {_inline(report.dataset_label)}"
        + (f" ({_inline(report.dataset_licence)})" if report.dataset_licence else ""),
        f"- {loc.gettext('Method')}: {_inline(report.method_label)}",
        f"- {loc.gettext('Produced by')}: dosa {_inline(report.dosa_version)}",
        "",
        f"## {loc.gettext('Summary')}",
        "",
        *_list([f"{name}: {value}" for name, value in report.key_figures]),
        "",
        *_list(report.summary),
        "",
    ]
    for section in report.sections:
        lines += _section_lines(section, 2, source)
    if report.sources:
        lines += [f"## {loc.gettext('Sources')}", ""]
        for entry in report.sources:
            text = _inline(entry.text())
            if entry.source.url:
                text += f" <{entry.source.url}>"
            lines.append(f"{entry.number}. {text} ({loc.gettext('licence:')} {_inline(entry.licence)})")
        lines.append("")
    lines.append(
        _inline(
            loc.gettext(
                "Produced by dosa {version} from dataset {dataset} on {date}. Every figure names its source; "
                "expert judgements are marked as such."
            ).format(version=report.dosa_version, dataset=report.dataset_label, date=report.date_text)
        )
    )
    return "\n".join(lines).rstrip() + "\n"
