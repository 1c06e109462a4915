# SPDX-License-Identifier: EUPL-1.2
"""Dutch and English for everything dosa shows people: messages, numbers, dates and names.

The catalogues are plain gettext ``.po`` files in this package (English message ids, Dutch
translations), read at run time with Babel, so a ``pip install`` needs no compile step. Numbers and
dates are formatted by Babel for the ``nl_NL`` and ``en_GB`` locales.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from dosa.errors import InputError

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
DOMAIN = "dosa"


def check_language(lang: str) -> str:
    """Return ``lang`` if dosa speaks it, else raise an :class:`InputError` naming the choices."""
    if lang not in LANGUAGES:
        raise InputError(f"unknown language '{lang}'", hint="use nl or en")
    return lang


def catalogue_path(lang: str) -> Any:
    return resources.files("dosa.i18n") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> Translations:
    """The compiled catalogue for ``lang`` (read from its ``.po`` file once per process)."""
    check_language(lang)
    with catalogue_path(lang).open("rb") as stream:
        catalogue = read_po(stream, locale=LOCALES[lang], domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@dataclass(frozen=True)
class Localizer:
    """Messages, numbers, dates and record names in one language."""

    lang: str

    def __post_init__(self) -> None:
        check_language(self.lang)

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]

    def gettext(self, message: str) -> str:
        return str(translations(self.lang).gettext(message))

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return str(translations(self.lang).ngettext(singular, plural, count))

    def number(self, value: float | int | None, decimals: int = 1) -> str:
        """A number in the locale's notation (``12,5`` in Dutch, ``12.5`` in English)."""
        if value is None:
            return "–"
        pattern = "#,##0" if decimals == 0 else "#,##0." + "#" * decimals
        return str(format_decimal(value, format=pattern, locale=self.locale))

    def percent(self, value: float | None, value_max: float | None = None, qualifier: str = "=") -> str:
        """A percentage given on a 0-100 scale, with the source's qualifier (``~``, ``>``, ``<``, range)."""
        if value is None:
            return "–"
        text = self.number(value)
        if value_max is not None and value_max != value:
            text = f"{text}–{self.number(value_max)}"
        prefix = {"~": "~", ">": "> ", "<": "< "}.get(qualifier, "")
        return f"{prefix}{text} %"

    def date(self, value: dt.date | None, form: str = "long") -> str:
        if value is None:
            return "–"
        return str(format_date(value, format=form, locale=self.locale))

    def name(self, record: Any) -> str:
        """A record's name in this language, falling back to the other language or its plain name."""
        for attribute in (f"name_{self.lang}", "name_en", "name_nl", "name"):
            value = getattr(record, attribute, None)
            if value:
                return str(value)
        return str(getattr(record, "id", ""))

    def description(self, record: Any) -> str:
        for attribute in (f"description_{self.lang}", "description_en", "description_nl"):
            value = getattr(record, attribute, None)
            if value:
                return str(value)
        return ""

    def join(self, parts: Iterable[str]) -> str:
        items = [p for p in parts if p]
        if len(items) <= 1:
            return "".join(items)
        conjunction = self.gettext("and")
        return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def localizer(lang: str) -> Localizer:
    return Localizer(check_language(lang))
