# SPDX-License-Identifier: EUPL-1.2
"""Components keep the repository and website URLs their SBOM states (evidence for the resolver).

Components imported before this revision get empty values; the resolver reads their purl, supplier
and manufacturer only.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ("vcs_url", "website_url")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("inventory_components", sa.Column(name, sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("inventory_components") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
