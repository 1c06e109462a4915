# SPDX-License-Identifier: EUPL-1.2
"""Import jobs: an SBOM or service list uploaded through the API is imported in the background and
polled by its id (as Dependency-Track's BOM upload does).

The job row is also the audit record of the upload: who (user, organisation, token), which request,
which document (name, size, SHA-256), when, and what the import made of it. The row lives in the
database, so every web worker answers a poll whichever worker runs the import.

A job names the process that holds it (``worker``: host, process id and its start time). When that
process dies (killed, out of memory, the machine restarted) its job must not stay ``queued`` or
``running`` for ever: :func:`expire_abandoned` (at start-up and on every poll) fails it with the reason.
A process on this machine is asked directly whether it still runs; one elsewhere (several servers on
one PostgreSQL database) holds a lease that its heartbeat renews every :data:`HEARTBEAT_EVERY` seconds,
and a job whose lease has run out (:data:`LEASE`) is failed. The import's data and its ``done`` are
committed in one transaction that first checks the job is still this worker's, so a failed job never
has data, and a worker that was wrongly given up keeps nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from dosa.errors import InputError
from dosa.store import Base, Store

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
OPEN = (QUEUED, RUNNING)
LEASE = dt.timedelta(seconds=120)
"""How long a job held by a process on another machine stays its own without a heartbeat."""
HEARTBEAT_EVERY = 20.0
"""Seconds between heartbeats (well inside :data:`LEASE`, so a busy moment never loses a lease)."""
AGAIN = "nothing of this upload was imported; send it again"
logger = logging.getLogger("dosa.web")


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
    worker: Mapped[str] = mapped_column(Text, default="")
    """The process holding the job: ``host|pid|start time`` (see :func:`this_worker`)."""
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """When the holding process last said it is alive (renewed on database servers only)."""


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


def _host() -> str:
    """This machine, and this process namespace on it (two containers may share a host name)."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()}/{namespace}"


def _stat(pid: int) -> tuple[str, str] | None:
    """A process's state letter and start time (clock ticks after boot) from /proc; ``None``: unknown."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], fields[19]


def this_worker() -> str:
    """``host|pid|start time`` of this process: the start time tells a reused process id apart."""
    stat = _stat(os.getpid())
    return f"{_host()}|{os.getpid()}|{stat[1] if stat else ''}"


def _alive(pid: int, started: str) -> bool:
    """Whether the process ``pid`` of this machine, started at ``started``, still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        pass
    stat = _stat(pid)
    if stat is None:
        return True  # no /proc: the signal said it exists
    state, start = stat
    return state not in {"Z", "X"} and (not started or start == started)


def _abandoned(worker: str, heartbeat: dt.datetime | None, now: dt.datetime, lease: dt.timedelta) -> str | None:
    """Why the job held by ``worker`` is abandoned, or ``None`` while its holder may still finish it."""
    host, _, rest = worker.partition("|")
    pid, _, started = rest.partition("|")
    if not worker or not pid.isdigit():
        return "the import was left unfinished by a dosa server that has since stopped"
    if host == _host():
        if _alive(int(pid), started):
            return None
        return "the dosa process that ran this import stopped before it finished"
    beat = _aware(heartbeat)
    if beat is not None and now - beat <= lease:
        return None
    return f"the dosa worker that ran this import gave no sign of life for {int(lease.total_seconds())} seconds"


def safe_file_name(name: str) -> str:
    """The uploaded file's own name, without any folder and within 200 characters (kept for messages)."""
    cleaned = Path(name.replace("\\", "/")).name.strip()
    return (cleaned or "upload")[:200]


def queue_import(store: Store, project: str, file_name: str, content: bytes, upload: Upload) -> ImportJob:
    """Record a queued job for ``content`` (not yet imported), held by this process; run it with
    :func:`run_import`."""
    now = dt.datetime.now(dt.UTC)
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
        created_at=now,
        finished_at=None,
        result="{}",
        worker=this_worker(),
        heartbeat_at=now,
    )

    def add(session: Session) -> ImportJob:
        session.add(row)
        session.flush()
        return _job(row)

    job = store.write(add)
    _heartbeat(store).hold(job.id)
    return job


def get_job(store: Store, job_id: str) -> ImportJob | None:
    with store.session() as session:
        row = session.get(ImportJobRow, job_id)
        return _job(row) if row is not None else None


class JobLost(Exception):
    """The job is no longer this worker's (another process declared it abandoned): keep nothing."""


def _finish(store: Store, job_id: str, status: str, result: dict[str, Any]) -> None:
    """Record the outcome, if the job is still this worker's (an abandoned one keeps its reason)."""

    def finish(session: Session) -> None:
        session.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job_id, ImportJobRow.status.in_(OPEN), ImportJobRow.worker == this_worker())
            .values(status=status, result=json.dumps(result), finished_at=dt.datetime.now(dt.UTC))
        )

    store.write(finish)


