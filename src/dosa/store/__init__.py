# SPDX-License-Identifier: EUPL-1.2
"""The dosa database: one SQLAlchemy declarative ``Base``, one engine per database per process, and
the schema kept by Alembic migrations.

SQLite by default, in a per-user data directory; ``--db`` or the ``DOSA_DB`` environment variable
choose another file or, with ``://`` in the value, a database URL (``postgresql://…``).
"""

from dosa.store.base import Base
from dosa.store.engine import Store, database_exists, open_existing_store, open_store
from dosa.store.errors import SchemaError, StoreBusy
from dosa.store.urls import DB_ENV, default_db_path, mask_url, resolve_db_url

__all__ = [
    "DB_ENV",
    "Base",
    "SchemaError",
    "Store",
    "StoreBusy",
    "database_exists",
    "default_db_path",
    "mask_url",
    "open_existing_store",
    "open_store",
    "resolve_db_url",
]
