# SPDX-License-Identifier: EUPL-1.2
"""Every timeline form the agenda uses, read into dates; odd text kept and flagged, never a crash."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dosa.agenda import ImportResult, parse_timeline
from dosa.model.vocab import TimelineKind

D = dt.date
DATED, ONGOING, UNKNOWN, UNPARSED = (
    TimelineKind.DATED,
    TimelineKind.ONGOING,
    TimelineKind.UNKNOWN,
    TimelineKind.UNPARSED,
)

# Every distinct timeline of the agenda (as the importer joins its lines) with its reading:
# kind, start, end (the due date: last day of the stated period) and a phrase the flag must hold.
EXPECTED: dict[str, tuple[TimelineKind, dt.date | None, dt.date | None, str | None]] = {
    "Doorlopend": (ONGOING, None, None, None),
    "Doorlopend.": (ONGOING, None, None, None),
    "doorlopend": (ONGOING, None, None, None),
    "Doorlopend: 2023, 2024": (DATED, D(2023, 1, 1), D(2024, 12, 31), None),
    "Doorlopend sinds 2022": (ONGOING, D(2022, 1, 1), None, None),
    "Start eind 2023, daarna doorlopend.": (ONGOING, D(2023, 10, 1), None, None),
    "Verwacht Q4 2023 Implementatie & uitvoering: doorlopend": (
        DATED,
        D(2023, 10, 1),
        D(2023, 12, 31),
        "ongoing after the stated date",
    ),
    "N.t.b.": (UNKNOWN, None, None, None),
    "n.n.b.": (UNKNOWN, None, None, None),
    "": (UNKNOWN, None, None, "no timeline"),
    "Q4 2023": (DATED, D(2023, 10, 1), D(2023, 12, 31), None),
    "O4 2023": (DATED, D(2023, 10, 1), D(2023, 12, 31), "'O4' read as 'Q4'"),
    "Trialoogfase Q4 2023": (DATED, D(2023, 10, 1), D(2023, 12, 31), None),
    "Uitkomsten eerste verkenning: Q1 2024": (DATED, D(2024, 1, 1), D(2024, 3, 31), None),
    "Start Q2 2023": (DATED, D(2023, 4, 1), None, None),
    "Start: Q4 2023": (DATED, D(2023, 10, 1), None, None),
    "Afronding: Q1 2024": (DATED, None, D(2024, 3, 31), None),
    "Tijdens EU CRMA onderhandelingen die waarschijnlijk lopen t/m Q4 2023.": (
        DATED,
        None,
        D(2023, 12, 31),
        "expected",
    ),
    "Publicatie eerste helft 2024": (DATED, D(2024, 1, 1), D(2024, 6, 30), None),
    "Verkenning gereed in eerste helft van 2024": (DATED, None, D(2024, 6, 30), None),
    "Per 1 juni 2023 in werking getreden.": (DATED, D(2023, 6, 1), D(2023, 6, 1), None),
    "Vanaf 1 juni 2023": (DATED, D(2023, 6, 1), None, None),
    "Vanaf 1 september 2023": (DATED, D(2023, 9, 1), None, None),
    "Kwartiermaker gestart 1-8 2023": (DATED, D(2023, 8, 1), None, None),
    "Vanaf 2023": (DATED, D(2023, 1, 1), None, None),
    "Vanaf 2024": (DATED, D(2024, 1, 1), None, None),
    "2023 e.v.": (DATED, D(2023, 1, 1), None, None),
    "2022-": (DATED, D(2022, 1, 1), None, None),
    "2023-": (DATED, D(2023, 1, 1), None, None),
    "2022-heden": (ONGOING, D(2022, 1, 1), None, None),
    "2023-heden": (ONGOING, D(2023, 1, 1), None, None),
    "Projectleider start eind 2023": (DATED, D(2023, 10, 1), None, None),
    "Start eind 2023 afronding Q2 2024": (DATED, D(2023, 10, 1), D(2024, 6, 30), None),
    "sept 2022 t/m eind 2024": (DATED, D(2022, 9, 1), D(2024, 12, 31), None),
    "sept 2020 t/m dec 2023": (DATED, D(2020, 9, 1), D(2023, 12, 31), None),
    "Sept 2023 t/m sept 2024 voorbereiden aanvraag": (DATED, D(2023, 9, 1), D(2024, 9, 30), None),
    "Looptijd QDNL 2021-2027.": (DATED, D(2021, 1, 1), D(2027, 12, 31), None),
    "2019": (DATED, D(2019, 1, 1), D(2019, 12, 31), None),
    "2020": (DATED, D(2020, 1, 1), D(2020, 12, 31), None),
    "2021": (DATED, D(2021, 1, 1), D(2021, 12, 31), None),
    "2022": (DATED, D(2022, 1, 1), D(2022, 12, 31), None),
    "2023": (DATED, D(2023, 1, 1), D(2023, 12, 31), None),
    "2024": (DATED, D(2024, 1, 1), D(2024, 12, 31), None),
    "2027": (DATED, D(2027, 1, 1), D(2027, 12, 31), None),
    "2028": (DATED, D(2028, 1, 1), D(2028, 12, 31), None),
    "2030": (DATED, D(2030, 1, 1), D(2030, 12, 31), None),
    "2033": (DATED, D(2033, 1, 1), D(2033, 12, 31), None),
    "2021-2027": (DATED, D(2021, 1, 1), D(2027, 12, 31), None),
    "2022-2024": (DATED, D(2022, 1, 1), D(2024, 12, 31), None),
    "2022-2026": (DATED, D(2022, 1, 1), D(2026, 12, 31), None),
    "2023-2024": (DATED, D(2023, 1, 1), D(2024, 12, 31), None),
    "2023-2025": (DATED, D(2023, 1, 1), D(2025, 12, 31), None),
    "2023-2027": (DATED, D(2023, 1, 1), D(2027, 12, 31), None),
    "2024-2025": (DATED, D(2024, 1, 1), D(2025, 12, 31), None),
    "2024-2029": (DATED, D(2024, 1, 1), D(2029, 12, 31), None),
    "2020 - 2023": (DATED, D(2020, 1, 1), D(2023, 12, 31), None),
    "2022 - 2023": (DATED, D(2022, 1, 1), D(2023, 12, 31), None),
    "2022 - 2028": (DATED, D(2022, 1, 1), D(2028, 12, 31), None),
    "2023 - 2024": (DATED, D(2023, 1, 1), D(2024, 12, 31), None),
    "2023 - 2025": (DATED, D(2023, 1, 1), D(2025, 12, 31), None),
    "2023 – 2025": (DATED, D(2023, 1, 1), D(2025, 12, 31), None),
    "2023 – 2028": (DATED, D(2023, 1, 1), D(2028, 12, 31), None),
    "2030\n2024": (DATED, D(2030, 1, 1), D(2030, 12, 31), "a further date '2024'"),
    "2028\n2023": (DATED, D(2028, 1, 1), D(2028, 12, 31), "a further date '2023'"),
    "Ter bespreking in het CIO beraad Sept/Okt": (UNPARSED, None, None, "months without a year"),
}


@pytest.mark.parametrize("text", sorted(EXPECTED))
def test_each_form_is_read(text: str) -> None:
    kind, start, end, flag = EXPECTED[text]
    timeline = parse_timeline(text)
    assert timeline.text == text
    assert (timeline.kind, timeline.start, timeline.end) == (kind, start, end)
    if flag is None:
        assert timeline.flag is None
    else:
        assert flag in (timeline.flag or "")


def test_every_timeline_of_the_agenda_is_covered(imported: ImportResult) -> None:
    texts = {action.timeline.text for action in imported.actions}
    assert texts <= set(EXPECTED), sorted(texts - set(EXPECTED))
    assert len(texts) == 65


def test_every_action_carries_the_reading_of_its_timeline(imported: ImportResult) -> None:
    for action in imported.actions:
        kind, start, end, _ = EXPECTED[action.timeline.text]
        timeline = action.timeline
        assert (timeline.kind, timeline.start, timeline.end) == (kind, start, end), action.id
        if timeline.start and timeline.end:
            assert timeline.start <= timeline.end
        if timeline.kind is not DATED:
            assert timeline.end is None


def test_due_date_is_the_last_day_of_the_period() -> None:
    assert parse_timeline("Q1 2024").end == D(2024, 3, 31)
    assert parse_timeline("feb 2024").end == D(2024, 2, 29)
    assert parse_timeline("tweede helft 2025").end == D(2025, 12, 31)
    assert parse_timeline("begin 2024").end == D(2024, 3, 31)
    assert parse_timeline("medio 2024").end == D(2024, 9, 30)


def test_odd_text_is_kept_and_flagged() -> None:
    impossible = parse_timeline("31-2 2024")
    assert impossible.kind is UNPARSED
    assert "impossible date" in (impossible.flag or "")
    words = parse_timeline("Zodra de Raad besluit")
    assert words.kind is UNPARSED
    assert words.text == "Zodra de Raad besluit"
    assert words.flag == "no date found"
    backwards = parse_timeline("2025 - 2023")
    assert "the end lies before the start" in (backwards.flag or "")


@given(st.text(max_size=80))
def test_never_crashes(text: str) -> None:
    timeline = parse_timeline(text)
    assert timeline.text == text.strip()
    if timeline.kind is UNPARSED:
        assert timeline.flag
