# SPDX-License-Identifier: EUPL-1.2
"""Static SVG charts for the report and the dashboard.

Every chart carries a ``<title>`` and ``<desc>`` (its text alternative), writes every value as
text next to its mark, and uses a colour-blind-safe palette, so no meaning rests on colour alone.
Each chart is shown next to a caption, a source line and a data table by the templates.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from dosa.i18n import foreign
from dosa.i18n import parts as text_parts

FONT = "'Source Sans 3', 'Source Sans Pro', Arial, sans-serif"
INK = "#1a1a1a"
MUTED = "#595959"
GRID = "#8c8c8c"
BAR = "#0072B2"
"""Okabe-Ito blue: distinguishable for every common form of colour blindness."""

RISK_FILLS = ("#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404")
"""ColorBrewer YlOrBr, five ordinal classes, colour-blind safe; lowest class first."""
RISK_INK = (INK, INK, INK, INK, "#ffffff")
"""Text colour on each fill with a contrast ratio of at least 4.5:1."""
UNASSESSED_FILL = "#f2f2f2"


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _marked(text: str) -> str:
    """SVG text content: pieces in another language than the page in ``<tspan lang>`` (WCAG 3.1.2)."""
    return "".join(
        f'<tspan lang="{_attr(lang)}">{escape(piece)}</tspan>' if lang else escape(piece)
        for piece, lang in text_parts(text)
    )


def _text(
    x: float, y: float, text: str, *, size: int = 13, anchor: str = "start", weight: int = 400, fill: str = INK
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}">{_marked(text)}</text>'
    )


def _lines(text: str, width: int) -> list[str]:
    lines = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    languages = {lang for _, lang in text_parts(text)}
    if len(languages) == 1 and None not in languages:  # all in one other language: every line is too
        return [foreign(line, languages.pop() or "") for line in lines]
    return lines


def _lang_of(text: str) -> str:
    """A ``lang`` attribute when the whole of ``text`` is in another language than the page."""
    languages = {lang for _, lang in text_parts(text)}
    return f' lang="{_attr(languages.pop() or "")}"' if len(languages) == 1 and None not in languages else ""


def _svg(width: float, height: float, title: str, desc: str, body: Sequence[str], chart_id: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'font-family="{_attr(FONT)}">'
        f'<title id="{chart_id}-t"{_lang_of(title)}>{escape(title)}</title>'
        f'<desc id="{chart_id}-d"{_lang_of(desc)}>{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_text: str
    value_max: float | None = None


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar], *, unit_max: float = 100.0) -> str:
    """Horizontal bars on a 0-``unit_max`` scale, each labelled with its holder and its value."""
    label_width, plot_width, value_width = 210, 330, 90
    row, top = 26, 8
    height = top + row * len(bars) + 28
    width = label_width + plot_width + value_width
    body = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    scale = plot_width / unit_max
    for tick in range(0, int(unit_max) + 1, 25):
        x = label_width + tick * scale
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 22}" stroke="{GRID}" '
            'stroke-width="0.5" stroke-dasharray="2 3"/>'
        )
        body.append(_text(x, height - 8, f"{tick}", size=11, anchor="middle", fill=MUTED))
    for index, bar in enumerate(bars):
        y = top + index * row
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        body.append(_text(label_width - 8, y + 17, label, anchor="end"))
        length = max(bar.value * scale, 1.5)
        body.append(f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="16" fill="{BAR}"/>')
        if bar.value_max is not None and bar.value_max > bar.value:
            extra = (bar.value_max - bar.value) * scale
            body.append(
                f'<rect x="{label_width + length:.1f}" y="{y + 5}" width="{extra:.1f}" height="16" '
                f'fill="none" stroke="{BAR}" stroke-width="1.5" stroke-dasharray="3 2"/>'
            )
            length += extra
        body.append(_text(label_width + length + 6, y + 17, bar.value_text, weight=600))
    return _svg(width, height, title, desc, body, chart_id)


@dataclass(frozen=True)
class StackBox:
    """A priority as placed in the stack figure."""

    number: str
    name: str
    status: str
    """Text that states the colour's meaning, e.g. 'risk: high' or 'not assessed'."""
    rank: int | None
    """Ordinal risk class (0 = lowest) or ``None`` when not assessed."""


@dataclass(frozen=True)
class StackRow:
    name: str
    boxes: Sequence[StackBox]


def _fill(rank: int | None) -> tuple[str, str]:
    if rank is None:
        return UNASSESSED_FILL, INK
    rank = max(0, min(rank, len(RISK_FILLS) - 1))
    return RISK_FILLS[rank], RISK_INK[rank]


