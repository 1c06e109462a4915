# SPDX-License-Identifier: EUPL-1.2
"""What the web app holds for its lifetime, typed: settings, the dataset, and results computed once.

Routes get it with ``state: AppStateDep`` (FastAPI ``Depends``) or :func:`app_state` (``request``).
The dataset never changes while the app runs, so the assessment and the stack graph are computed
once, on first use, under a lock (requests run in a thread pool).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from dosa.dataset.model import Dataset
from dosa.web.settings import WebSettings

if TYPE_CHECKING:
    from dosa.graph.build import DatasetGraph
    from dosa.risk.score import Assessment


@dataclass
class AppState:
    settings: WebSettings
    dataset: Dataset
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """Token every edit form carries: another site cannot read it, so cannot forge an edit."""
    _assessment: Assessment | None = field(default=None, repr=False)
    _graph: DatasetGraph | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def assessment(self) -> Assessment:
        """The risk engine's assessment of the dataset (seeded, so every page shows the same classes)."""
        with self._lock:
            if self._assessment is None:
                from dosa.report.risk import assessment_of

                self._assessment = assessment_of(self.dataset)
            return self._assessment

    def graph(self) -> DatasetGraph:
        """The stack graph of the dataset."""
        with self._lock:
            if self._graph is None:
                from dosa.report.stackgraph import build_graph

                self._graph = build_graph(self.dataset)
            return self._graph

    def method_label(self) -> str:
        """The risk method every risk figure on the site comes from."""
        return self.assessment().method.label


def app_state(request: Request) -> AppState:
    """The app's state (as a FastAPI dependency, or called with the request)."""
    state: AppState = request.app.state.dosa
    return state


AppStateDep = Annotated[AppState, Depends(app_state)]
