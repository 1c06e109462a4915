# SPDX-License-Identifier: EUPL-1.2
"""Action monitoring: statuses with an audit trail, due dates, overdue views, coverage (the progress report
is built on these by :mod:`dosa.report.progress`).

Pure functions over the dataset and a list of status entries; only :mod:`dosa.monitoring.ledger`
touches the database. The names below load on first use, so that ``dosa actions`` (which needs only
:mod:`dosa.monitoring.due`) does not import the coverage and risk machinery.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dosa.monitoring.coverage import (
        CoverageReport,
        RiskFinding,
        coverage_report,
        link_index,
        subject_coverage,
    )
    from dosa.monitoring.due import (
        AGENDA_DATE,
        DUE_SOON_DAYS,
        Deadline,
        Due,
        DueKind,
        deadline,
        due_of,
    )
    from dosa.monitoring.history import (
        ActionState,
        StatusEntry,
        changes_between,
        states_on,
        status_on,
    )
    from dosa.monitoring.status import (
        ProgressStatus,
        baseline_status,
        parse_status,
        status_label,
    )
    from dosa.monitoring.updates import (
        RawUpdate,
        StatusUpdate,
        UpdatePlan,
        plan_updates,
    )
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

_LAZY: dict[str, str] = {
    "CoverageReport": "dosa.monitoring.coverage",
    "RiskFinding": "dosa.monitoring.coverage",
    "coverage_report": "dosa.monitoring.coverage",
    "link_index": "dosa.monitoring.coverage",
    "subject_coverage": "dosa.monitoring.coverage",
    "AGENDA_DATE": "dosa.monitoring.due",
    "DUE_SOON_DAYS": "dosa.monitoring.due",
    "Deadline": "dosa.monitoring.due",
    "Due": "dosa.monitoring.due",
    "DueKind": "dosa.monitoring.due",
    "deadline": "dosa.monitoring.due",
    "due_of": "dosa.monitoring.due",
    "ActionState": "dosa.monitoring.history",
    "StatusEntry": "dosa.monitoring.history",
    "changes_between": "dosa.monitoring.history",
    "states_on": "dosa.monitoring.history",
    "status_on": "dosa.monitoring.history",
    "ProgressStatus": "dosa.monitoring.status",
    "baseline_status": "dosa.monitoring.status",
    "parse_status": "dosa.monitoring.status",
    "status_label": "dosa.monitoring.status",
    "RawUpdate": "dosa.monitoring.updates",
    "StatusUpdate": "dosa.monitoring.updates",
    "UpdatePlan": "dosa.monitoring.updates",
    "plan_updates": "dosa.monitoring.updates",
    "ActionProgress": "dosa.monitoring.views",
    "Workload": "dosa.monitoring.views",
    "attention": "dosa.monitoring.views",
    "by_owner": "dosa.monitoring.views",
    "by_priority": "dosa.monitoring.views",
    "progress": "dosa.monitoring.views",
    "timeline": "dosa.monitoring.views",
    "workload": "dosa.monitoring.views",
}
"""Public name -> the module that defines it."""

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


def __getattr__(name: str) -> Any:
    """Load a public name from its module the first time it is asked for (PEP 562)."""
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dosa.monitoring' has no attribute {name!r}")
