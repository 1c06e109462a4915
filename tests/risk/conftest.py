# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for the risk engine: a small hand-made stack, the packaged method, the CRM tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from dosa.dataset import Dataset, load_dataset
from dosa.risk import Assessment, Method, assess, load_method

HERE = Path(__file__).parent
SMALL = HERE / "fixtures" / "small"


@pytest.fixture(scope="session")
def small_path() -> Path:
    return SMALL


@pytest.fixture(scope="session")
def small() -> Dataset:
    return load_dataset(SMALL)


@pytest.fixture(scope="session")
def method() -> Method:
    return load_method()


@pytest.fixture(scope="session")
def assessment(small: Dataset, method: Method) -> Assessment:
    return assess(small, method, draws=200)
