# SPDX-License-Identifier: EUPL-1.2
"""The parsed default dataset, cached on disk so that a command does not validate it again every run.

Only the embedded default dataset is cached. The key is a hash of its files' content, dosa's
version and the code that reads and models a dataset, so a changed file or a new dosa never reads a
stale copy. The cache is an optimisation only: a missing, unreadable, foreign or corrupt entry is
ignored and the dataset is read from its files as always. Folder: ``$DOSA_CACHE_DIR``, else
``$XDG_CACHE_HOME/dosa`` (``~/.cache/dosa``; ``~/Library/Caches/dosa`` on macOS,
``%LOCALAPPDATA%\\dosa\\cache`` on Windows). ``DOSA_NO_CACHE=1`` switches it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from dosa import __version__
from dosa.dataset.loader import default_dataset_path, load_dataset_with_report
from dosa.dataset.model import Dataset
from dosa.dataset.problems import ValidationReport

CACHE_ENV = "DOSA_CACHE_DIR"
NO_CACHE_ENV = "DOSA_NO_CACHE"
_CODE = ("dataset", "model")
"""Packages whose code decides what a parsed dataset is: part of the key."""


def cache_dir() -> Path:
    """The per-user cache folder, following each platform's convention."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "dosa" / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "dosa"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "dosa"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def content_key(folder: Path) -> str:
    """Hash of the dataset's files (names and bytes), dosa's version and the dataset-reading code."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    package = Path(__file__).resolve().parent.parent
    for root in [folder, *(package / name for name in _CODE)]:
        for path in _files(root):
            if root != folder and path.suffix != ".py":
                continue
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _trusted(path: Path) -> bool:
    """Read only a cache file this user owns and nobody else can write (pickle runs code)."""
    if os.name != "posix":
        return True
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _read(path: Path, key: str) -> tuple[Dataset | None, ValidationReport] | None:
    try:
        if not path.is_file() or not _trusted(path):
            return None
        with path.open("rb") as stream:
            stored_key, loaded = pickle.load(stream)
    except Exception:  # any damage: ignore the cache, read the files
        return None
    if stored_key != key or not isinstance(loaded, tuple) or len(loaded) != 2:
        return None
    dataset, report = loaded
    if not isinstance(report, ValidationReport) or not (dataset is None or isinstance(dataset, Dataset)):
        return None
    return dataset, report


def _write(path: Path, key: str, loaded: tuple[Dataset | None, ValidationReport]) -> None:
    """Write atomically (temporary file, then rename); a failure only means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".dataset-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((key, loaded), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except Exception:  # a read-only home, a full disk: run without the cache
        return


def load_dataset_cached(path: Path | None = None) -> tuple[Dataset | None, ValidationReport]:
    """:func:`load_dataset_with_report`, served from the cache for the default dataset."""
    default = default_dataset_path().resolve()
    if os.environ.get(NO_CACHE_ENV) or (path is not None and path.resolve() != default):
        return load_dataset_with_report(path)
    key = content_key(default)
    entry = cache_dir() / f"dataset-{key[:32]}.pickle"
    cached = _read(entry, key)
    if cached is not None:
        return cached
    loaded = load_dataset_with_report(path)
    _write(entry, key, loaded)
    return loaded
