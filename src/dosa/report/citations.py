# SPDX-License-Identifier: EUPL-1.2
"""Turn citations into the short source lines and the numbered bibliography a report prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from dosa.dataset.model import Dataset
from dosa.i18n import Localizer, concat, foreign, guess_language, localizer
from dosa.model.entities import Citation, Source


def source_language(source: Source) -> str:
    """The language of a source's title: as the dataset records it, else guessed from publisher and title."""
    return source.lang or guess_language(f"{source.publisher} {source.title}")


def in_source_language(text: str, source: Source, page_lang: str) -> str:
    """``text`` (a publisher or title, quoted as written) marked with the source's language when that
    is not the page's."""
    lang = source_language(source)
    return foreign(text, lang) if lang != page_lang else text


@dataclass(frozen=True)
class SourceEntry:
    """One numbered entry of the report's source list."""

    number: int
    source: Source
    page_lang: str = "nl"

    @property
    def anchor(self) -> str:
        return f"src-{self.source.id}"

    def text(self) -> str:
        """Publisher, title and year; publisher and title marked with the source's language."""
        quoted = [p.rstrip(".") for p in (self.source.publisher, self.source.title) if p]
        year = self.source.year if self.source.year and self.source.year != "n/s" else ""
        body = in_source_language(". ".join(quoted), self.source, self.page_lang)
        return concat(body, f". {year}" if year else "", ".")

    @property
    def licence(self) -> str:
        """The licence in the page's language (dataset text catalogue), else as written, marked."""
        return localizer(self.page_lang).data(self.source.licence)


@dataclass
class Bibliography:
    """Numbers sources in the order the report first cites them."""

    dataset: Dataset
    entries: dict[str, SourceEntry] = field(default_factory=dict)

    def cite(self, citation: Citation | None, loc: Localizer) -> str:
        """Short form, e.g. ``[3] European Commission 2023, p. 12``; registers the source."""
        if citation is None:
            return ""
        source = self.dataset.sources.get(citation.source)
        if source is None:
            return citation.source
        entry = self.entries.get(source.id)
        if entry is None:
            entry = SourceEntry(len(self.entries) + 1, source, loc.lang)
            self.entries[source.id] = entry
        text = ""
        if source.year and source.year != "n/s":
            text += f" {source.year}"
        if citation.page:
            text += ", " + loc.gettext("p.") + " " + citation.page
        if citation.footnote:
            text += ", " + loc.gettext("fn.") + " " + citation.footnote
        return concat(f"[{entry.number}] ", in_source_language(source.publisher, source, loc.lang), text)

    def ordered(self) -> list[SourceEntry]:
        return sorted(self.entries.values(), key=lambda e: e.number)
