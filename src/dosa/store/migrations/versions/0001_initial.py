# SPDX-License-Identifier: EUPL-1.2
"""The schema as dosa made it before migrations: monitoring ledger and inventory.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inventory_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=1000), nullable=False),
        sa.Column("ecosystem", sa.String(length=40), nullable=False),
        sa.Column("namespace", sa.String(length=500), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("name_lc", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_packages")),
        sa.UniqueConstraint("key", name=op.f("uq_inventory_packages_key")),
    )
    op.create_index(op.f("ix_inventory_packages_name_lc"), "inventory_packages", ["name_lc"], unique=False)
    op.create_table(
        "inventory_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_projects")),
        sa.UniqueConstraint("name", name=op.f("uq_inventory_projects_name")),
    )
    op.create_table(
        "monitoring_batches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("dataset_version", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_batches")),
    )
    op.create_table(
        "inventory_cloud_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=300), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("eligible", sa.Boolean(), nullable=True),
        sa.Column("framework_version", sa.String(length=40), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["inventory_projects.id"],
            name=op.f("fk_inventory_cloud_assessments_project_id_inventory_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_cloud_assessments")),
        sa.UniqueConstraint("project_id", "service", name=op.f("uq_inventory_cloud_assessments_project_id")),
    )
    op.create_index(
        op.f("ix_inventory_cloud_assessments_project_id"), "inventory_cloud_assessments", ["project_id"], unique=False
    )
    op.create_table(
        "inventory_sboms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("subject_version", sa.String(length=200), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("spec_version", sa.String(length=40), nullable=False),
        sa.Column("component_count", sa.Integer(), nullable=False),
        sa.Column("compression", sa.String(length=10), nullable=False),
        sa.Column("serial_number", sa.String(length=500), nullable=False),
        sa.Column("generator", sa.Text(), nullable=False),
        sa.Column("document_created", sa.String(length=64), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("dependencies", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["inventory_projects.id"],
            name=op.f("fk_inventory_sboms_project_id_inventory_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_sboms")),
        sa.UniqueConstraint("project_id", "subject", "subject_version", name=op.f("uq_inventory_sboms_project_id")),
    )
    op.create_index(op.f("ix_inventory_sboms_project_id"), "inventory_sboms", ["project_id"], unique=False)
    op.create_table(
        "inventory_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["inventory_projects.id"],
            name=op.f("fk_inventory_services_project_id_inventory_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_services")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_inventory_services_project_id")),
    )
    op.create_index(op.f("ix_inventory_services_project_id"), "inventory_services", ["project_id"], unique=False)
    op.create_table(
        "monitoring_status_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("previous", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["monitoring_batches.id"],
            name=op.f("fk_monitoring_status_entries_batch_id_monitoring_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_status_entries")),
    )
    op.create_index(op.f("ix_monitoring_status_entries_action"), "monitoring_status_entries", ["action"], unique=False)
    op.create_index(
        op.f("ix_monitoring_status_entries_batch_id"), "monitoring_status_entries", ["batch_id"], unique=False
    )
    op.create_table(
        "inventory_components",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sbom_id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=1200), nullable=False),
        sa.Column("ref", sa.String(length=1000), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=False),
        sa.Column("group", sa.String(length=500), nullable=False),
        sa.Column("purl", sa.String(length=1200), nullable=False),
        sa.Column("cpe", sa.String(length=500), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("supplier", sa.String(length=500), nullable=False),
        sa.Column("manufacturer", sa.String(length=500), nullable=False),
        sa.Column("licences", sa.Text(), nullable=False),
        sa.Column("hashes", sa.Text(), nullable=False),
        sa.Column("parent_key", sa.String(length=1200), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["inventory_packages.id"],
            name=op.f("fk_inventory_components_package_id_inventory_packages"),
        ),
        sa.ForeignKeyConstraint(
            ["sbom_id"],
            ["inventory_sboms.id"],
            name=op.f("fk_inventory_components_sbom_id_inventory_sboms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_components")),
    )
    op.create_index(op.f("ix_inventory_components_package_id"), "inventory_components", ["package_id"], unique=False)
    op.create_index(op.f("ix_inventory_components_sbom_id"), "inventory_components", ["sbom_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for table in ("monitoring_status_entries", "monitoring_batches"):
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'the monitoring ledger is append-only'); END"
                )


def downgrade() -> None:
    raise NotImplementedError("dosa never removes its tables; restore a backup instead")
