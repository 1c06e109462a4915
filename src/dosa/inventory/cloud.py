# SPDX-License-Identifier: EUPL-1.2
"""Cloud-sovereignty assessment on the EU Cloud Sovereignty Framework (DG DIGIT, v1.2.1, 2025).

Eight objectives SOV-1…SOV-8, each answered with a SEAL level 0-4 (Sovereignty Effectiveness
Assurance Level). Two stages, as the framework describes: a minimum SEAL per objective is an
eligibility floor; eligible offers are ranked by the weighted score

    score = 100 * sum_n (w_n / 100) * (SEAL_n / 4)          (w_n: the objective's weight in percent)

The framework's own scoring formula is not verified against the primary document (see
docs/inventory.md); the weights and level definitions come from the transcription cited in the
data files under ``dosa/data/inventory/``.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, insert, select, update

from dosa.dataset.problems import ValidationReport
from dosa.errors import InputError, RecordsError, UnknownIdError
from dosa.inventory.importer import check_project_name, project_id
from dosa.inventory.tables import CloudAssessmentDeletionRow, CloudAssessmentRow, ServiceRow, utcnow
from dosa.inventory.writer import existing_project_id
from dosa.store import Store

FRAMEWORK_VERSION = "1.2.1"
FRAMEWORK_VERSIONS = (FRAMEWORK_VERSION,)
"""Versions dosa implements. The Commission's June 2026 implementation guidance and its 48-criteria
calculator were not found in a primary source; see docs/procurement.md for what was searched."""
MAX_SEAL = 4


@dataclass(frozen=True)
class Objective:
    id: str
    name: str
    weight_pct: float
    factors: str


@dataclass(frozen=True)
class SealLevel:
    level: int
    name: str
    definition: str


@dataclass(frozen=True)
class Framework:
    version: str
    objectives: tuple[Objective, ...]
    seal_levels: tuple[SealLevel, ...]
    source: str

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)


def _data_lines(name: str) -> tuple[str, list[dict[str, str]]]:
    text = (resources.files("dosa") / "data" / "inventory" / name).read_text(encoding="utf-8")
    comments = [line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return " ".join(comments), list(csv.DictReader(body.splitlines()))


@cache
def load_framework() -> Framework:
    source, objectives = _data_lines("cloud_sovereignty_objectives.csv")
    _, levels = _data_lines("cloud_sovereignty_seal_levels.csv")
    return Framework(
        FRAMEWORK_VERSION,
        tuple(
            Objective(r["objective_id"], r["objective"], float(r["weight_pct"]), r["contributing_factors_paraphrased"])
            for r in objectives
        ),
        tuple(SealLevel(int(r["seal_level"]), r["name"], r["definition"]) for r in levels),
        source,
    )


def framework_for(version: str | None) -> Framework:
    """The framework of the given version (default: the current one); unknown versions are refused."""
    chosen = (version or FRAMEWORK_VERSION).strip().lstrip("v")
    if chosen not in FRAMEWORK_VERSIONS:
        raise InputError(
            f"unknown framework version '{version}'",
            hint=f"dosa implements {', '.join(FRAMEWORK_VERSIONS)} (see docs/procurement.md on the 2026 guidance)",
        )
    return load_framework()


@dataclass(frozen=True)
class Answer:
    objective: str
    seal: int
    rationale: str = ""


@dataclass(frozen=True)
class Contribution:
    objective: str
    name: str
    weight_pct: float
    seal: int | None
    minimum: int | None
    points: float
    """``weight_pct * seal / 4``: this objective's part of the 0-100 score (0 when unanswered)."""
    meets_minimum: bool | None


@dataclass(frozen=True)
class CloudAssessment:
    service: str
    framework_version: str
    contributions: tuple[Contribution, ...]
    answers: tuple[Answer, ...]
    minimum: Mapping[str, int]
    missing: tuple[str, ...]
    """Objectives without an answer: the score is then not computed, only its lower bound."""

    @property
    def score_lower_bound(self) -> float:
        return sum(c.points for c in self.contributions)

    @property
    def score(self) -> float | None:
        return None if self.missing else self.score_lower_bound

    @property
    def below_minimum(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.meets_minimum is False)

    @property
    def eligible(self) -> bool | None:
        """Meets every minimum SEAL (an unanswered objective with a minimum does not); None without minimums."""
        if not self.minimum:
            return None
        return not self.below_minimum


def _check_seal(value: Any, where: str, report: ValidationReport, label: str) -> int | None:
    if isinstance(value, bool) or str(value).strip() not in ("0", "1", "2", "3", "4"):
        report.add(
            label,
            None,
            where,
            f"SEAL level must be 0, 1, 2, 3 or 4, got {value!r}",
            "see dosa cloud levels for the definitions",
        )
        return None
    return int(value)


