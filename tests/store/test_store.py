# SPDX-License-Identifier: EUPL-1.2
"""The dosa database: where it lives, how it is chosen, and its schema created on first use."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

import dosa.inventory.tables  # noqa: F401 - registers the inventory tables
from dosa.errors import InputError
from dosa.store import DB_ENV, default_db_path, open_store, resolve_db_url


def test_default_location_is_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(DB_ENV, raising=False)
    assert default_db_path() == tmp_path / "data" / "dosa" / "dosa.db"
    assert resolve_db_url() == f"sqlite:///{tmp_path / 'data' / 'dosa' / 'dosa.db'}"


def test_env_variable_and_option_choose_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.db"))
    assert resolve_db_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_db_url(tmp_path / "opt.db") == f"sqlite:///{tmp_path / 'opt.db'}"
    # PostgreSQL addresses always use psycopg 3, whichever spelling is given
    assert resolve_db_url("postgresql://dosa@db/dosa") == "postgresql+psycopg://dosa@db/dosa"
    assert resolve_db_url("postgres://dosa@db/dosa") == "postgresql+psycopg://dosa@db/dosa"
    monkeypatch.setenv(DB_ENV, "postgresql://dosa:s3cret@db:5433/dosa")
    assert resolve_db_url() == "postgresql+psycopg://dosa:s3cret@db:5433/dosa"


@pytest.mark.sqlite_only(reason="a new database file in a folder that does not exist yet")
def test_schema_is_created_on_first_use(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new" / "dosa.db")
    tables = set(inspect(store.engine).get_table_names())
    assert {
        "inventory_projects",
        "inventory_sboms",
        "inventory_components",
        "inventory_packages",
        "inventory_services",
    } <= tables
    store.dispose()


@pytest.mark.sqlite_only(reason="a directory or a non-database file given as the database")
def test_a_directory_or_a_non_database_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        open_store(tmp_path)
    junk = tmp_path / "junk.db"
    junk.write_text("this is not a database " * 100)
    with pytest.raises(InputError, match="cannot read the dosa database") as caught:
        open_store(junk)
    assert "is a dosa database" in (caught.value.hint or "")
