# SPDX-License-Identifier: EUPL-1.2
"""Dutch and English words for where an action stands against its due date (CLI and dashboard)."""

from __future__ import annotations

from dosa.monitoring.due import Deadline, DueKind

DEADLINE_LABELS: dict[str, dict[Deadline, str]] = {
    "nl": {
        Deadline.OVERDUE: "over tijd",
        Deadline.DUE_SOON: "binnenkort",
        Deadline.ON_SCHEDULE: "op schema",
        Deadline.NO_DUE_DATE: "geen einddatum",
        Deadline.CONTINUOUS: "doorlopend",
        Deadline.CLOSED: "afgesloten",
    },
    "en": {
        Deadline.OVERDUE: "overdue",
        Deadline.DUE_SOON: "due soon",
        Deadline.ON_SCHEDULE: "on schedule",
        Deadline.NO_DUE_DATE: "no due date",
        Deadline.CONTINUOUS: "continuous",
        Deadline.CLOSED: "closed",
    },
}

DUE_KIND_LABELS: dict[str, dict[DueKind, str]] = {
    "nl": {
        DueKind.DATED: "einddatum",
        DueKind.OPEN_ENDED: "open einde",
        DueKind.ONGOING: "doorlopend",
        DueKind.UNDECIDED: "nog te bepalen",
        DueKind.UNPARSED: "niet te lezen",
        DueKind.ELAPSED: "verstreken vóór de agenda",
    },
    "en": {
        DueKind.DATED: "due date",
        DueKind.OPEN_ENDED: "open-ended",
        DueKind.ONGOING: "continuous",
        DueKind.UNDECIDED: "to be decided",
        DueKind.UNPARSED: "unreadable",
        DueKind.ELAPSED: "ended before the agenda",
    },
}
