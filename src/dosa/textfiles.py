# SPDX-License-Identifier: EUPL-1.2
"""Text files people make in office programs: which encoding and which separator.

Dutch Excel saves "CSV (gescheiden door lijstscheidingsteken)" in Windows-1252 with ``;``; "CSV UTF-8"
with a byte-order mark. Both are read as they are, so an owner never has to know the difference.
"""

from __future__ import annotations

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes) -> tuple[str, str] | None:
    """The text and the encoding it was read with: UTF-8 (with or without BOM), UTF-16 with a BOM, else
    Windows-1252 (Excel's "CSV" in Western Europe). ``None`` for binary content (NUL bytes)."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined: not a Windows text file
        return None


def sniff_delimiter(header_line: str) -> str:
    """The separator of a CSV file, from its header line: ``;`` (Dutch Excel), tab or ``,``."""
    counts = {sep: header_line.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","
