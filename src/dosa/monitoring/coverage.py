# SPDX-License-Identifier: EUPL-1.2
"""Coverage: which risky dependencies the agenda's actions address, and where the gaps are.

Links come from the dataset (``action_links.csv``): an action addresses a subject directly, or a
priority as a whole. A subject counts as covered only by a direct link from an action that was not
stopped; a link to one of its priorities is shown as general coverage, not as cover.

Risk results enter through :class:`RiskFinding`, so this module needs nothing from the risk engine
but a subject, a harm, a class and whether that class is high; :func:`dosa.monitoring.riskbridge`
turns the engine's results into findings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dosa.dataset.model import Dataset
from dosa.model.entities import Action, ActionLink, Priority, Subject
from dosa.model.vocab import ActionStatus, LinkTargetKind
from dosa.monitoring.history import ActionState
from dosa.monitoring.status import CLOSED, ProgressStatus
from dosa.monitoring.views import ActionProgress, Workload, workload


@dataclass(frozen=True)
class RiskFinding:
    """One risk result for a subject, as coverage needs it."""

    subject: str
    harm: str
    """Which harm the risk is about (e.g. interruption of supply, third-party access)."""
    risk_class: str
    """The class as the risk engine names it."""
    high: bool
    """Whether the class is high or very high: only those must be covered."""
    method: str = ""
    """Method version that produced the class."""
    insufficient: bool = False
    """The rating rests on the method's defaults alone: no finding, never counted as high."""
    risk: str = ""
    """The class's id (``very_high``), so that a report can name it in its own language."""
    cell: str = ""
    """The cell of the method's risk matrix (likelihood and impact letters, e.g. ``DE``)."""


@dataclass(frozen=True)
class LinkIndex:
    """The dataset's action links, looked up from either side."""

    by_action: Mapping[str, tuple[ActionLink, ...]]
    by_subject: Mapping[str, tuple[ActionLink, ...]]
    by_priority: Mapping[str, tuple[ActionLink, ...]]


def link_index(dataset: Dataset) -> LinkIndex:
    by_action: dict[str, list[ActionLink]] = defaultdict(list)
    by_subject: dict[str, list[ActionLink]] = defaultdict(list)
    by_priority: dict[str, list[ActionLink]] = defaultdict(list)
    for link in sorted(dataset.action_links.values(), key=lambda link: link.key):
        by_action[link.action].append(link)
        target = by_subject if link.target_kind is LinkTargetKind.SUBJECT else by_priority
        target[link.target].append(link)
    return LinkIndex(
        {k: tuple(v) for k, v in by_action.items()},
        {k: tuple(v) for k, v in by_subject.items()},
        {k: tuple(v) for k, v in by_priority.items()},
    )


@dataclass(frozen=True)
class SubjectCoverage:
    subject: Subject
    actions: tuple[str, ...]
    """Actions linked to the subject directly and not stopped."""
    stopped: tuple[str, ...]
    """Actions linked directly but stopped: they no longer cover it."""
    general: tuple[str, ...]
    """Actions linked to one of the subject's priorities as a whole."""

    @property
    def covered(self) -> bool:
        return bool(self.actions)


def _ordered(ids: Iterable[str], dataset: Dataset) -> tuple[str, ...]:
    return tuple(sorted(set(ids), key=lambda a: dataset.actions[a].number if a in dataset.actions else 0))


def subject_coverage(
    dataset: Dataset, states: Mapping[str, ActionState], index: LinkIndex | None = None
) -> dict[str, SubjectCoverage]:
    """Coverage of every subject, keyed by subject id, in id order."""
    index = index or link_index(dataset)
    result = {}
    for subject in sorted(dataset.subjects.values(), key=lambda s: s.id):
        direct = [link.action for link in index.by_subject.get(subject.id, ())]
        stopped = [a for a in direct if a in states and states[a].status is ProgressStatus.STOPPED]
        general = [link.action for p in subject.priorities for link in index.by_priority.get(p, ())]
        result[subject.id] = SubjectCoverage(
            subject,
            _ordered((a for a in direct if a not in stopped), dataset),
            _ordered(stopped, dataset),
            _ordered(general, dataset),
        )
    return result


