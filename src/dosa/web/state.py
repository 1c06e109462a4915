# SPDX-License-Identifier: EUPL-1.2
"""What the web app holds for its lifetime, typed: settings, the dataset, and results computed once.

Routes get it as a parameter, ``state: AppStateDep`` (FastAPI ``Depends``); helpers that are given only the
request (rendering, auth checks) call :func:`app_state`.
The dataset never changes while the app runs, so the assessment and the stack graph are computed
once, on first use, under a lock (requests run in a thread pool).
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Request

from dosa.dataset.model import Dataset
from dosa.web.settings import WebSettings

if TYPE_CHECKING:
    from dosa.graph.build import DatasetGraph
    from dosa.risk.score import Assessment
    from dosa.web.operations import Metrics


@dataclass
class AppState:
    settings: WebSettings
    dataset: Dataset
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """Token every edit form carries in single-user mode (signed in, each session has its own): another
    site cannot read it, so cannot forge an edit."""
    metrics: Metrics | None = None
    """Prometheus request counters (:mod:`dosa.web.operations`)."""
    oauth: Any = None
    """The OpenID Connect client (authlib) when sign-in is configured; ``None``: single-user mode."""
    report_files: dict[tuple[str, str, dt.date, str], bytes] = field(default_factory=dict, repr=False)
    """The report downloads made so far, by language, format, day and ledger version (a few at most)."""
    report_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """One report is made at a time: a PDF takes seconds and hundreds of MB."""
    imports: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="dosa-import"), repr=False
    )
    """Runs the API's import jobs one at a time, off the event loop (an SBOM can take seconds and memory)."""
    progress_sections: dict[tuple[str, str, dt.date, str], Any] = field(default_factory=dict, repr=False)
    """Each action page's status and history, by action, language, day and ledger version (a few hundred)."""
    action_pages: dict[tuple[Any, ...], str] = field(default_factory=dict, repr=False)
    """Signed-in renderings of action pages with slots for the user's own values (see pages._action_page)."""
    action_pages_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
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
    return app_state_of(request.app)


def app_state_of(app: FastAPI) -> AppState:
    """The state of an app (for start-up code and middleware, which have no request)."""
    state: AppState = app.state.dosa
    return state


AppStateDep = Annotated[AppState, Depends(app_state)]
