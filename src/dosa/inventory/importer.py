# SPDX-License-Identifier: EUPL-1.2
"""Import SBOMs and service inventories into the dosa database: read each file, then write it.

Each file is written in its own savepoint: a file that fails leaves nothing behind. With ``atomic`` the whole
batch is one transaction, rolled back entirely if any file is rejected. Importing the same
document twice changes nothing; importing a new document for the same subject and version
updates its components in place (matched by identity, see :mod:`dosa.inventory.identity`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from dosa.errors import InputError, RecordsError
from dosa.inventory.outcome import FileOutcome, ImportSummary, Status
from dosa.inventory.sbom.detect import detect, parse_detected
from dosa.inventory.sbom.model import ParsedSbom
from dosa.inventory.sbom.reading import DEFAULT_MAX_BYTES, SourceBytes, read_source
from dosa.inventory.sbom.validate import validate_strict
from dosa.inventory.services import Service, read_services
from dosa.inventory.writer import Writer, check_project_name, project_id, project_organisation
from dosa.store import Store

T = TypeVar("T")

__all__ = [
    "FileOutcome",
    "ImportSummary",
    "Importer",
    "Loaded",
    "Status",
    "check_project_name",
    "expand_paths",
    "import_paths",
    "iter_paths",
    "project_id",
]

GROUP_ROWS = 100_000
"""Components written per commit. Files are grouped into one transaction (each file in its own
savepoint, so a failing file still leaves nothing behind): every commit of SQLite's write-ahead log
rewrites each index page it touched, and a page touched by many files is then written once."""


class _Group:
    """Files written in one transaction, committed together."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows = 0
        self.outcomes: list[FileOutcome] = []
        self.pending: dict[str, int] = {}
        self.transaction: Any = None

    def savepoint(self) -> Any:
        if self.transaction is None:
            self.transaction = self.conn.begin()
        return self.conn.begin_nested()

    def add(self, outcome: FileOutcome, pending: dict[str, int]) -> None:
        self.outcomes.append(outcome)
        self.pending.update(pending)
        self.rows += outcome.added + outcome.changed + 1

    @property
    def full(self) -> bool:
        return self.rows >= GROUP_ROWS

    def commit(self) -> dict[str, int]:
        """Commit; on failure mark the group's files rejected. Returns the package ids now stored."""
        transaction, pending, outcomes = self.transaction, self.pending, self.outcomes
        self.transaction, self.pending, self.outcomes, self.rows = None, {}, [], 0
        if transaction is None:
            return {}
        try:
            transaction.commit()
        except SQLAlchemyError as exc:
            transaction.rollback()
            for outcome in outcomes:
                outcome.status, outcome.error = Status.REJECTED, f"database error on commit: {exc}"
                outcome.hint = "nothing of this file was written; check the database (--db)"
            return {}
        return pending


@dataclass(frozen=True)
class Loaded:
    """A file read and parsed, ready to be written."""

    source: SourceBytes
    content: ParsedSbom | list[Service]


