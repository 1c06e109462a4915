# SPDX-License-Identifier: EUPL-1.2
"""The organisation tree: a ministry with its agencies, a sector with its organisations.

The dataset names the organisations (ministries and agencies); the operator says which sits under
which (``parents``), since that is a fact of the deployment, not of the agenda.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dosa.errors import InputError


@dataclass(frozen=True)
class OrganisationTree:
    parents: Mapping[str, str] = field(default_factory=dict)
    """child id -> parent id."""

    def __post_init__(self) -> None:
        for start in self.parents:
            seen = {start}
            node = start
            while node in self.parents:
                node = self.parents[node]
                if node in seen:
                    raise InputError(f"the organisation tree has a cycle through '{start}'", hint="fix 'parents'")
                seen.add(node)

    def ancestors(self, organisation: str) -> list[str]:
        """The organisation and every organisation above it, nearest first."""
        chain = [organisation]
        while chain[-1] in self.parents:
            chain.append(self.parents[chain[-1]])
        return chain

    def covers(self, organisation: str, other: str) -> bool:
        """Whether ``other`` is ``organisation`` or sits somewhere under it."""
        return bool(organisation) and organisation in self.ancestors(other)

    def descendants(self, organisation: str) -> set[str]:
        """The organisation and everything under it (what a roll-up of it adds up)."""
        found = {organisation}
        changed = True
        while changed:
            changed = False
            for child, parent in self.parents.items():
                if parent in found and child not in found:
                    found.add(child)
                    changed = True
        return found

    def roll_up(self, counts: Mapping[str, Sequence[int]]) -> dict[str, list[int]]:
        """Each organisation's figures added up with those of every organisation under it: the
        organisations given and every organisation above them (a ministry sums its agencies)."""
        totals: dict[str, list[int]] = {}
        for organisation, values in counts.items():
            for above in self.ancestors(organisation):
                summed = totals.setdefault(above, [0] * len(values))
                for index, value in enumerate(values):
                    summed[index] += value
        return totals
