# SPDX-License-Identifier: EUPL-1.2
"""Progress statuses of an action, their labels, and the status an action has before anyone reports.

The agenda itself only says whether an action is *lopend* (already running) or *nieuw* (new); the
progress statuses below are what owners report afterwards.
"""

from __future__ import annotations

from enum import StrEnum

from dosa.errors import InputError
from dosa.model.entities import Action
from dosa.model.vocab import ActionStatus, TimelineKind


class ProgressStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    """Running, but later than planned: the owner says why in a note."""
    STOPPED = "stopped"
    """Ended without being completed: the owner says why in a note."""
    ONGOING = "ongoing"
    """A continuous task with no end (the agenda's 'Doorlopend'): never overdue."""


CLOSED = frozenset({ProgressStatus.DONE, ProgressStatus.STOPPED})
"""Statuses after which an action is no longer open and can no longer be overdue."""

NEEDS_NOTE = frozenset({ProgressStatus.DELAYED, ProgressStatus.STOPPED})
"""Statuses that must come with a note saying why."""

STATUS_LABELS: dict[str, dict[ProgressStatus, str]] = {
    "nl": {
        ProgressStatus.NOT_STARTED: "niet gestart",
        ProgressStatus.IN_PROGRESS: "in uitvoering",
        ProgressStatus.DONE: "gereed",
        ProgressStatus.DELAYED: "vertraagd",
        ProgressStatus.STOPPED: "gestopt",
        ProgressStatus.ONGOING: "doorlopend",
    },
    "en": {
        ProgressStatus.NOT_STARTED: "not started",
        ProgressStatus.IN_PROGRESS: "in progress",
        ProgressStatus.DONE: "done",
        ProgressStatus.DELAYED: "delayed",
        ProgressStatus.STOPPED: "stopped",
        ProgressStatus.ONGOING: "ongoing",
    },
}

_ALIASES: dict[str, ProgressStatus] = {
    # Words owners write in a spreadsheet besides the ids and labels above.
    "afgerond": ProgressStatus.DONE,
    "klaar": ProgressStatus.DONE,
    "lopend": ProgressStatus.IN_PROGRESS,
    "gestart": ProgressStatus.IN_PROGRESS,
    "nog niet gestart": ProgressStatus.NOT_STARTED,
    "stopgezet": ProgressStatus.STOPPED,
    "completed": ProgressStatus.DONE,
    "started": ProgressStatus.IN_PROGRESS,
}


def status_label(status: ProgressStatus, lang: str = "en") -> str:
    return STATUS_LABELS[lang][status]


def parse_status(text: str) -> ProgressStatus:
    """Read a status from its id or its Dutch or English label, ignoring case, spaces and dashes."""
    wanted = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    for status in ProgressStatus:
        names = {status.value.replace("_", " "), *(labels[status] for labels in STATUS_LABELS.values())}
        if wanted in names:
            return status
    if wanted in _ALIASES:
        return _ALIASES[wanted]
    known = ", ".join(s.value for s in ProgressStatus)
    raise InputError(
        f"'{text}' is not a status",
        hint=f"use one of {known} (or the Dutch labels: {', '.join(STATUS_LABELS['nl'].values())})",
    )


def baseline_status(action: Action) -> ProgressStatus:
    """The status an action has until its owner reports one, read from the agenda itself.

    A 'Doorlopend' timeline is a continuous task (ongoing); an action the agenda lists as *lopend*
    was already running (in progress); a *nieuw* action had not started when the agenda appeared.
    """
    if action.timeline.kind is TimelineKind.ONGOING:
        return ProgressStatus.ONGOING
    if action.status is ActionStatus.LOPEND:
        return ProgressStatus.IN_PROGRESS
    return ProgressStatus.NOT_STARTED
