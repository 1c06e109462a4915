# SPDX-License-Identifier: EUPL-1.2
"""API tokens for automation (a CI pipeline uploading SBOMs, a script recording statuses).

A token reads ``dosa_<id>_<secret>``: the id (public, 12 hex digits) finds the row, the secret (32
random bytes) proves possession. Only the SHA-256 of the whole token is stored, so a copy of the
database gives nobody a usable token; the token itself is shown once, when it is made. Each token
acts for one user and one organisation, with scopes, until it expires or is revoked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import DateTime, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from dosa.access.model import Principal, Role
from dosa.errors import InputError
from dosa.store import Base, Store
from dosa.tables import CONTROL_CHARACTERS

PREFIX = "dosa_"
_TOKEN = re.compile(r"^dosa_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
_DURATION = re.compile(r"^(\d{1,5})([dhw])$")
MAX_LIFETIME = dt.timedelta(days=366)
_ORGANISATION = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
audit = logging.getLogger("dosa.audit")
"""Who made or revoked which token, for the operator's log (the rows keep it too)."""


class Scope(StrEnum):
    READ = "read"
    """Read pages and the read API where anonymous reading is off."""
    STATUSES_WRITE = "statuses:write"
    """Record statuses of the organisation's actions (as an editor of it)."""
    INVENTORY_WRITE = "inventory:write"
    """Upload SBOMs and service lists to the organisation's projects (as its inventory maintainer)."""


SCOPE_ROLES = {Scope.STATUSES_WRITE: Role.EDITOR, Scope.INVENTORY_WRITE: Role.INVENTORY_MAINTAINER}
"""The role a write scope gives the token (a token never administers)."""


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(12), primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column("user_name", Text)
    """Column user_name: "user" is a reserved word in PostgreSQL (SELECT user is the session's role)."""
    organisation: Mapped[str] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(Text)
    """Space-separated :class:`Scope` values."""
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by: Mapped[str] = mapped_column(Text, default="")
    """Who made the token: an administrator signed in to the dashboard, or the command line's user."""
    revoked_by: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class TokenInfo:
    id: str
    user: str
    organisation: str
    scopes: frozenset[Scope]
    description: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    created_by: str = ""
    revoked_by: str = ""

    def active(self, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC)
        return self.revoked_at is None and _aware(self.expires_at) > now

    def principal(self) -> Principal:
        """The token as the authorisation rules see it: its user, organisation and scopes' roles."""
        return Principal(
            subject=f"token:{self.id}",
            name=self.user,
            organisation=self.organisation,
            roles=frozenset(SCOPE_ROLES[s] for s in self.scopes if s in SCOPE_ROLES),
        )


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands timezone-aware columns back naive (in UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _info(row: ApiTokenRow) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        user=row.user,
        organisation=row.organisation,
        scopes=frozenset(Scope(s) for s in row.scopes.split()),
        description=row.description,
        created_at=_aware(row.created_at),
        expires_at=_aware(row.expires_at),
        revoked_at=_aware(row.revoked_at) if row.revoked_at is not None else None,
        created_by=row.created_by or "",
        revoked_by=row.revoked_by or "",
    )


def parse_scopes(text: str) -> frozenset[Scope]:
    """``statuses:write,inventory:write`` -> the scopes; an unknown one is an error naming the known."""
    names = [part.strip() for part in text.replace(" ", ",").split(",") if part.strip()]
    known = {s.value: s for s in Scope}
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise InputError(
            f"unknown scope(s): {', '.join(unknown)}" if unknown else "a token needs at least one scope",
            hint=f"choose from {', '.join(known)}",
            field="scope",
        )
    return frozenset(known[n] for n in names)


