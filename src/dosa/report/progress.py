# SPDX-License-Identifier: EUPL-1.2
"""Action monitoring (:mod:`dosa.monitoring`) on the report's content model.

One :class:`ProgressView` holds what monitoring says on one day (statuses from the status ledger,
where each action stands against its due date, changes since the previous report, coverage); the
section builders below turn it into sections, tables and charts. The dashboard's action tracker,
the main report and the progress report (``dosa progress report``) are all built from them, so the
faces cannot tell different stories.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dosa import __version__
from dosa.dataset.model import Dataset
from dosa.errors import InputError
from dosa.i18n import Localizer, compose, foreign, localizer
from dosa.model.entities import Citation, Priority
from dosa.monitoring import ProgressStatus, StatusEntry, coverage_report, progress, states_on
from dosa.monitoring.coverage import CoverageReport, RiskFinding, SubjectCoverage
from dosa.monitoring.due import AGENDA_DATE, AGENDA_DATE_SOURCE, DUE_SOON_DAYS, Deadline
from dosa.monitoring.history import changes_between, reported_late, visible
from dosa.monitoring.labels import DEADLINE_LABELS, DUE_KIND_LABELS
from dosa.monitoring.status import status_label
from dosa.monitoring.views import ActionProgress, attention
from dosa.report import charts
from dosa.report.citations import Bibliography
from dosa.report.content import Chart, Report, Section, column, table_of_rows
from dosa.report.labels import N_
from dosa.report.risk import HARM_LABELS, RISK_LABELS
from dosa.risk import Harm, RiskClass
from dosa.tables import Table

STATUS_CODES = {
    ProgressStatus.NOT_STARTED: N_("NS"),
    ProgressStatus.IN_PROGRESS: N_("IP"),
    ProgressStatus.DONE: N_("DN"),
    ProgressStatus.DELAYED: N_("DL"),
    ProgressStatus.STOPPED: N_("ST"),
    ProgressStatus.ONGOING: N_("OG"),
}
"""Short codes written on the stacked bars, so that segments are told apart without colour; the
order is the order of the status columns everywhere."""

OWNERS_SHOWN = 10
"""How many owners the coverage section lists under 'most open actions'."""


def _table(
    loc: Localizer,
    *,
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    data: Sequence[Sequence[str | int | float | None]],
    name: str,
    keys: Sequence[str],
    numeric: frozenset[int] = frozenset(),
    links: Sequence[Sequence[str | None]] | None = None,
) -> Table:
    """The one place this module makes a table: ``rows`` as the reader sees them, ``data`` the raw
    values for exports under the stable column ``keys``, ``numeric`` the columns to right-align."""
    columns = [
        column(loc, key, header, numeric=i in numeric)
        for i, (key, header) in enumerate(zip(keys, headers, strict=True))
    ]
    return table_of_rows(loc, caption, columns, rows, data=data, links=links, name=name)


def ledger_entries(db: str | Path | None) -> list[StatusEntry]:
    """Every recorded status, or none when the database does not exist yet (nothing is created)."""
    from dosa.monitoring.ledger import Ledger
    from dosa.store import database_exists, open_store

    if not database_exists(db):
        return []
    return Ledger(open_store(db)).entries()


@dataclass(frozen=True)
class ProgressView:
    """Action monitoring on one day, computed once: what every progress section reads."""

    dataset: Dataset
    as_of: dt.date
    since: dt.date
    """The previous report's date: changes after it are new."""
    entries: list[StatusEntry]
    """The ledger entries used: dated on or before ``as_of``, recorded by ``recorded_until``."""
    rows: list[ActionProgress]
    changes: list[StatusEntry]
    coverage: CoverageReport
    soon_days: int

    def priority_rows(self, priority: Priority) -> list[ActionProgress]:
        return [r for r in self.rows if r.action.priority == priority.id]

    def counts(self, rows: Iterable[ActionProgress]) -> Counter[ProgressStatus]:
        return Counter(r.status for r in rows)

    @property
    def overdue(self) -> list[ActionProgress]:
        return [r for r in self.rows if r.deadline is Deadline.OVERDUE]

    @property
    def due_soon(self) -> list[ActionProgress]:
        return [r for r in self.rows if r.deadline is Deadline.DUE_SOON]

    @property
    def uncovered(self) -> list[tuple[SubjectCoverage, RiskFinding | None]]:
        """The high risks no action covers (with risk results), else the subjects no action addresses."""
        if self.coverage.risks is not None:
            return [(r.coverage, r.finding) for r in self.coverage.risks]
        return [(s, None) for s in self.coverage.uncovered_subjects]


