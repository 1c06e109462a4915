# SPDX-License-Identifier: EUPL-1.2
"""Bulk import: SBOM and service files straight into Parquet, without a row of SQL.

Files are read and parsed with the operational importer's readers (:mod:`dosa.inventory.sbom`), and
components get the same identities (:meth:`dosa.inventory.writer.Writer._identities`), so both stores
hold the same components. Parsing runs in ``jobs`` worker processes, each turning a chunk of files
into Arrow columns and writing them as one Parquet part file under a temporary name.

Semantics follow the operational store: an SBOM document already stored for the same subject and
version is *unchanged*; a new document for a stored subject version *updates* it (the new document's
rows replace the old in every analysis); a new subject version is *imported*, and each subject's
current version is the latest document timestamp if every version has one, else the latest imported.
Nothing is visible until the partition's ``sboms`` file is replaced at the end (the commit point);
an interrupted or failed run leaves only unnamed rows and temporary files behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dosa.inventory.identity import PurlInfo, identify, parse_purl
from dosa.inventory.importer import ReadOptions, iter_paths, parse_file, refused_or
from dosa.inventory.outcome import FileOutcome, ImportSummary, Status
from dosa.inventory.sbom.cyclonedx_fast import FIELDS, ColumnarSbom, as_columns, parse_columns
from dosa.inventory.sbom.reading import DEFAULT_MAX_BYTES, SourceBytes, read_source
from dosa.inventory.services import Service
from dosa.inventory.writer import display_stem, import_timestamp
from dosa.portfolio.layout import (
    COMPONENT_SCHEMA,
    DEPENDENCY_SCHEMA,
    ORGANISATION_SCHEMA,
    ORGANISATIONS_FILE,
    SBOM_SCHEMA,
    SBOMS_FILE,
    SERVICE_SCHEMA,
    SERVICES_FILE,
    StoreLayout,
    check_name,
    partition_lock,
    replace_atomically,
    temporary_path,
)

CHUNK_FILES = 64
"""Files per worker task (and at most one part file per task unless it exceeds PART_ROWS)."""
PART_ROWS = 1_000_000
"""Component rows per Parquet part file, at most; bounds a worker's memory."""
BATCH_ROWS = 65_536
"""Component rows held as Python lists before they are converted to Arrow (about 60 MB of strings)."""
ROW_GROUP_ROWS = 256_000
UNIQUE_COLUMNS = frozenset({"key", "ref", "purl", "hashes", "parent_key", "depends_on"})
"""Columns with (nearly) a distinct value per row: Parquet dictionaries would only cost time."""
FILTERED_COLUMNS = frozenset(
    [
        *("organisation", "project", "sbom_id", "ref"),  # partitions and joins
        *("package_key", "ecosystem", "namespace", "package_name", "name_lc", "version"),  # where-used
    ]
)
"""Columns the analyses filter or join on: only these get min/max statistics (which let a reader skip
row groups); statistics of long unique strings such as hashes cost a sixth of the Parquet writing."""
SORT_KEYS = {"components": ("package_key", "version")}
"""Part files are sorted by package: each row group's min/max statistics then let DuckDB and Spark
skip every row group that cannot hold the package a where-used query asks for, and the sorted
columns compress better (200 synthetic SBOMs: 15 MiB sorted, 19 MiB unsorted)."""


@dataclass
class Document:
    """One SBOM read by a worker: its ``sboms`` row (without ``is_current``/``seq``) and outcome."""

    outcome: FileOutcome
    row: dict[str, Any] | None = None


@dataclass
class ChunkResult:
    documents: list[Document] = field(default_factory=list)
    services: list[tuple[FileOutcome, list[Service]]] = field(default_factory=list)
    parts: list[tuple[str, Path]] = field(default_factory=list)
    """(table, temporary file) written by the worker."""


@dataclass(frozen=True)
class Settings:
    root: Path
    organisation: str
    project: str
    run: str
    subject: str | None = None
    version: str | None = None
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    subjects: tuple[str, ...] | None = None


def load(
    path: Path, settings: Settings, outcome: FileOutcome
) -> tuple[SourceBytes, ColumnarSbom | list[Service]] | None:
    """Read and parse one file as :class:`dosa.inventory.importer.Importer` does; ``None`` on failure.
    CycloneDX JSON goes straight into columns; other formats are read by the general readers."""

    def read() -> tuple[SourceBytes, ColumnarSbom | list[Service]]:
        source = read_source(path, settings.max_bytes)
        if not settings.strict and (columnar := parse_columns(source.data, source.name)) is not None:
            outcome.kind = "sbom"
            return source, columnar
        content = parse_file(source, outcome, settings.strict, settings.subjects)
        return source, content if isinstance(content, list) else as_columns(content)

    return refused_or(path, outcome, read)


