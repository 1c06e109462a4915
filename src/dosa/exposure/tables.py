# SPDX-License-Identifier: EUPL-1.2
"""The exposure tables in the dosa database: advisories (OSV, CSAF), the packages they affect,
KEV entries, EPSS scores and VEX statements.

Every record keeps where it came from (``origin``: the file name), when it was read
(``retrieved_at``) and its licence. Natural keys are unique, so importing again updates rows
instead of adding them. Types and lengths are PostgreSQL-safe (no unbounded ``String``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dosa.store.base import Base


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AdvisoryRow(Base):
    """One advisory record (an OSV record or one vulnerability of a CSAF document)."""

    __tablename__ = "exposure_advisories"

    id: Mapped[int] = mapped_column(primary_key=True)
    advisory_id: Mapped[str] = mapped_column(String(300), unique=True)
    """The record's own id (``GHSA-…``, ``CVE-…``, or ``<CSAF tracking id>/<CVE>``)."""
    source: Mapped[str] = mapped_column(String(20))
    """``osv`` or ``csaf``."""
    aliases: Mapped[str] = mapped_column(Text, default="[]")
    """JSON list of the other ids of the same vulnerability (CVE, GHSA, …)."""
    summary: Mapped[str] = mapped_column(Text, default="")
    severity_vector: Mapped[str] = mapped_column(String(300), default="")
    cvss_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    severity_label: Mapped[str] = mapped_column(String(40), default="")
    published: Mapped[str] = mapped_column(String(64), default="")
    modified: Mapped[str] = mapped_column(String(64), default="")
    withdrawn: Mapped[str] = mapped_column(String(64), default="")
    publisher: Mapped[str] = mapped_column(String(300), default="")
    origin: Mapped[str] = mapped_column(String(500))
    licence: Mapped[str] = mapped_column(String(200), default="")
    retrieved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AffectedRow(Base):
    """What one advisory says about one package: its ranges and listed versions (JSON)."""

    __tablename__ = "exposure_affected"

    id: Mapped[int] = mapped_column(primary_key=True)
    advisory_pk: Mapped[int] = mapped_column(ForeignKey("exposure_advisories.id", ondelete="CASCADE"), index=True)
    package_key: Mapped[str] = mapped_column(String(1000), index=True)
    """The inventory's package key (purl without version), or ``cpe:vendor:product``."""
    scheme: Mapped[str] = mapped_column(String(40))
    """univers version scheme (``maven``, ``npm``, ``pypi``, …; ``generic`` when unknown)."""
    spec: Mapped[str] = mapped_column(Text)
    """JSON: ``{"ranges": [{"type", "events"}], "versions": [...], "vers": [...], "fixed": [...]}``."""


class KevRow(Base):
    __tablename__ = "exposure_kev"

    id: Mapped[int] = mapped_column(primary_key=True)
    cve: Mapped[str] = mapped_column(String(40), unique=True)
    date_added: Mapped[str] = mapped_column(String(20), default="")
    due_date: Mapped[str] = mapped_column(String(20), default="")
    vendor: Mapped[str] = mapped_column(String(300), default="")
    product: Mapped[str] = mapped_column(String(300), default="")
    name: Mapped[str] = mapped_column(Text, default="")
    ransomware: Mapped[str] = mapped_column(String(20), default="")
    catalogue_version: Mapped[str] = mapped_column(String(40), default="")
    origin: Mapped[str] = mapped_column(String(500))
    licence: Mapped[str] = mapped_column(String(200), default="")
    retrieved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EpssRow(Base):
    __tablename__ = "exposure_epss"

    id: Mapped[int] = mapped_column(primary_key=True)
    cve: Mapped[str] = mapped_column(String(40), unique=True)
    score: Mapped[float] = mapped_column(Float)
    percentile: Mapped[float] = mapped_column(Float)
    score_date: Mapped[str] = mapped_column(String(40), default="")
    model_version: Mapped[str] = mapped_column(String(40), default="")
    origin: Mapped[str] = mapped_column(String(500))
    licence: Mapped[str] = mapped_column(String(200), default="")
    retrieved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class VexRow(Base):
    """One VEX statement: a vulnerability's status for one product, with its justification."""

    __tablename__ = "exposure_vex"
    __table_args__ = (UniqueConstraint("vulnerability", "product", "origin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vulnerability: Mapped[str] = mapped_column(String(300), index=True)
    product: Mapped[str] = mapped_column(String(1000))
    """A purl (with or without version), a CPE, or a product/subject name."""
    status: Mapped[str] = mapped_column(String(40))
    """``not_affected``, ``fixed``, ``affected`` or ``under_investigation``."""
    justification: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(40))
    author: Mapped[str] = mapped_column(String(300), default="")
    origin: Mapped[str] = mapped_column(String(500))
    licence: Mapped[str] = mapped_column(String(200), default="")
    retrieved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


COUNTED = (AdvisoryRow, AffectedRow, KevRow, EpssRow, VexRow)
