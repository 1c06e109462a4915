# SPDX-License-Identifier: EUPL-1.2
"""The importer on the real agenda text: every block, its fields, its place, and the shipped file."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from dosa.agenda import ImportResult, import_agenda, read_agenda_file, render_actions, write_actions
from dosa.agenda.structure import PRIORITY_HEADINGS
from dosa.dataset import default_dataset_path, load_dataset_with_report
from dosa.errors import AgendaFormatError
from dosa.model import Action
from dosa.model.vocab import ActionScope, ActionStatus, TimelineKind

AGENDA_NAME = "agenda-dosa-2023.txt"
# The priority headings exactly as the agenda text writes them, in order (read from the text).
HEADINGS = [
    ("critical_raw_materials", "Kritieke grondstoffen"),
    ("quantum", "Quantumtechnologie"),
    ("photonics", "Fotonica"),
    ("semiconductors", "Halfgeleiders"),
    ("network_technology", "Netwerktechnologie"),
    ("open_source_software", "Open Source Software"),
    ("cloud", "Cloud"),
    ("ai", "Artificiële Intelligentie (AI)"),
    ("cybersecurity", "Cybersecurity"),
    ("office_software", "Kantoorsoftware"),
    ("competitiveness", "Concurrentievermogen"),
    ("policy_making", "Effectievere beleidsontwikkeling en"),
    ("security_policy", "Veiligheidsbeleid"),
    ("knowledge_skills", "Kennis en vaardigheden"),
    ("international_cooperation", "Internationale samenwerking"),
]
LABELS = ("Actie samenvatting", "Actie")


def _label_lines(lines: list[str]) -> list[int]:
    """Line numbers of the labels that open an action block, found by a plain scan of the text."""
    return [number for number, line in enumerate(lines, start=1) if line.strip() in LABELS]


def _heading_lines(lines: list[str]) -> list[tuple[str, int]]:
    """Where each priority heading stands, searched after the 'Beleidsprioriteiten' divider."""
    start = next(n for n, line in enumerate(lines, start=1) if line.strip() == "Beleidsprioriteiten")
    found = []
    for priority, heading in HEADINGS:
        start = next(n for n, line in enumerate(lines, start=1) if n > start and line.strip() == heading)
        found.append((priority, start))
    return found


def _by_line(result: ImportResult, line: int) -> Action:
    return next(action for action in result.actions if action.location.line_start == line)


def test_every_action_block_is_imported_in_text_order(imported: ImportResult, agenda_lines: list[str]) -> None:
    labels = _label_lines(agenda_lines)
    assert len(labels) == 128
    assert sum(line.strip() == "Actie samenvatting" for line in agenda_lines) == 116
    assert [a.location.line_start for a in imported.actions] == labels
    assert [a.id for a in imported.actions] == [f"a{n:03d}" for n in range(1, 129)]
    assert [a.number for a in imported.actions] == list(range(1, 129))


def test_counts_per_priority_and_status_match_the_text(imported: ImportResult, agenda_lines: list[str]) -> None:
    labels = _label_lines(agenda_lines)
    headings = _heading_lines(agenda_lines)
    expected: Counter[tuple[str, str]] = Counter()
    bounds = [*headings, ("end", len(agenda_lines) + 1)]
    status = None
    for number, line in enumerate(agenda_lines, start=1):
        text = line.strip()
        if text.startswith("Lopende acties"):
            status = "lopend"
        elif text.startswith("Nieuwe acties"):
            status = "nieuw"
        if number in labels:
            priority = next(p for (p, start), (_, end) in itertools.pairwise(bounds) if start < number < end)
            assert status is not None
            expected[(priority, status)] += 1
    assert imported.counts() == expected
    assert sum(expected.values()) == 128
    per_status = Counter(str(a.status) for a in imported.actions)
    assert per_status == {"lopend": 87, "nieuw": 41}
    assert {a.priority for a in imported.actions} == set(PRIORITY_HEADINGS)


def test_scope_comes_from_the_list_heading(imported: ImportResult) -> None:
    for action in imported.actions:
        heading = action.location.heading.lower()
        if action.status is ActionStatus.LOPEND:
            assert heading == "lopende acties"
            assert action.scope is None
        elif "nationaal" in heading:
            assert action.scope is ActionScope.NATIONAAL
        else:
            assert "eu-verband" in heading or "europees verband" in heading
            assert action.scope is ActionScope.EU
    headings = {a.location.heading for a in imported.actions}
    assert {
        "Nieuwe acties in Nationaal",
        "Nieuwe acties in Europees verband",
        "Nieuwe acties in EU-verband",
    } <= headings


def test_blocks_labelled_actie_only_keep_their_summary(imported: ImportResult, agenda_lines: list[str]) -> None:
    short = [n for n in _label_lines(agenda_lines) if agenda_lines[n - 1].strip() == "Actie"]
    assert len(short) == 12
    for line in short:
        action = _by_line(imported, line)
        assert action.priority == "cloud"
        first_words = agenda_lines[line].strip().split()[:3]
        assert action.summary.startswith(" ".join(first_words))


def test_missing_timeline_label_gives_an_unknown_timeline(imported: ImportResult, agenda_lines: list[str]) -> None:
    labels = [*_label_lines(agenda_lines), len(agenda_lines) + 1]
    without = [
        start
        for start, end in itertools.pairwise(labels)
        if not any(agenda_lines[n - 1].strip() == "Tijdlijn" for n in range(start, end))
    ]
    assert len(without) == 4
    for line in without:
        action = _by_line(imported, line)
        assert action.timeline.kind is TimelineKind.UNKNOWN
        assert action.timeline.text == ""
        assert action.timeline.flag == "the agenda gives no timeline"
        assert any(w.action == action.id and "Tijdlijn" in w.message for w in imported.warnings)


def test_owner_without_its_label_is_read_as_owner(imported: ImportResult, agenda_lines: list[str]) -> None:
    # Line 1913 holds 'BZ' alone after the timeline of the military-AI action: the 'Eigenaar' label is missing.
    assert agenda_lines[1912].strip() == "BZ"
    assert agenda_lines[1911].strip() == ""
    action = next(a for a in imported.actions if a.location.line_start < 1913 <= a.location.line_end)
    assert action.owners == ("bz",)
    assert action.owners_text == "BZ"
    assert "Responsible AI in the Military Domain" in action.summary
    assert any(w.action == action.id and "Eigenaar" in w.message for w in imported.warnings)


def test_multi_line_timelines_are_joined(imported: ImportResult) -> None:
    crma = _by_line(imported, 552)
    assert crma.timeline.text == "Tijdens EU CRMA onderhandelingen die waarschijnlijk lopen t/m Q4 2023."
    assert str(crma.timeline.end) == "2023-12-31"
    chips = _by_line(imported, 928)
    assert chips.timeline.text == "Verwacht Q4 2023 Implementatie & uitvoering: doorlopend"
    assert chips.timeline.kind is TimelineKind.DATED
    assert "ongoing after" in (chips.timeline.flag or "")
    fund = _by_line(imported, 1375)
    assert fund.timeline.text == "Sept 2023 t/m sept 2024 voorbereiden aanvraag"
    banen = _by_line(imported, 2914)  # '2030', a blank line, '2024' (the sub-action's date)
    assert banen.timeline.text == "2030\n2024"
    assert str(banen.timeline.end) == "2030-12-31"
    assert "2024" in (banen.timeline.flag or "")


def test_last_action_of_a_priority_stops_before_the_next_priority(
    imported: ImportResult, agenda_lines: list[str]
) -> None:
    headings = dict(_heading_lines(agenda_lines))
    actions = list(imported.actions)
    for action, following in itertools.pairwise(actions):
        if action.priority == following.priority:
            continue
        heading_line = headings[following.priority]
        assert action.location.line_end < heading_line
        heading = agenda_lines[heading_line - 1].strip()
        intro_line = next(
            n
            for n in range(heading_line, len(agenda_lines))
            if agenda_lines[n].strip() and not agenda_lines[n - 1].strip()
        )
        intro = " ".join(agenda_lines[intro_line].split()[:4])
        assert len(intro) > 10
        for text in (action.summary, action.timeline.text, action.owners_text, action.involved_text):
            assert heading not in text
            assert intro not in text
            assert "Beleidsprioriteiten" not in text
    # The AI priority's last action runs to the line just before the page that opens with 'Cybersecurity'.
    last_ai = [a for a in actions if a.priority == "ai"][-1]
    assert agenda_lines[last_ai.location.line_end].strip() == "Cybersecurity"
    assert last_ai.involved_text == "JenV (NCSC), BZK (NBV, CIO Rijk), IenW."
    assert last_ai.involved == ("jenv", "ncsc", "bzk", "nbv", "cio_rijk", "ienw")
    last_office = [a for a in actions if a.priority == "office_software"][-1]
    assert last_office.involved_text == "Rijksbreed"


def test_actions_at_page_breaks_keep_their_list_and_drop_the_page_furniture(
    imported: ImportResult, agenda_lines: list[str]
) -> None:
    footnote_or_url = [
        n for n, line in enumerate(agenda_lines, start=1) if re.match(r"^(\d{1,2} \S|https?://|\| \d+ \|)", line)
    ]
    for action in imported.actions:
        inside = [n for n in footnote_or_url if action.location.line_start <= n <= action.location.line_end]
        # No action block swallows footnotes, URLs or footers, even the last one on a page.
        assert not [n for n in inside if not re.match(r"^\d{4}", agenda_lines[n - 1])], action.id
        for text in (action.summary, action.owners_text, action.involved_text, action.timeline.text):
            assert "http" not in text
            assert "Agenda Digitale Open" not in text
    # 'Lopende acties' repeated at the top of a page continues the same list (semiconductors, pp. 19-20).
    semis = [a for a in imported.actions if a.priority == "semiconductors"]
    assert [a.location.page for a in semis] == [19, 19, 20, 20]
    assert {a.status for a in semis} == {ActionStatus.LOPEND}


def test_an_action_broken_by_a_page_stays_whole(agenda_text: str, imported: ImportResult) -> None:
    """Move a page break into a summary (the PhotonDelta action) and import the real text again."""
    lines = agenda_text.splitlines()
    number = next(n for n, line in enumerate(lines) if line.startswith("kelen. Ook worden via het PhotonDelta"))
    lines[number + 1] = " " + lines[number + 1]  # the next page starts mid-summary
    lines.insert(number + 1, "https://www.nationaalgroeifonds.nl/projecten-ronde-2/photondelta")
    result = import_agenda("\n".join(lines) + "\n")
    original = _by_line(imported, 826)
    broken = _by_line(result, 826)
    assert broken.summary == original.summary
    assert broken.timeline == original.timeline
    # The extra page no longer fits between the footers '| 16 |' and '| 20 |': those pages become unknown.
    assert broken.location.page is None
    assert any("pages 17-20" in w.message for w in result.warnings)
    assert _by_line(result, 2455).location.page == _by_line(imported, 2454).location.page == 38


def test_footnote_numbers_are_dropped_and_real_digits_kept(imported: ImportResult) -> None:
    by_start = {a.location.line_start: a for a in imported.actions}
    assert "non-paper over de externe dimensies" in by_start[552].summary
    assert "Nederlandse AI Coalitie en het AiNed inversteringsprogramma, gefinancierd" in by_start[1754].summary
    assert by_start[3150].summary.endswith("inzet Nederlandse postennetwerk.")
    assert "Cybersecuritystrategie 2022-2028 en het" in by_start[2743].summary
    assert "(IKT) zorgt" in by_start[2971].summary
    assert "IRIS2-programma" in by_start[1149].summary
    assert "615 miljoen euro" in by_start[667].summary
    assert "170 promovendi" in by_start[1779].summary
    for action in imported.actions:
        assert not re.search(r"[a-z’)\]]\d{1,2}\b", action.summary), action.id


def test_hyphenation_is_repaired_and_real_hyphens_kept(imported: ImportResult, agenda_text: str) -> None:
    summaries = " ".join(a.summary for a in imported.actions)
    for word in ("halfgeleiderwaardeketen", "PhotonDelta geeft", "versterking", "samenwerking met Duitsland",
                 "kennisveiligheidsmaatregelen", "staatssteunbehoefte", "effectievere", "individuele"):  # fmt: skip
        assert word in summaries
    for word in ("EU-verband", "OESO-landen", "niet-Europees", "Cybersecurity-arbeidsmarkt", "EU-Zuid Korea",
                 "open-source software", "LEO-satellietnetwerk"):  # fmt: skip
        assert word in summaries
    one_line = {line.strip() for line in agenda_text.splitlines()}
    for action in imported.actions:
        for match in re.finditer(r"(\w+)- (\w+)", action.summary):
            # A hyphen followed by a space survives only in suspended compounds ('start- en scale-ups')
            # or where the text itself writes it within a line ('IP- beschermingsmaatregelen').
            assert match.group(2) in ("en", "én", "of") or any(match.group(0) in line for line in one_line)


def test_repeated_blocks_are_linked(imported: ImportResult, agenda_text: str) -> None:
    repeated = [a for a in imported.actions if a.repeated_as]
    assert len(repeated) == 4
    by_id = {a.id: a for a in imported.actions}
    for action in repeated:
        for other in action.repeated_as:
            assert by_id[other].summary == action.summary
            assert by_id[other].priority != action.priority
            assert action.id in by_id[other].repeated_as
    assert agenda_text.count("Verkennen van open source software als alternatief voor") == 2
    assert agenda_text.count("Inventariseren van strategische afhankelijkheid van") == 2


def test_pages_follow_the_footers(imported: ImportResult, agenda_lines: list[str]) -> None:
    assert imported.layout is not None
    assert imported.layout.checks
    assert all(check.fits for check in imported.layout.checks)
    footers = {n: int(m.group(1)) for n, line in enumerate(agenda_lines, 1) if (m := re.match(r"^\| (\d+) \|$", line))}
    assert sorted(footers.values()) == [8, 10, 16, 20, 37]
    for footer_line, page in footers.items():
        # The page a footer closes starts at the last line before it that begins with one space.
        start = max(n for n in range(1, footer_line) if re.match(r"^ \S.{2}", agenda_lines[n - 1]))
        on_page = [a for a in imported.actions if start <= a.location.line_start < footer_line]
        assert all(a.location.page == page for a in on_page)
    assert {a.location.page for a in imported.actions if a.location.line_start < 755} == {14, 15, 16}
    pages = [a.location.page for a in imported.actions]
    assert None not in pages
    assert pages == sorted(pages)  # type: ignore[type-var]
    # The text refers to 'de figuur op p. 10' (the stack model): the derived pages agree.
    figure = next(n for n, line in enumerate(agenda_lines, 1) if line.startswith("Digitaal stapelmodel"))
    assert next(line.page for line in imported.layout.lines if line.number == figure) == 10


def test_lone_past_years_on_ongoing_actions_are_flagged(agenda_text: str, imported: ImportResult) -> None:
    gaia = _by_line(imported, 1569)
    assert "GAIA-X" in gaia.summary
    assert gaia.timeline.text == "2019"
    assert "probably the year it started" in (gaia.timeline.flag or "")
    assert _by_line(imported, 1779).timeline.flag is None  # '2033' for ROBUST: a future year
    plain = import_agenda(agenda_text, published_year=None)
    assert _by_line(plain, 1569).timeline.flag is None


def test_reimport_reproduces_the_shipped_actions_file(imported: ImportResult, tmp_path: Path) -> None:
    shipped = default_dataset_path() / "actions.yaml"
    assert render_actions(imported.actions, source=AGENDA_NAME) == shipped.read_text(encoding="utf-8")
    target = tmp_path / "actions.yaml"
    write_actions(imported.actions, target, source=AGENDA_NAME)
    assert target.read_bytes() == shipped.read_bytes()
    assert shipped.read_text(encoding="utf-8").startswith("# Generated by `dosa agenda import`")


def test_shipped_actions_load_through_the_dataset_loader(imported: ImportResult) -> None:
    dataset, report = load_dataset_with_report()
    assert dataset is not None
    assert tuple(dataset.actions.values()) == imported.actions
    ours = [p for p in report.problems if p.file in ("actions.yaml", "organisations.yaml")]
    # Priorities are another collection: until it is present, only references to the fixed ids may be open.
    for problem in ours:
        assert problem.field == "priority", str(problem)
        assert any(f"'{pid}'" in problem.message for pid in PRIORITY_HEADINGS)


def test_text_not_in_agenda_format_is_refused(agenda_text: str, tmp_path: Path) -> None:
    intro_only = "\n".join(agenda_text.splitlines()[:500])
    with pytest.raises(AgendaFormatError, match="no action found"):
        import_agenda(intro_only)
    with pytest.raises(AgendaFormatError, match="empty"):
        import_agenda("  \n")
    with pytest.raises(AgendaFormatError):
        import_agenda("id,name\nezk,Economische Zaken\n")
    binary = tmp_path / "agenda.txt"
    binary.write_bytes(b"\xff\xfe\x00A\x00c")
    with pytest.raises(AgendaFormatError, match="UTF-8"):
        read_agenda_file(binary)


def test_actions_without_a_priority_heading_are_refused(agenda_text: str) -> None:
    lines = agenda_text.splitlines()
    start = lines.index("Lopende acties")
    with pytest.raises(AgendaFormatError, match="before any priority heading"):
        import_agenda("\n".join(lines[start:]))


def test_an_unknown_priority_heading_is_not_merged_into_the_previous_priority(agenda_text: str) -> None:
    renamed = agenda_text.replace("\nFotonica\n", "\nLichttechnologie\n", 1)
    assert renamed != agenda_text
    with pytest.raises(AgendaFormatError, match="interrupted by running text") as info:
        import_agenda(renamed)
    assert "Fotonica" in (info.value.hint or "")


def test_unknown_party_is_reported_and_kept(agenda_text: str) -> None:
    changed = agenda_text.replace("EZK, PBN", "EZK, Kustwacht", 1)
    result = import_agenda(changed)
    action = next(a for a in result.actions if "Noordzee-infrastructuur" in a.summary)
    assert action.owners == ("ezk",)
    assert action.owners_text == "EZK, Kustwacht"
    assert any(w.action == action.id and "'Kustwacht'" in w.message for w in result.warnings)


def test_core_does_not_import_the_cli_frameworks() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import dosa.agenda; from dosa.agenda import import_agenda, parse_timeline; "
        "bad = [m for m in ('typer', 'rich', 'click') if m in sys.modules]; print(bad); assert not bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_read_agenda_file_reads_the_shipped_text(agenda_file: Path, agenda_text: str) -> None:
    assert read_agenda_file(agenda_file) == agenda_text


def test_a_summary_label_missing_from_the_text_is_repaired(agenda_text: str, imported: ImportResult) -> None:
    lines = agenda_text.splitlines()
    label = next(n for n, line in enumerate(lines) if line == "Voortgangsbrief Nationale Grondstoffenstrategie") - 1
    assert lines[label] == "Actie samenvatting"
    del lines[label]
    result = import_agenda("\n".join(lines) + "\n")
    assert len(result.actions) == 128
    action = next(a for a in result.actions if a.summary == "Voortgangsbrief Nationale Grondstoffenstrategie")
    original = next(a for a in imported.actions if a.summary == action.summary)
    assert (action.id, action.timeline, action.owners) == (original.id, original.timeline, original.owners)
    assert any(w.action == action.id and "no 'Actie samenvatting' label" in w.message for w in result.warnings)


def test_a_summary_of_two_paragraphs_stays_one_action(agenda_text: str, imported: ImportResult) -> None:
    lines = agenda_text.splitlines()
    split = lines.index("Geïntegreerde fotonica is onderdeel van de Chips act. De ")
    lines.insert(split, "")
    result = import_agenda("\n".join(lines) + "\n")
    assert len(result.actions) == 128
    original = _by_line(imported, 810)
    action = _by_line(result, 810)
    assert action.summary == original.summary.replace("halfgeleiders). ", "halfgeleiders).\n")
    assert action.owners == original.owners


def test_a_block_without_a_blank_line_before_it_is_still_a_new_action(agenda_text: str, imported: ImportResult) -> None:
    lines = agenda_text.splitlines()
    label = lines.index("Voortgangsbrief Nationale Grondstoffenstrategie") - 1
    assert lines[label - 1] == ""
    del lines[label - 1]
    result = import_agenda("\n".join(lines) + "\n")
    assert [a.summary for a in result.actions] == [a.summary for a in imported.actions]
    assert [a.owners for a in result.actions] == [a.owners for a in imported.actions]


def test_a_note_under_a_list_heading_is_skipped(agenda_text: str, imported: ImportResult) -> None:
    lines = agenda_text.splitlines()
    heading = lines.index("Nieuwe acties in Nationaal")
    assert lines[heading + 1] == ""
    lines[heading + 2 : heading + 2] = ["Deze actie is in 2023 toegevoegd.", ""]
    result = import_agenda("\n".join(lines) + "\n")
    assert [a.summary for a in result.actions] == [a.summary for a in imported.actions]