def parse_lifetime(text: str) -> dt.timedelta:
    """``90d``, ``12h`` or ``4w``; at most a year (a token that never expires is a token forgotten)."""
    match = _DURATION.match(text.strip().lower())
    if match is None:
        raise InputError(f"'{text}' is not a lifetime", hint="e.g. 90d, 12h or 4w", field="expires")
    number, unit = int(match[1]), match[2]
    lifetime = {"d": dt.timedelta(days=number), "h": dt.timedelta(hours=number), "w": dt.timedelta(weeks=number)}[unit]
    if lifetime <= dt.timedelta(0) or lifetime > MAX_LIFETIME:
        raise InputError(f"a lifetime of {text} is not allowed", hint="from 1h to 366d", field="expires")
    return lifetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    store: Store,
    user: str,
    organisation: str,
    scopes: Iterable[Scope],
    lifetime: dt.timedelta,
    description: str = "",
    now: dt.datetime | None = None,
    created_by: str = "",
) -> tuple[TokenInfo, str]:
    """Make a token; returns its record and the token itself (shown once, never stored). ``created_by``
    (who makes it) is kept with it and logged."""
    user = user.strip()
    organisation = organisation.strip().lower()
    if not user or len(user) > 200:
        raise InputError("a token needs the user it acts for (1 to 200 characters)", hint="--user NAME", field="user")
    if CONTROL_CHARACTERS.search(user):
        raise InputError("the user holds a control character (such as NUL)", hint="write plain text", field="user")
    if CONTROL_CHARACTERS.search(description):
        raise InputError(
            "the description holds a control character (such as NUL)", hint="write plain text", field="description"
        )
    if not _ORGANISATION.match(organisation):
        raise InputError(
            f"'{organisation}' is not an organisation id", hint="e.g. bzk (lower-case id)", field="organisation"
        )
    now = now or dt.datetime.now(dt.UTC)
    token_id = secrets.token_hex(6)
    token = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    row = ApiTokenRow(
        id=token_id,
        secret_sha256=_digest(token),
        user=user,
        organisation=organisation,
        scopes=" ".join(sorted(s.value for s in scopes)),
        description=description.strip()[:500],
        created_at=now,
        expires_at=now + lifetime,
        revoked_at=None,
        created_by=created_by.strip()[:300],
    )

    def add(session: Session) -> TokenInfo:
        session.add(row)
        session.flush()
        return _info(row)

    info = store.write(add)
    audit.info(
        "API token %s created by %s for %s (%s), scopes %s",
        info.id,
        info.created_by or "unknown",
        info.user,
        info.organisation,
        " ".join(sorted(info.scopes)),
    )
    return info, token


def list_tokens(store: Store) -> list[TokenInfo]:
    with store.session() as session:
        return [_info(row) for row in session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.created_at))]


def revoke_token(store: Store, token_id: str, now: dt.datetime | None = None, revoked_by: str = "") -> TokenInfo:
    """Revoke a token by its id (the token itself is not needed); revoking twice keeps the first time
    and the first revoker."""
    now = now or dt.datetime.now(dt.UTC)

    def revoke(session: Session) -> TokenInfo | None:
        session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.id == token_id, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=now, revoked_by=revoked_by.strip()[:300])
        )
        row = session.get(ApiTokenRow, token_id)
        return _info(row) if row is not None else None

    found = store.write(revoke)
    if found is None:
        raise InputError(f"no token has id '{token_id}'", hint="list them with: dosa tokens list", field="id")
    audit.info("API token %s revoked by %s", found.id, revoked_by.strip()[:300] or "unknown")
    return found


def authenticate(store: Store, token: str, now: dt.datetime | None = None) -> TokenInfo | None:
    """The active token this string is, or ``None`` (malformed, unknown, wrong secret, expired, revoked)."""
    match = _TOKEN.match(token.strip())
    if match is None:
        return None
    with store.session() as session:
        row = session.get(ApiTokenRow, match[1])
        if row is None:
            return None
        info = _info(row)
        stored = row.secret_sha256
    if not hmac.compare_digest(stored, _digest(token.strip())):
        return None
    return info if info.active(now) else None