def progress_view(
    dataset: Dataset,
    entries: Iterable[StatusEntry],
    as_of: dt.date,
    *,
    since: dt.date = AGENDA_DATE,
    recorded_until: dt.datetime | None = None,
    soon_days: int = DUE_SOON_DAYS,
    findings: Iterable[RiskFinding] | None = None,
) -> ProgressView:
    """Monitoring as of ``as_of`` from the ledger ``entries`` (those recorded by ``recorded_until``,
    to reproduce an earlier report); ``findings`` are risk results for the coverage of risks."""
    if since > as_of:
        raise InputError(f"the previous report date {since} is after the as-of date {as_of}", hint="swap them")
    used = visible(entries, as_of, recorded_until)
    states = states_on(dataset, used, as_of)
    rows = progress(dataset, states, as_of, soon_days=soon_days)
    return ProgressView(
        dataset=dataset,
        as_of=as_of,
        since=since,
        entries=used,
        rows=rows,
        changes=changes_between(used, since, as_of),
        coverage=coverage_report(dataset, states, rows, as_of, findings),
        soon_days=soon_days,
    )


def rows_as_of(dataset: Dataset, entries: Sequence[StatusEntry], as_of: dt.date) -> list[ActionProgress]:
    return progress(dataset, states_on(dataset, entries, as_of), as_of)


def status_text(status: ProgressStatus, loc: Localizer) -> str:
    return status_label(status, loc.lang)


def due_kind_text(row: ActionProgress, loc: Localizer) -> str:
    return DUE_KIND_LABELS[loc.lang][row.due.kind]


def agenda_text(text: str, loc: Localizer) -> str:
    """A text as the (Dutch) agenda writes it: marked as Dutch on an English page."""
    text = " ".join(text.split())
    return text if loc.lang == "nl" else foreign(text, "nl")


def owner_names(dataset: Dataset, owners: Iterable[str]) -> str:
    """Owners by their abbreviation (what ``dosa actions --owner`` takes)."""
    organisations = dataset.organisations
    return ", ".join(organisations[o].abbreviation if o in organisations else o for o in owners)


def _source_line(view: ProgressView, loc: Localizer) -> str:
    return loc.gettext("dosa status ledger ({entries} entries) and the agenda's action lists").format(
        entries=len(view.entries)
    )


def status_table(view: ProgressView, loc: Localizer) -> Table:
    """Actions per priority by progress status, with the overdue ones and a total row."""
    statuses = list(STATUS_CODES)
    lines = [(loc.name(p), view.priority_rows(p)) for p in view.dataset.priorities_in_order()]
    lines.append((loc.gettext("Total"), view.rows))
    data: list[list[str | int | float | None]] = []
    for name, rows in lines:
        counts = view.counts(rows)
        overdue = sum(r.deadline is Deadline.OVERDUE for r in rows)
        data.append([name, *[counts[s] for s in statuses], len(rows), overdue])
    priorities = view.dataset.priorities_in_order()
    return _table(
        loc,
        caption=loc.gettext("Actions per priority by progress status, as of {date}").format(date=loc.date(view.as_of)),
        headers=[
            loc.gettext("Priority"),
            *[status_text(s, loc) for s in statuses],
            loc.gettext("Total"),
            loc.gettext("Overdue"),
        ],
        rows=[[str(row[0]), *[str(v) for v in row[1:]]] for row in data],
        numeric=frozenset(range(1, len(statuses) + 3)),
        links=[[f"priorities/{p.id}", *[None] * (len(statuses) + 2)] for p in priorities]
        + [[None] * (len(statuses) + 3)],
        data=data,
        name="status_per_priority",
        keys=["priority", *[s.value for s in statuses], "total", "overdue"],
    )


