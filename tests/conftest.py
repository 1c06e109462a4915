# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: the tiny hand-made dataset, a writable copy of it, the real agenda text."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

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
