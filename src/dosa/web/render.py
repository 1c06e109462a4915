# SPDX-License-Identifier: EUPL-1.2
"""Jinja rendering of dashboard pages with what every page shows: navigation, language switch,
dataset and method versions."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request

from dosa import __version__
from dosa.i18n import LANGUAGES, localizer
from dosa.report.html import make_environment
from dosa.report.labels import N_
from dosa.web.state import app_state

NAVIGATION = (  # the main menu: path segment, label (translated when shown)
    ("", N_("Overview")),
    ("priorities", N_("Priorities")),
    ("subjects", N_("Subjects")),
    ("scenarios", N_("Scenarios")),
    ("chokepoints", N_("Chokepoints")),
    ("actions", N_("Actions")),
    ("inventory", N_("Inventory")),
    ("exposure", N_("Exposure")),
    ("procurement", N_("Procurement")),
    ("report", N_("Report")),
)

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def templates_dir() -> Path:
    return Path(str(resources.files("dosa.web") / "templates"))


@lru_cache(maxsize=len(LANGUAGES))
def environment(lang: str) -> jinja2.Environment:
    env = make_environment(lang, templates_dir())
    env.filters["id_of"] = id
    return env


def other_languages(request: Request, lang: str) -> list[tuple[str, str, str]]:
    """(code, name, address) of the same page in each other language, query string kept."""
    path = request.url.path
    rest = path[len(lang) + 1 :]
    query = f"?{request.url.query}" if request.url.query else ""
    return [(code, LANGUAGE_NAMES[code], f"/{code}{rest}{query}") for code in LANGUAGES if code != lang]


def render_page(request: Request, lang: str, template: str, **context: Any) -> str:
    loc = localizer(lang)
    path = request.url.path
    current = path[len(lang) + 2 :].split("/", 1)[0]
    dataset = app_state(request).dataset
    page = environment(lang).get_template(template)
    return page.render(
        lang=lang,
        loc=loc,
        base=f"/{lang}/",
        navigation=[
            (f"/{lang}" + (f"/{key}" if key else ""), loc.gettext(name), key == current) for key, name in NAVIGATION
        ],
        languages=other_languages(request, lang),
        dataset_label=dataset.info.label,
        dosa_version=__version__,
        method_label=app_state(request).method_label(),
        editor=context.pop("editor", app_state(request).settings.editor),
        breadcrumbs=context.pop("breadcrumbs", []),
        **context,
    )