def status_chart(view: ProgressView, loc: Localizer) -> Chart:
    """Stacked bars of actions per priority by status, with :func:`status_table` as its data."""
    table = status_table(view, loc)
    statuses = list(STATUS_CODES)
    svg = charts.progress_bars(
        "chart-progress",
        table.caption,
        loc.gettext("Stacked bars: actions per priority by progress status; the numbers are in the table."),
        [
            (loc.name(p), [(loc.gettext(STATUS_CODES[s]), view.counts(view.priority_rows(p))[s]) for s in statuses])
            for p in view.dataset.priorities_in_order()
        ],
        [(loc.gettext(STATUS_CODES[s]), status_text(s, loc)) for s in statuses],
    )
    return Chart(
        "chart-progress",
        table.caption,
        svg,
        _source_line(view, loc),
        table,
        loc.gettext("Stacked bar chart of actions per priority by progress status."),
    )


def attention_table(view: ProgressView, loc: Localizer, rows: Sequence[ActionProgress], caption: str) -> Table:
    """Overdue actions (most overdue first), then those due soon: where each stands and who owns it."""
    items = attention(rows)
    return _table(
        loc,
        caption=caption,
        headers=[
            loc.gettext("Action"),
            loc.gettext("Due"),
            loc.gettext("Standing"),
            loc.gettext("Days overdue"),
            loc.gettext("Days left"),
            loc.gettext("Owners"),
            loc.gettext("Status"),
            loc.gettext("Summary"),
        ],
        rows=[
            [
                r.action.id,
                loc.date(r.due.date, "medium"),
                DEADLINE_LABELS[loc.lang][r.deadline],
                str(r.days_overdue) if r.days_overdue is not None else "",
                str(r.days_left) if r.days_left is not None else "",
                owner_names(view.dataset, r.action.owners),
                status_text(r.status, loc),
                agenda_text(r.action.summary, loc),
            ]
            for r in items
        ],
        numeric=frozenset({3, 4}),
        links=[[f"actions/{r.action.id}", *[None] * 7] for r in items],
        data=[
            [
                r.action.id,
                r.due.date.isoformat() if r.due.date else None,
                r.deadline.value,
                r.days_overdue,
                r.days_left,
                "; ".join(r.action.owners),
                r.status.value,
                " ".join(r.action.summary.split()),
            ]
            for r in items
        ],
        name="attention",
        keys=["action", "due", "deadline", "days_overdue", "days_left", "owners", "status", "summary"],
    )


def change_text(entry: StatusEntry, loc: Localizer) -> str:
    if entry.changed:
        return f"{status_text(entry.previous, loc)} → {status_text(entry.status, loc)}"
    return loc.gettext("{status} (note only)").format(status=status_text(entry.status, loc))


def changes_table(view: ProgressView, loc: Localizer, entries: Sequence[StatusEntry], caption: str) -> Table:
    """Status changes and notes: from which day, old → new, the note and who reported it; an entry
    dated before the previous report but recorded after it is marked as reported late."""

    def day(entry: StatusEntry) -> str:
        text = loc.date(entry.date, "medium")
        if reported_late(entry, view.since):
            return (
                text
                + " "
                + loc.gettext("(reported late, on {date})").format(date=loc.date(entry.recorded_at.date(), "medium"))
            )
        return text

    return _table(
        loc,
        caption=caption,
        headers=[
            loc.gettext("Action"),
            loc.gettext("From"),
            loc.gettext("Change"),
            loc.gettext("Note"),
            loc.gettext("By"),
        ],
        rows=[[e.action, day(e), change_text(e, loc), " ".join(e.note.split()), e.author] for e in entries],
        links=[[f"actions/{e.action}", None, None, None, None] for e in entries],
        data=[
            [e.action, e.date.isoformat(), f"{e.previous.value} → {e.status.value}", e.note, e.author] for e in entries
        ],
        name="changes",
        keys=["action", "date", "change", "note", "author"],
    )


