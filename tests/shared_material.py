# SPDX-License-Identifier: EUPL-1.2
"""Where the ``../shared`` material is (the SBOM corpus, reference data, the agenda text): one place decides.

``DOSA_SHARED`` names the folder; else ``../shared`` next to the repository, else ``../../shared``
(a git worktree one level deeper). ``DOSA_SBOM_SAMPLES`` still names the SBOM corpus alone. dosa
never reads this at run time; tests that need it skip with the reason when it is absent (the
``shared_dir`` and ``sbom_samples`` fixtures of tests/conftest.py, or :data:`needs_sbom_samples`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_ENV = "DOSA_SHARED"
SAMPLES_ENV = "DOSA_SBOM_SAMPLES"


def _shared() -> Path:
    if os.environ.get(SHARED_ENV):
        return Path(os.environ[SHARED_ENV])
    candidates = (REPO.parent / "shared", REPO.parent.parent / "shared")
    return next((c for c in candidates if c.is_dir()), candidates[0])


SHARED = _shared()
SBOM_SAMPLES = Path(os.environ.get(SAMPLES_ENV) or SHARED / "sbom-samples")


def absent(path: Path) -> str | None:
    """Why a test that needs ``path`` skips, or ``None`` when it is there."""
    if path.exists():
        return None
    return f"needs {path} (the ../shared material next to the repository; set {SHARED_ENV} to point elsewhere)"


SAMPLES_MISSING = None if (SBOM_SAMPLES / "MANIFEST.tsv").is_file() else absent(SBOM_SAMPLES / "MANIFEST.tsv")
needs_sbom_samples = pytest.mark.skipif(SAMPLES_MISSING is not None, reason=SAMPLES_MISSING or "")
"""For tests that read the real SBOM corpus."""
