# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for the inventory: the real SBOM sample corpus, a database, a tiny hand-made dataset."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dosa.dataset import Dataset, load_dataset
from dosa.store import Store, open_store

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT.parent / "shared" / "sbom-samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The real SBOM corpus next to the repository (../shared/sbom-samples); tests skip without it."""
    if not (SAMPLES / "MANIFEST.tsv").is_file():
        pytest.skip(f"needs the SBOM corpus at {SAMPLES} (../shared next to the repository)")
    return SAMPLES


@pytest.fixture(scope="session")
def manifest(samples_dir: Path) -> list[dict[str, str]]:
    with (samples_dir / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture
def store(db_url: str) -> Store:
    """A new database: SQLite, or PostgreSQL when DOSA_TEST_DB=postgresql."""
    opened = open_store(db_url)
    yield opened  # type: ignore[misc]
    opened.dispose()


TINY_SOURCES = """id,publisher,title,year,licence
fixture,dosa tests,Hand-made test fixture (not real data),2025,CC0-1.0
"""
# Country flags here are a test fixture, not the dataset's sourced records.
TINY_COUNTRIES = """code,name_en,eu_member,eea_member,nato_member,offensive_cyber_programme_against_nl,source
NL,Netherlands,yes,yes,yes,no,fixture
DE,Germany,yes,yes,yes,no,fixture
IE,Ireland,yes,yes,no,no,fixture
US,United States,no,no,yes,no,fixture
CN,China,no,no,no,yes,fixture
"""
TINY_SUPPLIERS = """id,name,hq_country,ultimate_parent,priorities,role,source
megacloud,MegaCloud (MegaCloud Web Services),US,,,cloud,fixture
megacloud-eu,MegaCloud Europe,IE,megacloud,,cloud,fixture
dragonsoft,DragonSoft,CN,,,office software,fixture
rijnware,Rijnware B.V.,NL,,,office software,fixture
"""


@pytest.fixture(scope="session")
def tiny_dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("tiny-dataset")
    (folder / "dataset.yaml").write_text("id: tiny\nversion: 0.0.1\ntitle: tiny test dataset\nlicence: CC0-1.0\n")
    (folder / "sources.csv").write_text(TINY_SOURCES)
    (folder / "countries.csv").write_text(TINY_COUNTRIES)
    (folder / "suppliers.csv").write_text(TINY_SUPPLIERS)
    return load_dataset(folder)
