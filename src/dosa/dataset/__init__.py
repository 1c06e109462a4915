# SPDX-License-Identifier: EUPL-1.2
"""Reading, validating and combining datasets."""

from dosa.dataset.loader import default_dataset_path, load_dataset, load_dataset_with_report
from dosa.dataset.model import Dataset, DatasetInfo
from dosa.dataset.problems import Problem, Severity, ValidationReport

__all__ = [
    "Dataset",
    "DatasetInfo",
    "Problem",
    "Severity",
    "ValidationReport",
    "default_dataset_path",
    "load_dataset",
    "load_dataset_with_report",
]
