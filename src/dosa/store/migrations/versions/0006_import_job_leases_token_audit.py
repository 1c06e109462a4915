# SPDX-License-Identifier: EUPL-1.2
"""Import jobs name the process that holds them and when it last said it is alive, so that a job whose
worker died is failed with the reason instead of staying queued or running (dosa.inventory.jobs); API
tokens record who made and who revoked them (the dashboard's token page and dosa tokens).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inventory_import_jobs") as batch:
        batch.add_column(sa.Column("worker", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("created_by", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("revoked_by", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("revoked_by")
        batch.drop_column("created_by")
    with op.batch_alter_table("inventory_import_jobs") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("worker")
