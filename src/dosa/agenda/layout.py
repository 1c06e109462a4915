# SPDX-License-Identifier: EUPL-1.2
"""Undo the PDF layout of an agenda text: pages, running headers, footnotes and URLs.

The agenda text is extracted from a PDF. Each page's body is followed by that page's footnotes
and then by the URLs of its links; a few pages end with a footer (``| 16 |``) and the running
header (``Agenda Digitale Open Strategische Autonomie``). The first line of most pages starts with
one space. This module removes the noise, strips footnote numbers glued to words and numbers the
pages, keeping the original line numbers so every action can be traced to its place in the text.

Page numbers (see ``docs/agenda-import.md``): a page starts at a line that begins with a single
space (and has at least three characters: the stack figure's vertical labels break into one- and
two-letter fragments) and at the first line after a footer. Footers are anchors: the page holding
``| N |`` is page N. Pages between two anchors are counted from them and must fit exactly; when
they do not, the pages of that stretch are unknown (``None``). Pages before the first and after the
last anchor are counted from the nearest anchor by the same rule.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

RUNNING_HEADER = "Agenda Digitale Open Strategische Autonomie"
FOOTER = re.compile(r"^\|\s*(\d{1,3})\s*\|$")
FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+\S")
URL_LINE = re.compile(r"^(?:https?:/{1,2}|file:/{2,3}|www\.)\S*$", re.IGNORECASE)
PAGE_START = re.compile(r"^ \S")
MIN_PAGE_START_CHARS = 3

# A footnote number glued to a word or to closing punctuation ("non-paper18", "(IKT)63",
# "EU74.", "postennetwerk.72, 73"), or glued to a year ("2022-202856" = 2028 + note 56).
_GLUED_REF = re.compile(r"(?:(?<=[^\W\d_]{2})|(?<=[.,;:)’”'\]]))(\d{1,4}(?:,\s?\d{1,3})*)(?=[\s.,;:)]|$)")
_YEAR_REF = re.compile(r"(?<![\d])((?:19|20)\d\d)(\d{1,2})(?![\d])")


@dataclass(frozen=True)
class TextLine:
    """One line of the body text; blank lines are kept because they separate paragraphs."""

    number: int
    """Line number in the source text (1-based)."""
    text: str
    """The line without its page-start space, trailing spaces and glued footnote numbers."""
    page: int | None
    page_start: bool = False
    """First line of a page: a paragraph always ends before it."""

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(frozen=True)
class PageCheck:
    """A stretch of pages between two footer anchors and whether the counted pages fit it."""

    first_line: int
    last_line: int
    first_page: int
    last_page: int
    starts_counted: int
    fits: bool


@dataclass
class Layout:
    """The body text of an agenda with its pages, and what was removed."""

    lines: list[TextLine]
    footnotes: dict[int, int] = field(default_factory=dict)
    """Footnote number -> line where its text starts."""
    footnote_refs: dict[int, int] = field(default_factory=dict)
    """Footnote number -> line where the reference glued to the text was removed."""
    anchors: dict[int, int] = field(default_factory=dict)
    """Page footer line -> page number printed in it."""
    checks: list[PageCheck] = field(default_factory=list)
    removed_lines: int = 0


@dataclass
class _Page:
    start_line: int
    body: list[tuple[int, str]] = field(default_factory=list)
    notes: set[int] = field(default_factory=set)
    footer: int | None = None


def _is_page_start(raw: str) -> bool:
    return bool(PAGE_START.match(raw)) and len(raw.strip()) >= MIN_PAGE_START_CHARS


def _split_pages(raw_lines: list[str], layout: Layout) -> list[_Page]:
    """Cut the text into pages; keep each page's body lines and its footnote numbers."""
    pages = [_Page(start_line=1)]
    next_note = 1
    in_notes = False
    after_footer = False
    previous_blank = True
    for number, raw in enumerate(raw_lines, start=1):
        text = raw.rstrip()
        stripped = text.strip()
        footer = FOOTER.match(stripped)
        if footer:
            pages[-1].footer = int(footer.group(1))
            layout.anchors[number] = int(footer.group(1))
            layout.removed_lines += 1
            in_notes, after_footer = False, True
            continue
        if stripped == RUNNING_HEADER:
            layout.removed_lines += 1
            continue
        if after_footer and stripped:
            pages.append(_Page(start_line=number))
            after_footer = False
        elif _is_page_start(text) and number > 1:
            pages.append(_Page(start_line=number))
            in_notes = False
        note = FOOTNOTE_START.match(stripped)
        if note and int(note.group(1)) == next_note and (previous_blank or in_notes):
            layout.footnotes[next_note] = number
            pages[-1].notes.add(next_note)
            next_note += 1
            in_notes = True
        previous_blank = not stripped
        if in_notes or URL_LINE.match(stripped):
            if stripped:
                layout.removed_lines += 1
            continue
        pages[-1].body.append((number, text[1:] if _is_page_start(text) else text))
    return pages


