# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: the tiny hand-made dataset, a writable copy of it, the real agenda text."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pgcluster import Cluster, missing_reason, start_cluster

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINI = TESTS / "fixtures" / "mini"
SHARED = REPO.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    """Keep dosa's dataset cache out of the user's home: one folder per test run, shared by the workers."""
    if "DOSA_CACHE_DIR" not in os.environ:
        os.environ["DOSA_CACHE_DIR"] = tempfile.mkdtemp(prefix="dosa-test-cache-")


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
