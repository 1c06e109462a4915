# SPDX-License-Identifier: EUPL-1.2
"""PostgreSQL as a first-class store and the migrated schema, on a real PostgreSQL server started by the
tests (and on SQLite): addresses as strings with the password never shown, one engine per process,
TEXT columns for real data, migrations from a database made before them, damage reported."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

import dosa.inventory.tables  # noqa: F401 - registers the inventory tables
from dosa.cli.app import app
from dosa.dataset import load_dataset
from dosa.errors import InputError
from dosa.inventory.importer import import_paths
from dosa.monitoring.ledger import Ledger
from dosa.monitoring.updates import RawUpdate, plan_updates
from dosa.store import SchemaError, mask_url, open_store, resolve_db_url
from dosa.store.engine import engine_for
from dosa.store.schema import alembic_config, forget_checks, head_revision
from pgcluster import Cluster

runner = CliRunner()


def test_passwords_are_masked_in_every_address() -> None:
    assert mask_url("postgresql+psycopg://dosa:s3cret@db:5432/dosa") == "postgresql+psycopg://dosa:***@db:5432/dosa"
    # an address SQLAlchemy cannot parse is still masked
    assert "s3cret" not in mask_url("postgresql://dosa:s3cret@db:notaport/dosa")


def test_a_missing_driver_or_unreachable_server_never_shows_the_password(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        open_store("mysql+mysqldb://dosa:s3cret@127.0.0.1:1/dosa")
    assert "s3cret" not in missing.value.message
    assert "not installed" in missing.value.message
    with pytest.raises(InputError) as unreachable:
        open_store("postgresql://dosa:s3cret@127.0.0.1:1/dosa")
    assert "s3cret" not in unreachable.value.message + (unreachable.value.hint or "")
    assert "***" in unreachable.value.message


@pytest.mark.sqlite_only(reason="one file named by a Path and by a string")
def test_one_engine_per_database_per_process(tmp_path: Path) -> None:
    first = open_store(tmp_path / "a.db")
    again = open_store(str(tmp_path / "a.db"))
    other = open_store(tmp_path / "b.db")
    assert first.engine is again.engine
    assert other.engine is not first.engine


def test_twenty_threads_share_one_bounded_pool(pg_cluster: Cluster) -> None:
    url = pg_cluster.new_database()
    store = open_store(url)
    database = store.engine.url.database
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                Ledger(open_store(url)).entries()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.engine.connect() as connection:
        connections = connection.execute(
            sqlalchemy.text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d"), {"d": database}
        ).scalar_one()
    pool = store.engine.pool
    assert connections <= pool.size() + 20  # type: ignore[attr-defined]


def test_cli_with_a_postgresql_url_writes_there_and_makes_no_local_file(
    pg_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_cluster.new_database().replace("postgresql+psycopg://", "postgresql://")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = runner.invoke(
        app,
        ["actions", "status", "a004", "--set", "in_progress", "--note", "on PostgreSQL", "--author", "ci", "--db", url],
    )
    assert result.exit_code == 0, result.output
    assert list(tmp_path.iterdir()) == [], "nothing may be written next to the command"
    entries = Ledger(open_store(url)).entries()
    assert [(e.action, e.status.value, e.note) for e in entries] == [("a004", "in_progress", "on PostgreSQL")]
    report = runner.invoke(app, ["report", "--out-dir", str(tmp_path / "out"), "--format", "html", "--db", url])
    assert report.exit_code == 0, report.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _sbom_with(tmp_path: Path, manufacturer: str, supplier: str) -> Path:
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {"component": {"type": "application", "name": "long-values", "version": "1.0"}},
        "components": [
            {
                "type": "library",
                "name": "libexample",
                "version": "2.3.4",
                "purl": "pkg:generic/libexample@2.3.4",
                "manufacturer": {"name": manufacturer},
                "supplier": {"name": supplier},
            }
        ],
    }
    path = tmp_path / "long.cdx.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_long_real_world_values_fit_on_both_databases(any_db_url: str, tmp_path: Path) -> None:
    """A 686-character manufacturer (as a real SBOM carries) and a 1,500-character supplier are kept whole."""
    manufacturer = ("Example Manufacturer Corporation, Division of Open Components " * 12)[:686]
    supplier = "S" * 1500
    store = open_store(any_db_url)
    summary = import_paths(store, [_sbom_with(tmp_path, manufacturer, supplier)], "long")
    assert summary.ok, [(o.error, o.hint) for o in summary.outcomes]
    with store.engine.connect() as connection:
        row = connection.execute(
            sqlalchemy.text("SELECT manufacturer, supplier FROM inventory_components WHERE name = 'libexample'")
        ).one()
    assert (len(row.manufacturer), len(row.supplier)) == (686, 1500)
    assert row.manufacturer == manufacturer


def _record(url: str, action: str, status: str, note: str) -> None:
    dataset = load_dataset()
    ledger = Ledger(open_store(url))
    plan = plan_updates(
        dataset,
        [RawUpdate(action=action, status=status, note=note, author="tester")],
        ledger.entries(),
        today=dt.date.today(),
        source="test",
    )
    assert plan.ok
    ledger.apply(dataset, plan, author="tester")


def test_ledger_refuses_update_delete_and_truncate_on_postgresql(pg_cluster: Cluster) -> None:
    url = pg_cluster.new_database()
    _record(url, "a004", "in_progress", "first")
    store = open_store(url)
    for statement in (
        "UPDATE monitoring_status_entries SET note = 'rewritten'",
        "DELETE FROM monitoring_status_entries",
        "TRUNCATE monitoring_status_entries CASCADE",
        "DELETE FROM monitoring_batches",
    ):
        with pytest.raises(DBAPIError, match="append-only"), store.begin() as connection:
            connection.execute(sqlalchemy.text(statement))
    assert [e.note for e in Ledger(store).entries()] == ["first"]


def test_the_application_role_cannot_change_the_ledger(pg_cluster: Cluster) -> None:
    url = pg_cluster.new_database()
    _record(url, "a004", "in_progress", "first")
    pg_cluster.sql(
        "DO $$ BEGIN CREATE ROLE dosa_app LOGIN PASSWORD 'app-secret'; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    result = runner.invoke(app, ["db", "grant-app-role", "dosa_app", "--db", url])
    assert result.exit_code == 0, result.output
    database = url.rsplit("/", 1)[1]
    app_url = pg_cluster.url(database, user="dosa_app", password="app-secret")
    _record(app_url, "a015", "in_progress", "as the application")  # INSERT is allowed
    # even with the triggers gone, the application role has no right to change the ledger
    pg_cluster.sql("ALTER TABLE monitoring_status_entries DISABLE TRIGGER USER", database)
    app_engine = engine_for(app_url)
    for statement in ("UPDATE monitoring_status_entries SET note = 'x'", "DELETE FROM monitoring_status_entries"):
        with pytest.raises(DBAPIError, match="permission denied"), app_engine.begin() as connection:
            connection.execute(sqlalchemy.text(statement))
    pg_cluster.sql("ALTER TABLE monitoring_status_entries ENABLE TRIGGER USER", database)


def _legacy_database(url: str) -> None:
    """A database as dosa made it before migrations: the 0001 schema, no alembic_version, two entries."""
    from alembic import command

    engine = engine_for(resolve_db_url(url))
    with engine.connect() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.commit()
        connection.execute(sqlalchemy.text("DROP TABLE alembic_version"))
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO monitoring_batches (id, origin, rows, author, recorded_at, dataset_version) "
                "VALUES (1, 'cli', 2, 'owner', '2024-01-02 09:00:00', 'dosa-default 2023.1.0')"
            )
        )
        for entry_id, action in ((1, "a004"), (2, "a015")):
            connection.execute(
                sqlalchemy.text(
                    "INSERT INTO monitoring_status_entries "
                    "(id, action, date, status, previous, note, author, recorded_at, batch_id) "
                    "VALUES (:id, :a, '2024-01-01', 'in_progress', 'not_started', 'old', 'owner', "
                    "'2024-01-02 09:00:00', 1)"
                ),
                {"id": entry_id, "a": action},
            )
        connection.commit()
    forget_checks()


def test_a_database_from_before_migrations_is_refused_until_upgraded(any_db_url: str) -> None:
    _legacy_database(any_db_url)
    with pytest.raises(SchemaError, match="made by a dosa before migrations") as refused:
        open_store(any_db_url)
    assert "dosa db upgrade" in (refused.value.hint or "")
    result = runner.invoke(app, ["db", "upgrade", "--db", any_db_url])
    assert result.exit_code == 0, result.output
    assert f"none -> {head_revision()}" in result.output
    entries = Ledger(open_store(any_db_url)).entries()
    assert [(e.id, e.action, e.note) for e in entries] == [(1, "a004", "old"), (2, "a015", "old")]
    verified = runner.invoke(app, ["db", "verify", "--db", any_db_url])
    assert verified.exit_code == 0, verified.output
    assert "2 ledger entries, chain intact" in verified.output


def test_a_dropped_ledger_table_is_damage_not_a_fresh_ledger(any_db_url: str) -> None:
    _record(any_db_url, "a004", "in_progress", "first")
    with open_store(any_db_url).begin() as connection:
        connection.execute(sqlalchemy.text("DROP TABLE monitoring_status_entries"))
    forget_checks()
    with pytest.raises(SchemaError, match=r"damaged: table\(s\) monitoring_status_entries are missing"):
        open_store(any_db_url)


@pytest.mark.sqlite_only(reason="a 0-byte database file")
def test_an_empty_file_is_not_taken_as_a_new_database(tmp_path: Path) -> None:
    empty = tmp_path / "dosa.db"
    empty.write_bytes(b"")
    with pytest.raises(SchemaError, match=r"empty \(0 bytes\)") as refused:
        open_store(empty)
    assert "restore" in (refused.value.hint or "")
    assert empty.stat().st_size == 0, "the empty file is left as found"


@pytest.mark.sqlite_only(reason="no file and no folder made for a missing SQLite database")
def test_read_commands_create_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = runner.invoke(app, ["db", "current", "--db", str(tmp_path / "none" / "dosa.db")])
    assert result.exit_code != 0
    assert not (tmp_path / "none").exists()
    assert os.listdir(tmp_path) == []
