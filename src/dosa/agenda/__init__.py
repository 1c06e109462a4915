# SPDX-License-Identifier: EUPL-1.2
"""The agenda importer: the DOSA agenda's text turned into action records.

Core code only (no CLI). ``import_agenda`` reads a text in the agenda's format,
``write_actions`` writes the dataset's ``actions.yaml``, ``parse_timeline`` reads one timeline,
and ``OrganisationIndex`` maps party names to organisation ids.
"""

from dosa.agenda.importer import AGENDA_YEAR, ImportResult, ImportWarning, import_agenda, read_agenda_file
from dosa.agenda.organisations import OrganisationIndex, Parties, default_index, load_organisations
from dosa.agenda.overrides import Overrides, load_overrides, overrides_for
from dosa.agenda.structure import PRIORITY_HEADINGS
from dosa.agenda.timeline import parse_timeline
from dosa.agenda.writer import ACTIONS_FILE, render_actions, write_actions

__all__ = [
    "ACTIONS_FILE",
    "AGENDA_YEAR",
    "PRIORITY_HEADINGS",
    "ImportResult",
    "ImportWarning",
    "OrganisationIndex",
    "Overrides",
    "Parties",
    "default_index",
    "import_agenda",
    "load_organisations",
    "load_overrides",
    "overrides_for",
    "parse_timeline",
    "read_agenda_file",
    "render_actions",
    "write_actions",
]
