# SPDX-License-Identifier: EUPL-1.2
"""Read the agenda's timelines ('Q4 2023', 'Vanaf 2024', 'Doorlopend') into dates.

The text is always kept verbatim; the dates are a reading of it. A stated period runs from its
first to its last day (``Q4 2023`` = 2023-10-01 .. 2023-12-31, ``eind 2024`` = the fourth quarter),
and the due date (``end``) is the last day of the last period. Words before a period give it a
role: ``vanaf``/``start``/``sinds`` make it a start only, ``t/m``/``afronding``/``gereed`` an end
only, ``per`` an exact day. ``Doorlopend`` (ongoing) has no end; ``N.t.b.``/``n.n.b.`` are unknown.
Anything uncertain is said in ``flag``; text without a date is kept as ``unparsed``. The full rules,
with every form the agenda uses, are in ``docs/agenda-import.md``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dosa.model.entities import Timeline
from dosa.model.vocab import TimelineKind

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"

_PERIOD = re.compile(
    rf"""
      (?P<nd>\b\d{{1,2}})\s*[-/]\s*(?P<nm>\d{{1,2}})(?:\s*[-/]\s*|\s+)(?P<ny>{_YEAR})\b
    | (?P<dd>\b\d{{1,2}})\s+(?P<dm>{_MONTH})\.?\s+(?P<dy>{_YEAR})\b
    | \b(?P<mm>{_MONTH})\.?\s+(?P<my>{_YEAR})\b
    | \b(?P<ql>[qo])(?P<qn>[1-4])\s+(?P<qy>{_YEAR})\b
    | \b(?P<half>eerste|tweede)\s+helft(?:\s+van)?\s+(?P<hy>{_YEAR})\b
    | \b(?P<part>begin|medio|midden|eind)\s+(?P<py>{_YEAR})\b
    | (?<![\d])(?P<year>{_YEAR})(?![\d])
    """,
    re.VERBOSE,
)
_UNKNOWN = re.compile(r"^(?:n\.?\s?t\.?\s?b|n\.?\s?n\.?\s?b|nader te bepalen|nog niet bekend)\.?$")
_MONTH_ONLY = re.compile(rf"\b(?:{_MONTH})\b")
_START_WORDS = ("vanaf", "start", "gestart", "sinds", "per")
_END_WORDS = ("t/m", "tot en met", "tot", "afronding", "gereed", "uiterlijk", "-")
_HEDGES = ("verwacht", "waarschijnlijk", "naar verwachting")
_OPEN_END = re.compile(r"^\s*(?:-|e\.v\.?|en verder)\s*\.?\s*$")
_UNTIL_NOW = re.compile(r"^\s*-\s*heden\b")

PART_OF_YEAR = {"begin": (1, 3), "medio": (4, 9), "midden": (4, 9), "eind": (10, 12)}
"""Months covered by 'begin', 'medio' and 'eind' of a year."""


@dataclass(frozen=True)
class Period:
    """One stated period, where it stands in the text, and the role the words before it give it."""

    start: dt.date
    end: dt.date
    first: int
    last: int
    role: str = "plain"
    """plain (a whole period), start, end, or exact (one day)."""
    typo: str | None = None


def _month_span(year: int, first_month: int, last_month: int) -> tuple[dt.date, dt.date]:
    last_day = calendar.monthrange(year, last_month)[1]
    return dt.date(year, first_month, 1), dt.date(year, last_month, last_day)


def _period(match: re.Match[str]) -> Period:
    g = match.groupdict()
    typo = None
    if g["ny"]:
        day = dt.date(int(g["ny"]), int(g["nm"]), int(g["nd"]))
        start, end = day, day
    elif g["dy"]:
        day = dt.date(int(g["dy"]), MONTHS[g["dm"]], int(g["dd"]))
        start, end = day, day
    elif g["my"]:
        month = MONTHS[g["mm"]]
        start, end = _month_span(int(g["my"]), month, month)
    elif g["qy"]:
        quarter = int(g["qn"])
        start, end = _month_span(int(g["qy"]), 3 * quarter - 2, 3 * quarter)
        if g["ql"] == "o":
            typo = f"'O{quarter}' read as 'Q{quarter}' (typo in the agenda)"
    elif g["hy"]:
        first_month = 1 if g["half"] == "eerste" else 7
        start, end = _month_span(int(g["hy"]), first_month, first_month + 5)
    elif g["py"]:
        start, end = _month_span(int(g["py"]), *PART_OF_YEAR[g["part"]])
    else:
        start, end = _month_span(int(g["year"]), 1, 12)
    return Period(start, end, match.start(), match.end(), typo=typo)


def _role_word(before: str) -> str | None:
    """The last start or end keyword in the text between the previous period and this one."""
    if before.strip() == "-":
        return "-"
    found: tuple[int, str] | None = None
    for word in (*_START_WORDS, *_END_WORDS):
        if word == "-":
            continue
        for match in re.finditer(rf"(?<![\w/]){re.escape(word)}(?![\w/])", before):
            if found is None or match.start() > found[0]:
                found = (match.start(), word)
    return found[1] if found else None


def _with_roles(norm: str, periods: list[Period]) -> list[Period]:
    """Give each period the role set by the words just before it (and an open end after the last)."""
    result: list[Period] = []
    previous_end = 0
    for index, period in enumerate(periods):
        before = norm[previous_end : period.first]
        role = "plain"
        word = _role_word(before)
        if word in _END_WORDS:
            role = "end"
            if result and result[-1].role == "plain":
                result[-1] = _replace(result[-1], "start")
        elif word is not None:
            role = "exact" if word == "per" and period.start == period.end else "start"
        if index == len(periods) - 1 and role == "plain" and _OPEN_END.match(norm[period.last :]):
            role = "start"
        result.append(_replace(period, role))
        previous_end = period.last
    return result


def _replace(period: Period, role: str) -> Period:
    return Period(period.start, period.end, period.first, period.last, role, period.typo)


def _normalise(text: str) -> str:
    text = text.casefold().replace("–", "-").replace("—", "-").replace("‐", "-")
    return re.sub(r"[ \t]+", " ", text).strip()


def _join_flags(flags: list[str]) -> str | None:
    return "; ".join(flags) if flags else None


def parse_timeline(text: str) -> Timeline:
    """Read a timeline as the agenda writes it; never raises on odd text (it is kept and flagged)."""
    verbatim = text.strip()
    parts = [_normalise(part) for part in verbatim.split("\n") if part.strip()]
    if not parts:
        return Timeline(text=verbatim, kind=TimelineKind.UNKNOWN, flag="the agenda gives no timeline")
    main, extra = parts[0], parts[1:]
    if _UNKNOWN.match(main) and not extra:
        return Timeline(text=verbatim, kind=TimelineKind.UNKNOWN)
    flags: list[str] = []
    try:
        periods = [_period(m) for m in _PERIOD.finditer(main)]
    except ValueError as exc:
        return Timeline(text=verbatim, kind=TimelineKind.UNPARSED, flag=f"impossible date: {exc}")
    for other in extra:
        if _PERIOD.search(other):
            flags.append(f"a further date '{other}' is stated (e.g. for a sub-action); the first is used")
        else:
            flags.append(f"further text '{other}' not read")
    ongoing = "doorlopend" in main
    if not periods:
        if ongoing:
            return Timeline(text=verbatim, kind=TimelineKind.ONGOING, flag=_join_flags(flags))
        reason = "months without a year" if _MONTH_ONLY.search(main) else "no date found"
        return Timeline(text=verbatim, kind=TimelineKind.UNPARSED, flag=_join_flags([reason, *flags]))
    periods = _with_roles(main, periods)
    flags[:0] = [p.typo for p in periods if p.typo]
    if any(hedge in main for hedge in _HEDGES):
        flags.insert(0, "an expected date, not a fixed one")

    starts = [p for p in periods if p.role in ("plain", "start", "exact")]
    ends = [p for p in periods if p.role in ("plain", "end", "exact")]
    start = starts[0].start if starts else None
    end = ends[-1].end if ends else None
    if start is not None and end is not None and end < start:
        flags.append("the end lies before the start")

    tail = main[periods[-1].last :]
    if _UNTIL_NOW.match(tail):
        return Timeline(text=verbatim, kind=TimelineKind.ONGOING, start=start, flag=_join_flags(flags))
    if ongoing:
        if main.index("doorlopend") < periods[0].first:
            if periods[0].role == "start":
                return Timeline(text=verbatim, kind=TimelineKind.ONGOING, start=start, flag=_join_flags(flags))
        elif periods[-1].role == "start":
            return Timeline(text=verbatim, kind=TimelineKind.ONGOING, start=start, flag=_join_flags(flags))
        else:
            flags.append("ongoing after the stated date: the end is the date, the work continues")
    return Timeline(text=verbatim, kind=TimelineKind.DATED, start=start, end=end, flag=_join_flags(flags))