def _risk_class(finding: RiskFinding, loc: Localizer) -> str:
    if finding.risk in {c.value for c in RiskClass}:
        text = loc.gettext(RISK_LABELS[RiskClass(finding.risk)])
        return f"{text} ({finding.cell})" if finding.cell else text
    return finding.risk_class


def _harm(finding: RiskFinding, loc: Localizer) -> str:
    if finding.harm in {h.value for h in Harm}:
        return loc.gettext(HARM_LABELS[Harm(finding.harm)])
    return loc.data(finding.harm)


def uncovered_title(view: ProgressView, loc: Localizer) -> str:
    if view.coverage.risks is not None:
        return loc.gettext("High and very high risks with no action")
    return loc.gettext("Subjects without a directly linked action")


def _all_covered(view: ProgressView, loc: Localizer) -> str:
    if view.coverage.risks is not None:
        return loc.gettext("Every high or very high risk has at least one action.")
    return loc.gettext("Every subject has at least one action linked to it directly.")


def uncovered_table(
    view: ProgressView, loc: Localizer, items: Sequence[tuple[SubjectCoverage, RiskFinding | None]], caption: str
) -> Table:
    """Subjects (or their high risks) no action addresses directly, and the actions that address one
    of their priorities as a whole."""
    risks = view.coverage.risks is not None
    priorities = view.dataset.priorities
    headers = [loc.gettext("Subject"), loc.gettext("Priorities")]
    if risks:
        headers += [loc.gettext("Harm"), loc.gettext("Risk class")]
    headers.append(loc.gettext("Actions on the priority as a whole"))
    rows: list[list[str]] = []
    data: list[list[str | int | float | None]] = []
    for coverage, finding in items:
        subject = coverage.subject
        row = [loc.name(subject), ", ".join(loc.name(priorities[p]) for p in subject.priorities if p in priorities)]
        raw: list[str | int | float | None] = [subject.id, "; ".join(subject.priorities)]
        if finding is not None:
            row += [_harm(finding, loc), _risk_class(finding, loc)]
            raw += [finding.harm, finding.risk or finding.risk_class]
        general = ", ".join(coverage.general)
        rows.append([*row, general or "–"])
        data.append([*raw, general])
    keys = ["subject", "priorities", *(["harm", "risk_class"] if risks else []), "general_cover"]
    return _table(
        loc,
        caption=caption,
        headers=headers,
        rows=rows,
        links=[[f"subjects/{c.subject.id}", *[None] * (len(headers) - 1)] for c, _ in items],
        data=data,
        name="uncovered",
        keys=keys,
    )


def progress_section(view: ProgressView, loc: Localizer) -> Section:
    """Status per priority (chart and table) and what needs attention, for the dashboard and report."""
    reported = sum(1 for r in view.rows if r.state.reported)
    section = Section(id="progress", title=loc.gettext("Progress per action"))
    section.paragraphs.append(
        loc.gettext(
            "Status as of {date}: {reported} of {total} actions have a reported status; the others keep "
            "the status the agenda implies ({entries} entries in the status ledger)."
        ).format(date=loc.date(view.as_of), reported=reported, total=len(view.rows), entries=len(view.entries))
    )
    section.charts.append(status_chart(view, loc))
    section.tables.append(
        attention_table(
            view,
            loc,
            view.rows,
            loc.gettext("Overdue and due soon as of {date}").format(date=loc.date(view.as_of)),
        )
    )
    return section


