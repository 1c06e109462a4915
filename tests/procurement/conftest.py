# SPDX-License-Identifier: EUPL-1.2
"""The real SBOM corpus next to the repository (../shared or ../../shared for worktrees); skip when absent."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def samples(sbom_samples: Path) -> Path:
    """The real SBOM corpus (tests/shared_material.py decides where; skipped with the reason when absent)."""
    return sbom_samples
