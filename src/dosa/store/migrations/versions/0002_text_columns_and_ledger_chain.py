# SPDX-License-Identifier: EUPL-1.2
"""Free text as TEXT (PostgreSQL enforces lengths SQLite ignores); the ledger's hash chain and its
provenance columns; append-only triggers on PostgreSQL.

Existing ledger entries are sealed into the chain in the order they were recorded.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dosa.monitoring.chain import BATCH_FIELDS, ENTRY_FIELDS, GENESIS, entry_hash

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TEXT_COLUMNS = {
    "inventory_projects": ("name",),
    "inventory_sboms": ("subject", "subject_version", "source_name", "serial_number", "document_created"),
    "inventory_packages": ("key", "ecosystem", "namespace", "name", "name_lc"),
    "inventory_components": (
        "key",
        "ref",
        "name",
        "version",
        "group",
        "purl",
        "cpe",
        "type",
        "scope",
        "supplier",
        "manufacturer",
        "parent_key",
    ),
    "inventory_services": ("name", "source_name"),
    "inventory_cloud_assessments": ("service",),
}
LEDGER = ("monitoring_status_entries", "monitoring_batches")
NEW_ENTRY_COLUMNS = (
    sa.Column("organisation", sa.Text(), nullable=False, server_default=""),
    sa.Column("source_address", sa.String(64), nullable=False, server_default=""),
    sa.Column("request_id", sa.String(64), nullable=False, server_default=""),
    sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""),
    sa.Column("entry_hash", sa.String(64), nullable=False, server_default=""),
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION dosa_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the monitoring ledger is append-only (% on %)', TG_OP, TG_TABLE_NAME;
END $$
"""


def _sqlite_triggers(create: bool) -> None:
    for table in LEDGER:
        for verb in ("update", "delete"):
            if create:
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'the monitoring ledger is append-only'); END"
                )
            else:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


def _seal_existing_entries() -> None:
    bind = op.get_bind()
    metadata = sa.MetaData()
    batch_table = sa.Table("monitoring_batches", metadata, autoload_with=bind)
    entry_table = sa.Table("monitoring_status_entries", metadata, autoload_with=bind)
    # typed reads: dates and times as the application reads them, whatever the database stores
    batches = {
        row["id"]: row
        for row in bind.execute(sa.select(batch_table.c.id, *(batch_table.c[n] for n in BATCH_FIELDS))).mappings()
    }
    columns = [entry_table.c[name] for name in ENTRY_FIELDS]
    previous = GENESIS
    for row in bind.execute(sa.select(*columns).order_by(entry_table.c.id)).mappings().all():
        digest = entry_hash(previous, row, batches[row["batch_id"]])
        bind.execute(
            sa.text("UPDATE monitoring_status_entries SET prev_hash = :p, entry_hash = :h WHERE id = :id"),
            {"p": previous, "h": digest, "id": row["id"]},
        )
        previous = digest


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table, columns in TEXT_COLUMNS.items():
            for column in columns:
                op.alter_column(table, column, type_=sa.Text(), existing_nullable=False)
    if dialect == "sqlite":
        _sqlite_triggers(create=False)
    for column in NEW_ENTRY_COLUMNS:
        op.add_column("monitoring_status_entries", column)
    _seal_existing_entries()
    if dialect == "sqlite":
        _sqlite_triggers(create=True)
    elif dialect == "postgresql":
        op.execute(PG_FUNCTION)
        for table in LEDGER:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION dosa_ledger_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION dosa_ledger_append_only()"
            )


def downgrade() -> None:
    raise NotImplementedError("dosa never removes ledger columns; restore a backup instead")
