# SPDX-License-Identifier: EUPL-1.2
"""Alembic's entry point: migrations run on the connection dosa hands over (``dosa db upgrade``)."""

from __future__ import annotations

from alembic import context

from dosa.store.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through 'dosa db upgrade', which passes the connection")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
