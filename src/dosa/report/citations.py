# SPDX-License-Identifier: EUPL-1.2
"""Turn citations into the short source lines and the numbered bibliography a report prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from dosa.dataset.model import Dataset
from dosa.i18n import Localizer
from dosa.model.entities import Citation, Source


@dataclass(frozen=True)
class SourceEntry:
    """One numbered entry of the report's source list."""

    number: int
    source: Source

    @property
    def anchor(self) -> str:
        return f"src-{self.source.id}"

    def text(self) -> str:
        parts = [self.source.publisher, self.source.title, self.source.year]
        return ". ".join(p.rstrip(".") for p in parts if p and p != "n/s") + "."


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
            entry = SourceEntry(len(self.entries) + 1, source)
            self.entries[source.id] = entry
        text = f"[{entry.number}] {source.publisher}"
        if source.year and source.year != "n/s":
            text += f" {source.year}"
        if citation.page:
            text += ", " + loc.gettext("p.") + " " + citation.page
        if citation.footnote:
            text += ", " + loc.gettext("fn.") + " " + citation.footnote
        return text

    def ordered(self) -> list[SourceEntry]:
        return sorted(self.entries.values(), key=lambda e: e.number)
