# SPDX-License-Identifier: EUPL-1.2
"""Find the agenda's priorities, action lists and action blocks in its body text.

The agenda's policy part is a sequence of priorities. Each has a heading, running text, and one
or more action lists headed ``Lopende acties`` or ``Nieuwe acties nationaal / in EU-verband``. An
action block is a labelled table row: ``Actie samenvatting`` (or just ``Actie``) with the summary,
then ``Tijdlijn``, ``Eigenaar`` and ``Betrokken``. Any of the labels can be missing. A block ends
at the next label that starts a block, at a heading, or at a paragraph that does not fit the
field it follows, so that the next priority's text never runs into the last action.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dosa.agenda.layout import TextLine
from dosa.errors import AgendaFormatError
from dosa.model.vocab import ActionScope, ActionStatus

PRIORITY_HEADINGS: dict[str, tuple[str, ...]] = {
    "critical_raw_materials": ("Kritieke grondstoffen",),
    "quantum": ("Quantumtechnologie", "Quantum technologie", "Quantum"),
    "photonics": ("Fotonica", "Fotonicatechnologie"),
    "semiconductors": ("Halfgeleiders",),
    "network_technology": ("Netwerktechnologie", "Netwerk technologie"),
    "open_source_software": ("Open Source Software", "Open source"),
    "cloud": ("Cloud",),
    "ai": ("Artificiële Intelligentie (AI)", "Artificiële Intelligentie", "AI"),
    "cybersecurity": ("Cybersecurity",),
    "office_software": ("Kantoorsoftware",),
    "competitiveness": ("Concurrentievermogen",),
    "policy_making": ("Effectievere beleidsontwikkeling en besluitvorming",),
    "security_policy": ("Veiligheidsbeleid",),
    "knowledge_skills": ("Kennis en vaardigheden",),
    "international_cooperation": ("Internationale samenwerking",),
}
"""The agenda's priority headings, by the priority ids the whole project uses."""

DIVIDER = re.compile(r"^beleidsprioriteiten\b", re.IGNORECASE)
SECTION = re.compile(
    r"^(?P<status>lopende|nieuwe)\s+acties"
    r"(?:\s+(?:in\s+)?(?P<scope>nationaal(?:\s+verband)?|eu-verband|eu|europees\s+verband))?\s*:?$",
    re.IGNORECASE,
)
LABELS = {
    "actie samenvatting": "summary",
    "actie": "summary",
    "tijdlijn": "timeline",
    "eigenaar": "owners",
    "eigenaren": "owners",
    "betrokken": "involved",
    "betrokkenen": "involved",
}
LABEL_NAMES = {"summary": "Actie samenvatting", "timeline": "Tijdlijn", "owners": "Eigenaar", "involved": "Betrokken"}


def _heading_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


_HEADING_INDEX = {_heading_key(name): pid for pid, names in PRIORITY_HEADINGS.items() for name in names}


def label_of(line: str) -> str | None:
    """The field a label line opens, or ``None`` if the line is not a label."""
    return LABELS.get(_heading_key(line).rstrip(":"))


@dataclass
class Paragraph:
    """Consecutive non-blank lines; a blank line or a new page ends a paragraph."""

    lines: list[TextLine]

    @property
    def text(self) -> str:
        return " ".join(line.text.strip() for line in self.lines)

    @property
    def first(self) -> TextLine:
        return self.lines[0]

    @property
    def after_page_break(self) -> bool:
        return self.lines[0].page_start


def paragraphs(lines: list[TextLine]) -> Iterator[Paragraph]:
    current: list[TextLine] = []
    for line in lines:
        if line.blank or (line.page_start and current):
            if current:
                yield Paragraph(current)
            current = [] if line.blank else [line]
            continue
        current.append(line)
    if current:
        yield Paragraph(current)


@dataclass
class AgendaSection:
    status: ActionStatus
    scope: ActionScope | None
    heading: str
    line: int


@dataclass
class RawBlock:
    """One action block as found in the text, before its fields are read."""

    priority: str
    section: AgendaSection
    start: TextLine
    fields: dict[str, list[list[TextLine]]] = field(default_factory=dict)
    """Field -> its paragraphs (a page break inside a field continues the same paragraph)."""
    notes: list[tuple[int, str]] = field(default_factory=list)
    """(line, what had to be repaired): missing labels."""
    end_line: int = 0

    def add(self, name: str, lines: list[TextLine], *, new_paragraph: bool) -> None:
        parts = self.fields.setdefault(name, [])
        if new_paragraph or not parts:
            parts.append([])
        parts[-1].extend(lines)
        if lines:
            self.end_line = max(self.end_line, lines[-1].number)


def section_of(text: str, line: int) -> AgendaSection | None:
    match = SECTION.match(_heading_key(text))
    if not match:
        return None
    status = ActionStatus.LOPEND if match.group("status").lower() == "lopende" else ActionStatus.NIEUW
    scope_word = (match.group("scope") or "").lower()
    scope = None
    if scope_word.startswith("nationaal"):
        scope = ActionScope.NATIONAAL
    elif scope_word:
        scope = ActionScope.EU
    return AgendaSection(status, scope, re.sub(r"\s+", " ", text).strip(), line)


@dataclass
class Structure:
    blocks: list[RawBlock]
    priorities_seen: list[str]


