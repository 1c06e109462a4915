# SPDX-License-Identifier: EUPL-1.2
"""Reading, validating and combining datasets.

The names load on first use (PEP 562), so a command served from the dataset cache never imports
the reader (YAML, CSV, the cross-record checks).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dosa.dataset.loader import (
        default_dataset_path as default_dataset_path,
    )
    from dosa.dataset.loader import (
        load_dataset as load_dataset,
    )
    from dosa.dataset.loader import (
        load_dataset_with_report as load_dataset_with_report,
    )
    from dosa.dataset.model import Dataset as Dataset
    from dosa.dataset.model import DatasetInfo as DatasetInfo
    from dosa.dataset.problems import Problem as Problem
    from dosa.dataset.problems import Severity as Severity
    from dosa.dataset.problems import ValidationReport as ValidationReport

_LAZY = {
    "default_dataset_path": "dosa.dataset.loader",
    "load_dataset": "dosa.dataset.loader",
    "load_dataset_with_report": "dosa.dataset.loader",
    "Dataset": "dosa.dataset.model",
    "DatasetInfo": "dosa.dataset.model",
    "Problem": "dosa.dataset.problems",
    "Severity": "dosa.dataset.problems",
    "ValidationReport": "dosa.dataset.problems",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dosa.dataset' has no attribute {name!r}")