class _Rollback(Exception):
    """Raised inside an atomic batch to roll it back after a rejected file."""


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and every file under given folders (sorted; hidden files and folders skipped).

    Lazy, so that a caller can produce files while they are imported.
    """
    for path in paths:
        if path.is_dir():
            yield from (
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    return list(iter_paths(paths))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while one file is read and written.

    Parsing creates hundreds of thousands of acyclic objects (freed by reference counting); each
    burst would otherwise trigger collections that rescan every long-lived object. Collection resumes
    after the file, so memory stays bounded.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _foreign_keys_unchecked(conn: Connection) -> Iterator[None]:
    """SQLite without its per-row foreign-key lookups while an import connection writes.

    The writer's rows refer only to the SBOM it has just inserted and to packages it has looked up
    or inserted in the same transaction (packages are never deleted), so the check cannot fail; on
    a bulk insert it costs two index lookups per component row. SQLite ignores this pragma inside a
    transaction, so it is set on the driver connection before the first one begins, and restored
    before the connection goes back to the pool.
    """
    if conn.dialect.name != "sqlite" or conn.in_transaction():
        yield
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if driver.in_transaction:  # cannot restore the pragma: the connection must not be reused
            conn.invalidate()
        else:
            driver.execute("PRAGMA foreign_keys=ON")


def refused_or(path: Path, outcome: FileOutcome, read: Callable[[], T]) -> T | None:
    """``read()``, or None with why the file is refused filled in ``outcome`` (both importers)."""
    try:
        return read()
    except RecordsError as exc:
        outcome.kind = "services"
        outcome.error, outcome.hint = exc.message, exc.hint or ""
        outcome.problems = [str(p) for p in exc.report.sorted()]
    except InputError as exc:
        outcome.error, outcome.hint = exc.message, exc.hint or ""
    except RecursionError:  # a structure nested beyond reason, in any format: this file is refused
        outcome.error = f"{path.name}: the document is nested too deeply to read"
        outcome.hint = "this is not a real SBOM structure; check how the file was generated"
    return None


def parse_file(
    source: SourceBytes, outcome: FileOutcome, strict: bool, subjects: Iterable[str] | None
) -> ParsedSbom | list[Service]:
    """An SBOM in any format dosa reads, else a service inventory; ``outcome.kind`` says which."""
    is_zip = source.data.startswith(b"PK\x03\x04")
    if not is_zip:
        detected = detect(source)
        if detected.format is not None:
            sbom = parse_detected(detected, source)
            if strict:
                validate_strict(source, sbom)
            outcome.kind = "sbom"
            return sbom
        if not isinstance(detected.payload, str):  # JSON or XML that is no SBOM: not a service list either
            raise InputError(
                f"{source.name}: not an SBOM: {detected.reason}",
                hint="dosa reads CycloneDX and SPDX SBOMs and service inventories (CSV, XLSX, YAML)",
            )
        reason = detected.reason
    else:
        reason = "a ZIP archive that is not an XLSX service inventory"
    services = read_services(source.data, source.name, subjects)
    if services is None:
        raise InputError(
            f"{source.name}: not an SBOM or a service inventory: {reason}",
            hint="dosa reads CycloneDX and SPDX SBOMs and service inventories (CSV, XLSX, YAML)",
        )
    outcome.kind = "services"
    return services


class ReadOptions(TypedDict, total=False):
    """How files are read and named, for the operational and the bulk importer alike."""

    subject: str | None
    version: str | None
    strict: bool
    max_bytes: int
    subjects: Iterable[str] | None


class Importer:
    """Imports files into one project of a store, remembering package ids across files."""

    def __init__(
        self,
        store: Store,
        project: str,
        *,
        subject: str | None = None,
        version: str | None = None,
        strict: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        subjects: Iterable[str] | None = None,
        organisation: str | None = None,
    ) -> None:
        self.store = store
        self.project = check_project_name(project)
        self.organisation = organisation.strip().lower() if organisation else None
        """The organisation the project belongs to (a new project gets it; another's is refused)."""
        self.strict = strict
        self.max_bytes = max_bytes
        self.subjects = list(subjects) if subjects is not None else None
        self.writer = Writer(subject, version)

    def check_project(self) -> None:
        """Refuse at once to import into a project of another organisation (nothing is read or written)."""
        if not self.organisation:
            return
        with self.store.engine.connect() as conn:
            owner = project_organisation(conn, self.project)
        if owner and owner != self.organisation:
            raise InputError(
                f"project '{self.project}' belongs to organisation '{owner}', not '{self.organisation}'",
                hint="import into a project of your organisation, or leave out --organisation",
                field="organisation",
            )

    # --- reading ---------------------------------------------------------------------------

    def load(self, path: Path, outcome: FileOutcome) -> Loaded | None:
        """Read one file without touching the database; on failure fill in ``outcome`` and return None."""

        def read() -> Loaded:
            source = read_source(path, self.max_bytes)
            return Loaded(source, parse_file(source, outcome, self.strict, self.subjects))

        return refused_or(path, outcome, read)

    # --- writing ---------------------------------------------------------------------------

    def _write(
        self,
        conn: Connection,
        loaded: Loaded,
        outcome: FileOutcome,
        pending: dict[str, int],
        known: dict[str, int] | None = None,
    ) -> None:
        project = project_id(conn, self.project, organisation=self.organisation)
        assert project is not None
        if isinstance(loaded.content, ParsedSbom):
            self.writer.write_sbom(conn, project, loaded.content, loaded.source, outcome, pending, known)
        else:
            self.writer.write_services(conn, project, loaded.content, loaded.source.name, outcome)

    # --- batches ---------------------------------------------------------------------------

    def import_paths(
        self,
        paths: Iterable[Path],
        *,
        atomic: bool = False,
        on_file: Callable[[FileOutcome], None] | None = None,
        before_commit: Callable[[Connection, ImportSummary], None] | None = None,
    ) -> ImportSummary:
        """Import ``paths``; with ``atomic``, all of them or nothing, and ``before_commit`` runs inside that
        one transaction once every file is written (it may write too, or raise to undo everything)."""
        self.check_project()
        own = self.store.database_files()
        files = (f for f in iter_paths(paths) if f.resolve() not in own)
        summary = ImportSummary(self.project)
        if atomic:
            self._import_atomic(files, summary, on_file, before_commit)
            return summary
        with self.store.write_connection() as conn, _foreign_keys_unchecked(conn):
            group = _Group(conn)
            try:
                for path in files:
                    outcome = FileOutcome(str(path))
                    with _gc_paused():
                        loaded = self.load(path, outcome)
                        if loaded is not None:
                            self._import_one(group, loaded, outcome)
                    summary.outcomes.append(outcome)
                    if group.full:
                        self.writer.remember(group.commit())
                    if on_file is not None:
                        on_file(outcome)
            finally:
                self.writer.remember(group.commit())
        return summary

    def _import_one(self, group: _Group, loaded: Loaded, outcome: FileOutcome) -> None:
        """Write one file inside a savepoint of the group's transaction: a failure undoes only this file."""
        pending: dict[str, int] = {}
        savepoint = group.savepoint()
        try:
            self._write(group.conn, loaded, outcome, pending, group.pending)
        except SQLAlchemyError as exc:
            savepoint.rollback()
            outcome.status, outcome.error = Status.REJECTED, f"database error: {exc.__class__.__name__}: {exc}"
            outcome.hint = "nothing of this file was written; check the database (--db)"
            return
        except BaseException:  # interrupted: never keep half a file
            savepoint.rollback()
            raise
        savepoint.commit()
        group.add(outcome, pending)

    def _import_atomic(
        self,
        files: Iterable[Path],
        summary: ImportSummary,
        on_file: Callable[[FileOutcome], None] | None,
        before_commit: Callable[[Connection, ImportSummary], None] | None = None,
    ) -> None:
        pending: dict[str, int] = {}
        try:
            with self.store.begin() as conn:
                for path in files:
                    outcome = FileOutcome(str(path))
                    with _gc_paused():
                        loaded = self.load(path, outcome)
                        if loaded is not None:
                            self._write(conn, loaded, outcome, pending)
                    summary.outcomes.append(outcome)
                    if on_file is not None:
                        on_file(outcome)
                if not summary.ok:
                    raise _Rollback
                if before_commit is not None:
                    before_commit(conn, summary)
        except (_Rollback, SQLAlchemyError) as exc:
            for outcome in summary.outcomes:
                if outcome.status is not Status.REJECTED:
                    outcome.status = Status.ROLLED_BACK
            if isinstance(exc, SQLAlchemyError):
                summary.outcomes.append(
                    FileOutcome("(batch)", error=f"database error: {exc}", hint="nothing of this batch was written")
                )
            return
        self.writer.remember(pending)


def import_paths(
    store: Store,
    paths: Iterable[Path],
    project: str,
    *,
    subject: str | None = None,
    version: str | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    atomic: bool = False,
    subjects: Iterable[str] | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
    organisation: str | None = None,
) -> ImportSummary:
    """Import files and folders into ``project``; see :class:`Importer`.

    ``subject`` and ``version`` override what the SBOMs say they describe; ``subjects`` are the
    dataset's subject ids a service inventory may refer to.
    """
    importer = Importer(
        store,
        project,
        subject=subject,
        version=version,
        strict=strict,
        max_bytes=max_bytes,
        subjects=subjects,
        organisation=organisation,
    )
    return importer.import_paths(paths, atomic=atomic, on_file=on_file)