class _Reader:
    """A single pass over the paragraphs, keeping the current priority, list and block."""

    def __init__(self, fits_timeline: Callable[[str], bool], fits_parties: Callable[[str], bool]) -> None:
        self.fits_timeline = fits_timeline
        self.fits_parties = fits_parties
        self.priority: str | None = None
        self.section: AgendaSection | None = None
        self.block: RawBlock | None = None
        self.field: str | None = None
        self.blocks: list[RawBlock] = []
        self.priorities_seen: list[str] = []
        self.loose: Paragraph | None = None
        """The first running text met after the actions of the current list."""
        self.candidate: Paragraph | None = None
        """The last running text in an action list: a summary if a field label follows it."""

    def close(self) -> None:
        if self.block is not None:
            self.blocks.append(self.block)
        self.block, self.field = None, None

    def start_block(self, line: TextLine) -> RawBlock:
        if self.priority is None:
            raise AgendaFormatError(
                f"line {line.number}: an action comes before any priority heading",
                hint="an agenda text needs a priority heading (e.g. 'Kritieke grondstoffen') before its actions",
            )
        if self.section is None:
            raise AgendaFormatError(
                f"line {line.number}: an action is not under a 'Lopende acties' or 'Nieuwe acties' heading",
                hint="put each action list under its heading",
            )
        if self.loose is not None:
            self._interrupted(line)
        self.close()
        self.candidate = None
        self.block = RawBlock(self.priority, self.section, line, end_line=line.number)
        return self.block

    def _interrupted(self, line: TextLine) -> None:
        assert self.loose is not None
        raise AgendaFormatError(
            f"line {line.number}: the actions of priority '{self.priority}' are interrupted by running text at "
            f"line {self.loose.first.number} ('{self.loose.text[:60]}')",
            hint="is that text a priority heading the importer does not know? known headings: "
            + ", ".join(names[0] for names in PRIORITY_HEADINGS.values()),
        )

    def take_lines(self, lines: list[TextLine], *, new_paragraph: bool) -> None:
        """Add lines to the current block, switching field at each label."""
        assert self.block is not None
        pending: list[TextLine] = []
        for line in lines:
            name = label_of(line.text)
            if name is None:
                pending.append(line)
                continue
            if pending:
                self.block.add(self.field or "summary", pending, new_paragraph=new_paragraph)
                pending = []
            if name == "summary" and self.block.fields:
                self.start_block(line)  # a new block without the blank line before it
            self.field = name
            self.block.fields.setdefault(name, [])
            self.block.end_line = max(self.block.end_line, line.number)
            new_paragraph = True
        if pending:
            self.block.add(self.field or "summary", pending, new_paragraph=new_paragraph)

    def unlabelled(self, paragraph: Paragraph) -> bool:
        """Try to place a paragraph without a label in the current block; False when it ends the block."""
        assert self.block is not None
        text = paragraph.text
        if paragraph.after_page_break:
            fits = {
                "summary": True,
                "timeline": self.fits_timeline(text),
                "owners": self.fits_parties(text),
                "involved": self.fits_parties(text),
            }
            if fits.get(self.field or "summary", False):
                self.take_lines(paragraph.lines, new_paragraph=False)
                return True
        if self.field == "summary":
            # A summary may run over several paragraphs; the next label or heading ends it.
            self.take_lines(paragraph.lines, new_paragraph=True)
            return True
        if self.field == "timeline" and self.fits_timeline(text):
            self.take_lines(paragraph.lines, new_paragraph=True)
            return True
        if self.field == "timeline" and "owners" not in self.block.fields and self.fits_parties(text):
            self.block.notes.append(
                (paragraph.first.number, f"'{text}' stands without the 'Eigenaar' label; read as the owner")
            )
            self.field = "owners"
            self.take_lines(paragraph.lines, new_paragraph=True)
            return True
        return False

    def read(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        key = _heading_key(text)
        if key in _HEADING_INDEX:
            self.close()
            self.priority = _HEADING_INDEX[key]
            self.priorities_seen.append(self.priority)
            self.section, self.loose, self.candidate = None, None, None
            return
        if DIVIDER.match(key):
            self.close()
            return
        if (section := section_of(text, paragraph.first.number)) is not None:
            self.close()
            if self.loose is not None:
                self._interrupted(paragraph.first)
            self.section, self.candidate = section, None
            return
        name = label_of(paragraph.first.text)
        if name == "summary":
            self.start_block(paragraph.first)
            self.take_lines(paragraph.lines, new_paragraph=True)
            return
        if name is not None:
            if self.block is None:
                self._block_without_summary_label(paragraph)
            self.take_lines(paragraph.lines, new_paragraph=True)
            return
        if self.block is not None and self.unlabelled(paragraph):
            return
        self.close()
        if self.priority is not None and self.section is not None:
            self.candidate = paragraph
            if self._section_has_actions():
                self.loose = self.loose or paragraph

    def _block_without_summary_label(self, paragraph: Paragraph) -> None:
        """A field label with no open action: the paragraph before it is a summary without its label."""
        label = paragraph.first
        if self.candidate is None:
            raise AgendaFormatError(
                f"line {label.number}: the label '{label.text.strip()}' belongs to no action",
                hint="start each action with an 'Actie samenvatting' label",
            )
        summary = self.candidate
        if self.loose is summary:
            self.loose = None
        block = self.start_block(summary.first)
        block.notes.append(
            (
                summary.first.number,
                f"no 'Actie samenvatting' label; the text before '{label.text.strip()}' is read as the summary",
            )
        )
        self.field = "summary"
        self.take_lines(summary.lines, new_paragraph=True)

    def _section_has_actions(self) -> bool:
        """Text after the actions of a list (not a note under its heading) interrupts the actions."""
        return bool(self.blocks) and self.blocks[-1].section is self.section


def find_blocks(
    lines: list[TextLine],
    *,
    fits_timeline: Callable[[str], bool],
    fits_parties: Callable[[str], bool],
) -> Structure:
    """Find every action block with its priority and action list."""
    reader = _Reader(fits_timeline, fits_parties)
    for paragraph in paragraphs(lines):
        reader.read(paragraph)
    reader.close()
    return Structure(reader.blocks, reader.priorities_seen)