@dataclass(frozen=True)
class UncoveredRisk:
    finding: RiskFinding
    coverage: SubjectCoverage


def uncovered_risks(findings: Iterable[RiskFinding], coverage: Mapping[str, SubjectCoverage]) -> list[UncoveredRisk]:
    """High and very high risks whose subject no (unstopped) action addresses directly."""
    result = []
    for finding in findings:
        if not finding.high:
            continue
        subject = coverage.get(finding.subject)
        if subject is not None and not subject.covered:
            result.append(UncoveredRisk(finding, subject))
    return sorted(result, key=lambda r: (r.finding.subject, r.finding.harm))


@dataclass(frozen=True)
class PriorityCoverage:
    priority: Priority
    actions: int
    lopend: int
    nieuw: int
    open_new: int
    """New actions not done or stopped on the day."""
    subjects: int
    uncovered_subjects: tuple[str, ...]

    @property
    def no_new_action(self) -> bool:
        """All its actions were already running ('lopend'), or every new one is closed."""
        return self.open_new == 0


def priority_coverage(
    dataset: Dataset, states: Mapping[str, ActionState], coverage: Mapping[str, SubjectCoverage]
) -> list[PriorityCoverage]:
    result = []
    for priority in dataset.priorities_in_order():
        actions = dataset.actions_of_priority(priority.id)
        new = [a for a in actions if a.status is ActionStatus.NIEUW]
        subjects = [s for s in coverage.values() if priority.id in s.subject.priorities]
        result.append(
            PriorityCoverage(
                priority,
                len(actions),
                len(actions) - len(new),
                len(new),
                sum(states[a.id].status not in CLOSED for a in new if a.id in states),
                len(subjects),
                tuple(s.subject.id for s in subjects if not s.covered),
            )
        )
    return result


def unlinked_actions(dataset: Dataset, index: LinkIndex | None = None) -> list[Action]:
    """Actions the dataset links to no subject and no priority."""
    index = index or link_index(dataset)
    return [a for a in dataset.actions_in_order() if a.id not in index.by_action]


@dataclass(frozen=True)
class CoverageReport:
    as_of: dt.date
    subjects: list[SubjectCoverage]
    priorities: list[PriorityCoverage]
    unlinked: list[Action]
    owners: list[Workload]
    risks: list[UncoveredRisk] | None
    """``None`` when no risk results were given (the analysis then stands on subjects alone)."""
    risk_method: str | None = None

    @property
    def uncovered_subjects(self) -> list[SubjectCoverage]:
        return [s for s in self.subjects if not s.covered]

    @property
    def priorities_without_new_action(self) -> list[PriorityCoverage]:
        return [p for p in self.priorities if p.no_new_action]


def coverage_report(
    dataset: Dataset,
    states: Mapping[str, ActionState],
    rows: Sequence[ActionProgress],
    as_of: dt.date,
    findings: Iterable[RiskFinding] | None = None,
) -> CoverageReport:
    """Everything the coverage view shows, on one day."""
    index = link_index(dataset)
    subjects = subject_coverage(dataset, states, index)
    finding_list = list(findings) if findings is not None else None
    methods = sorted({f.method for f in finding_list or () if f.method})
    return CoverageReport(
        as_of=as_of,
        subjects=list(subjects.values()),
        priorities=priority_coverage(dataset, states, subjects),
        unlinked=unlinked_actions(dataset, index),
        owners=workload(rows, dataset),
        risks=uncovered_risks(finding_list, subjects) if finding_list is not None else None,
        risk_method=", ".join(methods) or None,
    )