def _add(section: Section, table: Table, empty: str, title: str | None = None) -> None:
    """The table as a subsection (titled ``title``, else the table's caption), or when the table has
    no rows a sentence saying so."""
    part = Section(id=f"{section.id}-{table.name}", title=title or table.caption)
    if table.rows:
        part.tables.append(table)
    else:
        part.paragraphs.append(empty)
    section.subsections.append(part)


def coverage_section(view: ProgressView, loc: Localizer) -> Section:
    """Which subjects (or high risks) no action covers, unlinked actions, priorities without an open
    new action, and the owners carrying most open actions."""
    coverage = view.coverage
    section = Section(id="coverage", title=loc.gettext("Coverage: subjects no action addresses"))
    section.paragraphs.append(
        loc.gettext(
            "{uncovered} of {total} subjects have no action linked to them directly; {unlinked} actions are linked "
            "to no subject or priority."
        ).format(
            uncovered=len(coverage.uncovered_subjects), total=len(coverage.subjects), unlinked=len(coverage.unlinked)
        )
    )
    if coverage.risks is None:
        section.notes.append(
            loc.gettext("No risk results were given; coverage is shown per subject, without risk classes.")
        )
    else:
        section.notes.append(
            loc.gettext("Risk classes by the risk method {method}.").format(method=coverage.risk_method or "–")
        )
    title = uncovered_title(view, loc)
    _add(section, uncovered_table(view, loc, view.uncovered, title), _all_covered(view, loc))
    unlinked = coverage.unlinked
    _add(
        section,
        _table(
            loc,
            caption=loc.gettext("Actions linked to no subject or priority"),
            headers=[loc.gettext("Action"), loc.gettext("Priority"), loc.gettext("Summary")],
            rows=[
                [
                    a.id,
                    loc.name(view.dataset.priorities[a.priority])
                    if a.priority in view.dataset.priorities
                    else a.priority,
                    agenda_text(a.summary, loc),
                ]
                for a in unlinked
            ],
            links=[[f"actions/{a.id}", None, None] for a in unlinked],
            data=[[a.id, a.priority, " ".join(a.summary.split())] for a in unlinked],
            name="unlinked",
            keys=["action", "priority", "summary"],
        ),
        loc.gettext("Every action is linked to a subject or a priority."),
    )
    without_new = coverage.priorities_without_new_action
    _add(
        section,
        _table(
            loc,
            caption=loc.gettext("Priorities without an open new action"),
            headers=[
                loc.gettext("Priority"),
                loc.gettext("Ongoing in the agenda"),
                loc.gettext("New in the agenda"),
                loc.gettext("New and still open"),
            ],
            rows=[[loc.name(p.priority), str(p.lopend), str(p.nieuw), str(p.open_new)] for p in without_new],
            numeric=frozenset({1, 2, 3}),
            links=[[f"priorities/{p.priority.id}", None, None, None] for p in without_new],
            data=[[p.priority.id, p.lopend, p.nieuw, p.open_new] for p in without_new],
            name="no_new_action",
            keys=["priority", "ongoing", "new", "open_new"],
        ),
        loc.gettext("Every priority has a new action that is still open."),
    )
    owners = coverage.owners[:OWNERS_SHOWN]
    _add(
        section,
        _table(
            loc,
            caption=loc.gettext("Owners carrying most open actions"),
            headers=[loc.gettext("Owner"), loc.gettext("Open"), loc.gettext("Overdue"), loc.gettext("Total")],
            rows=[[owner_names(view.dataset, [w.owner]), str(w.open), str(w.overdue), str(w.total)] for w in owners],
            numeric=frozenset({1, 2, 3}),
            data=[[w.owner, w.open, w.overdue, w.total] for w in owners],
            name="owners",
            keys=["owner", "open", "overdue", "total"],
        ),
        loc.gettext("No owner has an open action."),
    )
    return section


