# SPDX-License-Identifier: EUPL-1.2
"""Database addresses: a plain path means a SQLite file, anything with ``://`` a SQLAlchemy URL.

Addresses are strings everywhere (``--db``, ``DOSA_DB``, the web settings) and are shown only
through :func:`mask_url`, which never reveals a password.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from dosa.errors import InputError

DB_ENV = "DOSA_DB"
DB_FILENAME = "dosa.db"

_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^:/@]*):(?P<secret>[^@/]*)@")
_POSTGRES_SCHEMES = ("postgres://", "postgresql://", "postgresql+psycopg2://")


def default_db_path() -> Path:
    """The per-user data directory's ``dosa/dosa.db``, following each platform's convention.

    Linux and other Unix: ``$XDG_DATA_HOME/dosa`` (default ``~/.local/share/dosa``); macOS:
    ``~/Library/Application Support/dosa``; Windows: ``%LOCALAPPDATA%\\dosa``.
    """
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "dosa" / DB_FILENAME


def mask_url(url: str) -> str:
    """The address with any password replaced by ``***`` (also for addresses SQLAlchemy cannot parse)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:***@", url)


def is_url(value: str) -> bool:
    return "://" in value


def normalise_url(url: str) -> str:
    """PostgreSQL addresses use psycopg (version 3), dosa's one PostgreSQL driver."""
    for scheme in _POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite address (``None`` for another database or an in-memory one)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def resolve_db_url(db: str | Path | None = None, *, create_folder: bool = True) -> str:
    """Choose the database: ``db`` if given, else ``$DOSA_DB``, else :func:`default_db_path`.

    A value containing ``://`` is a SQLAlchemy URL (``postgresql://`` means psycopg); anything else a
    SQLite file path, whose folder is created unless ``create_folder`` is false (read commands).
    """
    value = str(db) if db is not None and str(db) else os.environ.get(DB_ENV) or str(default_db_path())
    if is_url(value):
        try:
            make_url(value)
        except (ArgumentError, ValueError):
            raise InputError(
                f"'{mask_url(value)}' is not a database address",
                hint="write a file path or a URL such as postgresql://user@host/dosa",
            ) from None
        return normalise_url(value)
    path = Path(value).expanduser()
    if path.is_dir():
        raise InputError(f"database path {path} is a directory", hint=f"give a file path, e.g. {path / DB_FILENAME}")
    if create_folder:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"cannot create the folder for the database {path}: {exc.strerror}",
                hint=f"choose another place with --db PATH or {DB_ENV}",
            ) from exc
    return f"sqlite:///{path.resolve()}"


def database_exists(db: str | Path | None = None) -> bool:
    """Whether there is a dosa database to read: a SQLite file that exists, or a server database that
    holds tables (an empty PostgreSQL database is no more a dosa database than a missing file, so
    readers never create dosa's tables in it). Looking never creates anything."""
    url = resolve_db_url(db, create_folder=False)
    path = sqlite_path(url)
    if path is not None:
        return path.exists()
    from dosa.store.engine import server_database_has_tables

    return server_database_has_tables(url)