_CONSTANT = ("organisation", "project", "sbom_id")
"""Columns that are the same for every row of a document: built by Arrow at flush, not row by row."""
_TEXT = pa.string()


def _per_distinct(values: pa.Array, rule: Callable[[str], str]) -> pa.Array:
    """``rule`` applied to every value, computed once per distinct value."""
    encoded = values.dictionary_encode()
    return pa.array([rule(v) for v in encoded.dictionary.to_pylist()], _TEXT).take(encoded.indices)


_NO_PURL = PurlInfo("", "", "", "", "", "")


def _codes(
    values: pa.Array, documents: np.ndarray[Any, np.dtype[np.int64]] | None = None
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """One integer per distinct value, or per distinct (document, value) when ``documents`` numbers
    each row's document: equal rows of different documents get different codes."""
    codes: np.ndarray[Any, np.dtype[np.int64]]
    codes = values.dictionary_encode().indices.to_numpy(zero_copy_only=False).astype(np.int64)
    if documents is not None and len(codes):
        codes = documents * (int(codes.max()) + 1) + codes
    return codes


def _numbered(keys: pa.Array, documents: np.ndarray[Any, np.dtype[np.int64]] | None = None) -> pa.Array:
    """Each key's second and later occurrences as ``key#2``, ``key#3``, …, in document order, counted
    per document when ``documents`` numbers each row's document."""
    codes = _codes(keys, documents)
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(ordered)]))
    occurrence = np.empty(len(codes), dtype=np.int64)
    occurrence[order] = np.arange(len(ordered)) - run_start + 1
    suffixed = pc.binary_join_element_wise(keys, pc.cast(pa.array(occurrence), _TEXT), "#")
    return pc.if_else(pa.array(occurrence > 1), suffixed, keys)


def identity_columns(
    columns: dict[str, pa.Array],
    parents: np.ndarray[Any, np.dtype[np.int64]],
    documents: np.ndarray[Any, np.dtype[np.int64]],
) -> dict[str, pa.Array]:
    """The identity columns of the components of one part file, equal to
    :meth:`dosa.inventory.writer.Writer._identities` (tests/portfolio compare the stores).

    ``columns`` hold the rows of several documents, ``documents`` numbers each row's document and
    ``parents`` each row's parent within its document (-1 at top level). Computed for the whole part
    at once: purl-derived values once per distinct purl, the name-based identity of components without
    a valid purl one by one; a package's ecosystem, namespace and name are those of its first
    component in the document, and a key repeated within a document is numbered, as the writer does.
    """
    encoded = columns["purl"].dictionary_encode()
    parsed = [parse_purl(value) if value else None for value in encoded.dictionary.to_pylist()]
    codes = encoded.indices
    distinct = zip(*(p or _NO_PURL for p in parsed), strict=True) if parsed else [()] * len(_NO_PURL)
    ecosystem, namespace, package_name, purl_version, canonical, package_key = (
        pa.array(values, _TEXT).take(codes) for values in distinct
    )
    version = columns["version"]
    unversioned = pc.and_(pc.equal(purl_version, ""), pc.not_equal(version, ""))
    key = pc.if_else(unversioned, pc.binary_join_element_wise(canonical, version, "#v="), canonical)
    invalid = np.array([p is None for p in parsed], dtype=bool)
    named = invalid[codes.to_numpy(zero_copy_only=False)] if len(invalid) else np.zeros(len(key), dtype=bool)
    if named.any():  # no valid purl: identified by name, version and supplier
        rows = pa.array(np.flatnonzero(named))
        fields = (columns[f].take(rows).to_pylist() for f in ("name", "version", "group", "purl", "supplier"))
        found = list(zip(*(identify(*values) for values in zip(*fields, strict=True)), strict=True))
        mask = pa.array(named)
        package_key, key, ecosystem, namespace, package_name = (
            pc.replace_with_mask(array, mask, pa.array(values, _TEXT))
            for array, values in zip((package_key, key, ecosystem, namespace, package_name), found, strict=True)
        )
    package_name = pc.if_else(pc.equal(package_name, ""), columns["name"], package_name)
    if len(package_key):
        _, first_rows, group = np.unique(_codes(package_key, documents), return_index=True, return_inverse=True)
        first = pa.array(first_rows[group])
        ecosystem, namespace, package_name = (a.take(first) for a in (ecosystem, namespace, package_name))
    key = _numbered(key, documents)
    nested = parents >= 0
    parent_key = pa.repeat(pa.scalar("", _TEXT), len(key))
    if nested.any():
        first_of_document = np.searchsorted(documents, documents)  # documents ascend: each one's first row
        parent_rows = np.where(nested, parents + first_of_document, 0)
        parent_key = pc.if_else(pa.array(nested), key.take(pa.array(parent_rows)), "")
    return {
        "package_key": package_key,
        "ecosystem": ecosystem,
        "namespace": namespace,
        "package_name": package_name,
        "name_lc": _per_distinct(package_name, str.lower),
        "key": key,
        "parent_key": parent_key,
    }


