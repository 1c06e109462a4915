# SPDX-License-Identifier: EUPL-1.2
"""Write a file all or nothing: a temporary file in the same folder, then a rename.

A failed or interrupted write never leaves a half-written file, and the file gets the mode any file
the user saves gets (0666 less the umask, usually 0644), not the 0600 of a temporary file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; ``OSError`` from the system is passed on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
