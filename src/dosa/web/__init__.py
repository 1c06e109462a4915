# SPDX-License-Identifier: EUPL-1.2
"""``dosa serve``: the web dashboard (server-rendered, works without JavaScript) and the REST API.

A thin layer: it parses requests, calls dosa's core and the report's content builders, and renders.
"""

from dosa.web.app import create_app
from dosa.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