class _Columns:
    """Component and dependency columns of the files of one chunk, flushed to part files.

    Documents' component columns are joined as Python lists and converted to Arrow once per
    :data:`BATCH_ROWS` rows: a conversion per document (and a concatenation per part) cost more than
    the lists' memory, which the batches bound."""

    def __init__(self, settings: Settings, result: ChunkResult) -> None:
        self.settings = settings
        self.result = result
        self.pending: dict[str, list[str]] = {name: [] for name in FIELDS}
        self.batches: list[dict[str, pa.Array]] = []
        self.parents: list[np.ndarray[Any, np.dtype[np.int64]]] = []
        """Each document's parents (its length is the document's component count)."""
        self.dependencies: dict[str, list[str]] = {"ref": [], "depends_on": []}
        self.documents: list[int] = []
        self.counts: dict[str, list[int]] = {"components": [], "dependencies": []}
        self.rows = 0

    def add(self, sbom_id: int, sbom: ColumnarSbom) -> None:
        n = len(sbom)
        if n:
            for name, values in self.pending.items():
                values += sbom.columns[name]
            self.parents.append(sbom.parents)
            if len(self.pending["name"]) >= BATCH_ROWS:
                self._convert()
        edges = sbom.sbom.dependencies
        if edges:
            refs, targets = zip(*edges, strict=True)
            self.dependencies["ref"] += refs
            self.dependencies["depends_on"] += targets
        self.documents.append(sbom_id)
        self.counts["components"].append(n)
        self.counts["dependencies"].append(len(edges))
        self.rows += n
        if self.rows >= PART_ROWS:
            self.flush()

    def _convert(self) -> None:
        """The pending lists as one batch of Arrow arrays."""
        self.batches.append({name: pa.array(values, _TEXT) for name, values in self.pending.items()})
        for values in self.pending.values():
            values.clear()

    def _constant(self, table_name: str) -> dict[str, pa.Array]:
        counts = np.asarray(self.counts[table_name], dtype=np.int64)
        rows = int(counts.sum())
        zeros = pa.array(np.zeros(rows, dtype=np.int32))
        return {
            "organisation": pa.array([self.settings.organisation], _TEXT).take(zeros),
            "project": pa.array([self.settings.project], _TEXT).take(zeros),
            "sbom_id": pa.array(np.repeat(np.asarray(self.documents, dtype=np.int64), counts)),
        }

    def _component_columns(self) -> dict[str, pa.Array]:
        """The documents' component columns joined, with their identities."""
        if self.pending["name"]:
            self._convert()
        batches = self.batches
        columns = batches[0] if len(batches) == 1 else {n: pa.concat_arrays([b[n] for b in batches]) for n in FIELDS}
        parents = np.concatenate(self.parents)
        counts = [len(p) for p in self.parents]
        documents = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        return columns | identity_columns(columns, parents, documents)

    def flush(self) -> None:
        layout = StoreLayout(self.settings.root)
        for table_name, schema in (("components", COMPONENT_SCHEMA), ("dependencies", DEPENDENCY_SCHEMA)):
            if not sum(self.counts[table_name]):
                continue
            folder = layout.partition(table_name, self.settings.organisation, self.settings.project)
            folder.mkdir(parents=True, exist_ok=True)
            final = folder / f"part-{self.settings.run}-{uuid.uuid4().hex[:12]}.parquet"
            temporary = temporary_path(final)
            columns = self._constant(table_name)
            if table_name == "components":
                columns |= self._component_columns()
            else:
                columns |= {name: pa.array(values, _TEXT) for name, values in self.dependencies.items()}
            arrays = [columns[f.name] for f in schema]
            table = pa.Table.from_arrays(arrays, schema=schema)
            if table_name in SORT_KEYS:
                table = table.sort_by([(key, "ascending") for key in SORT_KEYS[table_name]])
            pq.write_table(
                table,
                temporary,
                row_group_size=ROW_GROUP_ROWS,
                compression="zstd",
                use_dictionary=[n for n in schema.names if n not in UNIQUE_COLUMNS],
                write_statistics=[n for n in schema.names if n in FILTERED_COLUMNS],
            )
            self.result.parts.append((table_name, temporary))
        self.batches.clear()
        self.parents.clear()
        for values in self.dependencies.values():
            values.clear()
        for counts in self.counts.values():
            counts.clear()
        self.documents.clear()
        self.rows = 0


