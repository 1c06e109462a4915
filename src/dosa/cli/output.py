# SPDX-License-Identifier: EUPL-1.2
"""Write listings from the command line: :mod:`dosa.tables` to the terminal (rich) or to a file.

``emit`` writes one listing, ``emit_tables`` several (a report of sections). Files go through
:func:`write_file` (atomic, mode 0644 less the umask); every file format comes from
:func:`dosa.tables.export`, so the CLI and the web write the same bytes.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dosa.errors import InputError
from dosa.tables import Column, Format, Provenance, Table, cell_text, clean_text, export

OutputFormat = Format
"""The formats of a listing (kept under this name for the command modules)."""

__all__ = ["Column", "OutputFormat", "emit", "emit_tables", "provenance", "rich_table", "write_file"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_file(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, then rename: a failed export never leaves a
    half-written file. The file gets the usual mode (0644 less the umask), like any file a user saves."""
    what = f"cannot write {path.name}"
    if path.is_dir():
        raise InputError(f"{what}: it is a folder", hint="give a file name, e.g. out/listing.csv")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as exc:
        raise InputError(f"{what}: {exc.strerror}", hint="check the folder and your permissions") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"{what}: {exc.strerror}", hint="check free disk space and permissions") from exc
        raise


def _method_version() -> str:
    from dosa.risk.method import DEFAULT_METHOD

    return " ".join(DEFAULT_METHOD.removesuffix(".yaml").rsplit("-", 1))


def provenance(version: str, method: str | None = None, about: Mapping[str, str] | None = None) -> Provenance:
    """Dataset and method version for an export (the default risk method when none is named)."""
    return Provenance(version, method or _method_version(), dict(about or {}))


def _console(output: Path | None) -> Any:
    from rich.console import Console

    if output is None:
        return Console()
    return Console(record=True, width=200, file=io.StringIO())


def rich_table(table: Table, lang: str = "en", *, caption: str | None = None) -> Any:
    """A rich table that wraps (never squeezes a column to nothing) and keeps numbers right-aligned."""
    from rich.table import Table as RichTable

    shown = RichTable(title=table.title or None, caption=caption, title_justify="left")
    for column in table.columns:
        label = column.label(lang)
        shown.add_column(
            label,
            overflow="fold",
            justify="right" if column.numeric else "left",
            min_width=min(max(len(w) for w in label.split()) if label.strip() else 1, 12),
            ratio=3 if column.wrap else 1,
        )
    for record in table.records:
        shown.add_row(*(clean_text(cell_text(record.get(c.key))) for c in table.columns))
    return shown


def emit_tables(
    tables: Sequence[Table],
    *,
    fmt: Format,
    output: Path | None,
    provenance: Provenance,
    lang: str = "en",
    console: Any = None,
) -> None:
    """Write tables: to the terminal (or a text file) as rich tables, else as the file format asked.

    JSON gives a list of rows for one table without an ``about``, else an object with the provenance
    and ``sections`` keyed by name; XLSX gives one sheet per table; CSV holds exactly one table.
    """
    if fmt is Format.TABLE:
        target = console if console is not None and output is None else _console(output)
        if provenance.about:
            line = " · ".join(f"{k}: {v}" for k, v in provenance.items()[:-1])
            target.print(line, highlight=False, markup=False)
        for table in tables:
            caption = table.note or None
            if len(tables) == 1 and not provenance.about:
                caption = f"{len(table.records)} rows · dataset {provenance.dataset_version}"
            target.print(rich_table(table, lang, caption=caption))
        if output is not None:
            write_file(output, target.export_text().encode("utf-8"))
        return
    if fmt is Format.XLSX and output is None:
        raise InputError("xlsx output needs a file", hint="add --output FILE.xlsx")
    data = export(tables, fmt, provenance)
    if output is not None:
        write_file(output, data)
        return
    stream = console.file if console is not None else sys.stdout
    stream.write(data.decode("utf-8"))
    stream.flush()


def emit(
    items: Sequence[Any],
    columns: Sequence[Column],
    *,
    fmt: Format,
    output: Path | None,
    title: str,
    version: str,
    method: str | None = None,
    lang: str = "en",
    console: Any = None,
) -> None:
    """Render ``items`` (one row per item, one cell per column) in the chosen format."""
    from dosa.cli.options import resolve_format

    table = Table.of(items, columns, title=title, name=title)
    emit_tables(
        [table],
        fmt=resolve_format(fmt, output),
        output=output,
        provenance=provenance(version, method),
        lang=lang,
        console=console,
    )
