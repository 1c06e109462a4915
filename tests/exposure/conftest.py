# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for exposure: a database with the test inventory and the real advisory records."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from exposure_helpers import FIXTURES

import dosa.exposure.tables  # noqa: F401  (registers the exposure tables before the schema is created)
from dosa.exposure.importer import import_advisories
from dosa.inventory import import_paths
from dosa.store import Store, open_store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.dispose()


@pytest.fixture
def inventory(store: Store) -> Store:
    """The test SBOMs in project ``ministry-x``: log4j-core 2.6.1 (payments), 2.17.0 (portal),
    2.17.1 (archive), 2.14.1 (Example Company ABC 4.2); CVRF-CSAF-Converter rc1 and rc2 by CPE."""
    summary = import_paths(store, [FIXTURES / "inventory"], project="ministry-x")
    assert all(o.status.value == "imported" for o in summary.outcomes)
    return store


@pytest.fixture
def loaded(inventory: Store) -> Store:
    """The inventory plus the four Log4Shell-family OSV records, the BSI CSAF advisory, KEV and EPSS."""
    results = import_advisories(
        inventory, [FIXTURES / "osv", FIXTURES / "csaf" / "bsi-2022-0001.json", FIXTURES / "kev", FIXTURES / "epss"]
    )
    assert [r.error for r in results if r.error] == []
    return inventory
