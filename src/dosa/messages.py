# SPDX-License-Identifier: EUPL-1.2
"""Sentences the engines write for people, kept translatable.

An engine that explains itself (why a factor scores what it scores) writes English, the language of
its message ids, but keeps how the sentence was made: a :class:`Message` is the English string
everywhere a string is used (the CLI, CSV, JSON), and also carries its template and values, so a
face that speaks Dutch renders the translated template with the values in Dutch
(:meth:`dosa.i18n.Localizer.message`): numbers in Dutch notation, names instead of identifiers,
dataset texts in their Dutch version, and English quoted from a source marked as English.

Light on purpose (no Babel): the engines import it.
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it here."""
    return message


class Message(str):
    """``template.format(**values)`` in English, with the template and values kept for translation.

    The template is a message id of the ``dosa`` catalogue; values may be numbers (formatted by the
    template's spec, in the reader's notation), other messages, or the marked texts below.
    """

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, /, **values: object) -> Message:
        self = super().__new__(cls, template.format(**values))
        self.template = template
        self.values = values
        return self

    def __reduce__(self) -> Any:
        return (_message, (self.template, self.values))


def _message(template: str, values: dict[str, object]) -> Message:
    return Message(template, **values)


class Quoted(str):
    """Text quoted as written in language ``lang`` (a source's title, a law's wording): marked, not translated."""

    lang: str

    def __new__(cls, text: str, lang: str = "en") -> Quoted:
        self = super().__new__(cls, text)
        self.lang = lang
        return self

    def __reduce__(self) -> Any:
        return (Quoted, (str(self), self.lang))


class Data(str):
    """A recurring dataset text (a stage, scope, year or metric) that the data catalogue translates."""


class Term(str):
    """An identifier (a factor id, say) that a reader sees as its label: the id as a string, the
    translated ``label`` (a message id) in a face."""

    label: str

    def __new__(cls, identifier: str, label: str) -> Term:
        self = super().__new__(cls, identifier)
        self.label = label
        return self

    def __reduce__(self) -> Any:
        return (Term, (str(self), self.label))


class RecordText(str):
    """A record's text in the reader's language: its name (``field="name"``) or a free-text field
    with language variants (``rationale`` / ``rationale_nl``). As a string: the English text, or the
    record's id for a name (what the command line always showed)."""

    record: object
    field: str

    def __new__(cls, record: object, field: str) -> RecordText:
        english = getattr(record, "id", "") if field == "name" else getattr(record, field, "")
        self = super().__new__(cls, str(english or ""))
        self.record = record
        self.field = field
        return self

    def __reduce__(self) -> Any:
        return (RecordText, (self.record, self.field))
