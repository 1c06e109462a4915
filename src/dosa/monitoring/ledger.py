# SPDX-License-Identifier: EUPL-1.2
"""Reading and writing the status ledger: a checked batch is recorded in one transaction or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dosa.dataset.model import Dataset
from dosa.dataset.problems import ValidationReport
from dosa.errors import InputError
from dosa.monitoring.chain import BATCH_FIELDS, ENTRY_FIELDS, GENESIS, entry_hash
from dosa.monitoring.history import StatusEntry, status_on
from dosa.monitoring.status import ProgressStatus
from dosa.monitoring.tables import StatusBatchRow, StatusEntryRow
from dosa.monitoring.updates import UpdatePlan
from dosa.store import Store

LEDGER_LOCK = 0x646F7361
"""PostgreSQL advisory lock key ('dosa') that ledger writers take in turn."""


@dataclass(frozen=True)
class Provenance:
    """Where a recorded change came from, besides its author: kept in the ledger and its hash chain."""

    organisation: str = ""
    source_address: str = ""
    request_id: str = ""


class UpdateRejected(InputError):
    """A batch of updates has errors; nothing was recorded. ``report`` lists every one."""

    def __init__(
        self, report: ValidationReport, source: str, hint: str = "fix every row listed and import the file again"
    ) -> None:
        super().__init__(f"{source}: {len(report.errors)} error(s); nothing was recorded", hint=hint)
        self.report = report


def utc_now() -> dt.datetime:
    """The current time in UTC, without tzinfo (as the ledger stores it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Batch:
    id: int
    origin: str
    file_name: str | None
    sha256: str | None
    rows: int
    author: str
    recorded_at: dt.datetime
    dataset_version: str


def _entry(row: StatusEntryRow, origin: str) -> StatusEntry:
    return StatusEntry(
        id=row.id,
        action=row.action,
        date=row.date,
        status=ProgressStatus(row.status),
        previous=ProgressStatus(row.previous),
        note=row.note,
        author=row.author,
        recorded_at=row.recorded_at,
        origin=origin,
        batch=row.batch_id,
    )


def _batch(row: StatusBatchRow) -> Batch:
    return Batch(
        row.id, row.origin, row.file_name, row.sha256, row.rows, row.author, row.recorded_at, row.dataset_version
    )


class Ledger:
    """The monitoring part of a dosa database."""

    def __init__(self, store: Store, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.store = store
        self.clock = clock
        store.ensure_schema()

    def entries(self, action: str | None = None) -> list[StatusEntry]:
        """Every entry (of one action), in the order recorded."""
        with self.store.session() as session:
            return self._entries(session, action)

    @staticmethod
    def _entries(session: Session, action: str | None = None) -> list[StatusEntry]:
        query = select(StatusEntryRow, StatusBatchRow.origin).join(
            StatusBatchRow, StatusEntryRow.batch_id == StatusBatchRow.id
        )
        if action is not None:
            query = query.where(StatusEntryRow.action == action)
        return [_entry(row, origin) for row, origin in session.execute(query.order_by(StatusEntryRow.id))]

    def batches(self) -> list[Batch]:
        with self.store.session() as session:
            return [_batch(row) for row in session.scalars(select(StatusBatchRow).order_by(StatusBatchRow.id))]

    def apply(
        self,
        dataset: Dataset,
        plan: UpdatePlan,
        *,
        author: str,
        origin: str = "cli",
        file_name: str | None = None,
        sha256: str | None = None,
        provenance: Provenance | None = None,
    ) -> tuple[Batch | None, list[StatusEntry]]:
        """Record every update of a checked plan in one transaction; refuse a plan with errors.

        Writers take turns (SQLite: an immediate transaction; PostgreSQL: a transaction-level
        advisory lock), so ``previous`` of each entry is the status in effect on its date just before
        it, read inside that same transaction, and each entry is chained to the one recorded before it.
        A busy database is retried and then reported as :class:`~dosa.store.StoreBusy` (nothing
        recorded). An update that would change nothing for a repeat of the action it was given for is
        left out.
        """
        if not plan.ok:
            raise UpdateRejected(plan.report, plan.source)
        if not plan.updates:
            return None, []
        where = provenance or Provenance()

        def record(session: Session) -> tuple[Batch | None, list[StatusEntry]]:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LEDGER_LOCK})
            now = self.clock()
            known = self._entries(session)
            next_id = max((e.id for e in known), default=0) + 1
            pending: list[StatusEntry] = []
            for update in plan.updates:
                previous = status_on(dataset.actions[update.action], known, update.date).status
                if update.via is not None and previous is update.status and not update.note:
                    continue
                entry = StatusEntry(
                    id=next_id + len(pending),
                    action=update.action,
                    date=update.date,
                    status=update.status,
                    previous=previous,
                    note=update.note,
                    author=update.author,
                    recorded_at=now,
                    origin=origin,
                )
                pending.append(entry)
                known.append(entry)
            if not pending:
                return None, []
            batch = StatusBatchRow(
                origin=origin,
                file_name=file_name,
                sha256=sha256,
                rows=len(pending),
                author=author,
                recorded_at=now,
                dataset_version=dataset.info.label,
            )
            session.add(batch)
            session.flush()
            batch_fields = {name: getattr(batch, name) for name in BATCH_FIELDS}
            last = session.scalar(select(StatusEntryRow.entry_hash).order_by(StatusEntryRow.id.desc()).limit(1))
            prev_hash = last or GENESIS
            rows = []
            for e in pending:
                row = StatusEntryRow(
                    id=e.id,
                    action=e.action,
                    date=e.date,
                    status=e.status.value,
                    previous=e.previous.value,
                    note=e.note,
                    author=e.author,
                    recorded_at=now,
                    batch_id=batch.id,
                    organisation=where.organisation,
                    source_address=where.source_address,
                    request_id=where.request_id,
                    prev_hash=prev_hash,
                )
                row.entry_hash = entry_hash(
                    prev_hash, {name: getattr(row, name) for name in ENTRY_FIELDS}, batch_fields
                )
                prev_hash = row.entry_hash
                rows.append(row)
            session.add_all(rows)
            session.flush()
            return _batch(batch), [_entry(row, origin) for row in rows]

        return self.store.write(record)
