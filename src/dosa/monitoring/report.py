# SPDX-License-Identifier: EUPL-1.2
"""The progress report (voortgangsrapportage): its content, computed once and rendered three ways.

:func:`progress_report` returns plain JSON-ready data; :mod:`dosa.monitoring.render` turns it into
Markdown, HTML and PDF, so the three formats can never tell different stories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from dosa import __version__
from dosa.dataset.model import Dataset
from dosa.errors import InputError
from dosa.monitoring.coverage import RiskFinding, coverage_report
from dosa.monitoring.due import AGENDA_DATE, AGENDA_DATE_SOURCE, DUE_SOON_DAYS, Deadline
from dosa.monitoring.history import StatusEntry, changes_between, reported_late, states_on, status_counts, visible
from dosa.monitoring.labels import LANGUAGES, TEXT, long_date
from dosa.monitoring.status import ProgressStatus, status_label
from dosa.monitoring.views import ActionProgress, attention, by_priority, progress

OWNERS_SHOWN = 10
"""How many owners the report lists under 'most open actions'."""


def _owners(dataset: Dataset, ids: Sequence[str]) -> str:
    return ", ".join(dataset.organisations[o].abbreviation if o in dataset.organisations else o for o in ids)


def _text(value: str) -> str:
    return " ".join(value.split())


def _row(dataset: Dataset, row: ActionProgress, lang: str) -> dict[str, Any]:
    return {
        "action": row.action.id,
        "number": row.action.number,
        "summary": _text(row.action.summary),
        "owners": _owners(dataset, row.action.owners),
        "timeline": _text(row.action.timeline.text),
        "due": row.due.date.isoformat() if row.due.date else None,
        "due_text": long_date(row.due.date, lang),
        "days": row.days_overdue if row.deadline is Deadline.OVERDUE else row.days_left,
        "status": row.status.value,
        "status_label": status_label(row.status, lang),
    }


def _change(dataset: Dataset, entry: StatusEntry, lang: str, since: dt.date) -> dict[str, Any]:
    return {
        "action": entry.action,
        "number": dataset.actions[entry.action].number,
        "date": entry.date.isoformat(),
        "date_text": long_date(entry.date, lang),
        "from": status_label(entry.previous, lang),
        "to": status_label(entry.status, lang),
        "changed": entry.changed,
        "change": (
            f"{status_label(entry.previous, lang)} → {status_label(entry.status, lang)}"
            if entry.changed
            else f"{status_label(entry.status, lang)} ({TEXT[lang]['note_only']})"
        ),
        "note": _text(entry.note),
        "author": entry.author,
        "late": reported_late(entry, since),
        "recorded": entry.recorded_at.date().isoformat(),
    }


def _name(record: Any, lang: str) -> str:
    return str(getattr(record, f"name_{lang}", None) or getattr(record, "name_en", None) or record.id)


def progress_report(
    dataset: Dataset,
    entries: Iterable[StatusEntry],
    *,
    since: dt.date,
    as_of: dt.date,
    lang: str = "nl",
    findings: Iterable[RiskFinding] | None = None,
    recorded_until: dt.datetime | None = None,
    soon_days: int = DUE_SOON_DAYS,
) -> dict[str, Any]:
    """Everything the progress report says, per priority: status counts, changes since ``since``,
    overdue and soon-due actions, and the risks no action covers; then coverage overall."""
    if lang not in LANGUAGES:
        raise InputError(f"no report language '{lang}'", hint="use nl or en")
    if since > as_of:
        raise InputError(f"the previous report date {since} is after the as-of date {as_of}", hint="swap them")
    words = TEXT[lang]
    all_entries = list(entries)
    used = visible(all_entries, as_of, recorded_until)
    states = states_on(dataset, used, as_of)
    rows = progress(dataset, states, as_of, soon_days=soon_days)
    changes = changes_between(used, since, as_of)
    report = coverage_report(dataset, states, rows, as_of, findings)
    statuses = list(ProgressStatus)

    uncovered_by_priority: dict[str, list[dict[str, Any]]] = {}
    risk_rows: list[dict[str, Any]] = []
    if report.risks is not None:
        for risk in report.risks:
            subject = risk.coverage.subject
            item = {
                "subject": subject.id,
                "name": _name(subject, lang),
                "harm": risk.finding.harm,
                "risk_class": risk.finding.risk_class,
                "general": ", ".join(risk.coverage.general),
            }
            risk_rows.append(item)
            for priority_id in subject.priorities:
                uncovered_by_priority.setdefault(priority_id, []).append(item)
    subject_rows = []
    for coverage in report.uncovered_subjects:
        item = {
            "subject": coverage.subject.id,
            "name": _name(coverage.subject, lang),
            "harm": "",
            "risk_class": "",
            "general": ", ".join(coverage.general),
        }
        subject_rows.append(item)
        if report.risks is None:
            for priority_id in coverage.subject.priorities:
                uncovered_by_priority.setdefault(priority_id, []).append(item)

    priorities = []
    matrix = []
    grouped = by_priority(dataset, rows)
    for priority in dataset.priorities_in_order():
        mine = grouped.get(priority.id, [])
        counts = dict.fromkeys(statuses, 0)
        for row in mine:
            counts[row.status] += 1
        ids = {row.action.id for row in mine}
        flagged = attention(mine)
        overdue = [_row(dataset, r, lang) for r in flagged if r.deadline is Deadline.OVERDUE]
        section: dict[str, Any] = {
            "id": priority.id,
            "name": _name(priority, lang),
            "actions": len(mine),
            "counts": [
                {"status": s.value, "label": status_label(s, lang), "count": counts[s]} for s in statuses if counts[s]
            ],
            "changes": [_change(dataset, e, lang, since) for e in changes if e.action in ids],
            "overdue": overdue,
            "due_soon": [_row(dataset, r, lang) for r in flagged if r.deadline is Deadline.DUE_SOON],
            "uncovered": uncovered_by_priority.get(priority.id, []),
            "subjects": sum(priority.id in s.priorities for s in dataset.subjects.values()),
        }
        priorities.append(section)
        matrix.append(
            {
                "id": priority.id,
                "name": section["name"],
                "counts": [counts[s] for s in statuses],
                "total": len(mine),
                "overdue": len(overdue),
            }
        )

    totals = status_counts(states)
    flagged_all = attention(rows)
    last_recorded = max((e.recorded_at for e in used), default=None)
    return {
        "lang": lang,
        "title": words["title"],
        "as_of": as_of.isoformat(),
        "as_of_text": long_date(as_of, lang),
        "since": since.isoformat(),
        "since_text": long_date(since, lang),
        "dataset": dataset.info.label,
        "dosa_version": __version__,
        "soon_days": soon_days,
        "words": words,
        "statuses": [{"id": s.value, "label": status_label(s, lang)} for s in statuses],
        "totals": {
            "actions": len(rows),
            "counts": [totals[s] for s in statuses],
            "overdue": sum(r.deadline is Deadline.OVERDUE for r in flagged_all),
            "due_soon": sum(r.deadline is Deadline.DUE_SOON for r in flagged_all),
            "changes": len(changes),
            "uncovered": len(risk_rows) if report.risks is not None else len(subject_rows),
        },
        "matrix": matrix,
        "priorities": priorities,
        "coverage": {
            "has_risks": report.risks is not None,
            "risk_method": report.risk_method,
            "risks": risk_rows,
            "subjects": subject_rows,
            "unlinked": [
                {
                    "action": a.id,
                    "number": a.number,
                    "priority": _name(dataset.priorities[a.priority], lang)
                    if a.priority in dataset.priorities
                    else a.priority,
                    "summary": _text(a.summary),
                }
                for a in report.unlinked
            ],
            "no_new": [
                {
                    "id": p.priority.id,
                    "name": _name(p.priority, lang),
                    "lopend": p.lopend,
                    "nieuw": p.nieuw,
                    "open_new": p.open_new,
                }
                for p in report.priorities_without_new_action
            ],
            "owners": [
                {
                    "owner": w.owner,
                    "name": _owners(dataset, [w.owner]),
                    "open": w.open,
                    "overdue": w.overdue,
                    "total": w.total,
                }
                for w in report.owners[:OWNERS_SHOWN]
            ],
        },
        "reading": {
            "baseline": words["read_baseline"].format(agenda=long_date(AGENDA_DATE, lang), source=AGENDA_DATE_SOURCE),
            "due": words["read_due"],
            "summaries": words["read_summaries"],
            "reproduce": (
                words["read_reproduce"].format(entries=len(used), recorded=f"{last_recorded.isoformat()} UTC")
                if last_recorded
                else words["read_reproduce_none"]
            ),
        },
        "entries_used": len(used),
        "recorded_until": last_recorded.isoformat() if last_recorded else None,
    }
