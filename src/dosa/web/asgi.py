# SPDX-License-Identifier: EUPL-1.2
"""The ASGI entry point for running dosa under a process manager with several workers:

    uvicorn --factory dosa.web.asgi:create_app_from_environment --workers 4 ...

Each worker builds its app from the ``DOSA_*`` environment (see docs/deploy.md), checks the
database at start-up and logs as JSON lines.
"""

from __future__ import annotations

from fastapi import FastAPI

from dosa.web.app import create_app
from dosa.web.operations import json_logging
from dosa.web.settings import WebSettings
from dosa.web.state import app_state_of


def create_app_from_environment() -> FastAPI:
    json_logging()
    settings = WebSettings.from_environment()
    app = create_app(settings)
    app_state_of(app).assessment()  # score the risks before the first visitor arrives
    return app
