# SPDX-License-Identifier: EUPL-1.2
"""dosa: the Dutch Agenda Digitale Open Strategische Autonomie (2023) as working software.

The public API is what ``__all__`` lists; everything else may change without notice. The engines'
entry points load on first use, so ``import dosa`` stays light (no numpy, SQLAlchemy or Jinja2 until
they are needed). Each engine package (``dosa.risk``, ``dosa.graph`` …) lists its full API itself.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing :mod:`typing`: ``dosa --version`` reads only this file."""
if TYPE_CHECKING:
    from typing import Any

    from dosa.dataset import (
        Dataset as Dataset,
    )
    from dosa.dataset import (
        ValidationReport as ValidationReport,
    )
    from dosa.dataset import (
        load_dataset as load_dataset,
    )
    from dosa.dataset import (
        load_dataset_with_report as load_dataset_with_report,
    )
    from dosa.errors import DatasetError as DatasetError
    from dosa.errors import DosaError as DosaError
    from dosa.errors import InputError as InputError

__version__ = "0.1.0"
DEFAULT_METHOD_LABEL = "dosa-risk 1.0.0"
"""Label of the packaged default risk method (``data/methods/dosa-risk-1.0.0.yaml``), known without
reading it, for the provenance of exports; a test keeps the two equal."""

_LAZY: dict[str, tuple[str, str]] = {
    "DatasetError": ("dosa.errors", "DatasetError"),
    "DosaError": ("dosa.errors", "DosaError"),
    "InputError": ("dosa.errors", "InputError"),
    # name: (module, attribute); the dataset too, so that ``dosa --version`` reads no model code
    "Dataset": ("dosa.dataset", "Dataset"),
    "ValidationReport": ("dosa.dataset", "ValidationReport"),
    "load_dataset": ("dosa.dataset", "load_dataset"),
    "load_dataset_with_report": ("dosa.dataset", "load_dataset_with_report"),
    "import_agenda": ("dosa.agenda", "import_agenda"),
    "parse_timeline": ("dosa.agenda", "parse_timeline"),
    "assess_risk": ("dosa.risk", "assess"),
    "explain_risk": ("dosa.risk", "explain"),
    "load_method": ("dosa.risk", "load_method"),
    "graph_from_dataset": ("dosa.graph", "graph_from_dataset"),
    "load_scenario": ("dosa.graph", "load_scenario"),
    "run_scenario": ("dosa.graph", "run_scenario"),
    "rank_chokepoints": ("dosa.graph", "rank_chokepoints"),
    "simulate": ("dosa.graph", "simulate"),
    "import_sboms": ("dosa.inventory", "import_paths"),
    "parse_sbom": ("dosa.inventory", "parse_sbom"),
    "build_inventory_report": ("dosa.report.inventory", "inventory_report"),
    "where_used": ("dosa.inventory", "where_used"),
    "coverage_report": ("dosa.monitoring", "coverage_report"),
    "write_report": ("dosa.report", "write_report"),
    "open_store": ("dosa.store", "open_store"),
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    """Load an engine entry point the first time it is asked for (PEP 562)."""
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dosa' has no attribute {name!r}")
