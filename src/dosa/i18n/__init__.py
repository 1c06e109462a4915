# SPDX-License-Identifier: EUPL-1.2
"""Dutch and English for everything dosa shows people: messages, numbers, dates and names.

The catalogues are plain gettext ``.po`` files in this package (English message ids, Dutch
translations), read at run time with Babel, so a ``pip install`` needs no compile step. Numbers and
dates are formatted by Babel for the ``nl_NL`` and ``en_GB`` locales.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
from collections.abc import Iterable, Mapping
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
from dosa.messages import Data, Message, Quoted, RecordText, Term

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
DOMAIN = "dosa"
DATA_DOMAIN = "dosa-data"
"""Catalogue of recurring dataset texts (metrics, licences, group labels) with their translations."""
SOURCE_LANGUAGE = "en"
"""The language of dataset fields without a language suffix (``rationale``, ``statement``, ...)."""

Part = tuple[str, str | None]
"""A piece of text and its language; ``None``: the language of the page it stands on."""


class Text(str):
    """A string that knows which of its parts are in another language than the page.

    It behaves as the plain string everywhere (exports, sorting, the terminal); renderers that can
    mark a language (HTML ``lang``, Typst ``text(lang: ..)``) ask :func:`parts` for the pieces, as
    WCAG 3.1.2 (Language of Parts) asks.
    """

    parts: tuple[Part, ...]

    def __new__(cls, parts: Iterable[Part]) -> Text:
        merged: list[Part] = []
        for text, lang in parts:
            if not text:
                continue
            if merged and merged[-1][1] == lang:
                merged[-1] = (merged[-1][0] + text, lang)
            else:
                merged.append((text, lang))
        self = super().__new__(cls, "".join(text for text, _ in merged))
        self.parts = tuple(merged)
        return self

    def __reduce__(self) -> Any:
        return (Text, (self.parts,))


FUNCTION_WORDS = {
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "in",
            "op",
            "voor",
            "met",
            "aan",
            "bij",
            "uit",
            "naar",
            "over",
            "door",
            "als",
            "om",
            "te",
            "is",
            "zijn",
            "wordt",
            "worden",
            "niet",
            "ook",
            "maar",
            "of",
            "dat",
            "die",
            "dit",
            "deze",
            "tot",
            "onder",
            "tegen",
            "wat",
            "hoe",
            "waarom",
            "welke",
            "tussen",
            "zonder",
            "dan",
            "heeft",
            "wordt",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "a",
            "an",
            "and",
            "of",
            "in",
            "on",
            "for",
            "with",
            "at",
            "by",
            "from",
            "to",
            "as",
            "is",
            "are",
            "be",
            "was",
            "were",
            "not",
            "also",
            "but",
            "or",
            "that",
            "this",
            "these",
            "into",
            "under",
            "against",
            "its",
            "their",
            "report",
            "what",
            "how",
            "overview",
            "monitor",
            "survey",
            "market",
            "study",
            "analysis",
        ]
    ),
}
"""Common words of each language: how :func:`guess_language` tells a short Dutch text from English
(tests/language reuses them as tie-breakers)."""


def guess_language(text: str, default: str = SOURCE_LANGUAGE) -> str:
    """Dutch or English, by counting common function words; ``default`` when neither shows.

    Meant for short texts whose language a dataset does not record (a source's title): it decides
    which language to mark them with, nothing more.
    """
    words = [word.strip(".,:;()'\"‘’“”").lower() for word in text.split()]
    counts = {lang: sum(word in found for word in words) for lang, found in FUNCTION_WORDS.items()}
    if counts["nl"] > counts["en"]:
        return "nl"
    if counts["en"] > counts["nl"]:
        return "en"
    return default


_QUOTED = re.compile(r"(?<!\w)(['‘\"“])(?P<quoted>[^'’\"”]{8,}?)(['’\"”])(?!\w)")


def mark_quotes(text: str, page_lang: str) -> str:
    """``text`` with each quoted passage in another language than the page marked as such (a Dutch
    note quoting an English title, say); a passage whose language does not show stays unmarked."""
    pieces: list[object] = []
    position = 0
    for match in _QUOTED.finditer(text):
        quoted = match.group("quoted")
        lang = guess_language(quoted, default=page_lang)
        if lang != page_lang:
            pieces += [text[position : match.start("quoted")], foreign(quoted, lang)]
            position = match.end("quoted")
    if not pieces:
        return text
    return concat(*pieces, text[position:])


def foreign(text: str | None, lang: str = SOURCE_LANGUAGE) -> str:
    """``text`` marked as written in ``lang`` (an English title or quote on a Dutch page, say)."""
    if not text:
        return ""
    return Text([(str(text), lang)])


def parts(value: object) -> list[Part]:
    """The pieces of a (possibly marked) text with their languages."""
    if isinstance(value, Text):
        return list(value.parts)
    return [(str(value), None)] if value is not None and str(value) else []


def concat(*values: object) -> str:
    """Join texts end to end, keeping the language of every piece."""
    pieces = [piece for value in values for piece in parts(value)]
    if all(lang is None for _, lang in pieces):
        return "".join(text for text, _ in pieces)
    return Text(pieces)


def join(separator: str, values: Iterable[object]) -> str:
    items: list[object] = []
    for value in values:
        if items:
            items.append(separator)
        items.append(value)
    return concat(*items)


def compose(template: str, values: Mapping[str, object] | None = None, /, **kwargs: object) -> str:
    """``template.format(**values)`` that keeps the language marks of the values it inserts."""
    given = {**(values or {}), **kwargs}
    pieces: list[object] = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        pieces.append(literal)
        if field is None:
            continue
        value = given[field]
        if isinstance(value, Text) and not spec and not conversion:
            pieces.append(value)
        else:
            pieces.append(
                ("{0" + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}").format(value)
            )
    return concat(*pieces)


def check_language(lang: str) -> str:
    """Return ``lang`` if dosa speaks it, else raise an :class:`InputError` naming the choices."""
    if lang not in LANGUAGES:
        raise InputError(f"unknown language '{lang}'", hint="use nl or en")
    return lang


def catalogue_path(lang: str) -> Any:
    return resources.files("dosa.i18n") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def data_catalogue_path(lang: str) -> Any:
    return resources.files("dosa.i18n") / "locale" / lang / "LC_MESSAGES" / f"{DATA_DOMAIN}.po"


def _compile(path: Any, lang: str, domain: str) -> Translations:
    with path.open("rb") as stream:
        catalogue = read_po(stream, locale=LOCALES[lang], domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> Translations:
    """The compiled catalogue for ``lang`` (read from its ``.po`` file once per process)."""
    check_language(lang)
    return _compile(catalogue_path(lang), lang, DOMAIN)


@lru_cache(maxsize=len(LANGUAGES))
def data_translations(lang: str) -> dict[str, str]:
    """Translations of recurring dataset texts for ``lang`` (empty when there is no catalogue)."""
    check_language(lang)
    path = data_catalogue_path(lang)
    if not path.is_file():
        return {}
    with path.open("rb") as stream:
        catalogue = read_po(stream, locale=LOCALES[lang], domain=DATA_DOMAIN)
    return {str(m.id): str(m.string) for m in catalogue if m.id and isinstance(m.id, str) and m.string}


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

    def _marked(self, value: object, lang: str | None) -> str:
        text = str(value)
        return foreign(text, lang) if lang and lang != self.lang else text

    def _first(self, record: Any, attributes: Iterable[tuple[str, str | None]]) -> str | None:
        for attribute, lang in attributes:
            value = getattr(record, attribute, None)
            if value:
                return value if isinstance(value, Text) else self._marked(value, lang)
        return None

    def name(self, record: Any) -> str:
        """A record's name in this language, falling back to the other language (marked as such) or
        its plain name (a proper name, shown as written)."""
        other = "en" if self.lang == "nl" else "nl"
        found = self._first(record, [(f"name_{self.lang}", None), (f"name_{other}", other), ("name", None)])
        return found if found is not None else str(getattr(record, "id", ""))

    def description(self, record: Any) -> str:
        other = "en" if self.lang == "nl" else "nl"
        return self._first(record, [(f"description_{self.lang}", None), (f"description_{other}", other)]) or ""

    def text(self, record: Any, field: str) -> str:
        """A free-text field in this language: ``<field>_<lang>`` when the record has it, else the
        field as written (English in dosa's datasets), marked as English on a Dutch page."""
        own = getattr(record, f"{field}_{self.lang}", None)
        if own:
            return mark_quotes(str(own), self.lang)
        found = self._first(record, [(field, SOURCE_LANGUAGE), (f"{field}_en", "en"), (f"{field}_nl", "nl")])
        if found and not isinstance(found, Text):  # in the page's language: quotes may still be foreign
            return mark_quotes(found, self.lang)
        return found or ""

    def data(self, text: str | None) -> str:
        """A recurring dataset text (a metric, a licence, a group label) in this language: its
        translation from the data catalogue, else the text as written, marked as English."""
        if not text:
            return ""
        if self.lang == SOURCE_LANGUAGE or not any(c.isalpha() for c in text):
            return text
        translated = data_translations(self.lang).get(text)
        return translated if translated else foreign(text, SOURCE_LANGUAGE)

    def message(self, value: object) -> str:
        """An engine's sentence (:mod:`dosa.messages`) in this language: the translated template, its
        numbers in this locale's notation, names for records, dataset texts in their own version
        and quoted English marked as such. A plain string comes back as it is."""
        if isinstance(value, Quoted):
            return self._marked(value, value.lang or guess_language(value))
        if isinstance(value, Term):
            return self.gettext(value.label)
        if isinstance(value, Data):
            return self.data(value)
        if isinstance(value, RecordText):
            return self.name(value.record) if value.field == "name" else self.text(value.record, value.field)
        if not isinstance(value, Message):
            return value if isinstance(value, str) else str(value)
        pieces: list[object] = []
        for literal, field, spec, _conversion in string.Formatter().parse(self.gettext(value.template)):
            pieces.append(literal)
            if field is None:
                continue
            item = value.values[field]
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                pieces.append(self._formatted(item, spec or ""))
            elif isinstance(item, str):
                pieces.append(self.message(item))
            else:
                pieces.append(format(item, spec or ""))
        return concat(*pieces)

    def _formatted(self, number: float, spec: str) -> str:
        """``number`` as ``format(number, spec)`` would show it, in this locale's notation."""
        decimals = re.search(r"\.(\d+)", spec)
        if spec.endswith("%"):
            return f"{self.number(100 * number, int(decimals.group(1)) if decimals else 0)} %"
        if decimals:
            return self.number(number, int(decimals.group(1)))
        return self.number(number, 0 if isinstance(number, int) else 4)

    def join(self, parts: Iterable[str]) -> str:
        items = [p for p in parts if p]
        if len(items) <= 1:
            return concat(*items)
        conjunction = self.gettext("and")
        return concat(join(", ", items[:-1]), f" {conjunction} ", items[-1])


def localizer(lang: str) -> Localizer:
    return Localizer(check_language(lang))
