# SPDX-License-Identifier: EUPL-1.2
"""How a dashboard instance is configured: from ``dosa serve`` options or ``DOSA_*`` variables."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

API_VERSION = "1.0.0"
"""The REST API's version (semantic versioning); its major number is the ``/v1`` in every path."""


DEFAULT_RATE_LIMITS = (20, 120, 10)


def _rate_limits(text: str) -> tuple[int, int, int]:
    text = text.strip().lower()
    if not text:
        return DEFAULT_RATE_LIMITS
    if text in {"off", "0", "no"}:
        return (0, 0, 0)
    try:
        sign_in, writes, heavy = (int(part) for part in text.split(","))
    except ValueError:
        from dosa.errors import InputError

        raise InputError(
            f"DOSA_RATE_LIMITS={text!r} is not three numbers", hint="e.g. 20,120,10 (per minute) or off"
        ) from None
    return (sign_in, writes, heavy)


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
    public_url: str | None = None
    """The address users reach the instance at (``https://dosa.example.nl``): sign-in's return address,
    the allowed ``Origin`` of forms and security.txt's fallback contact; never taken from a request."""
    oidc_issuer: str | None = None
    """OpenID provider; set, users sign in and editing follows their roles (see :mod:`dosa.web.auth`)."""
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = field(default=None, repr=False)
    oidc_scopes: str = "openid profile email dosa"
    roles_claim: str = "dosa_roles"
    organisation_claim: str = "dosa_organisation"
    session_secret: str | None = field(default=None, repr=False)
    """Signs session cookies; set it (the same for every worker) or sessions end at a restart."""
    session_max_age: int = 8 * 3600
    secure_cookies: bool = True
    anonymous_read: bool = True
    """Whether pages and the read API are open without signing in (a public dashboard)."""
    organisation_parents: dict[str, str] = field(default_factory=dict)
    """The organisation tree: child id -> parent id (an agency under its ministry, a member under its sector)."""
    rate_limits: tuple[int, int, int] = (0, 0, 0)
    """Requests per client address per minute: sign-in, writes (form posts, API writes), heavy routes
    (report downloads, exports); 0 switches one off. ``dosa serve`` (:meth:`from_environment`) uses
    :data:`DEFAULT_RATE_LIMITS` unless ``DOSA_RATE_LIMITS`` says ``off`` or ``SIGNIN,WRITES,HEAVY``."""
    upload_max_bytes: int = 50 * 1024 * 1024
    """Largest SBOM or service list the API accepts in one upload (``DOSA_UPLOAD_MAX_MB``)."""
    trusted_hosts: tuple[str, ...] = ()
    """``Host`` values accepted (besides loopback names); empty: the public URL's host, or any on loopback."""

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
        for name in ("public_url", "oidc_issuer", "oidc_client_id", "oidc_client_secret", "session_secret"):
            if os.environ.get(f"DOSA_{name.upper()}"):
                values[name] = os.environ[f"DOSA_{name.upper()}"]
        if os.environ.get("DOSA_SECURE_COOKIES", "").strip().lower() in {"0", "no", "false", "off"}:
            values["secure_cookies"] = False  # plain-http development and benchmarks on loopback only
        if os.environ.get("DOSA_ANONYMOUS_READ"):
            values["anonymous_read"] = os.environ["DOSA_ANONYMOUS_READ"].strip().lower() in {"1", "yes", "true"}
        if os.environ.get("DOSA_UPLOAD_MAX_MB", "").strip().isdigit():
            values["upload_max_bytes"] = int(os.environ["DOSA_UPLOAD_MAX_MB"].strip()) * 1024 * 1024
        values["rate_limits"] = _rate_limits(os.environ.get("DOSA_RATE_LIMITS", ""))
        if os.environ.get("DOSA_TRUSTED_HOSTS"):
            values["trusted_hosts"] = tuple(h.strip() for h in os.environ["DOSA_TRUSTED_HOSTS"].split(",") if h.strip())
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def security_txt(self, now: dt.datetime | None = None) -> str | None:
        """RFC 9116 security.txt from configuration only (never from a request's ``Host``); ``None`` when
        neither a contact nor the public URL is configured."""
        now = now or dt.datetime.now(dt.UTC)
        expires = (now + dt.timedelta(days=self.security_expires_days)).replace(microsecond=0)
        if self.security_contact:
            contact = self.security_contact
        elif self.public_url:
            contact = f"{self.public_url.rstrip('/')}/en/about#security"
        else:
            return None
        return f"Contact: {contact}\nExpires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}\nPreferred-Languages: nl, en\n"
