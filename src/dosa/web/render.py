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
    from dosa.web.pages import NAVIGATION

    loc = localizer(lang)
    path = request.url.path
    current = path[len(lang) + 2 :].split("/", 1)[0]
    dataset = request.app.state.dataset
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
        method_label=request.app.state.method_label(lang),
        editor=context.pop("editor", request.app.state.settings.editor),
        breadcrumbs=context.pop("breadcrumbs", []),
        **context,
    )
