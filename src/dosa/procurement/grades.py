# SPDX-License-Identifier: EUPL-1.2
"""SBOM grades kept in the inventory, and the procurement view built on them: which supplier's SBOMs
fail which requirement.

A grade belongs to a project and to the SBOM document (its SHA-256, the digest the inventory keys
imported SBOMs by), one row per profile. Grading a file again replaces its rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from dosa.inventory.tables import Sbom, utcnow
from dosa.inventory.writer import check_project_name, existing_project_id, project_id
from dosa.procurement.sbom_grade import SbomGrade, Status
from dosa.store import Store
from dosa.store.base import Base


class SbomGradeRow(Base):
    __tablename__ = "procurement_sbom_grades"
    __table_args__ = (UniqueConstraint("project_id", "sha256", "profile"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("inventory_projects.id", ondelete="CASCADE"), index=True)
    sbom_id: Mapped[int | None] = mapped_column(
        ForeignKey("inventory_sboms.id", ondelete="SET NULL"), nullable=True, index=True
    )
    """The imported SBOM with the same SHA-256, when the file was imported into the project."""
    source_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    supplier: Mapped[str] = mapped_column(String(500), default="")
    profile: Mapped[str] = mapped_column(String(20))
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    meets: Mapped[str] = mapped_column(String(12))
    """``yes``, ``no`` or ``not_checked``."""
    component_count: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[str] = mapped_column(Text, default="[]")
    """JSON list: each failed rule with its clause, the number of failing components and the first ones."""
    graded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def _meets_word(value: bool | None) -> str:
    return "not_checked" if value is None else ("yes" if value else "no")


def save_grades(store: Store, project: str, grades: list[SbomGrade]) -> int:
    """Record the grades in ``project``; returns how many graded files match an imported SBOM."""
    store.ensure_schema()
    linked = 0
    with store.begin() as conn:
        project_key = project_id(conn, check_project_name(project))
        assert project_key is not None
        for grade in grades:
            sbom_key = conn.execute(
                select(Sbom.id).where(Sbom.project_id == project_key, Sbom.source_sha256 == grade.sha256).limit(1)
            ).scalar()
            linked += sbom_key is not None
            conn.execute(
                delete(SbomGradeRow).where(SbomGradeRow.project_id == project_key, SbomGradeRow.sha256 == grade.sha256)
            )
            for profile in grade.profiles:
                failures = [
                    {
                        "rule": r.rule.id,
                        "requirement": r.rule.requirement,
                        "clause": r.rule.clause,
                        "failed": r.failed,
                        "checked": r.checked,
                        "failing": list(r.failing[:10]),
                    }
                    for r in profile.results
                    if r.status is Status.FAIL
                ]
                conn.execute(
                    insert(SbomGradeRow).values(
                        project_id=project_key,
                        sbom_id=sbom_key,
                        source_name=grade.source[:500],
                        sha256=grade.sha256,
                        supplier=grade.supplier[:500],
                        profile=profile.profile,
                        score=profile.score,
                        meets=_meets_word(profile.meets),
                        component_count=grade.component_count,
                        failures=json.dumps(failures, ensure_ascii=False),
                        graded_at=utcnow(),
                    )
                )
    return linked


@dataclass(frozen=True)
class StoredGrade:
    source: str
    sha256: str
    supplier: str
    profile: str
    score: float | None
    meets: str
    component_count: int
    imported: bool
    failures: tuple[dict[str, Any], ...]


def load_grades(store: Store, project: str) -> list[StoredGrade]:
    """The grades recorded in ``project`` (reading never creates a table: none recorded yet is empty)."""
    if not inspect(store.engine).has_table(SbomGradeRow.__tablename__):
        with store.engine.connect() as conn:
            existing_project_id(conn, project)
        return []
    with store.engine.connect() as conn:
        project_key = existing_project_id(conn, project)
        rows = conn.execute(
            select(SbomGradeRow)
            .where(SbomGradeRow.project_id == project_key)
            .order_by(SbomGradeRow.supplier, SbomGradeRow.source_name, SbomGradeRow.profile)
        ).all()
    return [
        StoredGrade(
            r.source_name,
            r.sha256,
            r.supplier,
            r.profile,
            r.score,
            r.meets,
            r.component_count,
            r.sbom_id is not None,
            tuple(json.loads(r.failures)),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class SupplierFailure:
    """One line of the procurement view: a supplier, a requirement its SBOMs fail, and which SBOMs."""

    supplier: str
    profile: str
    rule: str
    requirement: str
    clause: str
    sboms: tuple[str, ...]
    failing_components: int


UNKNOWN_SUPPLIER = "(supplier not stated in the SBOM)"


def supplier_view(grades: list[StoredGrade], profile: str | None = None) -> list[SupplierFailure]:
    """Suppliers whose SBOMs fail a requirement, one line per supplier and requirement."""
    grouped: dict[tuple[str, str, str], list[tuple[StoredGrade, dict[str, Any]]]] = defaultdict(list)
    for grade in grades:
        if profile and grade.profile != profile:
            continue
        for failure in grade.failures:
            grouped[(grade.supplier or UNKNOWN_SUPPLIER, grade.profile, failure["rule"])].append((grade, failure))
    out = []
    for (supplier, prof, rule), items in sorted(grouped.items()):
        first = items[0][1]
        out.append(
            SupplierFailure(
                supplier,
                prof,
                rule,
                first["requirement"],
                first["clause"],
                tuple(sorted({g.source for g, _ in items})),
                sum(int(f["failed"]) for _, f in items),
            )
        )
    return out
