# SPDX-License-Identifier: EUPL-1.2
"""Turn a text in the agenda's format into :class:`~dosa.model.Action` records.

The steps: undo the PDF layout (:mod:`dosa.agenda.layout`), find priorities, action lists and
action blocks (:mod:`dosa.agenda.structure`), read each block's fields (repairing hyphenation,
:mod:`dosa.agenda.words`; timelines, :mod:`dosa.agenda.timeline`; parties,
:mod:`dosa.agenda.organisations`), link blocks repeated under two priorities, and apply the manual
corrections of an overrides file (:mod:`dosa.agenda.overrides`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dosa.agenda.layout import Layout, TextLine, read_layout
from dosa.agenda.organisations import OrganisationIndex, default_index
from dosa.agenda.overrides import Overrides
from dosa.agenda.structure import LABEL_NAMES, PRIORITY_HEADINGS, RawBlock, find_blocks, label_of
from dosa.agenda.timeline import parse_timeline
from dosa.agenda.words import Vocabulary, join_lines
from dosa.errors import AgendaFormatError, InputError
from dosa.model.entities import Action, TextLocation, Timeline
from dosa.model.vocab import ActionStatus, TimelineKind

AGENDA_YEAR = 2023
"""The year the DOSA agenda was published; see :func:`import_agenda`."""
MAX_TIMELINE_CHARS = 80
MAX_PARTIES_CHARS = 120


@dataclass(frozen=True)
class ImportWarning:
    """Something the importer repaired or could not read; the action is still imported."""

    line: int | None
    message: str
    action: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "text"
        if self.action:
            where = f"{self.action} ({where})"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    actions: tuple[Action, ...]
    warnings: tuple[ImportWarning, ...] = ()
    layout: Layout | None = field(default=None, repr=False)
    overrides_applied: tuple[str, ...] = ()

    def counts(self) -> Counter[tuple[str, str]]:
        """Number of actions per (priority, status)."""
        return Counter((action.priority, str(action.status)) for action in self.actions)


def _join(parts: list[list[TextLine]], vocabulary: Vocabulary) -> str:
    return "\n".join(text for part in parts if (text := join_lines([line.text for line in part], vocabulary)))


def _summary_key(summary: str) -> str:
    return re.sub(r"[\W_]+", " ", summary.casefold()).strip()


class _Builder:
    def __init__(self, layout: Layout, index: OrganisationIndex, published_year: int | None) -> None:
        self.vocabulary = Vocabulary.from_lines([line.text for line in layout.lines])
        self.index = index
        self.published_year = published_year
        self.warnings: list[ImportWarning] = []

    def fits_timeline(self, text: str) -> bool:
        return len(text) <= MAX_TIMELINE_CHARS and parse_timeline(text).kind is not TimelineKind.UNPARSED

    def fits_parties(self, text: str) -> bool:
        if len(text) > MAX_PARTIES_CHARS or label_of(text) is not None:
            return False
        parties = self.index.parties(text)
        return parties.complete and bool(parties.ids)

    def warn(self, line: int | None, message: str, action: str | None = None) -> None:
        self.warnings.append(ImportWarning(line, message, action))

    def timeline(self, block: RawBlock, action_id: str) -> Timeline:
        parts = block.fields.get("timeline")
        if parts is None:
            self.warn(block.start.number, "no 'Tijdlijn' label: the timeline is unknown", action_id)
        timeline = parse_timeline(_join(parts or [], self.vocabulary))
        if timeline.kind is TimelineKind.UNPARSED:
            self.warn(block.start.number, f"timeline '{timeline.text}' not understood: {timeline.flag}", action_id)
        year = self.published_year
        if (
            year is not None
            and block.section.status is ActionStatus.LOPEND
            and timeline.kind is TimelineKind.DATED
            and re.fullmatch(r"\d{4}\.?", timeline.text)
            and timeline.end is not None
            and timeline.end.year < year
        ):
            flag = (
                f"a single year before the agenda's year {year} on an ongoing action: "
                "probably the year it started, not a due date"
            )
            timeline = timeline.model_copy(update={"flag": flag})
        return timeline

    def parties(self, block: RawBlock, name: str, action_id: str) -> tuple[tuple[str, ...], str]:
        parts = block.fields.get(name)
        if parts is None:
            if name == "owners":
                self.warn(block.start.number, "no owner ('Eigenaar') given", action_id)
            return (), ""
        text = _join(parts, self.vocabulary).replace("\n", " ")
        parties = self.index.parties(text)
        for unknown in parties.unknown:
            self.warn(
                parts[0][0].number if parts[0] else block.start.number,
                f"'{unknown}' ({LABEL_NAMES[name]}) matches no organisation; "
                "add it, or an alias of it, to organisations.yaml",
                action_id,
            )
        return parties.ids, text

    def action(self, number: int, block: RawBlock) -> Action:
        action_id = f"a{number:03d}"
        for line, note in block.notes:
            self.warn(line, note, action_id)
        summary = _join(block.fields.get("summary", []), self.vocabulary)
        if not summary:
            raise AgendaFormatError(
                f"line {block.start.number}: the action has no summary text",
                hint="write the summary under the 'Actie samenvatting' label",
            )
        owners, owners_text = self.parties(block, "owners", action_id)
        involved, involved_text = self.parties(block, "involved", action_id)
        return Action(
            id=action_id,
            number=number,
            priority=block.priority,
            status=block.section.status,
            scope=block.section.scope,
            summary=summary,
            timeline=self.timeline(block, action_id),
            owners=owners,
            owners_text=owners_text,
            involved=involved,
            involved_text=involved_text,
            location=TextLocation(
                line_start=block.start.number,
                line_end=max(block.end_line, block.start.number),
                page=block.start.page,
                heading=block.section.heading,
            ),
        )


def link_repeats(actions: list[Action]) -> list[Action]:
    """Link action blocks the agenda repeats under another priority (same summary, word for word)."""
    groups: dict[str, list[str]] = {}
    for action in actions:
        groups.setdefault(_summary_key(action.summary), []).append(action.id)
    result = []
    for action in actions:
        others = tuple(i for i in groups[_summary_key(action.summary)] if i != action.id)
        result.append(action.model_copy(update={"repeated_as": others}) if others else action)
    return result


def import_agenda(
    text: str,
    *,
    organisations: OrganisationIndex | None = None,
    overrides: Overrides | None = None,
    published_year: int | None = AGENDA_YEAR,
) -> ImportResult:
    """Read every action of an agenda text.

    ``published_year`` is the year the agenda appeared: a lone year before it on an ongoing
    (*lopende*) action is flagged as probably its start year (``2019`` for joining GAIA-X), not a due
    date. Raises :class:`AgendaFormatError` when the text is not in the agenda's format.
    """
    if not text.strip():
        raise AgendaFormatError("the text is empty", hint="pass the agenda's text (see docs/agenda-import.md)")
    layout = read_layout(text)
    builder = _Builder(layout, organisations or default_index(), published_year)
    structure = find_blocks(layout.lines, fits_timeline=builder.fits_timeline, fits_parties=builder.fits_parties)
    if not structure.blocks:
        raise AgendaFormatError(
            "no action found: the text has no 'Actie samenvatting' blocks under a priority heading",
            hint="pass a text in the format of the DOSA agenda (see docs/agenda-import.md)",
        )
    actions = [builder.action(number, block) for number, block in enumerate(structure.blocks, start=1)]
    actions = link_repeats(actions)
    applied: tuple[str, ...] = ()
    if overrides is not None:
        if not overrides.matches(text):
            raise InputError(
                f"{overrides.source} was written for another agenda text (its text_sha256 differs)",
                hint="write corrections for this text, or import without overrides",
            )
        actions = overrides.apply(actions)
        applied = tuple(sorted(overrides.actions))
    for check in layout.checks:
        if not check.fits:
            builder.warn(
                check.first_line,
                f"{check.starts_counted} page starts found where footers say pages "
                f"{check.first_page}-{check.last_page}: those pages are left unknown",
            )
    missing = [pid for pid in PRIORITY_HEADINGS if pid not in structure.priorities_seen]
    if missing:
        builder.warn(None, f"no heading found for priorities: {', '.join(missing)}")
    return ImportResult(tuple(actions), tuple(builder.warnings), layout, applied)


def read_agenda_file(path: Path) -> str:
    """Read an agenda text file (UTF-8), turning I/O problems into :class:`InputError`."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{path} does not exist", hint="pass the path of the agenda's text file") from exc
    except UnicodeDecodeError as exc:
        raise AgendaFormatError(f"{path} is not UTF-8 text", hint="pass the agenda as a UTF-8 text file") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