def document_id(settings: Settings, subject: str, version: str, sha256: str, ordinal: int) -> int:
    """The id of one imported document: unique per import event, so that no two documents share rows."""
    text = "\x1f".join((settings.organisation, settings.project, subject, version, sha256, settings.run, str(ordinal)))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def use_jemalloc() -> None:
    """Arrow allocates from jemalloc in this process from now on, where the pyarrow build has it.

    Arrow's default allocator (mimalloc) hands freed memory back and faults it in again for the next
    document: a fifth of a one-process bulk import went to the kernel zeroing pages, and jemalloc
    brought the import's system time from 0.8 s to 0.25 s (docs/performance.md). Process-wide, as
    Arrow's ``ARROW_DEFAULT_MEMORY_POOL`` setting is; memory already allocated keeps its allocator.
    """
    with contextlib.suppress(NotImplementedError):  # a pyarrow built without jemalloc (Windows): the default
        pa.set_memory_pool(pa.jemalloc_memory_pool())


def parse_chunk(settings: Settings, chunk: list[tuple[int, str]]) -> ChunkResult:
    """Worker: read, parse and identify a chunk of files; write their rows to temporary part files."""
    result = ChunkResult()
    columns = _Columns(settings, result)
    enabled = gc.isenabled()
    gc.disable()  # millions of acyclic objects: reference counting frees them (see importer._gc_paused)
    try:
        for ordinal, name in chunk:
            path = Path(name)
            outcome = FileOutcome(name)
            loaded = load(path, settings, outcome)
            if loaded is None:
                result.documents.append(Document(outcome))
                continue
            source, content = loaded
            if isinstance(content, list):
                outcome.format, outcome.component_count = "service-inventory", len(content)
                result.services.append((outcome, content))
                continue
            result.documents.append(Document(outcome, _describe(settings, source, content, outcome, ordinal)))
            assert result.documents[-1].row is not None
            columns.add(result.documents[-1].row["sbom_id"], content)
        columns.flush()
    except BaseException:
        for _, temporary in result.parts:
            temporary.unlink(missing_ok=True)
        raise
    finally:
        if enabled:
            gc.enable()
    return result


def _describe(
    settings: Settings, source: SourceBytes, columnar: ColumnarSbom, outcome: FileOutcome, ordinal: int
) -> dict[str, Any]:
    sbom = columnar.sbom
    named = sbom.subject.name if sbom.subject else ""
    subject = settings.subject or (named if any(ch.isalnum() for ch in named) else display_stem(source.name))
    version = settings.version or (sbom.subject.version if sbom.subject else "") or ""
    outcome.format, outcome.spec_version = sbom.format.value, sbom.spec_version
    outcome.component_count = len(columnar)
    outcome.subject, outcome.subject_version = subject, version
    outcome.warnings = sbom.warnings.messages()
    sha = source.sha256
    return {
        "organisation": settings.organisation,
        "project": settings.project,
        "sbom_id": document_id(settings, subject, version, sha, ordinal),
        "subject": subject,
        "subject_version": version,
        "source_name": source.name,
        "source_sha256": sha,
        "format": sbom.format.value,
        "spec_version": sbom.spec_version,
        "component_count": len(columnar),
        "serial_number": sbom.serial_number,
        "generator": sbom.generator,
        "document_created": sbom.created,
        "warnings": json.dumps(outcome.warnings),
    }


