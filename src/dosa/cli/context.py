# SPDX-License-Identifier: EUPL-1.2
"""The global options (``dosa --dataset --lang --db --debug --quiet``) and the dataset loaded once per run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dosa.dataset import Dataset, ValidationReport


@dataclass
class State:
    dataset_path: Path | None = None
    lang: str = "nl"
    db: str | None = None
    debug: bool = False
    quiet: bool = False
    _loaded: tuple[Dataset | None, ValidationReport] | None = field(default=None, repr=False)

    def configure(self, other: State) -> None:
        self.dataset_path, self.lang, self.db, self.debug, self.quiet = (
            other.dataset_path,
            other.lang,
            other.db,
            other.debug,
            other.quiet,
        )
        self._loaded = None

    def loaded(self) -> tuple[Dataset | None, ValidationReport]:
        """The dataset (None when unusable) and its validation report, read once per run."""
        return self._load()

    def _load(self) -> tuple[Dataset | None, ValidationReport]:
        if self._loaded is None:
            from dosa.dataset.cache import load_dataset_cached

            self._loaded = load_dataset_cached(self.dataset_path)
        return self._loaded

    def dataset(self) -> Dataset:
        """The validated dataset; a dataset with errors stops the command with every problem listed."""
        from dosa.errors import DatasetError

        dataset, report = self._load()
        if dataset is None or not report.ok:
            raise DatasetError(report)
        return dataset

    def report(self) -> ValidationReport:
        return self._load()[1]


state = State()
