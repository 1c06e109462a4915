# SPDX-License-Identifier: EUPL-1.2
"""The status ledger's hash chain: each entry's hash covers its own fields, its batch's fields and the
hash of the entry before it, so changing, removing or re-ordering any recorded entry shows.

The hash is part of the stored format: changing what it covers needs a migration that re-seals.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

if TYPE_CHECKING:
    from dosa.store import Store

GENESIS = "0" * 64
"""``prev_hash`` of the first entry."""

ENTRY_FIELDS = (
    "id",
    "action",
    "date",
    "status",
    "previous",
    "note",
    "author",
    "organisation",
    "recorded_at",
    "source_address",
    "request_id",
    "batch_id",
)
BATCH_FIELDS = ("origin", "file_name", "sha256", "rows", "author", "recorded_at", "dataset_version")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def entry_hash(prev_hash: str, entry: Mapping[Any, Any], batch: Mapping[Any, Any]) -> str:
    """SHA-256 over the previous hash and the canonical JSON of the entry's and its batch's fields."""
    document = {
        "entry": [_plain(entry[name]) for name in ENTRY_FIELDS],
        "batch": [_plain(batch[name]) for name in BATCH_FIELDS],
    }
    canonical = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def verify_chain(connection: Connection) -> tuple[list[str], int, str]:
    """Every way the recorded ledger differs from an intact chain: (problems, entries, head hash).

    Finds a changed entry or batch (its hash no longer matches), a removed entry in the middle or of
    a batch (a gap in the ids, a broken link, a batch with fewer entries than it recorded), and
    entries without their batch. Removing the newest entries leaves an intact shorter chain: compare
    the head with an earlier one (:func:`check_anchor`) to see that.
    """
    from dosa.monitoring.tables import StatusBatchRow, StatusEntryRow

    problems: list[str] = []
    batches = {row["id"]: row for row in connection.execute(select(StatusBatchRow.__table__)).mappings()}
    per_batch: dict[int, int] = {}
    previous = GENESIS
    expected_id = 1
    count = 0
    rows = connection.execute(select(StatusEntryRow.__table__).order_by(StatusEntryRow.id)).mappings()
    for row in rows:
        count += 1
        if row["id"] != expected_id:
            problems.append(f"entries {expected_id}-{row['id'] - 1} are missing (deleted)")
        expected_id = row["id"] + 1
        batch = batches.get(row["batch_id"])
        if batch is None:
            problems.append(f"entry {row['id']}: its batch {row['batch_id']} is missing")
            previous = row["entry_hash"]
            continue
        per_batch[row["batch_id"]] = per_batch.get(row["batch_id"], 0) + 1
        if row["prev_hash"] != previous:
            problems.append(f"entry {row['id']}: does not follow the entry before it (chain broken)")
        if entry_hash(row["prev_hash"], row, batch) != row["entry_hash"]:
            problems.append(f"entry {row['id']}: its content or its batch's was changed after recording")
        previous = row["entry_hash"]
    for batch_id, batch in batches.items():
        if per_batch.get(batch_id, 0) != batch["rows"]:
            problems.append(f"batch {batch_id}: recorded {batch['rows']} entries, {per_batch.get(batch_id, 0)} remain")
    return problems, count, previous


def check_anchor(connection: Connection, count: int, head: str) -> list[str]:
    """Whether the ledger still holds, as entry ``count``, the entry whose hash was ``head`` (an anchor
    kept outside the database: a later ``dosa db verify --anchor``, a published report)."""
    from dosa.monitoring.tables import StatusEntryRow

    if count == 0:
        return []
    found = connection.execute(select(StatusEntryRow.entry_hash).where(StatusEntryRow.id == count)).scalar()
    if found is None:
        return [f"the ledger had {count} entries and now has fewer (entries removed or database replaced)"]
    if found != head:
        return [f"entry {count} is not the one recorded before (ledger rewritten or database replaced)"]
    return []


def verify_database(store: Store, anchor: tuple[int, str] | None = None) -> tuple[list[str], int, str]:
    """Everything ``dosa db verify`` and the start-up check look at: the database's structure (file,
    schema, tables, append-only triggers), the ledger's hash chain, and, given an earlier
    ``(entries, head)``, that no newer entries were removed since. Returns (problems, entries, head)."""
    from sqlalchemy.exc import SQLAlchemyError

    from dosa.store.admin import structural_problems

    try:
        with store.engine.connect() as connection:
            problems = structural_problems(store, connection)
            if any(problem.startswith("table(s) missing") and "monitoring" in problem for problem in problems):
                return problems, 0, ""
            chain_problems, count, head = verify_chain(connection)
            problems += chain_problems
            if anchor is not None:
                problems += check_anchor(connection, *anchor)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        return [f"the database cannot be read ({exc.__class__.__name__}: {reason})"], 0, ""
    return problems, count, head
