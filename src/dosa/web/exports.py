# SPDX-License-Identifier: EUPL-1.2
"""Every dashboard table as a download, written by :mod:`dosa.tables` (the exporter the CLI uses too)."""

from __future__ import annotations

from dosa.errors import InputError
from dosa.tables import FILE_FORMATS, MEDIA_TYPES, Format, Provenance, Table, filename


def parse_format(value: str) -> Format:
    """The download format a query asks for (csv, csv-nl, xlsx or json)."""
    try:
        fmt = Format(value)
    except ValueError:
        fmt = None
    if fmt not in FILE_FORMATS:
        raise InputError(f"unknown export format '{value}'", hint=f"use one of {', '.join(FILE_FORMATS)}")
    assert fmt is not None
    return fmt


def download(table: Table, fmt: Format, dataset_version: str, method_version: str) -> tuple[bytes, str, str]:
    """Body, media type and file name of ``table`` in ``fmt``; every row carries both versions. The
    file is in the page's language throughout (headers, yes/no), whichever CSV dialect is asked."""
    from dosa.tables import export

    body = export([table], fmt, Provenance(dataset_version, method_version), lang=table.lang)
    return body, MEDIA_TYPES[fmt], filename(table.caption, fmt)
