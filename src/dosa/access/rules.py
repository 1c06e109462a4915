# SPDX-License-Identifier: EUPL-1.2
"""The authorisation rules, one function per kind of write."""

from __future__ import annotations

from collections.abc import Iterable

from dosa.access.model import Principal, Role
from dosa.access.tree import OrganisationTree


def can_record_status(principal: Principal, owners: Iterable[str], tree: OrganisationTree) -> bool:
    """An editor records an action's status when its organisation is (above) one of the action's owners:
    a co-owned action by an editor of any of its owners. An administrator records every action."""
    if Role.ADMINISTRATOR in principal.roles:
        return True
    if Role.EDITOR not in principal.roles:
        return False
    return any(tree.covers(principal.organisation, owner) for owner in owners)


def can_maintain_inventory(principal: Principal, project_organisation: str, tree: OrganisationTree) -> bool:
    """An inventory maintainer writes to the projects of its organisation (and those under it)."""
    if Role.ADMINISTRATOR in principal.roles:
        return True
    return Role.INVENTORY_MAINTAINER in principal.roles and tree.covers(principal.organisation, project_organisation)


def can_upload(principal: Principal | None) -> bool:
    """Computations on an uploaded file (a scenario) need a signed-in user with any role."""
    return principal is not None and bool(principal.roles)
