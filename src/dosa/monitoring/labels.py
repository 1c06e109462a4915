# SPDX-License-Identifier: EUPL-1.2
"""Dutch and English words of the monitoring views and the progress report."""

from __future__ import annotations

import datetime as dt

from dosa.monitoring.due import Deadline, DueKind

LANGUAGES = ("nl", "en")

_MONTHS = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def long_date(day: dt.date | None, lang: str) -> str:
    """'1 maart 2024' / '1 March 2024' (the Dutch government style, day first, in both languages)."""
    if day is None:
        return ""
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


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

TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Voortgangsrapportage Agenda Digitale Open Strategische Autonomie",
        "as_of": "Stand per",
        "since": "wijzigingen sinds",
        "dataset": "dataset",
        "summary": "Samenvatting",
        "status": "Status",
        "actions": "Acties",
        "action": "Actie",
        "priority": "Prioriteit",
        "total": "Totaal",
        "overdue": "Over tijd",
        "due_soon": "Binnenkort af",
        "due_soon_window": "binnen {days} dagen",
        "changes": "Wijzigingen sinds {date}",
        "no_changes": "Geen wijzigingen in deze periode.",
        "no_overdue": "Geen acties over tijd.",
        "date": "Datum",
        "change": "Wijziging",
        "note_only": "alleen toelichting",
        "late": "laat gemeld op {date}",
        "note": "Toelichting",
        "by": "Door",
        "due": "Einddatum",
        "days_overdue": "Dagen over tijd",
        "days_left": "Dagen te gaan",
        "owners": "Eigenaar",
        "summary_col": "Samenvatting",
        "counts_per_priority": "Status per prioriteit",
        "coverage": "Dekking van de risico's",
        "uncovered_risks": "Hoge en zeer hoge risico's zonder actie",
        "uncovered_risks_none": "Elk hoog of zeer hoog risico heeft ten minste één actie.",
        "uncovered_subjects": "Onderwerpen zonder actie",
        "uncovered_subjects_none": "Elk onderwerp heeft ten minste één actie.",
        "no_risk_results": (
            "Er zijn geen risicouitkomsten meegegeven; de dekking staat hieronder per onderwerp, zonder risicoklasse."
        ),
        "subject": "Onderwerp",
        "harm": "Schade",
        "risk_class": "Risicoklasse",
        "general_cover": "Algemeen gedekt via prioriteit",
        "unlinked": "Acties zonder koppeling aan een onderwerp of prioriteit",
        "unlinked_none": "Elke actie is gekoppeld.",
        "no_new": "Prioriteiten zonder openstaande nieuwe actie",
        "no_new_none": "Elke prioriteit heeft een nieuwe actie die nog openstaat.",
        "lopend": "Lopend (agenda)",
        "nieuw": "Nieuw (agenda)",
        "open_new": "Nieuw, nog open",
        "owners_load": "Eigenaren met de meeste open acties",
        "owner": "Eigenaar",
        "open": "Open",
        "how_to_read": "Leeswijzer",
        "read_baseline": (
            "Zolang een eigenaar niets meldt, geldt de status uit de agenda zelf: 'lopend' is in uitvoering, "
            "'nieuw' is niet gestart, een doorlopende tijdlijn is doorlopend. De agenda is op {agenda} aan de "
            "Tweede Kamer gestuurd ({source})."
        ),
        "read_due": (
            "De einddatum is het einde van de periode in de tijdlijn van de agenda (Q4 2023 wordt 31 december 2023). "
            "Doorlopende, nog te bepalen, open en vóór de agenda verstreken tijdlijnen hebben geen einddatum "
            "en zijn dus nooit over tijd; gereed en gestopt ook niet."
        ),
        "read_summaries": "Samenvattingen van acties staan zoals de agenda ze schrijft.",
        "read_reproduce": (
            "Een wijziging die vóór de vorige rapportage ingaat maar daarna is gemeld, staat hier als laat gemeld. "
            "Deze rapportage gebruikt {entries} statusmeldingen, vastgelegd tot en met {recorded}; "
            "met dezelfde datums en database is zij precies te herhalen."
        ),
        "read_reproduce_none": "Er zijn nog geen statusmeldingen vastgelegd.",
        "generated_by": "Gemaakt met dosa {version}",
        "no_actions": "Geen acties.",
        "risk_method": "Risicomethode",
    },
    "en": {
        "title": "Progress report on the Agenda Digitale Open Strategische Autonomie",
        "as_of": "As of",
        "since": "changes since",
        "dataset": "dataset",
        "summary": "Summary",
        "status": "Status",
        "actions": "Actions",
        "action": "Action",
        "priority": "Priority",
        "total": "Total",
        "overdue": "Overdue",
        "due_soon": "Due soon",
        "due_soon_window": "within {days} days",
        "changes": "Changes since {date}",
        "no_changes": "No changes in this period.",
        "no_overdue": "No overdue actions.",
        "date": "Date",
        "change": "Change",
        "note_only": "note only",
        "late": "reported late, on {date}",
        "note": "Note",
        "by": "By",
        "due": "Due",
        "days_overdue": "Days overdue",
        "days_left": "Days left",
        "owners": "Owner",
        "summary_col": "Summary",
        "counts_per_priority": "Status per priority",
        "coverage": "Coverage of the risks",
        "uncovered_risks": "High and very high risks with no action",
        "uncovered_risks_none": "Every high or very high risk has at least one action.",
        "uncovered_subjects": "Subjects with no action",
        "uncovered_subjects_none": "Every subject has at least one action.",
        "no_risk_results": "No risk results were given; coverage is shown per subject below, without risk classes.",
        "subject": "Subject",
        "harm": "Harm",
        "risk_class": "Risk class",
        "general_cover": "General cover through a priority",
        "unlinked": "Actions linked to no subject or priority",
        "unlinked_none": "Every action is linked.",
        "no_new": "Priorities without an open new action",
        "no_new_none": "Every priority has a new action that is still open.",
        "lopend": "Ongoing (agenda)",
        "nieuw": "New (agenda)",
        "open_new": "New and open",
        "owners_load": "Owners carrying most open actions",
        "owner": "Owner",
        "open": "Open",
        "how_to_read": "How to read this report",
        "read_baseline": (
            "Until an owner reports, an action has the status the agenda gives it: 'lopend' (ongoing) is in "
            "progress, 'nieuw' (new) is not started, a continuous timeline is ongoing. The agenda was sent to "
            "parliament on {agenda} ({source})."
        ),
        "read_due": (
            "The due date is the end of the period in the agenda's timeline (Q4 2023 becomes 31 December 2023). "
            "Continuous, undecided, open-ended timelines and those that ended before the agenda have no due date "
            "and so are never overdue; neither are done and stopped actions."
        ),
        "read_summaries": "Action summaries are quoted in Dutch as the agenda writes them.",
        "read_reproduce": (
            "A change dated before the previous report but recorded after it is listed here as reported late. "
            "This report uses {entries} status entries recorded up to {recorded}; with the same dates and "
            "database it can be reproduced exactly."
        ),
        "read_reproduce_none": "No status entries have been recorded yet.",
        "generated_by": "Made with dosa {version}",
        "no_actions": "No actions.",
        "risk_method": "Risk method",
    },
}
