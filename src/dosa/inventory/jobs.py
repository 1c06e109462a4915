# SPDX-License-Identifier: EUPL-1.2
"""Import jobs: an SBOM or service list uploaded through the API is imported in the background and
polled by its id (as Dependency-Track's BOM upload does).

The job row is also the audit record of the upload: who (user, organisation, token), which request,
which document (name, size, SHA-256), when, and what the import made of it. The row lives in the
database, so every web worker answers a poll whichever worker runs the import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from dosa.errors import InputError
from dosa.store import Base, Store

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


class ImportJobRow(Base):
    __tablename__ = "inventory_import_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    project: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    user: Mapped[str] = mapped_column("user_name", Text)
    """Column user_name: "user" is a reserved word in PostgreSQL (SELECT user is the session's role)."""
    organisation: Mapped[str] = mapped_column(Text)
    token_id: Mapped[str] = mapped_column(String(12), default="")
    request_id: Mapped[str] = mapped_column(String(64), default="")
    source_address: Mapped[str] = mapped_column(String(64), default="")
    file_name: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    result: Mapped[str] = mapped_column(Text, default="{}")
    """JSON: the import's outcome (kind, added, changed, unchanged, errors), or the error."""


@dataclass(frozen=True)
class Upload:
    """Who sent which document, for the job's audit record."""

    user: str
    organisation: str
    token_id: str = ""
    request_id: str = ""
    source_address: str = ""


@dataclass(frozen=True)
class ImportJob:
    id: str
    project: str
    status: str
    user: str
    organisation: str
    file_name: str
    size: int
    sha256: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    result: dict[str, Any]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value if value is None or value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _job(row: ImportJobRow) -> ImportJob:
    created = _aware(row.created_at)
    assert created is not None
    return ImportJob(
        id=row.id,
        project=row.project,
        status=row.status,
        user=row.user,
        organisation=row.organisation,
        file_name=row.file_name,
        size=row.size,
        sha256=row.sha256,
        created_at=created,
        finished_at=_aware(row.finished_at),
        result=json.loads(row.result or "{}"),
    )


def safe_file_name(name: str) -> str:
    """The uploaded file's own name, without any folder and within 200 characters (kept for messages)."""
    cleaned = Path(name.replace("\\", "/")).name.strip()
    return (cleaned or "upload")[:200]


def queue_import(store: Store, project: str, file_name: str, content: bytes, upload: Upload) -> ImportJob:
    """Record a queued job for ``content`` (not yet imported); run it with :func:`run_import`."""
    row = ImportJobRow(
        id=uuid.uuid4().hex,
        project=project,
        status=QUEUED,
        user=upload.user,
        organisation=upload.organisation,
        token_id=upload.token_id,
        request_id=upload.request_id,
        source_address=upload.source_address,
        file_name=safe_file_name(file_name),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        created_at=dt.datetime.now(dt.UTC),
        finished_at=None,
        result="{}",
    )

    def add(session: Session) -> ImportJob:
        session.add(row)
        session.flush()
        return _job(row)

    return store.write(add)


def get_job(store: Store, job_id: str) -> ImportJob | None:
    with store.session() as session:
        row = session.get(ImportJobRow, job_id)
        return _job(row) if row is not None else None


def _finish(store: Store, job_id: str, status: str, result: dict[str, Any]) -> None:
    def finish(session: Session) -> None:
        session.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job_id)
            .values(status=status, result=json.dumps(result), finished_at=dt.datetime.now(dt.UTC))
        )

    store.write(finish)


def run_import(
    store: Store,
    job: ImportJob,
    content: bytes,
    *,
    organisation: str,
    subjects: list[str] | None = None,
    max_bytes: int,
) -> ImportJob:
    """Import the job's document into its project (one file: all of it or nothing) and record the outcome.

    CPU-heavy parsing happens here, so call it from a worker thread, never on the event loop."""
    from dosa.inventory.importer import Importer

    def started(session: Session) -> None:
        session.execute(update(ImportJobRow).where(ImportJobRow.id == job.id).values(status=RUNNING))

    store.write(started)
    try:
        with tempfile.TemporaryDirectory(prefix="dosa-upload-") as folder:
            path = Path(folder) / job.file_name
            path.write_bytes(content)
            importer = Importer(store, job.project, organisation=organisation, subjects=subjects, max_bytes=max_bytes)
            summary = importer.import_paths([path], atomic=True)
    except InputError as exc:
        _finish(store, job.id, FAILED, {"error": exc.message, "hint": exc.hint or ""})
    except Exception as exc:  # the job must end in a state the client can read; the details go to the log
        import logging

        logging.getLogger("dosa.web").exception("import job %s failed", job.id)
        _finish(store, job.id, FAILED, {"error": f"the import failed ({exc.__class__.__name__})", "hint": ""})
    else:
        outcomes = [
            {
                "file": safe_file_name(o.path),
                "kind": o.kind,
                "status": o.status.value,
                "added": o.added,
                "changed": o.changed,
                "removed": o.removed,
                "error": o.error,
                "hint": o.hint,
                "problems": o.problems[:50],
            }
            for o in summary.outcomes
        ]
        _finish(store, job.id, DONE if summary.ok else FAILED, {"files": outcomes})
    found = get_job(store, job.id)
    assert found is not None
    return found