def _strip_refs(text: str, notes: set[int], line: int, layout: Layout) -> str:
    """Remove footnote numbers of this page that are glued to words or years."""

    def glued(match: re.Match[str]) -> str:
        digits = match.group(1)
        numbers = [int(part) for part in re.split(r",\s?", digits)]
        if all(n in notes for n in numbers):
            for n in numbers:
                layout.footnote_refs.setdefault(n, line)
            return ""
        if len(numbers) == 1:
            # The word itself may end in digits: "Photonics2124" is Photonics21 + note 24.
            for cut in range(1, len(digits)):
                suffix = digits[cut:]
                if not suffix.startswith("0") and int(suffix) in notes:
                    layout.footnote_refs.setdefault(int(suffix), line)
                    return digits[:cut]
        return match.group(0)

    def year(match: re.Match[str]) -> str:
        n = int(match.group(2))
        if n in notes:
            layout.footnote_refs.setdefault(n, line)
            return match.group(1)
        return match.group(0)

    text = _GLUED_REF.sub(glued, text)
    text = _YEAR_REF.sub(year, text)
    return text


def _number_pages(pages: list[_Page], layout: Layout) -> list[int | None]:
    """Give each page its number from the footer anchors (see the module docstring)."""
    anchors = [(index, page.footer) for index, page in enumerate(pages) if page.footer is not None]
    numbers: list[int | None] = [None] * len(pages)
    if not anchors:
        return numbers
    first_index, first_number = anchors[0]
    for index in range(first_index + 1):
        numbers[index] = first_number - (first_index - index)
    for (a_index, a_number), (b_index, b_number) in itertools.pairwise(anchors):
        fits = b_number - a_number == b_index - a_index
        layout.checks.append(
            PageCheck(
                first_line=pages[a_index + 1].start_line if a_index + 1 < len(pages) else pages[a_index].start_line,
                last_line=pages[b_index].start_line,
                first_page=a_number + 1,
                last_page=b_number,
                starts_counted=b_index - a_index,
                fits=fits,
            )
        )
        for index in range(a_index + 1, b_index + 1):
            numbers[index] = a_number + (index - a_index) if fits else None
        numbers[b_index] = b_number
    last_index, last_number = anchors[-1]
    for index in range(last_index + 1, len(pages)):
        numbers[index] = last_number + (index - last_index)
    return [n if n is None or n >= 1 else None for n in numbers]


def read_layout(text: str) -> Layout:
    """Split an extracted agenda text into body lines with pages, removing layout noise."""
    layout = Layout(lines=[])
    pages = _split_pages(text.splitlines(), layout)
    numbers = _number_pages(pages, layout)
    for page, number in zip(pages, numbers, strict=True):
        first = True
        for line_number, line_text in page.body:
            cleaned = _strip_refs(line_text, page.notes, line_number, layout) if page.notes else line_text
            cleaned = cleaned.rstrip()
            layout.lines.append(TextLine(line_number, cleaned, number, page_start=first and bool(cleaned)))
            if cleaned:
                first = False
    return layout
