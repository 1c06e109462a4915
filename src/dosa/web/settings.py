# SPDX-License-Identifier: EUPL-1.2
"""How a dashboard instance is configured: from ``dosa serve`` options or ``DOSA_*`` variables."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

API_VERSION = "1.0.0"
"""The REST API's version (semantic versioning); its major number is the ``/v1`` in every path."""


@dataclass(frozen=True)
class WebSettings:
    dataset_path: Path | None = None
    """Dataset folder; ``None`` for the embedded default dataset."""
    db: str | None = None
    """dosa database for the engines that keep state (action monitoring, inventory): a SQLite file
    path or a database URL (``postgresql://…``); shown only masked (:func:`dosa.store.mask_url`)."""
    editor: str | None = None
    """Name recorded as the author of status changes; editing is off unless set."""
    security_contact: str | None = None
    """``Contact:`` of ``/.well-known/security.txt`` (RFC 9116). A deployment sets its own address;
    unset, the file points to the instance's own page on reporting vulnerabilities."""
    security_expires_days: int = 365
    default_lang: str = "nl"

    @classmethod
    def from_environment(cls, **overrides: object) -> WebSettings:
        values: dict[str, object] = {}
        if os.environ.get("DOSA_DATASET"):
            values["dataset_path"] = Path(os.environ["DOSA_DATASET"])
        if os.environ.get("DOSA_DB"):
            values["db"] = os.environ["DOSA_DB"]
        if os.environ.get("DOSA_EDITOR"):
            values["editor"] = os.environ["DOSA_EDITOR"]
        if os.environ.get("DOSA_SECURITY_CONTACT"):
            values["security_contact"] = os.environ["DOSA_SECURITY_CONTACT"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def security_txt(self, base_url: str, now: dt.datetime | None = None) -> str:
        now = now or dt.datetime.now(dt.UTC)
        expires = (now + dt.timedelta(days=self.security_expires_days)).replace(microsecond=0)
        contact = self.security_contact or f"{base_url.rstrip('/')}/en/about#security"
        return f"Contact: {contact}\nExpires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}\nPreferred-Languages: nl, en\n"
