# SPDX-License-Identifier: EUPL-1.2
"""The Alembic migrations form ONE linear chain from 0001 (three branches once each added a 0003): every
revision id once, each file named after its revision, every revision the parent of at most one other,
one head, and the ORM tables the migrations make match what the models declare."""

from __future__ import annotations

import ast
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import dosa.access.tokens
import dosa.inventory.jobs
import dosa.inventory.tables
import dosa.monitoring.tables  # noqa: F401 - the models the migrations make
from dosa.store import Base, open_store
from dosa.store.schema import MIGRATED_TABLES, MIGRATIONS, alembic_config, head_revision

VERSIONS = MIGRATIONS / "versions"


def _assignments(path: Path) -> dict[str, object]:
    """The module-level ``revision`` and ``down_revision`` of a migration file, read without importing it."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        if isinstance(node, ast.Assign) and isinstance(target, ast.Name) and target.id in {"revision", "down_revision"}:
            found[target.id] = ast.literal_eval(node.value)
    return found


def test_the_migrations_form_one_linear_chain_from_0001() -> None:
    files = sorted(VERSIONS.glob("*.py"))
    assert files, "no migrations found"
    parents: dict[str, object] = {}
    for path in files:
        values = _assignments(path)
        revision = values["revision"]
        assert isinstance(revision, str), path.name
        assert revision not in parents, f"revision {revision} is defined twice ({path.name})"
        assert path.name.startswith(f"{revision}_"), f"{path.name} defines revision {revision}"
        parents[revision] = values["down_revision"]
    roots = [r for r, parent in parents.items() if parent is None]
    assert roots == ["0001"]
    children: dict[object, list[str]] = {}
    for revision, parent in parents.items():
        assert parent is None or isinstance(parent, str), f"{revision} merges branches: {parent}"
        assert parent is None or parent in parents, f"{revision} follows unknown revision {parent}"
        children.setdefault(parent, []).append(revision)
    branching = {parent: kids for parent, kids in children.items() if len(kids) > 1}
    assert branching == {}, f"branches: {branching}"
    chain = ["0001"]
    while chain[-1] in children:
        chain.append(children[chain[-1]][0])
    assert chain == sorted(parents), "one chain through every revision, in the order of their numbers"
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [chain[-1]] == [head_revision()]


def test_the_migrated_tables_have_the_models_columns(db_url: str) -> None:
    """A column or table a model declares that no migration makes (or the reverse) is a missing migration.
    (Column types are left out: SQLite keeps the VARCHARs that revision 0002 widened to TEXT elsewhere.)"""
    store = open_store(db_url)
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    missing = []
    for difference in differences:
        for item in difference if isinstance(difference, list) else [difference]:
            kind = item[0]
            if kind in {"add_column", "remove_column"} and item[2] in MIGRATED_TABLES:
                missing.append((kind, item[2], item[3].name))
            elif kind in {"add_table", "remove_table"} and item[1].name in MIGRATED_TABLES:
                missing.append((kind, item[1].name, ""))
    assert missing == []
