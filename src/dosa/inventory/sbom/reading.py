# SPDX-License-Identifier: EUPL-1.2
"""Read a file's bytes: decompress gzip, bzip2 and xz by their magic bytes, within a size limit."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dosa.errors import InputError

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
"""Largest document accepted (after decompression): 512 MiB, far above real SBOMs (tens of MB)."""

_CHUNK = 1024 * 1024
_MAGIC = {
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
}


@dataclass(frozen=True)
class SourceBytes:
    """A document's content, decompressed, with the digest that identifies it."""

    name: str
    data: bytes
    compression: str
    """``gzip``, ``bzip2``, ``xz`` or empty."""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def compression_of(head: bytes) -> str:
    for magic, name in _MAGIC.items():
        if head.startswith(magic):
            return name
    return ""


def _too_large(name: str, limit: int, what: str) -> InputError:
    return InputError(
        f"{name}: {what} is larger than the limit of {limit / 1024 / 1024:.0f} MiB",
        hint="raise the limit (--max-size) if the file is genuine",
    )


def _stream(handle: BinaryIO, compression: str) -> gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile:
    """A decompressing reader over ``handle``; the caller closes it."""
    if compression == "gzip":
        return gzip.GzipFile(fileobj=handle)
    if compression == "bzip2":
        return bz2.BZ2File(handle)
    return lzma.LZMAFile(handle)


def _decompress(name: str, handle: BinaryIO, compression: str, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    try:
        with _stream(handle, compression) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _too_large(name, limit, "the decompressed content")
                parts.append(chunk)
    except (OSError, EOFError, lzma.LZMAError) as exc:
        raise InputError(
            f"{name}: cannot decompress the {compression} data: {exc}",
            hint="the file is truncated or damaged; fetch it again",
        ) from exc
    return b"".join(parts)


def read_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceBytes:
    """Decompress ``data`` if its first bytes say it is compressed (one level; nested archives are refused)."""
    if len(data) > max_bytes:
        raise _too_large(name, max_bytes, "the file")
    compression = compression_of(data[:8])
    if not compression:
        return SourceBytes(name, data, "")

    content = _decompress(name, io.BytesIO(data), compression, max_bytes)
    if compression_of(content[:8]):
        raise InputError(f"{name}: the {compression} file holds another compressed file", hint="decompress it first")
    return SourceBytes(name, content, compression)


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceBytes:
    """Read a file from disk, refusing it before reading when it is already too large."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(name, max_bytes, "the file")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{path}: cannot read the file: {exc.strerror}", hint="check the path and permissions"
        ) from exc
    return read_bytes(data, name, max_bytes)
