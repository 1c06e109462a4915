# SPDX-License-Identifier: EUPL-1.2
"""The dosa database: one SQLAlchemy declarative ``Base`` and the engine every area shares.

SQLite by default, in a per-user data directory; ``--db PATH`` or the ``DOSA_DB`` environment
variable choose another file (or, with ``://`` in the value, any SQLAlchemy URL).
"""

from dosa.store.base import Base
from dosa.store.engine import DB_ENV, Store, default_db_path, open_existing_store, open_store, resolve_db_url

__all__ = ["DB_ENV", "Base", "Store", "default_db_path", "open_existing_store", "open_store", "resolve_db_url"]