def progress_summary(view: ProgressView, loc: Localizer) -> list[str]:
    coverage = view.coverage
    return [
        loc.gettext("As of {date}, {overdue} actions are overdue and {done} are done.").format(
            date=loc.date(view.as_of), overdue=len(view.overdue), done=view.counts(view.rows)[ProgressStatus.DONE]
        ),
        loc.gettext("{uncovered} of {total} subjects have no action linked to them directly.").format(
            uncovered=len(coverage.uncovered_subjects), total=len(coverage.subjects)
        ),
    ]


def progress_sections(
    dataset: Dataset, loc: Localizer, as_of: dt.date, entries: Sequence[StatusEntry]
) -> tuple[list[Section], list[str]]:
    """Status per priority, what needs attention, and coverage, as of ``as_of`` (dashboard and report)."""
    view = progress_view(dataset, entries, as_of, since=min(AGENDA_DATE, as_of))
    return [progress_section(view, loc), coverage_section(view, loc)], progress_summary(view, loc)


# The progress report (voortgangsrapportage): the sections above, per priority, with a reading guide.


def priority_progress(view: ProgressView, priority: Priority, loc: Localizer) -> Section:
    """One priority: its status counts, changes since the previous report, overdue and soon-due
    actions, and the subjects (or high risks) of the priority no action covers."""
    name = loc.name(priority)
    rows = view.priority_rows(priority)
    section = Section(id=f"progress-{priority.id}", title=name)
    counts = view.counts(rows)
    if rows:
        parts = " · ".join(f"{status_text(s, loc)} {counts[s]}" for s in STATUS_CODES if counts[s])
        section.paragraphs.append(loc.gettext("Actions: {count} ({statuses}).").format(count=len(rows), statuses=parts))
    else:
        section.paragraphs.append(loc.gettext("No actions."))
    ids = {r.action.id for r in rows}
    changes = [e for e in view.changes if e.action in ids]
    since = loc.date(view.since)
    title = loc.gettext("Changes since {date}").format(date=since)
    caption = loc.gettext("Changes since {date}: {priority}").format(date=since, priority=name)
    _add(section, changes_table(view, loc, changes, caption), loc.gettext("No changes in this period."), title)
    flagged = [r for r in rows if r.deadline in (Deadline.OVERDUE, Deadline.DUE_SOON)]
    title = loc.gettext("Overdue and due within {days} days").format(days=view.soon_days)
    caption = loc.gettext("Overdue and due within {days} days: {priority}").format(days=view.soon_days, priority=name)
    empty = loc.gettext("No action is overdue or due within {days} days.").format(days=view.soon_days)
    _add(section, attention_table(view, loc, flagged, caption), empty, title)
    if any(priority.id in s.priorities for s in view.dataset.subjects.values()):
        mine = [(c, f) for c, f in view.uncovered if priority.id in c.subject.priorities]
        title = uncovered_title(view, loc)
        caption = compose(loc.gettext("{title}: {priority}"), title=title, priority=name)
        _add(section, uncovered_table(view, loc, mine, caption), _all_covered(view, loc), title)
    return section


def _agenda_citation(dataset: Dataset) -> Citation | None:
    """The source the dataset's action links cite most: the agenda itself."""
    sources = Counter(link.citation.source for link in dataset.action_links.values())
    return Citation(source=sources.most_common(1)[0][0]) if sources else None


