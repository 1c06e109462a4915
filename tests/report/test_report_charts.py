# SPDX-License-Identifier: EUPL-1.2
"""Charts: valid SVG, values written next to their marks, readable text on every fill."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dosa.report import charts

SVG = "{http://www.w3.org/2000/svg}"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_on_every_risk_fill_meets_wcag_contrast() -> None:
    for fill, ink in zip(charts.RISK_FILLS, charts.RISK_INK, strict=True):
        assert _contrast(fill, ink) >= 4.5, (fill, ink)
    assert _contrast(charts.UNASSESSED_FILL, charts.INK) >= 4.5


def test_bar_chart_writes_every_value_and_parses() -> None:
    bars = [charts.Bar("China", 69, "69 %"), charts.Bar("United States", 10, "10 %", value_max=12)]
    svg = charts.bar_chart("c1", "Gallium", "Bar chart of gallium", bars)
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "69 %" in texts
    assert "10 %" in texts
    assert "China" in texts
    assert root.find(f"{SVG}title").text == "Gallium"  # type: ignore[union-attr]
    widths = [float(r.get("width", 0)) for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.BAR]
    assert widths[0] > widths[1] > 0


def test_stack_picture_places_every_box() -> None:
    rows = [
        charts.StackRow("2. Hardware", [charts.StackBox("4", "Semiconductors", "risk: high", 3)]),
        charts.StackRow("1. Raw materials", []),
    ]
    cross = [charts.StackBox("1", "Competitiveness", "risk not assessed", None)]
    svg = charts.stack_picture("s", "Stack", "desc", rows, cross, "Cross-cutting")
    root = ET.fromstring(svg)
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for expected in ("2. Hardware", "1. Raw materials", "4. Semiconductors", "risk: high", "1. Competitiveness"):
        assert expected in text


def test_risk_matrix_labels_axes_and_markers() -> None:
    cells = [charts.MatrixCell(likelihood=4, impact=4, rank=4, label="very high", markers=["1", "2"])]
    svg = charts.risk_matrix("m", "Risk", "desc", cells, "Likelihood", "Impact")
    text = " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text"))
    for expected in ("very high", "1, 2", "Likelihood", "Impact", "A", "E"):
        assert expected in text


def test_the_actions_chart_cites_the_agenda_by_the_dataset_s_own_source_id() -> None:
    """Regression: the chart looked for a source id starting with 'agenda', but the shipped dataset calls
    the agenda 'dosa-agenda-2023', so the source line always fell back to a generic text."""
    from dosa.dataset import load_dataset
    from dosa.i18n import localizer
    from dosa.report.content import actions_section

    dataset = load_dataset()
    section = actions_section(dataset, localizer("nl"))
    chart = next(c for c in section.charts if c.id == "chart-actions")
    # src/dosa/data/default/sources.csv, row dosa-agenda-2023: publisher, title, year
    assert chart.source_line == (
        "Rijksoverheid, Ministerie van Economische Zaken en Klimaat, "
        "Agenda Digitale Open Strategische Autonomie (DOSA) (2023)"
    )
