# SPDX-License-Identifier: EUPL-1.2
"""Action monitoring: statuses with an audit trail, due dates, overdue views, coverage, the progress report.

Pure functions over the dataset and a list of status entries; only :mod:`dosa.monitoring.ledger`
touches the database.
"""

from dosa.monitoring.coverage import CoverageReport, RiskFinding, coverage_report, link_index, subject_coverage
from dosa.monitoring.due import AGENDA_DATE, DUE_SOON_DAYS, Deadline, Due, DueKind, deadline, due_of
from dosa.monitoring.history import ActionState, StatusEntry, changes_between, states_on, status_on
from dosa.monitoring.status import ProgressStatus, baseline_status, parse_status, status_label
from dosa.monitoring.updates import RawUpdate, StatusUpdate, UpdatePlan, plan_updates
from dosa.monitoring.views import (
    ActionProgress,
    Workload,
    attention,
    by_owner,
    by_priority,
    progress,
    timeline,
    workload,
)

__all__ = [
    "AGENDA_DATE",
    "DUE_SOON_DAYS",
    "ActionProgress",
    "ActionState",
    "CoverageReport",
    "Deadline",
    "Due",
    "DueKind",
    "ProgressStatus",
    "RawUpdate",
    "RiskFinding",
    "StatusEntry",
    "StatusUpdate",
    "UpdatePlan",
    "Workload",
    "attention",
    "baseline_status",
    "by_owner",
    "by_priority",
    "changes_between",
    "coverage_report",
    "deadline",
    "due_of",
    "link_index",
    "parse_status",
    "plan_updates",
    "progress",
    "states_on",
    "status_label",
    "status_on",
    "subject_coverage",
    "timeline",
    "workload",
]
