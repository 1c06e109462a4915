# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: the tiny hand-made dataset, a writable copy of it, the real agenda text."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pgcluster import Cluster, missing_reason, start_cluster
from shared_material import SAMPLES_MISSING, SBOM_SAMPLES, SHARED, absent

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINI = TESTS / "fixtures" / "mini"


def pytest_configure(config: pytest.Config) -> None:
    """Keep dosa's dataset cache out of the user's home: one folder per test run, shared by the workers."""
    if "DOSA_CACHE_DIR" not in os.environ:
        os.environ["DOSA_CACHE_DIR"] = tempfile.mkdtemp(prefix="dosa-test-cache-")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared material (tests/shared_material.py decides where); skips with the reason when absent."""
    reason = absent(SHARED)
    if reason is not None:
        pytest.skip(reason)
    return SHARED


@pytest.fixture(scope="session")
def sbom_samples() -> Path:
    """The real SBOM corpus (../shared/sbom-samples, or DOSA_SBOM_SAMPLES); skips with the reason when absent."""
    if SAMPLES_MISSING is not None:
        pytest.skip(SAMPLES_MISSING)
    return SBOM_SAMPLES


@pytest.fixture
def mini_path() -> Path:
    return MINI


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini dataset for tests that break it."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


TEST_DB_ENV = "DOSA_TEST_DB"
"""``postgresql`` runs the tests that take ``db_url`` on a throwaway PostgreSQL cluster (``.ci/run``'s
second pass); unset, they use a SQLite file."""


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL cluster of this test session (skipped, with the reason, where none can run)."""
    reason = missing_reason()
    if reason is not None:
        if os.environ.get(TEST_DB_ENV) == "postgresql":
            pytest.fail(f"{TEST_DB_ENV}=postgresql but {reason}")
        pytest.skip(reason)
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty dosa database: a SQLite file, or a PostgreSQL database when DOSA_TEST_DB=postgresql."""
    if os.environ.get(TEST_DB_ENV) == "postgresql":
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        return cluster.new_database()
    return str(tmp_path / "dosa.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty dosa database on each engine in turn (PostgreSQL skipped where none can run)."""
    if request.param == "postgresql":
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        return cluster.new_database()
    return str(tmp_path / "dosa.db")


@pytest.fixture(scope="session")
def new_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Callable[[], str]:
    """Make new, empty dosa databases for session-wide fixtures: SQLite files, or PostgreSQL databases
    when DOSA_TEST_DB=postgresql (``db_url`` is the one-test form)."""
    if os.environ.get(TEST_DB_ENV) == "postgresql":
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        return cluster.new_database
    return lambda: str(tmp_path_factory.mktemp("db") / "dosa.db")


DATABASE_FIXTURES = frozenset({"db_url", "new_db_url"})
"""A test whose fixtures include one of these uses a dosa database on the engine DOSA_TEST_DB names."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL pass (DOSA_TEST_DB=postgresql) keeps exactly the tests that use a dosa database:
    those taking ``db_url``/``new_db_url`` (directly or through another fixture). Tests marked
    ``sqlite_only`` are kept and skipped with their reason; tests that use no database, or that already
    ran on PostgreSQL in the first pass (``any_db_url``, ``pg_cluster``), are deselected."""
    if os.environ.get(TEST_DB_ENV) != "postgresql":
        return
    selected: list[pytest.Item] = []
    deselected: list[pytest.Item] = []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        sqlite_only = item.get_closest_marker("sqlite_only")
        if sqlite_only is not None:
            reason = sqlite_only.kwargs.get("reason") or (sqlite_only.args[0] if sqlite_only.args else "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
            selected.append(item)
        elif fixtures & DATABASE_FIXTURES:
            selected.append(item)
        else:
            deselected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
