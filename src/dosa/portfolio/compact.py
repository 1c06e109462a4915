# SPDX-License-Identifier: EUPL-1.2
"""Compaction: merge a partition's small part files, and drop the rows no SBOM names any more.

Every bulk import writes at least one part file per partition, and re-imports (suppliers ship new
versions) leave the rows of replaced documents behind; after months a partition holds thousands
of small files, and every query opens each of them.

Compaction rewrites the files that are small (under half of ``target_rows``) or hold rows of
replaced documents, plus every other file holding rows of the same documents, and keeps readers
safe the way export does: the documents in those files get **new ids**, so

1. the merged files are written under temporary names and renamed into place: their rows carry ids
   no ``sboms`` row names yet, so no analysis sees them;
2. the partition's ``sboms`` file is replaced with the new ids (the commit point): from now on the
   merged rows count and the old files' rows are unnamed;
3. the old files are deleted.

A crash at any step leaves a store that reads exactly as before or exactly as after; the next
compaction drops what the crash left (unnamed rows, temporary files). A partition lock keeps an
import, an export and a compaction of the same partition from running at once.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dosa.portfolio.bulk import (
    PART_ROWS,
    ROW_GROUP_ROWS,
    SBOM_SCHEMA_WITH_SEQ,
    SORT_KEYS,
    final_name,
    read_rows,
    write_rows,
)
from dosa.portfolio.layout import (
    SBOMS_FILE,
    SCHEMAS,
    StoreLayout,
    partition_lock,
    replace_atomically,
    temporary_path,
)

PART_TABLES = ("components", "dependencies")


@dataclass(frozen=True)
class Compacted:
    organisation: str
    project: str
    table: str
    files_before: int
    files_after: int
    rows: int
    """Rows in the partition's files after compaction."""
    dropped: int
    """Rows of replaced documents (no SBOM row named them) removed."""


def partitions(
    layout: StoreLayout, organisation: str | None = None, project: str | None = None
) -> list[tuple[str, str]]:
    """(organisation, project) of every partition with an ``sboms`` file, optionally only the ones named."""
    found = []
    for path in sorted((layout.root / "sboms").glob(f"*/*/{SBOMS_FILE}")):
        org, proj = unquote(path.parent.parent.name), unquote(path.parent.name)
        if (organisation is None or org == organisation) and (project is None or proj == project):
            found.append((org, proj))
    return found


def compact(
    root: Path, organisation: str | None = None, project: str | None = None, *, target_rows: int = PART_ROWS
) -> list[Compacted]:
    """Compact every partition of the store at ``root`` (or one organisation's, or one project's)."""
    layout = StoreLayout(root)
    out: list[Compacted] = []
    for org, proj in partitions(layout, organisation, project):
        out += compact_partition(layout, org, proj, target_rows=target_rows)
    return out