def reading_guide(view: ProgressView, loc: Localizer, bib: Bibliography) -> Section:
    section = Section(id="reading", title=loc.gettext("How to read this report"))
    section.paragraphs.append(
        compose(
            loc.gettext(
                "Until an owner reports, an action has the status the agenda gives it: 'lopend' (ongoing) is in "
                "progress, 'nieuw' (new) is not started, a continuous timeline is ongoing. The agenda was sent to "
                "parliament on {agenda} ({source})."
            ),
            agenda=loc.date(AGENDA_DATE),
            source=AGENDA_DATE_SOURCE,
        )
    )
    section.paragraphs.append(
        loc.gettext(
            "The due date is the end of the period in the agenda's timeline (Q4 2023 becomes {example}). "
            "Continuous, undecided and open-ended timelines, and those that ended before the agenda, have no "
            "due date and so are never overdue; neither are done and stopped actions. 'Due soon' means due "
            "within {days} days."
        ).format(example=loc.date(dt.date(2023, 12, 31)), days=view.soon_days)
    )
    section.paragraphs.append(loc.gettext("Action summaries are quoted in Dutch as the agenda writes them."))
    last = max((e.recorded_at for e in view.entries), default=None)
    if last is None:
        section.paragraphs.append(loc.gettext("No status entries have been recorded yet."))
    else:
        section.paragraphs.append(
            loc.gettext(
                "A change dated before the previous report but recorded after it is listed as reported late. "
                "This report uses {entries} status entries recorded up to {recorded} UTC; with the same dates "
                "and database it can be reproduced exactly (--recorded-until {stamp})."
            ).format(
                entries=len(view.entries),
                recorded=f"{loc.date(last.date())} {last.strftime('%H:%M:%S')}",
                stamp=last.replace(tzinfo=None).isoformat(timespec="seconds"),
            )
        )
    citation = _agenda_citation(view.dataset)
    if citation is not None:
        section.notes.append(compose(loc.gettext("Source: {source}"), source=bib.cite(citation, loc)))
    return section


def key_figures(view: ProgressView, loc: Localizer) -> list[tuple[str, str]]:
    return [
        (loc.gettext("Actions"), loc.number(len(view.rows), 0)),
        (loc.gettext("Overdue"), loc.number(len(view.overdue), 0)),
        (loc.gettext("Due within {days} days").format(days=view.soon_days), loc.number(len(view.due_soon), 0)),
        (loc.gettext("Changes since {date}").format(date=loc.date(view.since)), loc.number(len(view.changes), 0)),
        (uncovered_title(view, loc), loc.number(len(view.uncovered), 0)),
        (loc.gettext("Status entries used"), loc.number(len(view.entries), 0)),
    ]


def progress_report(view: ProgressView, lang: str = "nl") -> Report:
    """The progress report (voortgangsrapportage) on ``view``: status per priority, then per priority
    its changes, overdue and soon-due actions and uncovered subjects or risks, then coverage overall
    and a reading guide; rendered by :mod:`dosa.report.html`, :mod:`.pdf` and :mod:`.markdown`."""
    loc = localizer(lang)
    bib = Bibliography(view.dataset)
    status = Section(id="status", title=loc.gettext("Status per priority"), charts=[status_chart(view, loc)])
    summary = progress_summary(view, loc)
    summary.append(
        loc.gettext("{changes} status changes and notes since {date}.").format(
            changes=len(view.changes), date=loc.date(view.since)
        )
    )
    method = view.coverage.risk_method
    return Report(
        lang=lang,
        title=loc.gettext("Progress report on the Agenda Digitale Open Strategische Autonomie"),
        subtitle=loc.gettext("As of {date}; changes since {since}").format(
            date=loc.date(view.as_of), since=loc.date(view.since)
        ),
        date=view.as_of,
        date_text=loc.date(view.as_of),
        dataset_label=view.dataset.info.label,
        dataset_title=view.dataset.info.title,
        dataset_licence=view.dataset.info.licence,
        method_label=(
            loc.gettext("risk method {method}; due dates from the agenda's timelines").format(method=method)
            if method
            else loc.gettext("due dates from the agenda's timelines; no risk method")
        ),
        dosa_version=__version__,
        key_figures=key_figures(view, loc),
        summary=summary,
        sections=[
            status,
            *[priority_progress(view, p, loc) for p in view.dataset.priorities_in_order()],
            coverage_section(view, loc),
            reading_guide(view, loc, bib),
        ],
        sources=bib.ordered(),
    )
