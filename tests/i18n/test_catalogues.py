# SPDX-License-Identifier: EUPL-1.2
"""The nl and en catalogues are complete and consistent; numbers and dates follow the language."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from babel.messages.pofile import read_po

from dosa.errors import InputError
from dosa.i18n import Localizer, catalogue_path, localizer
from dosa.i18n.extract import extract_messages


def catalogue(lang: str) -> dict[str, str]:
    with catalogue_path(lang).open("rb") as stream:
        return {str(m.id): str(m.string or "") for m in read_po(stream, locale=lang) if m.id}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_in_the_code_is_in_both_catalogues() -> None:
    used = set(extract_messages())
    assert used, "the extractor found no messages"
    for lang in ("nl", "en"):
        missing = used - set(catalogue(lang))
        assert not missing, f"{lang}: run scripts/update_catalogues.py, then translate: {sorted(missing)[:5]}"


def test_every_message_has_a_dutch_translation() -> None:
    untranslated = [message for message, text in catalogue("nl").items() if not text.strip()]
    assert not untranslated, untranslated[:5]


def test_translations_keep_the_placeholders() -> None:
    for message, text in catalogue("nl").items():
        assert placeholders(text) == placeholders(message), message


def test_no_unused_messages() -> None:
    assert set(catalogue("nl")) <= set(extract_messages())


def test_gettext_translates() -> None:
    assert localizer("nl").gettext("Summary") == "Samenvatting"
    assert localizer("en").gettext("Summary") == "Summary"


def test_numbers_and_dates_are_locale_aware() -> None:
    nl, en = Localizer("nl"), Localizer("en")
    assert nl.number(12345.5) == "12.345,5"
    assert en.number(12345.5) == "12,345.5"
    assert nl.percent(60, qualifier="~") == "~60 %"
    assert en.percent(90, 95, "range") == "90–95 %"
    day = dt.date(2024, 3, 1)
    assert nl.date(day) == "1 maart 2024"
    assert en.date(day) == "1 March 2024"
    assert re.match(r"^\d", nl.date(day, "medium"))


def test_unknown_language() -> None:
    with pytest.raises(InputError):
        localizer("de")