def assess(
    service: str,
    answers: Mapping[str, int | Answer],
    minimum: Mapping[str, int] | None = None,
    framework: Framework | None = None,
) -> CloudAssessment:
    """Score a service from its SEAL levels; raises :class:`InputError` for unknown objectives or levels."""
    framework = framework or load_framework()
    minimum = dict(minimum or {})
    given = {k: (v if isinstance(v, Answer) else Answer(k, v)) for k, v in answers.items()}
    for objective_id in list(given) + list(minimum):
        if framework.objective(objective_id) is None:
            raise InputError(
                f"unknown objective '{objective_id}'", hint=f"use {', '.join(o.id for o in framework.objectives)}"
            )
    for objective_id, level in [(k, a.seal) for k, a in given.items()] + list(minimum.items()):
        if not 0 <= level <= MAX_SEAL:
            raise InputError(f"{objective_id}: SEAL level {level} is outside 0-{MAX_SEAL}", hint="use 0, 1, 2, 3 or 4")
    contributions = []
    for objective in framework.objectives:
        answer = given.get(objective.id)
        seal = answer.seal if answer else None
        floor = minimum.get(objective.id)
        points = objective.weight_pct * (seal or 0) / MAX_SEAL
        meets = None if floor is None else (seal is not None and seal >= floor)
        contributions.append(
            Contribution(objective.id, objective.name, objective.weight_pct, seal, floor, points, meets)
        )
    missing = tuple(o.id for o in framework.objectives if o.id not in given)
    ordered = tuple(given[o.id] for o in framework.objectives if o.id in given)
    return CloudAssessment(service, framework.version, tuple(contributions), ordered, minimum, missing)


def read_answers(path: Path) -> tuple[str, dict[str, Answer], dict[str, int]]:
    """Read a YAML/JSON answers file: ``service``, ``answers`` (objective → level or {seal, rationale}),
    optional ``minimum`` (objective → level). Every problem is reported at once."""
    label = path.name
    report = ValidationReport()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        report.add(label, None, None, f"cannot read the answers: {exc}", "write YAML or JSON")
        raise RecordsError(label, report) from exc
    if not isinstance(document, dict):
        report.add(label, None, None, "expected a mapping with service and answers", "see docs/inventory.md")
        raise RecordsError(label, report)
    framework = load_framework()
    known = {o.id for o in framework.objectives}
    service = str(document.get("service") or "").strip()
    if not service:
        report.add(label, None, "service", "required field is missing", "name the cloud service")
    answers: dict[str, Answer] = {}
    raw_answers = document.get("answers")
    if not isinstance(raw_answers, dict) or not raw_answers:
        report.add(label, None, "answers", "expected objectives with their SEAL level", "e.g. 'SOV-1: 2'")
        raw_answers = {}
    for key, value in raw_answers.items():
        objective = str(key).strip().upper()
        if objective not in known:
            report.add(label, None, f"answers.{key}", f"unknown objective '{key}'", f"use {', '.join(sorted(known))}")
            continue
        rationale = ""
        if isinstance(value, dict):
            rationale = str(value.get("rationale") or "")
            value = value.get("seal")
        seal = _check_seal(value, f"answers.{key}", report, label)
        if seal is not None:
            answers[objective] = Answer(objective, seal, rationale)
    minimum: dict[str, int] = {}
    raw_minimum = document.get("minimum") or {}
    if not isinstance(raw_minimum, dict):
        report.add(label, None, "minimum", "expected objectives with their minimum SEAL level", "e.g. 'SOV-2: 3'")
        raw_minimum = {}
    for key, value in raw_minimum.items():
        objective = str(key).strip().upper()
        if objective not in known:
            report.add(label, None, f"minimum.{key}", f"unknown objective '{key}'", f"use {', '.join(sorted(known))}")
            continue
        seal = _check_seal(value, f"minimum.{key}", report, label)
        if seal is not None:
            minimum[objective] = seal
    unknown_keys = set(document) - {"service", "answers", "minimum", "notes"}
    for key in sorted(unknown_keys):
        report.add(label, None, str(key), "unknown field", "known fields: service, answers, minimum, notes")
    if not report.ok:
        raise RecordsError(label, report)
    return service, answers, minimum


def parse_levels(pairs: list[str], what: str) -> dict[str, int]:
    """``['SOV-1=3', 'SOV-2=2']`` → ``{'SOV-1': 3, 'SOV-2': 2}``."""
    out: dict[str, int] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or value.strip() not in ("0", "1", "2", "3", "4"):
            raise InputError(f"invalid {what} '{pair}'", hint="write OBJECTIVE=LEVEL, e.g. SOV-2=3")
        out[key.strip().upper()] = int(value)
    return out