def _chunks(paths: Iterable[Path], size: int, jobs: int = 1) -> Iterator[list[tuple[int, str]]]:
    """Files in chunks of at most ``size``, in order. With several workers, the files after the last
    full window of ``2 * jobs * size`` are cut into ``jobs`` (or twice as many) chunks of about equal
    bytes, so that the workers finish together (200 files in chunks of 64 kept one of two workers busy
    for 128 of them)."""
    window = 2 * jobs * size
    pending: list[tuple[int, str]] = []
    for ordinal, path in enumerate(paths):
        pending.append((ordinal, str(path)))
        if len(pending) >= window:
            yield pending[:size]
            del pending[:size]
    if jobs == 1:
        for start in range(0, len(pending), size):
            yield pending[start : start + size]
        return
    yield from _balanced(pending, jobs * -(-len(pending) // (jobs * size)))


def _balanced(files: list[tuple[int, str]], parts: int) -> Iterator[list[tuple[int, str]]]:
    """``files`` cut into at most ``parts`` consecutive chunks of about equal total size."""
    sizes = np.array([_size(name) for _, name in files], dtype=np.float64) + 1.0
    if not len(sizes):
        return
    ends = np.cumsum(sizes)
    cuts = np.searchsorted(ends, ends[-1] * np.arange(1, parts) / parts)
    for chunk in np.split(np.arange(len(files)), np.unique(cuts + 1)):
        if len(chunk):
            yield files[chunk[0] : chunk[-1] + 1]


def _size(name: str) -> int:
    try:
        return os.stat(name).st_size
    except OSError:  # unreadable or gone: the worker reports it
        return 0


def mark_current(rows: list[dict[str, Any]]) -> None:
    """Each subject's current SBOM, by the operational store's rule (:meth:`Writer._mark_current`)."""
    by_subject: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_subject.setdefault(row["subject"], []).append(row)
    for versions in by_subject.values():
        stamps = [import_timestamp(row["document_created"]) for row in versions]
        if all(stamp is not None for stamp in stamps):
            current = max(range(len(versions)), key=lambda i: (stamps[i], versions[i]["seq"]))
        else:
            current = max(range(len(versions)), key=lambda i: versions[i]["seq"])
        for i, row in enumerate(versions):
            row["is_current"] = i == current


def read_rows(path: Path, schema: pa.Schema) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return list(pq.read_table(path, schema=schema).to_pylist())


def write_rows(path: Path, rows: list[dict[str, Any]], schema: pa.Schema) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_path(path)
    try:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), temporary, compression="zstd")
        replace_atomically(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


SBOM_SCHEMA_WITH_SEQ = SBOM_SCHEMA.append(pa.field("seq", pa.int64()))


class BulkImporter:
    """Imports files into one organisation's project of a portfolio store."""

    def __init__(
        self, root: Path, organisation: str, project: str, *, jobs: int = 1, **options: Unpack[ReadOptions]
    ) -> None:
        subjects = options.get("subjects")
        self.settings = Settings(
            root,
            check_name("organisation", organisation),
            check_name("project", project),
            uuid.uuid4().hex[:12],
            options.get("subject"),
            options.get("version"),
            options.get("strict", False),
            options.get("max_bytes", DEFAULT_MAX_BYTES),
            tuple(subjects) if subjects is not None else None,
        )
        self.jobs = max(1, jobs)
        self.layout = StoreLayout(root)

    def _results(self, paths: Iterable[Path]) -> Iterator[ChunkResult]:
        chunks = _chunks(paths, CHUNK_FILES, self.jobs)
        if self.jobs == 1:
            for chunk in chunks:
                yield parse_chunk(self.settings, chunk)
            return
        with ProcessPoolExecutor(self.jobs, initializer=use_jemalloc) as pool:
            pending: list[Any] = []
            for chunk in chunks:  # at most 2 tasks per worker in flight: memory stays bounded
                pending.append(pool.submit(parse_chunk, self.settings, chunk))
                if len(pending) >= 2 * self.jobs:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()

    def import_paths(
        self, paths: Iterable[Path], *, on_file: Callable[[FileOutcome], None] | None = None
    ) -> ImportSummary:
        use_jemalloc()
        with partition_lock(self.layout, self.settings.organisation, self.settings.project):
            return self._import_paths(paths, on_file)

    def _import_paths(self, paths: Iterable[Path], on_file: Callable[[FileOutcome], None] | None) -> ImportSummary:
        s = self.settings
        sboms_path = self.layout.partition("sboms", s.organisation, s.project) / SBOMS_FILE
        services_path = self.layout.partition("services", s.organisation, s.project) / SERVICES_FILE
        rows = read_rows(sboms_path, SBOM_SCHEMA_WITH_SEQ)
        by_version = {(r["subject"], r["subject_version"]): r for r in rows}
        next_seq = max((r["seq"] for r in rows), default=0) + 1
        services = {r["name"]: r for r in read_rows(services_path, SERVICE_SCHEMA)}
        services_changed = False
        summary = ImportSummary(s.project)
        temporaries: list[Path] = []
        now = dt.datetime.now(dt.UTC)
        own = self.layout.root.resolve()
        files = (p for p in iter_paths(paths) if own not in p.resolve().parents)
        try:
            for result in self._results(files):
                temporaries.extend(path for _, path in result.parts)
                for document in result.documents:
                    outcome, row = document.outcome, document.row
                    if row is not None:
                        old = by_version.get((row["subject"], row["subject_version"]))
                        if old is not None and old["source_sha256"] == row["source_sha256"]:
                            outcome.status = Status.UNCHANGED
                        else:
                            row["imported_at"] = now
                            if old is None:
                                row["seq"], next_seq = next_seq, next_seq + 1
                                outcome.status, outcome.added = Status.IMPORTED, row["component_count"]
                            else:
                                row["seq"] = old["seq"]  # updated in place, as in the operational store
                                outcome.status, outcome.changed = Status.UPDATED, row["component_count"]
                            by_version[(row["subject"], row["subject_version"])] = row
                    summary.outcomes.append(outcome)
                    if on_file is not None:
                        on_file(outcome)
                for outcome, listed in result.services:
                    services_changed |= _merge_services(services, listed, s, outcome, now)
                    summary.outcomes.append(outcome)
                    if on_file is not None:
                        on_file(outcome)
            for temporary in temporaries:  # data first, then the commit point
                replace_atomically(temporary, final_name(temporary))
            temporaries = []
            if any(o.status in (Status.IMPORTED, Status.UPDATED) and o.kind == "sbom" for o in summary.outcomes):
                kept = list(by_version.values())
                mark_current(kept)
                write_rows(sboms_path, kept, SBOM_SCHEMA_WITH_SEQ)
            if services_changed:
                write_rows(services_path, list(services.values()), SERVICE_SCHEMA)
            if any(o.status in (Status.IMPORTED, Status.UPDATED) for o in summary.outcomes):
                register_partition(self.layout, s.organisation, s.project)
        finally:
            for temporary in temporaries:
                temporary.unlink(missing_ok=True)
        return summary


def final_name(temporary: Path) -> Path:
    """``.part-x.parquet.<hex>.tmp`` → ``part-x.parquet``."""
    return temporary.parent / (temporary.name[1:].split(".parquet.")[0] + ".parquet")


def _merge_services(
    services: dict[str, dict[str, Any]],
    listed: list[Service],
    settings: Settings,
    outcome: FileOutcome,
    now: dt.datetime,
) -> bool:
    """Add or update services by name, as the operational writer does; True if anything changed."""
    for service in listed:
        record = service.model_dump_json(exclude_none=True)
        old = services.get(service.name)
        if old is not None and old["record"] == record:
            continue
        if old is None:
            outcome.added += 1
        else:
            outcome.changed += 1
        services[service.name] = {
            "organisation": settings.organisation,
            "project": settings.project,
            "name": service.name,
            "record": record,
            "source_name": Path(outcome.path).name,
            "imported_at": now,
        }
    outcome.status = Status.IMPORTED if outcome.added else Status.UPDATED if outcome.changed else Status.UNCHANGED
    return bool(outcome.added or outcome.changed)


def register_partition(layout: StoreLayout, organisation: str, project: str) -> None:
    """Record the organisation and project in the store's ``organisations`` table."""
    path = layout.partition("organisations", organisation, project) / ORGANISATIONS_FILE
    if not path.is_file():
        write_rows(path, [{"organisation": organisation, "project": project}], ORGANISATION_SCHEMA)


def bulk_import(
    root: Path,
    paths: Iterable[Path],
    organisation: str,
    project: str,
    *,
    jobs: int = 1,
    on_file: Callable[[FileOutcome], None] | None = None,
    **options: Unpack[ReadOptions],
) -> ImportSummary:
    """Import files and folders into one organisation's project of the portfolio store at ``root``."""
    importer = BulkImporter(root, organisation, project, jobs=jobs, **options)
    return importer.import_paths(paths, on_file=on_file)


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
