# SPDX-License-Identifier: EUPL-1.2
"""The PDF layout undone: footnotes, URLs, headers and hyphenation, on the real agenda text."""

from __future__ import annotations

from dosa.agenda.layout import read_layout
from dosa.agenda.words import Vocabulary, join_lines, keep_hyphen


def test_all_footnotes_are_found_in_order(agenda_text: str) -> None:
    layout = read_layout(agenda_text)
    assert sorted(layout.footnotes) == list(range(1, 80))
    lines = agenda_text.splitlines()
    for number, line in layout.footnotes.items():
        assert lines[line - 1].startswith(f"{number} ")
    body = {line.number for line in layout.lines}
    assert not body & set(layout.footnotes.values())


def test_urls_footers_and_running_headers_are_removed(agenda_text: str) -> None:
    layout = read_layout(agenda_text)
    texts = [line.text for line in layout.lines]
    assert not [t for t in texts if t.startswith(("http", "file:"))]
    assert "Agenda Digitale Open Strategische Autonomie" not in texts
    assert not [t for t in texts if t.strip().startswith("|")]
    raw_removed = sum(
        1
        for line in agenda_text.splitlines()
        if line.startswith(("http", "file:")) or line.strip() in ("Agenda Digitale Open Strategische Autonomie",)
    )
    assert layout.removed_lines > raw_removed


def test_glued_footnote_numbers_are_removed_and_other_digits_kept(agenda_text: str) -> None:
    layout = read_layout(agenda_text)
    text = {line.number: line.text for line in layout.lines}
    assert text[554] == "recentelijk verspreide non-paper over de externe dimensies"
    assert "brancheorganisatie Photonics21 blijkt" in text[785]
    assert "Cybersecuritystrategie 2022-2028 en het" in text[2744]
    assert text[3154] == "postennetwerk."
    assert "van 22" in text[14]  # '22 procent': a number in the sentence, not a footnote
    assert len(layout.footnote_refs) == 75  # the other four are written apart ('stapelmodel’. 13')


def test_hyphen_decisions_use_the_words_of_the_text(agenda_text: str) -> None:
    layout = read_layout(agenda_text)
    vocabulary = Vocabulary.from_lines([line.text for line in layout.lines])
    assert not keep_hyphen("onderhande", "lingen", vocabulary)
    assert not keep_hyphen("Photon", "Delta", vocabulary)  # 'PhotonDelta' is written whole elsewhere
    assert keep_hyphen("niet", "Europees", vocabulary)  # 'niet-Europees' is written on one line
    assert keep_hyphen("Cybersecurity", "arbeidsmarkt", vocabulary)  # via 'cybersecurity-ar-beidsmarkt'
    assert keep_hyphen("OESO", "landen", vocabulary)  # rule: after an acronym
    assert keep_hyphen("zee", "egel", Vocabulary())  # rule: vowels that would merge
    assert not keep_hyphen("bewust", "wording", Vocabulary())  # rule: a syllable break


def test_join_lines() -> None:
    vocabulary = Vocabulary(["onderhandelingen"])
    assert join_lines(["Tijdens EU CRMA onderhande-", "lingen die  waarschijnlijk ", "t/m Q4 2023."], vocabulary) == (
        "Tijdens EU CRMA onderhandelingen die waarschijnlijk t/m Q4 2023."
    )
    assert join_lines(["Per sector/", "thema"], vocabulary) == "Per sector/thema"
    assert join_lines(["Understanding / ", "Cooperation"], vocabulary) == "Understanding / Cooperation"
    assert join_lines(["kennis-", "en onderwijs"], vocabulary) == "kennis- en onderwijs"
    assert join_lines(["EU-", "verband"], vocabulary) == "EU-verband"
    assert join_lines(["de digitale ruimte -", "het samenspel"], vocabulary) == "de digitale ruimte - het samenspel"


def test_lines_keep_their_source_numbers_and_pages(agenda_text: str) -> None:
    layout = read_layout(agenda_text)
    raw = agenda_text.splitlines()
    for line in layout.lines:
        if line.text and not line.page_start and line.number not in set(layout.footnote_refs.values()):
            assert raw[line.number - 1].rstrip() == line.text
    assert layout.lines[0].page == 5
    assert layout.lines[-1].page == 47
