# SPDX-License-Identifier: EUPL-1.2
"""The real SBOM corpus next to the repository (../shared or ../../shared for worktrees); skip when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CANDIDATES = (REPO.parent / "shared" / "sbom-samples", REPO.parent.parent / "shared" / "sbom-samples")


@pytest.fixture(scope="session")
def samples() -> Path:
    for candidate in CANDIDATES:
        if (candidate / "MANIFEST.tsv").is_file():
            return candidate
    pytest.skip(f"SBOM sample corpus not found at {CANDIDATES[0]} (or {CANDIDATES[1]})")