def stack_picture(
    chart_id: str, title: str, desc: str, rows: Sequence[StackRow], cross: Sequence[StackBox], cross_heading: str
) -> str:
    """The agenda's stack figure (p. 10): six layers, top layer first, cross-cutting priorities beside it."""
    label_width, area_width, row_height, gap = 170, 560, 78, 6
    cross_width = 66 * max(len(cross), 1)
    top = 36
    width = label_width + area_width + 20 + cross_width
    height = top + row_height * len(rows) + 8
    body = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for index, row in enumerate(rows):
        y = top + index * row_height
        body.append(
            f'<rect x="0" y="{y}" width="{label_width + area_width}" height="{row_height - gap}" '
            f'fill="#e8ecef" stroke="{GRID}" stroke-width="0.75"/>'
        )
        for line_no, line in enumerate(_lines(row.name, 20)[:3]):
            body.append(_text(10, y + 24 + 16 * line_no, line, weight=600))
        if not row.boxes:
            continue
        box_width = min(180, (area_width - 8 * (len(row.boxes) + 1)) / len(row.boxes))
        for column, box in enumerate(row.boxes):
            x = label_width + 8 + column * (box_width + 8)
            fill, ink = _fill(box.rank)
            body.append(
                f'<rect x="{x:.1f}" y="{y + 6}" width="{box_width:.1f}" height="{row_height - gap - 12}" '
                f'rx="4" fill="{fill}" stroke="{INK}" stroke-width="1"/>'
            )
            chars = max(8, int(box_width / 7.2))
            lines = _lines(f"{box.number}. {box.name}", chars)[:2]
            for line_no, line in enumerate(lines):
                body.append(_text(x + 8, y + 24 + 15 * line_no, line, fill=ink, weight=600))
            body.append(_text(x + 8, y + row_height - gap - 12, box.status, size=12, fill=ink))
    for line_no, line in enumerate(_lines(cross_heading, max(8, cross_width // 8))[:2]):
        body.append(_text(label_width + area_width + 20, 12 + 14 * line_no, line, size=12, weight=600))
    for column, box in enumerate(cross):
        x = label_width + area_width + 20 + column * 66
        fill, ink = _fill(box.rank)
        column_height = row_height * len(rows) - gap
        body.append(
            f'<rect x="{x}" y="{top}" width="58" height="{column_height}" rx="4" fill="{fill}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        cx, cy = x + 22, top + column_height - 10
        body.append(
            f'<g transform="rotate(-90 {cx} {cy})">'
            + _text(cx, cy, f"{box.number}. {box.name}", fill=ink, weight=600)
            + _text(cx, cy + 20, box.status, size=12, fill=ink)
            + "</g>"
        )
    return _svg(width, height, title, desc, body, chart_id)


@dataclass(frozen=True)
class MatrixCell:
    likelihood: int
    """0-4 for classes A-E."""
    impact: int
    rank: int
    label: str
    markers: Sequence[str]


def risk_matrix(
    chart_id: str,
    title: str,
    desc: str,
    cells: Sequence[MatrixCell],
    likelihood_axis: str,
    impact_axis: str,
    classes: Sequence[str] = ("A", "B", "C", "D", "E"),
) -> str:
    """The A-E likelihood × impact diagram of Dutch national risk assessment, with numbered markers."""
    cell, left, top = 96, 70, 10
    size = cell * len(classes)
    width, height = left + size + 10, top + size + 60
    body = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for item in cells:
        x = left + item.impact * cell
        y = top + (len(classes) - 1 - item.likelihood) * cell
        fill, ink = _fill(item.rank)
        body.append(
            f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="{INK}" stroke-width="0.75"/>'
        )
        body.append(_text(x + 5, y + 15, item.label, size=11, fill=ink))
        markers = ", ".join(item.markers)
        for line_no, line in enumerate(_lines(markers, 12)[:4]):
            body.append(
                _text(x + cell / 2, y + 38 + 16 * line_no, line, size=13, anchor="middle", fill=ink, weight=600)
            )
    for index, name in enumerate(classes):
        body.append(_text(left + index * cell + cell / 2, top + size + 18, name, anchor="middle", weight=600))
        body.append(
            _text(left - 10, top + (len(classes) - 1 - index) * cell + cell / 2 + 5, name, anchor="end", weight=600)
        )
    body.append(_text(left + size / 2, top + size + 42, impact_axis, anchor="middle"))
    cy = top + size / 2
    body.append(f'<g transform="rotate(-90 16 {cy})">' + _text(16, cy, likelihood_axis, anchor="middle") + "</g>")
    return _svg(width, height, title, desc, body, chart_id)


def progress_bars(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    legend: Sequence[tuple[str, str]],
) -> str:
    """Stacked bars of counts per row (e.g. actions per priority by status).

    ``rows`` holds (label, [(code, count), ...]); ``legend`` maps each code to its name. Every segment
    is labelled with its code and count, so the segments can be told apart without colour.
    """
    fills = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
    inks = ("#ffffff", INK, INK, INK, INK, INK)
    label_width, plot_width, row = 230, 420, 26
    total_max = max((sum(count for _, count in parts) for _, parts in rows), default=1) or 1
    height = 40 + row * len(rows)
    width = label_width + plot_width + 60
    body = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    x = 0.0
    for index, (code, name) in enumerate(legend):
        body.append(
            f'<rect x="{x:.1f}" y="4" width="14" height="14" fill="{fills[index % len(fills)]}" '
            f'stroke="{INK}" stroke-width="0.5"/>'
        )
        text = f"{code} = {name}"
        body.append(_text(x + 19, 16, text, size=12))
        x += 30 + 6.5 * len(text)
    for index, (label, parts) in enumerate(rows):
        y = 30 + index * row
        short = label if len(label) <= 34 else label[:33] + "…"
        body.append(_text(label_width - 8, y + 16, short, anchor="end"))
        offset = float(label_width)
        for part_index, (code, count) in enumerate(parts):
            if count <= 0:
                continue
            length = count / total_max * plot_width
            fill = fills[part_index % len(fills)]
            body.append(
                f'<rect x="{offset:.1f}" y="{y + 3}" width="{length:.1f}" height="18" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="1"/>'
            )
            segment = f"{code} {count}"
            if length >= 7 * len(segment) + 4:
                body.append(
                    _text(
                        offset + length / 2,
                        y + 16,
                        segment,
                        size=12,
                        anchor="middle",
                        fill=inks[part_index % len(inks)],
                        weight=600,
                    )
                )
            offset += length
        total = sum(count for _, count in parts)
        body.append(_text(offset + 6, y + 16, str(total), size=12, weight=600))
    return _svg(width, height, title, desc, body, chart_id)