def _new_id(run: str, organisation: str, project: str, old: int) -> int:
    text = f"{organisation}\x1f{project}\x1fcompact\x1f{run}\x1f{old}"
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def compact_partition(
    layout: StoreLayout, organisation: str, project: str, *, target_rows: int = PART_ROWS
) -> list[Compacted]:
    with partition_lock(layout, organisation, project):
        for table in PART_TABLES:  # what an interrupted run left; nobody else writes while we hold the lock
            for leftover in layout.partition(table, organisation, project).glob(".part-*.tmp"):
                leftover.unlink(missing_ok=True)
        sboms_path = layout.partition("sboms", organisation, project) / SBOMS_FILE
        sbom_rows = read_rows(sboms_path, SBOM_SCHEMA_WITH_SEQ)
        named = {row["sbom_id"] for row in sbom_rows}
        files = {t: sorted(layout.partition(t, organisation, project).glob("part-*.parquet")) for t in PART_TABLES}
        ids = {
            path: set(pq.read_table(path, columns=["sbom_id"]).column(0).to_pylist())
            for t in files.values()
            for path in t
        }
        chosen = {
            path
            for path, held in ids.items()
            if pq.ParquetFile(path).metadata.num_rows < target_rows // 2 or held - named
        }
        documents: set[int] = set()
        while True:  # every file holding rows of a rewritten document is rewritten too
            documents = {i for path in chosen for i in ids[path]} & named
            grown = chosen | {path for path, held in ids.items() if held & documents}
            if grown == chosen:
                break
            chosen = grown
        report: list[Compacted] = []
        if not any(
            len([p for p in files[t] if p in chosen]) > 1 or _dropped(ids, chosen, named, files[t]) for t in PART_TABLES
        ):
            for table in PART_TABLES:
                rows = sum(pq.ParquetFile(p).metadata.num_rows for p in files[table])
                report.append(Compacted(organisation, project, table, len(files[table]), len(files[table]), rows, 0))
            return report
        run = uuid.uuid4().hex
        mapping = {old: _new_id(run, organisation, project, old) for old in sorted(documents)}
        written: list[Path] = []
        temporaries: list[Path] = []
        try:
            counts: dict[str, tuple[int, int]] = {}
            for table in PART_TABLES:
                rewrite = [p for p in files[table] if p in chosen]
                kept = dropped = 0
                for merged in _merged(rewrite, table, named, mapping, target_rows):
                    kept += merged.num_rows
                    temporaries.append(_write(layout, table, organisation, project, run, merged))
                dropped = sum(pq.ParquetFile(p).metadata.num_rows for p in rewrite) - kept
                counts[table] = (kept, dropped)
            for temporary in temporaries:
                final = final_name(temporary)
                replace_atomically(temporary, final)
                written.append(final)
            temporaries = []
            renamed = [row | {"sbom_id": mapping.get(row["sbom_id"], row["sbom_id"])} for row in sbom_rows]
            write_rows(sboms_path, renamed, SBOM_SCHEMA_WITH_SEQ)  # the commit point
        except BaseException:
            for path in (*temporaries, *written):  # unnamed rows: removing them changes nothing a reader sees
                path.unlink(missing_ok=True)
            raise
        _remove(sorted(chosen))
        for table in PART_TABLES:
            remaining = sorted(layout.partition(table, organisation, project).glob("part-*.parquet"))
            rows = sum(pq.ParquetFile(p).metadata.num_rows for p in remaining)
            kept, dropped = counts[table]
            report.append(Compacted(organisation, project, table, len(files[table]), len(remaining), rows, dropped))
        return report


def _remove(paths: list[Path]) -> None:
    """Delete the rewritten files (after the commit point no SBOM row names their rows)."""
    for path in paths:
        path.unlink(missing_ok=True)


def _dropped(ids: dict[Path, set[int]], chosen: set[Path], named: set[int], table_files: list[Path]) -> bool:
    return any(ids[p] - named for p in table_files if p in chosen)


def _merged(
    paths: list[Path], table: str, named: set[int], mapping: dict[int, int], target_rows: int
) -> Iterator[pa.Table]:
    """The rows of ``paths`` that an SBOM names, with their new ids, in tables of about ``target_rows``."""
    schema = SCHEMAS[table]
    old_ids = pa.array(sorted(mapping), pa.int64())
    new_ids = pa.array([mapping[i] for i in sorted(mapping)], pa.int64())
    pending: list[pa.Table] = []
    rows = 0
    for path in paths:
        part = pq.read_table(path, schema=schema)
        part = part.filter(pc.is_in(part.column("sbom_id"), value_set=pa.array(sorted(named), pa.int64())))
        position = pc.index_in(part.column("sbom_id"), value_set=old_ids)
        part = part.set_column(schema.get_field_index("sbom_id"), "sbom_id", pc.take(new_ids, position))
        pending.append(part)
        rows += part.num_rows
        if rows >= target_rows:
            yield _sorted(pa.concat_tables(pending), table)
            pending, rows = [], 0
    if rows:
        yield _sorted(pa.concat_tables(pending), table)


def _sorted(table: pa.Table, name: str) -> pa.Table:
    return table.sort_by([(key, "ascending") for key in SORT_KEYS[name]]) if name in SORT_KEYS else table


def _write(layout: StoreLayout, table: str, organisation: str, project: str, run: str, data: pa.Table) -> Path:
    folder = layout.partition(table, organisation, project)
    temporary = temporary_path(folder / f"part-compact-{run[:12]}-{uuid.uuid4().hex[:8]}.parquet")
    pq.write_table(data, temporary, row_group_size=ROW_GROUP_ROWS, compression="zstd")
    return temporary
