# SPDX-License-Identifier: EUPL-1.2
"""A signed-in user or an API token, as the rules see it: roles and the organisation acted for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    READER = "reader"
    """Reads what the operator does not publish anonymously."""
    EDITOR = "editor"
    """Records statuses of the actions its organisation (or an organisation under it) owns."""
    INVENTORY_MAINTAINER = "inventory_maintainer"
    """Imports SBOMs and service lists into its organisation's inventory projects."""
    ADMINISTRATOR = "administrator"
    """Everything, for every organisation."""


def parse_roles(values: Iterable[object]) -> frozenset[Role]:
    """The known roles among ``values`` (an identity provider may send others; they grant nothing)."""
    known = {role.value: role for role in Role}
    return frozenset(known[str(v).strip().lower()] for v in values if str(v).strip().lower() in known)


@dataclass(frozen=True)
class Principal:
    subject: str
    """Stable identifier from the identity provider (``sub``), or ``token:<id>``."""
    name: str
    organisation: str
    """Organisation id the principal acts for (empty: none)."""
    roles: frozenset[Role]
    email: str = ""

    @property
    def label(self) -> str:
        """How the principal is named in the ledger: name and e-mail when known, else the subject."""
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or self.subject

    def has(self, role: Role) -> bool:
        return role in self.roles or Role.ADMINISTRATOR in self.roles