def save_assessment(store: Store, project: str, assessment: CloudAssessment) -> None:
    """Record (or replace) a project's assessment of a service."""
    answers = {
        "answers": {a.objective: {"seal": a.seal, "rationale": a.rationale} for a in assessment.answers},
        "minimum": dict(assessment.minimum),
    }
    values = {
        "answers": json.dumps(answers),
        "score": assessment.score,
        "eligible": assessment.eligible,
        "framework_version": assessment.framework_version,
        "assessed_at": utcnow(),
    }
    with store.begin() as conn:
        project_key = project_id(conn, check_project_name(project), create=False)
        if project_key is None:
            raise UnknownIdError(
                f"no project '{project}'", hint="import the project's service list first: dosa inventory import FILE"
            )
        services = list(conn.execute(select(ServiceRow.name).where(ServiceRow.project_id == project_key)).scalars())
        if assessment.service not in services:
            close = difflib.get_close_matches(assessment.service, services, n=3)
            raise UnknownIdError(
                f"project '{project}' has no service '{assessment.service}'",
                hint=f"did you mean {', '.join(close)}?"
                if close
                else "assess a service of the project's service list (dosa inventory services)",
            )
        existing = conn.execute(
            select(CloudAssessmentRow.id).where(
                CloudAssessmentRow.project_id == project_key, CloudAssessmentRow.service == assessment.service
            )
        ).scalar()
        if existing is None:
            conn.execute(
                insert(CloudAssessmentRow).values(project_id=project_key, service=assessment.service, **values)
            )
        else:
            conn.execute(update(CloudAssessmentRow).where(CloudAssessmentRow.id == existing).values(**values))


def load_assessments(store: Store, project: str) -> list[CloudAssessment]:
    """A project's recorded assessments, recomputed from their answers with the current framework data."""
    with store.engine.connect() as conn:
        project_key = existing_project_id(conn, project)
        rows = conn.execute(
            select(CloudAssessmentRow.service, CloudAssessmentRow.answers)
            .where(CloudAssessmentRow.project_id == project_key)
            .order_by(CloudAssessmentRow.service)
        ).all()
    out = []
    for service, raw in rows:
        data = json.loads(raw)
        answers = {k: Answer(k, int(v["seal"]), str(v.get("rationale", ""))) for k, v in data["answers"].items()}
        out.append(assess(service, answers, {k: int(v) for k, v in data["minimum"].items()}))
    return out


@dataclass(frozen=True)
class Deletion:
    """One entry of the audit trail of deleted assessments."""

    service: str
    score: float | None
    framework_version: str
    assessed_at: dt.datetime
    deleted_at: dt.datetime
    deleted_by: str
    reason: str


def delete_assessment(store: Store, project: str, service: str, deleted_by: str, reason: str = "") -> Deletion:
    """Delete a project's assessment of ``service``, keeping a copy with who, when and why in the audit
    trail; both in one transaction, so a failure changes nothing."""
    if not deleted_by.strip():
        raise InputError("a deletion needs the name of who deletes", hint="sign in, or give --by NAME")
    with store.begin() as conn:
        project_key = existing_project_id(conn, check_project_name(project))
        row = conn.execute(
            select(CloudAssessmentRow).where(
                CloudAssessmentRow.project_id == project_key, CloudAssessmentRow.service == service
            )
        ).first()
        if row is None:
            recorded = list(
                conn.execute(
                    select(CloudAssessmentRow.service).where(CloudAssessmentRow.project_id == project_key)
                ).scalars()
            )
            close = difflib.get_close_matches(service, recorded, n=3)
            raise UnknownIdError(
                f"project '{project}' has no cloud assessment of '{service}'",
                hint=f"did you mean {', '.join(close)}?"
                if close
                else "the inventory report lists them: dosa inventory report",
            )
        deletion = Deletion(
            service=row.service,
            score=row.score,
            framework_version=row.framework_version,
            assessed_at=row.assessed_at,
            deleted_at=utcnow(),
            deleted_by=deleted_by.strip(),
            reason=reason.strip(),
        )
        conn.execute(
            insert(CloudAssessmentDeletionRow).values(
                project_id=project_key,
                service=row.service,
                answers=row.answers,
                score=row.score,
                framework_version=row.framework_version,
                assessed_at=row.assessed_at,
                deleted_at=deletion.deleted_at,
                deleted_by=deletion.deleted_by,
                reason=deletion.reason,
            )
        )
        conn.execute(delete(CloudAssessmentRow).where(CloudAssessmentRow.id == row.id))
    return deletion


def deletions(store: Store, project: str) -> list[Deletion]:
    """The audit trail of a project's deleted assessments, oldest first."""
    with store.engine.connect() as conn:
        project_key = existing_project_id(conn, project)
        rows = conn.execute(
            select(CloudAssessmentDeletionRow)
            .where(CloudAssessmentDeletionRow.project_id == project_key)
            .order_by(CloudAssessmentDeletionRow.id)
        ).all()
    return [
        Deletion(r.service, r.score, r.framework_version, r.assessed_at, r.deleted_at, r.deleted_by, r.reason)
        for r in rows
    ]
