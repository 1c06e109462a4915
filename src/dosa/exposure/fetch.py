# SPDX-License-Identifier: EUPL-1.2
"""Optional download of advisory sources, where a network exists (``--fetch``).

Downloads go to a folder the caller provides and are then imported like any file; nothing is
fetched at run time otherwise. Sizes are bounded while reading. ``DOSA_ADVISORY_MIRROR`` points
every source at a mirror (an organisation's own copy, or a test server).
"""

from __future__ import annotations

import gzip
import io
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from dosa.errors import InputError

SOURCES = {
    "kev": "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
    "epss": "https://epss.cyentia.com/epss_scores-current.csv.gz",
    "osv": "https://osv-vulnerabilities.storage.googleapis.com/{ecosystem}/all.zip",
}
MIRROR_ENV = "DOSA_ADVISORY_MIRROR"


def source_url(name: str) -> tuple[str, str]:
    """``(url, file name)`` for ``kev``, ``epss`` or ``osv:ECOSYSTEM``."""
    kind, _, ecosystem = name.partition(":")
    if kind not in SOURCES or (kind == "osv") != bool(ecosystem):
        raise InputError(f"unknown source '{name}'", hint="use kev, epss or osv:ECOSYSTEM (e.g. osv:Maven, osv:PyPI)")
    if ecosystem and not re.fullmatch(r"[A-Za-z0-9.:_ -]{1,40}", ecosystem):
        raise InputError(f"unknown OSV ecosystem '{ecosystem[:40]}'", hint="e.g. Maven, npm, PyPI, Go, crates.io")
    url = SOURCES[kind].format(ecosystem=urllib.parse.quote(ecosystem))
    mirror = os.environ.get(MIRROR_ENV)
    file_name = {"kev": "kev.json", "epss": "epss.csv.gz", "osv": f"osv-{ecosystem}.zip"}[kind]
    if mirror:
        url = f"{mirror.rstrip('/')}/{file_name}"
    return url, file_name


def fetch_sources(names: list[str], folder: Path, *, max_bytes: int) -> list[Path]:
    """Download each source into ``folder``; returns the files (gzip EPSS decompressed, bounded)."""
    files = []
    for name in names:
        url, file_name = source_url(name)
        target = folder / file_name
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                data = response.read(max_bytes * 4 + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise InputError(f"cannot download {name}: {exc}", hint="without a network, import files instead") from exc
        if len(data) > max_bytes * 4:
            raise InputError(f"{name}: download larger than the limit", hint="raise --max-size")
        if file_name.endswith(".gz"):
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
                data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(f"{name}: larger than the limit when decompressed", hint="raise --max-size")
            target = folder / file_name.removesuffix(".gz")
        target.write_bytes(data)
        files.append(target)
    return files
