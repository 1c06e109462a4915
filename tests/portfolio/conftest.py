# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for the portfolio store: the real SBOM corpus in both stores, a hand-made portfolio of
three organisations, and one SparkSession for the whole test session (Spark starts slowly)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dosa.inventory.importer import import_paths
from dosa.portfolio.bulk import bulk_import
from dosa.portfolio.engines import java_available
from dosa.store import Store, open_store


@pytest.fixture(scope="session")
def corpus(sbom_samples: Path) -> Path:
    """The real SBOM corpus (tests/shared_material.py decides where; skipped with the reason when absent)."""
    return sbom_samples


@pytest.fixture(scope="session")
def operational(corpus: Path, new_db_url: Callable[[], str]) -> Iterator[Store]:
    """The corpus imported by the operational importer (SQLite, or PostgreSQL in that pass), project 'apps'."""
    store = open_store(new_db_url())
    import_paths(store, [corpus], "apps")
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def corpus_store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus bulk-imported into a portfolio store as organisation 'acme', project 'apps'."""
    root = tmp_path_factory.mktemp("portfolio") / "store"
    bulk_import(root, [corpus], "acme", "apps", jobs=2)
    return root


def cyclonedx(subject: str, version: str, components: list[dict[str, Any]], created: str = "") -> bytes:
    metadata: dict[str, Any] = {"component": {"type": "application", "name": subject, "version": version}}
    if created:
        metadata["timestamp"] = created
    document = {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "metadata": metadata}
    document["components"] = components
    return json.dumps(document).encode()


def component(purl: str, supplier: str = "") -> dict[str, Any]:
    """A library component from its purl (name and version taken from it, as SBOM tools write them)."""
    name, _, version = purl.rpartition("/")[2].partition("@")
    entry: dict[str, Any] = {"type": "library", "name": name, "version": version, "purl": purl, "bom-ref": purl}
    if supplier:
        entry["supplier"] = {"name": supplier}
    return entry


LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core"
LODASH = "pkg:npm/lodash"
REQUESTS = "pkg:pypi/requests"
APACHE, OPENJS = "Apache Software Foundation", "OpenJS Foundation"

SERVICES_A = b"""- name: Mail
  category: saas
  vendor: MegaCloud
  vendor_country: US
  critical_functions: [crisis communication, case handling]
"""
SERVICES_B = b"""- name: Docs
  category: office_suite
  vendor: Rijnware
  vendor_country: NL
  critical_functions: [payroll]
- name: VMs
  category: iaas
  vendor: MegaCloud
  vendor_country: US
  critical_functions: [case handling]
"""


@pytest.fixture(scope="session")
def three_organisations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three organisations with hand-made SBOMs and services; expected answers are in the tests."""
    folder = tmp_path_factory.mktemp("three")
    files = {
        "a": [
            (
                "a-portal.json",
                cyclonedx(
                    "portal",
                    "1.0",
                    [
                        component(f"{LOG4J}@2.14.1", APACHE),
                        component(f"{LODASH}@4.17.20", OPENJS),
                        component(f"{REQUESTS}@2.31.0"),
                    ],
                ),
            ),
            ("a-services.yaml", SERVICES_A),
        ],
        "b": [
            (
                "b-cases.json",
                cyclonedx(
                    "cases", "3.1", [component(f"{LOG4J}@2.17.1", APACHE), component(f"{LODASH}@4.17.21", OPENJS)]
                ),
            ),
            ("b-services.yaml", SERVICES_B),
        ],
        "c": [("c-site.json", cyclonedx("site", "7", [component(f"{LODASH}@4.17.21", OPENJS)]))],
    }
    root = folder / "store"
    for organisation, documents in files.items():
        source = folder / organisation
        source.mkdir()
        for name, data in documents:
            (source / name).write_bytes(data)
        summary = bulk_import(root, [source], f"Organisation {organisation.upper()}", "main")
        assert summary.ok, [o.error for o in summary.outcomes]
    return root


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local SparkSession for every Spark test: local[1], no UI, bound to 127.0.0.1."""
    if java_available() is None:
        pytest.skip("no Java runtime (java on PATH or $JAVA_HOME); Spark tests need one: run .ci/install-java.sh")
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'dosa[spark]')")
    from dosa.portfolio.engines import spark_session

    session = spark_session("local[1]", app_name="dosa-tests")
    yield session
    session.stop()
