# SPDX-License-Identifier: EUPL-1.2
"""Options shared by every command, and the dataset loaded once per invocation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dosa.dataset import Dataset, ValidationReport, load_dataset_with_report
from dosa.errors import DatasetError


@dataclass
class State:
    dataset_path: Path | None = None
    lang: str = "en"
    debug: bool = False
    quiet: bool = False
    _loaded: tuple[Dataset | None, ValidationReport] | None = field(default=None, repr=False)

    def configure(self, other: State) -> None:
        self.dataset_path, self.lang, self.debug, self.quiet = (
            other.dataset_path,
            other.lang,
            other.debug,
            other.quiet,
        )
        self._loaded = None

    def _load(self) -> tuple[Dataset | None, ValidationReport]:
        if self._loaded is None:
            self._loaded = load_dataset_with_report(self.dataset_path)
        return self._loaded

    def dataset(self) -> Dataset:
        """The validated dataset; a dataset with errors stops the command with every problem listed."""
        dataset, report = self._load()
        if dataset is None or not report.ok:
            raise DatasetError(report)
        return dataset

    def report(self) -> ValidationReport:
        return self._load()[1]


state = State()
