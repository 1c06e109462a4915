# SPDX-License-Identifier: EUPL-1.2
"""Coverage on the shipped action links: what the agenda's actions address, and the gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from dosa.dataset import Dataset
from dosa.model.vocab import ActionStatus, LinkTargetKind
from dosa.monitoring.coverage import RiskFinding, coverage_report, link_index, subject_coverage, uncovered_risks
from dosa.monitoring.history import StatusEntry, states_on
from dosa.monitoring.status import ProgressStatus
from dosa.monitoring.updates import repeat_group
from dosa.monitoring.views import progress

DAY = dt.date(2024, 3, 1)
UNLINKED = ["a123", "a124", "a125", "a127"]
"""Actions on development cooperation and information integrity: no Dutch dependency is at stake."""


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_every_link_quotes_its_action(agenda: Dataset) -> None:
    assert agenda.action_links, "the default dataset ships its links"
    for link in agenda.action_links.values():
        assert link.citation.source == "dosa-agenda-2023"
        assert link.citation.quote, link.key
        assert _norm(link.citation.quote) in _norm(agenda.actions[link.action].summary), link.key
        assert link.citation.page == str(agenda.actions[link.action].location.page)


@pytest.mark.parametrize(
    ("action", "subject", "words"),
    [
        ("a026", "leo_satellite_communication", "LEO-satellietnetwerk"),
        ("a016", "semiconductor_chips", "Europese Chips Act"),
        ("a011", "semiconductor_chips", "Chips Act"),
        ("a015", "integrated_photonic_chips", "Chips Act"),
        ("a024", "submarine_cables", "zeekabels"),
        ("a073", "post_quantum_cryptography", "postquantumcryptografische"),
        ("a055", "cloud_iaas_paas", "soevereine Nederlandse cloud"),
    ],
)
def test_links_the_agenda_makes(agenda: Dataset, action: str, subject: str, words: str) -> None:
    assert words in agenda.actions[action].summary
    assert f"{action}->subject:{subject}" in agenda.action_links


def test_links_are_many_to_many(agenda: Dataset) -> None:
    index = link_index(agenda)
    assert len(index.by_action["a043"]) > 1, "one action addresses several subjects"
    assert len(index.by_subject["submarine_cables"]) > 1, "one subject is addressed by several actions"


def test_actions_linked_to_nothing(agenda: Dataset) -> None:
    states = states_on(agenda, [], DAY)
    report = coverage_report(agenda, states, progress(agenda, states, DAY), DAY)
    assert [a.id for a in report.unlinked] == UNLINKED


def test_subjects_without_an_action_have_general_cover_through_their_priority(agenda: Dataset) -> None:
    coverage = subject_coverage(agenda, states_on(agenda, [], DAY))
    gallium = coverage["gallium"]
    assert not gallium.covered
    assert set(gallium.general) >= {"a001", "a003"}, "the raw-materials strategy covers the priority as a whole"
    assert coverage["leo_satellite_communication"].covered
    uncovered = {s.subject.id for s in coverage.values() if not s.covered}
    linked = {link.target for link in agenda.action_links.values() if link.target_kind is LinkTargetKind.SUBJECT}
    assert uncovered == set(agenda.subjects) - linked


def test_a_stopped_action_no_longer_covers(agenda: Dataset) -> None:
    stop = StatusEntry(
        1, "a026", dt.date(2024, 1, 1), ProgressStatus.STOPPED, ProgressStatus.IN_PROGRESS, "test", "t",
        dt.datetime(2024, 1, 1), "cli",
    )  # fmt: skip
    coverage = subject_coverage(agenda, states_on(agenda, [stop], DAY))
    leo = coverage["leo_satellite_communication"]
    assert leo.stopped == ("a026",)
    assert leo.covered is (len(leo.actions) > 0)


def test_semiconductors_has_no_new_action(agenda: Dataset) -> None:
    """The agenda: 'Om die reden worden in deze agenda alleen lopende acties meegenomen.'"""
    states = states_on(agenda, [], DAY)
    report = coverage_report(agenda, states, progress(agenda, states, DAY), DAY)
    without_new = {p.priority.id for p in report.priorities_without_new_action}
    assert "semiconductors" in without_new
    expected = {
        p.id
        for p in agenda.priorities.values()
        if not any(a.priority == p.id and a.status is ActionStatus.NIEUW for a in agenda.actions.values())
    }
    assert without_new == expected


def test_closing_the_new_actions_of_a_priority_flags_it(agenda: Dataset) -> None:
    new = [a for a in agenda.actions_in_order() if a.priority == "critical_raw_materials" and a.status == "nieuw"]
    entries = [
        StatusEntry(
            i,
            a.id,
            dt.date(2024, 1, 1),
            ProgressStatus.DONE,
            ProgressStatus.NOT_STARTED,
            "",
            "t",
            dt.datetime(2024, 1, 1),
            "cli",
        )
        for i, a in enumerate(new, start=1)
    ]
    states = states_on(agenda, entries, DAY)
    report = coverage_report(agenda, states, progress(agenda, states, DAY), DAY)
    assert "critical_raw_materials" in {p.priority.id for p in report.priorities_without_new_action}


def test_high_risks_without_an_action(agenda: Dataset) -> None:
    coverage = subject_coverage(agenda, states_on(agenda, [], DAY))
    findings = [
        RiskFinding("gallium", "interruption", "very high (DE)", high=True),
        RiskFinding("gallium", "access", "low (AB)", high=False),
        RiskFinding("leo_satellite_communication", "interruption", "high (DC)", high=True),
        RiskFinding("office_suites", "access", "very high (ED)", high=True),
    ]
    result = uncovered_risks(findings, coverage)
    assert [(r.finding.subject, r.finding.harm) for r in result] == [("gallium", "interruption")]


def test_owners_carrying_most_open_actions(agenda: Dataset) -> None:
    """Without reports every action is open; an action repeated under two priorities counts once."""
    states = states_on(agenda, [], DAY)
    report = coverage_report(agenda, states, progress(agenda, states, DAY), DAY)
    for load in report.owners[:3]:
        groups = {repeat_group(agenda, a.id)[0] for a in agenda.actions.values() if load.owner in a.owners}
        assert load.open == load.total == len(groups)
    assert [w.open for w in report.owners] == sorted((w.open for w in report.owners), reverse=True)
    assert report.owners[0].owner == "ezk", "the agenda names EZK as owner of most actions"


def test_timeline_bars(agenda: Dataset) -> None:
    from dosa.monitoring.views import timeline

    rows = progress(agenda, states_on(agenda, [], DAY), DAY)
    columns, bars = timeline(
        [r for r in rows if r.action.id in ("a004", "a001", "a008", "a012")],
        dt.date(2023, 10, 1),
        dt.date(2024, 12, 31),
    )
    assert columns[0] == (2023, 4)
    assert columns[-1] == (2024, 4)
    cells = {bar.progress.action.id: "".join(bar.cells) for bar in bars}
    assert cells["a004"] == "█▓···", "due Q4 2023, overdue in the as-of quarter Q1 2024"
    assert cells["a001"].endswith("→"), "Doorlopend continues"
    assert cells["a008"].startswith("?"), "N.t.b. has no dates"
    assert cells["a012"] == "█████", "2023 – 2028 covers the whole range"


def test_the_dataset_docs_count_the_links(agenda: Dataset) -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "dataset.md").read_text(encoding="utf-8")
    linked = len({link.action for link in agenda.action_links.values()})
    assert f"| `action_links.csv` | {len(agenda.action_links)} | " in text
    assert f"{linked} of the {len(agenda.actions)} actions linked" in text
