# SPDX-License-Identifier: EUPL-1.2
"""Where the portfolio store keeps its files, and what their columns are.

One folder per table, one folder per organisation and project below it::

    <store>/components/<organisation>/<project>/part-<id>.parquet
    <store>/sboms/<organisation>/<project>/sboms.parquet

Folder names are the percent-encoded names (no ``=`` signs, so neither DuckDB nor Spark mistakes
them for Hive partitions; the names are also columns in every file). The ``sboms`` file of a
partition is written last and is the commit point: analyses join every table to it, so component
files of an interrupted import, which no SBOM row names, are never seen.
"""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pyarrow as pa

from dosa.errors import InputError

TABLES = ("sboms", "components", "dependencies", "services", "organisations")
SBOMS_FILE = "sboms.parquet"
ORGANISATIONS_FILE = "organisations.parquet"
SERVICES_FILE = "services.parquet"

_text = pa.string()

SBOM_SCHEMA = pa.schema(
    [
        ("organisation", _text),
        ("project", _text),
        ("sbom_id", pa.int64()),
        ("subject", _text),
        ("subject_version", _text),
        ("is_current", pa.bool_()),
        ("source_name", _text),
        ("source_sha256", _text),
        ("format", _text),
        ("spec_version", _text),
        ("component_count", pa.int64()),
        ("serial_number", _text),
        ("generator", _text),
        ("document_created", _text),
        ("warnings", _text),
        ("imported_at", pa.timestamp("us", tz="UTC")),
    ]
)

COMPONENT_SCHEMA = pa.schema(
    [
        ("organisation", _text),
        ("project", _text),
        ("sbom_id", pa.int64()),
        ("package_key", _text),
        ("ecosystem", _text),
        ("namespace", _text),
        ("package_name", _text),
        ("name_lc", _text),
        ("key", _text),
        ("ref", _text),
        ("name", _text),
        ("version", _text),
        ("group", _text),
        ("purl", _text),
        ("cpe", _text),
        ("type", _text),
        ("scope", _text),
        ("supplier", _text),
        ("manufacturer", _text),
        ("licences", _text),
        ("hashes", _text),
        ("parent_key", _text),
        ("vcs_url", _text),
        ("website_url", _text),
    ]
)
"""The operational store's component rows (``component_urls``, migration 0003, included): the
repository and website URLs are evidence the maintainer resolver reads."""
COMPONENT_COLUMNS = tuple(COMPONENT_SCHEMA.names)

DEPENDENCY_SCHEMA = pa.schema(
    [("organisation", _text), ("project", _text), ("sbom_id", pa.int64()), ("ref", _text), ("depends_on", _text)]
)

SERVICE_SCHEMA = pa.schema(
    [
        ("organisation", _text),
        ("project", _text),
        ("name", _text),
        ("record", _text),
        ("source_name", _text),
        ("imported_at", pa.timestamp("us", tz="UTC")),
    ]
)

ORGANISATION_SCHEMA = pa.schema([("organisation", _text), ("project", _text)])

SCHEMAS = {
    "sboms": SBOM_SCHEMA,
    "components": COMPONENT_SCHEMA,
    "dependencies": DEPENDENCY_SCHEMA,
    "services": SERVICE_SCHEMA,
    "organisations": ORGANISATION_SCHEMA,
}


def check_name(kind: str, name: str) -> str:
    """An organisation or project name: 1-200 characters, no control characters."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 200 or any(ord(ch) < 32 for ch in cleaned):
        raise InputError(f"invalid {kind} name {name!r}", hint="use 1 to 200 printable characters")
    return cleaned


def folder_name(name: str) -> str:
    """A name as one safe folder name: percent-encoded, dots too (so never ``.`` or ``..``)."""
    return quote(name, safe="").replace(".", "%2E")


def sbom_id(organisation: str, project: str, subject: str, subject_version: str) -> int:
    """A stable 64-bit id of one subject version in one partition (what the operational store keys on)."""
    digest = hashlib.blake2b("\x1f".join((organisation, project, subject, subject_version)).encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


class StoreLayout:
    """Paths of one portfolio store folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def partition(self, table: str, organisation: str, project: str) -> Path:
        return self.root / table / folder_name(organisation) / folder_name(project)

    def glob(self, table: str, organisation: str | None = None) -> str:
        """The files of a table (of one organisation), as a glob both DuckDB and Spark understand."""
        org = folder_name(organisation) if organisation else "*"
        return str(self.root / table / org / "*" / "*.parquet")

    def has(self, table: str) -> bool:
        return any((self.root / table).glob("*/*/*.parquet"))

    def require(self) -> None:
        if not self.has("sboms") and not self.has("services"):
            raise InputError(
                f"no portfolio store at {self.root.name or self.root}",
                hint="create one with: dosa portfolio import --bulk FILES or dosa portfolio export",
            )

    @staticmethod
    def new_part_name() -> str:
        return f"part-{uuid.uuid4().hex}.parquet"


def replace_atomically(temporary: Path, final: Path) -> None:
    """Move a fully written file into place (same folder, so the rename is atomic)."""
    os.replace(temporary, final)


def temporary_path(final: Path) -> Path:
    """A name next to ``final`` that no table glob (``*.parquet``) picks up."""
    return final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")


@contextmanager
def partition_lock(layout: StoreLayout, organisation: str, project: str) -> Iterator[None]:
    """Hold the partition's lock: one import, export or compaction of a partition at a time (others wait).

    An operating-system file lock (``flock``; ``msvcrt.locking`` on Windows), released when the process
    ends however it ends. The lock files live in ``<store>/.locks``, which no table glob reads."""
    path = layout.root / ".locks" / folder_name(organisation) / f"{folder_name(project)}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