def _outcomes(summary: Any) -> dict[str, Any]:
    return {
        "files": [
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
    }


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

    me = this_worker()

    def started(session: Session) -> int:
        now = dt.datetime.now(dt.UTC)
        moved = session.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job.id, ImportJobRow.status == QUEUED)
            .values(status=RUNNING, worker=me, heartbeat_at=now)
        )
        return int(getattr(moved, "rowcount", 0))

    def done(conn: Connection, summary: Any) -> None:
        """In the import's own transaction: the data and ``done`` are committed together, or neither."""
        moved = conn.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job.id, ImportJobRow.status == RUNNING, ImportJobRow.worker == me)
            .values(status=DONE, result=json.dumps(_outcomes(summary)), finished_at=dt.datetime.now(dt.UTC))
        )
        if getattr(moved, "rowcount", 0) != 1:
            raise JobLost(job.id)

    try:
        if store.write(started) == 1:
            _import(store, job, content, Importer, organisation, subjects, max_bytes, done)
    finally:
        _heartbeat(store).release(job.id)
    found = get_job(store, job.id)
    assert found is not None
    return found


def _import(
    store: Store,
    job: ImportJob,
    content: bytes,
    importer_class: Any,
    organisation: str,
    subjects: list[str] | None,
    max_bytes: int,
    done: Any,
) -> None:
    try:
        with tempfile.TemporaryDirectory(prefix="dosa-upload-") as folder:
            path = Path(folder) / job.file_name
            path.write_bytes(content)
            importer = importer_class(
                store, job.project, organisation=organisation, subjects=subjects, max_bytes=max_bytes
            )
            summary = importer.import_paths([path], atomic=True, before_commit=done)
    except JobLost:
        logger.warning("import job %s was given up by another process; its import was rolled back", job.id)
    except InputError as exc:
        _finish(store, job.id, FAILED, {"error": exc.message, "hint": exc.hint or ""})
    except Exception as exc:  # the job must end in a state the client can read; the details go to the log
        logger.exception("import job %s failed", job.id)
        _finish(store, job.id, FAILED, {"error": f"the import failed ({exc.__class__.__name__})", "hint": ""})
    else:
        if not summary.ok:  # rolled back: nothing written
            _finish(store, job.id, FAILED, _outcomes(summary))


def expire_abandoned(
    store: Store, job_ids: Iterable[str] | None = None, *, now: dt.datetime | None = None, lease: dt.timedelta = LEASE
) -> list[str]:
    """Fail the queued or running jobs whose process has died (or, elsewhere, whose lease has run out),
    with the reason; returns their ids. Only the jobs ``job_ids`` when given (a poll asks about one)."""
    now = now or dt.datetime.now(dt.UTC)
    statement = select(ImportJobRow.id, ImportJobRow.worker, ImportJobRow.heartbeat_at).where(
        ImportJobRow.status.in_(OPEN)
    )
    if job_ids is not None:
        statement = statement.where(ImportJobRow.id.in_(list(job_ids)))
    with store.session() as session:
        candidates = session.execute(statement).all()
    expired = []
    for job_id, worker, heartbeat in candidates:
        reason = _abandoned(worker, heartbeat, now, lease)
        if reason is None:
            continue

        def fail(session: Session, job_id: str = job_id, worker: str = worker, reason: str = reason) -> int:
            moved = session.execute(
                update(ImportJobRow)
                .where(ImportJobRow.id == job_id, ImportJobRow.status.in_(OPEN), ImportJobRow.worker == worker)
                .values(status=FAILED, finished_at=now, result=json.dumps({"error": reason, "hint": AGAIN}))
            )
            return int(getattr(moved, "rowcount", 0))

        if store.write(fail) == 1:
            logger.warning("import job %s failed: %s", job_id, reason)
            expired.append(job_id)
    return expired


class Heartbeat:
    """Renews the lease of the jobs this process holds, on a database server (on SQLite every process
    runs on the one machine, where :func:`expire_abandoned` asks the process itself: no writes needed)."""

    def __init__(self, store: Store, every: float = HEARTBEAT_EVERY) -> None:
        self.store = store
        self.every = every
        self.jobs: set[str] = set()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def hold(self, job_id: str) -> None:
        if self.store.dialect == "sqlite":
            return
        with self.lock:
            self.jobs.add(job_id)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="dosa-import-heartbeat", daemon=True)
                self.thread.start()

    def release(self, job_id: str) -> None:
        with self.lock:
            self.jobs.discard(job_id)

    def _run(self) -> None:
        while True:
            time.sleep(self.every)
            with self.lock:
                held = sorted(self.jobs)
                if not held:
                    self.thread = None
                    return
            self.beat(held)

    def beat(self, held: list[str]) -> None:
        """Say once that this process still holds ``held``."""
        me, now = this_worker(), dt.datetime.now(dt.UTC)

        def renew(session: Session) -> None:
            session.execute(
                update(ImportJobRow)
                .where(ImportJobRow.id.in_(held), ImportJobRow.status.in_(OPEN), ImportJobRow.worker == me)
                .values(heartbeat_at=now)
            )

        try:
            self.store.write(renew, attempts=2)
        except Exception:  # a missed beat is not fatal: the lease outlasts several
            logger.warning("the heartbeat of import jobs %s was not recorded", ", ".join(held), exc_info=True)


_heartbeats: dict[int, Heartbeat] = {}
_heartbeats_lock = threading.Lock()


def _heartbeat(store: Store) -> Heartbeat:
    """The heartbeat of this process for ``store``'s database (one per engine)."""
    with _heartbeats_lock:
        found = _heartbeats.get(id(store.engine))
        if found is None:
            found = _heartbeats[id(store.engine)] = Heartbeat(store)
        return found
