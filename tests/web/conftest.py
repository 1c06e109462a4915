# SPDX-License-Identifier: EUPL-1.2
"""An in-process client of the dashboard on the mini dataset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dosa.dataset import Dataset, load_dataset
from dosa.web import WebSettings, create_app


@pytest.fixture(scope="session")
def web_dataset() -> Dataset:
    return load_dataset(Path(__file__).parent.parent / "fixtures" / "mini")


@pytest.fixture(scope="session")
def app(web_dataset: Dataset, new_db_url: Callable[[], str]) -> FastAPI:
    db = new_db_url()
    settings = WebSettings(security_contact="mailto:security@example.org", editor="Test Editor", db=db)
    return create_app(settings, web_dataset)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> TestClient:
    return TestClient(app)
