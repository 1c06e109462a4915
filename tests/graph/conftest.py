# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for the stack graph: the hand-made stack, the default dataset, their graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dosa.dataset import Dataset, load_dataset
from dosa.graph.build import DatasetGraph, graph_from_dataset

FIXTURES = Path(__file__).parent / "fixtures"
STACK = FIXTURES / "stack"
SCENARIOS = FIXTURES / "scenarios"


@pytest.fixture(scope="session")
def stack() -> Dataset:
    return load_dataset(STACK)


@pytest.fixture(scope="session")
def stack_graph(stack: Dataset) -> DatasetGraph:
    return graph_from_dataset(stack)


@pytest.fixture(scope="session")
def default() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def default_graph(default: Dataset) -> DatasetGraph:
    return graph_from_dataset(default)
