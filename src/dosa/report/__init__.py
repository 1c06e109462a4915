# SPDX-License-Identifier: EUPL-1.2
"""``dosa report``: the report an analyst hands to a minister, as offline HTML and tagged PDF."""

from dosa.report.build import build_report
from dosa.report.content import Chart, Report, Section
from dosa.report.html import render_html
from dosa.report.pdf import render_pdf
from dosa.report.write import write_report

__all__ = ["Chart", "Report", "Section", "build_report", "render_html", "render_pdf", "write_report"]
