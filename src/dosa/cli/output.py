# SPDX-License-Identifier: EUPL-1.2
"""Write listings from the command line: :mod:`dosa.tables` to the terminal (rich) or to a file.

``emit`` writes one listing, ``emit_tables`` several (a report of sections). Files go through
:func:`write_file` (atomic, mode 0644 less the umask); every file format comes from
:func:`dosa.tables.export`, so the CLI and the web write the same bytes.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dosa.atomic import write_atomically
from dosa.errors import InputError
from dosa.tables import Column, Format, Provenance, Table, clean_text, export

OutputFormat = Format
"""The formats of a listing (kept under this name for the command modules)."""

__all__ = ["Column", "OutputFormat", "emit", "emit_tables", "provenance", "rich_table", "write_file"]


def write_file(path: Path, data: bytes) -> None:
    """Write a file atomically (:func:`dosa.atomic.write_atomically`); a system refusal becomes a message."""
    if path.is_dir():
        raise InputError(f"cannot write {path.name}: it is a folder", hint="give a file name, e.g. out/listing.csv")
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise InputError(
            f"cannot write {path.name}: {exc.strerror}", hint="check the folder, your permissions and free disk space"
        ) from exc


def _method_version() -> str:
    from dosa import DEFAULT_METHOD_LABEL

    return DEFAULT_METHOD_LABEL


def provenance(version: str, method: str | None = None, about: Mapping[str, str] | None = None) -> Provenance:
    """Dataset and method version for an export (the default risk method when none is named)."""
    return Provenance(version, method or _method_version(), dict(about or {}))


def _console(output: Path | None) -> Any:
    from rich.console import Console

    if output is None:
        return Console()
    return Console(record=True, width=200, file=io.StringIO())


def _longest_word(texts: Sequence[str]) -> int:
    return max((len(word) for text in texts for word in text.split()), default=1)


def rich_table(table: Table, lang: str = "en", *, caption: str | None = None, width: int | None = None) -> Any:
    """A rich table that fits ``width``: columns wrap at spaces and are never narrower than their
    longest word (up to 24 characters); when even that does not fit, the last columns are left out and
    the caption says so (the file formats always have every column). The cells are what the report
    and the dashboard show of the same table (:attr:`Table.shown`), in ``lang``."""
    from dataclasses import replace

    from rich.table import Table as RichTable

    cells = replace(table, lang=lang).shown
    texts = {c.key: [clean_text(str(row[i])) for row in cells] for i, c in enumerate(table.columns)}
    minimum = {c.key: min(max(_longest_word([c.label(lang)]), _longest_word(texts[c.key])), 24) for c in table.columns}
    shown_columns = list(table.columns)
    if width is not None:
        while len(shown_columns) > 2 and 1 + sum(minimum[c.key] + 3 for c in shown_columns) > width:
            shown_columns.pop()
    hidden = len(table.columns) - len(shown_columns)
    if hidden:
        note = f"{hidden} more column(s) at a wider terminal or with --format csv/json/xlsx"
        caption = f"{caption} · {note}" if caption else note
    shown = RichTable(title=table.title or None, caption=caption, title_justify="left")
    for column in shown_columns:
        shown.add_column(
            column.label(lang),
            overflow="fold",
            justify="right" if column.numeric else "left",
            ratio=1 if column.wrap else None,
        )
    for index in range(len(table.records)):
        shown.add_row(*(texts[c.key][index] for c in shown_columns))
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
            target.print(rich_table(table, lang, caption=caption, width=target.width))
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
