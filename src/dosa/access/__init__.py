# SPDX-License-Identifier: EUPL-1.2
"""Who may do what: roles scoped to organisations in an organisation tree.

Pure decisions on plain values (no web framework): the dashboard, the API and the command line ask
the same questions of the same :class:`Principal`.
"""

from dosa.access.model import Principal, Role
from dosa.access.rules import can_maintain_inventory, can_record_status, can_upload
from dosa.access.tree import OrganisationTree

__all__ = ["OrganisationTree", "Principal", "Role", "can_maintain_inventory", "can_record_status", "can_upload"]
