# SPDX-License-Identifier: EUPL-1.2
"""dosa: the Dutch Agenda Digitale Open Strategische Autonomie (2023) as working software.

The public API is what ``__all__`` lists; everything else may change without notice.
"""

from dosa.dataset import Dataset, ValidationReport, load_dataset, load_dataset_with_report
from dosa.errors import DatasetError, DosaError, InputError

__version__ = "0.1.0"

__all__ = [
    "Dataset",
    "DatasetError",
    "DosaError",
    "InputError",
    "ValidationReport",
    "__version__",
    "load_dataset",
    "load_dataset_with_report",
]
