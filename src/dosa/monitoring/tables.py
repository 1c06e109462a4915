# SPDX-License-Identifier: EUPL-1.2
"""The monitoring tables in the dosa database: the append-only status ledger and its import batches.

Every change is a new row: who (user and organisation), when, from where (source address, request
id), the day it applies from, old → new status, note; each row carries the hash of the row before it
(:mod:`dosa.monitoring.chain`). Rows are never updated or deleted: triggers refuse both on SQLite and
PostgreSQL (made by the migrations), and ``dosa db verify`` finds any change that got past them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dosa.store import Base


class StatusBatchRow(Base):
    """One import of an owner's spreadsheet (or one command), applied as one transaction."""

    __tablename__ = "monitoring_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(String(20))
    """'cli' or 'import'."""
    file_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    rows: Mapped[int] = mapped_column(Integer)
    """Entries the batch recorded."""
    author: Mapped[str] = mapped_column(String(200))
    """Who ran the command or the import."""
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    dataset_version: Mapped[str] = mapped_column(String(100))


class StatusEntryRow(Base):
    """One status or progress note of one action."""

    __tablename__ = "monitoring_status_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    previous: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    batch_id: Mapped[int] = mapped_column(ForeignKey("monitoring_batches.id"), index=True)
    organisation: Mapped[str] = mapped_column(Text, default="")
    """The organisation the author acted for (signed-in users); empty from the command line."""
    source_address: Mapped[str] = mapped_column(String(64), default="")
    """The client address of the web request that recorded it; empty from the command line."""
    request_id: Mapped[str] = mapped_column(String(64), default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    """``entry_hash`` of the entry recorded before this one (64 zeros for the first)."""
    entry_hash: Mapped[str] = mapped_column(String(64), default="")
