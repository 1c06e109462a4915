# SPDX-License-Identifier: EUPL-1.2
"""The inventory's tables in the dosa database: projects, SBOMs, packages, components, services.

Free text read from SBOMs and service lists is ``Text``: real documents carry values far longer than
any fixed length (a 686-character manufacturer), and PostgreSQL, unlike SQLite, enforces lengths.

A *project* is an organisation's portfolio unit (``--project``). Each imported SBOM describes a
*subject* (an application, image or product) at a *subject version*; re-importing an SBOM for the
same subject and version updates it in place, a new version adds a row. *Packages* hold what every
version of a component shares (the purl without version, or the name), so that where-used looks up
an index of packages, not millions of component rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dosa.store.base import Base


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Project(Base):
    __tablename__ = "inventory_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    organisation: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Organisation id the project belongs to (its inventory maintainers write to it); empty: none yet."""


class Sbom(Base):
    __tablename__ = "inventory_sboms"
    __table_args__ = (UniqueConstraint("project_id", "subject", "subject_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("inventory_projects.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(Text)
    subject_version: Mapped[str] = mapped_column(Text)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    """The latest imported version of this subject in this project."""
    source_name: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(40))
    spec_version: Mapped[str] = mapped_column(String(40))
    component_count: Mapped[int] = mapped_column(Integer)
    compression: Mapped[str] = mapped_column(String(10), default="")
    serial_number: Mapped[str] = mapped_column(Text, default="")
    generator: Mapped[str] = mapped_column(Text, default="")
    document_created: Mapped[str] = mapped_column(Text, default="")
    warnings: Mapped[str] = mapped_column(Text, default="[]")
    """JSON list of the warnings found when reading."""
    dependencies: Mapped[str] = mapped_column(Text, default="{}")
    """The dependency graph as JSON: each component ref with the refs it depends on. Kept as one value
    per SBOM: read whole when a graph is needed, never queried edge by edge."""
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Package(Base):
    __tablename__ = "inventory_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    """Canonical purl without version (``pkg:maven/org.apache.logging.log4j/log4j-core``) or ``name:…``."""
    ecosystem: Mapped[str] = mapped_column(Text, default="")
    namespace: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[str] = mapped_column(Text)
    name_lc: Mapped[str] = mapped_column(Text, index=True)


class ComponentRow(Base):
    """One component of one SBOM. ``key`` is unique within its SBOM (the importer guarantees it; no
    index enforces it, which keeps imports fast)."""

    __tablename__ = "inventory_components"

    id: Mapped[int] = mapped_column(primary_key=True)
    sbom_id: Mapped[int] = mapped_column(ForeignKey("inventory_sboms.id", ondelete="CASCADE"), index=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("inventory_packages.id"), index=True)
    key: Mapped[str] = mapped_column(Text)
    ref: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[str] = mapped_column(Text)
    version: Mapped[str] = mapped_column(Text, default="")
    group: Mapped[str] = mapped_column(Text, default="")
    purl: Mapped[str] = mapped_column(Text, default="")
    cpe: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(Text, default="")
    supplier: Mapped[str] = mapped_column(Text, default="")
    manufacturer: Mapped[str] = mapped_column(Text, default="")
    licences: Mapped[str] = mapped_column(Text, default="")
    hashes: Mapped[str] = mapped_column(Text, default="")
    parent_key: Mapped[str] = mapped_column(Text, default="")
    vcs_url: Mapped[str] = mapped_column(Text, default="")
    """Where the source is kept, as the SBOM states it (evidence for the resolver)."""
    website_url: Mapped[str] = mapped_column(Text, default="")
    """The home page, as the SBOM states it (evidence for the resolver)."""


class ServiceRow(Base):
    """One entry of a service inventory (fields in :mod:`dosa.inventory.services`)."""

    __tablename__ = "inventory_services"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("inventory_projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    record: Mapped[str] = mapped_column(Text)
    """The validated service record as JSON (its fields evolve with the template, not the schema)."""
    source_name: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CloudAssessmentRow(Base):
    __tablename__ = "inventory_cloud_assessments"
    __table_args__ = (UniqueConstraint("project_id", "service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("inventory_projects.id", ondelete="CASCADE"), index=True)
    service: Mapped[str] = mapped_column(Text)
    answers: Mapped[str] = mapped_column(Text)
    """JSON: the recorded SEAL level and rationale per objective, and the minimum levels required."""
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    eligible: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    framework_version: Mapped[str] = mapped_column(String(40))
    assessed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CloudAssessmentDeletionRow(Base):
    """The audit trail of deleted cloud assessments: what was deleted, by whom, when and why.

    Append-only: a deleted assessment stays readable here (``dosa cloud deletions``)."""

    __tablename__ = "inventory_cloud_assessment_deletions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("inventory_projects.id", ondelete="CASCADE"), index=True)
    service: Mapped[str] = mapped_column(Text)
    answers: Mapped[str] = mapped_column(Text)
    """The deleted assessment's answers, as recorded (JSON)."""
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    framework_version: Mapped[str] = mapped_column(String(40))
    assessed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_by: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
