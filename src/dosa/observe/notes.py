# SPDX-License-Identifier: EUPL-1.2
"""Notes an observation makes (a loop, the lookup limit, a time-out), kept as an English message with its
values so that every face can show them in the reader's language (the catalogues translate the message)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks a message for the catalogues; translated where it is shown."""
    return message


@dataclass(frozen=True)
class Note:
    """``template`` is an English message with ``{name}`` placeholders; ``values`` fills them."""

    template: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, gettext: Callable[[str], str] | None = None) -> str:
        template = gettext(self.template) if gettext is not None else self.template
        return template.format(**dict(self.values))

    def __str__(self) -> str:
        return self.text()


def note(template: str, **values: object) -> Note:
    return Note(template, tuple((key, str(value)) for key, value in values.items()))
