# SPDX-License-Identifier: EUPL-1.2
"""Render a report as one self-contained HTML file: CSS, fonts and SVG inline, nothing fetched."""

from __future__ import annotations

import base64
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from dosa.i18n import parts, translations
from dosa.report.content import Report

FONT_FACES = (("Regular", 400, "normal"), ("Semibold", 600, "normal"), ("It", 400, "italic"))


def static_dir() -> Path:
    """The folder with the vendored CSS and fonts (shared with the dashboard)."""
    return Path(str(resources.files("dosa") / "web" / "static"))


def template_dir() -> Path:
    return Path(str(resources.files("dosa.report") / "templates"))


def marked_html(value: object, page_lang: str) -> Markup:
    """``value`` escaped, with each piece in another language than the page in ``<span lang>``."""
    if isinstance(value, Markup):
        return value
    html = []
    for text, lang in parts(value):
        if lang and lang != page_lang:
            html.append(Markup('<span lang="{}">{}</span>').format(lang, text))
        else:
            html.append(escape(text))
    return Markup("").join(html)


def make_environment(lang: str, *search_path: Path) -> jinja2.Environment:
    """A Jinja environment with dosa's translations installed and the report's macros on its path."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search_path, template_dir()]),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    environment.filters["marked"] = lambda value: marked_html(value, lang)
    return environment


@lru_cache(maxsize=2)
def _environment(lang: str) -> jinja2.Environment:
    return make_environment(lang)


@lru_cache(maxsize=1)
def inline_css() -> str:
    """Theme, components and report CSS, with the fonts embedded as data URIs."""
    static = static_dir()
    faces = []
    for face, weight, style in FONT_FACES:
        data = base64.b64encode((static / "fonts" / f"SourceSans3-{face}.woff2").read_bytes()).decode("ascii")
        faces.append(
            "@font-face{font-family:'Source Sans 3';"
            f"src:url(data:font/woff2;base64,{data}) format('woff2');font-weight:{weight};font-style:{style};}}"
        )
    parts = [
        *faces,
        (static / "css" / "dosa-theme.css").read_text(encoding="utf-8"),
        (static / "css" / "nlds-components.css").read_text(encoding="utf-8"),
        (static / "css" / "dosa.css").read_text(encoding="utf-8"),
    ]
    return "\n".join(parts)


def render_html(report: Report) -> str:
    template = _environment(report.lang).get_template("report.html.j2")
    return template.render(report=report, css=inline_css())
