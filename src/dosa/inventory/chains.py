# SPDX-License-Identifier: EUPL-1.2
"""Supply chains of services: who delivers a service at rank 1, 2 and n (DORA's ICT supply chain).

Rank 1 is the vendor the organisation contracts with; rank 2 its hosting provider (``hosted_on``) and
its sub-processors (``subprocessors``); further ranks follow when those name another service of the
same inventory, whose own vendor, host and sub-processors then count one rank further. This is the
"rank" of the register of information (Commission Implementing Regulation (EU) 2024/2956, template
B_05.02, "ICT service supply chains"). Cycles and chains longer than :data:`MAX_RANK` are errors in the
user's data and are reported with the file and line of the service they start from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dosa.errors import InputError
from dosa.inventory.chain_check import (
    HOSTING,
    MAX_LINKS,
    MAX_RANK,
    VENDOR,
    depths,
    references,
    service_index,
)
from dosa.inventory.mapping import VendorMap, VendorProfile
from dosa.inventory.resolve.names import normalise_vendor
from dosa.inventory.services import Service
from dosa.inventory.vocab import CLOUD_CATEGORIES


@dataclass(frozen=True)
class Link:
    """One provider in a service's supply chain."""

    rank: int
    role: str
    """``vendor`` (rank 1), ``hosting`` or ``sub-processor``."""
    provider: str
    """The provider as the service list names it."""
    profile: VendorProfile
    via: str
    """The provider one rank lower that relies on this one (empty at rank 1)."""
    service: str | None
    """The service of the inventory this link stands for, when the reference named one."""
    cloud: bool
    """Whether this provider runs the service's infrastructure (a hosting link, or a cloud service's own vendor)."""

    @property
    def group(self) -> str:
        return self.profile.group or self.provider

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries whose law reaches this provider: its own seat and its group's headquarters."""
        found = [c for c in (self.profile.country, self.profile.jurisdiction) if c]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class ServiceChain:
    service: Service
    links: tuple[Link, ...]

    def at(self, rank: int) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.rank == rank)

    @property
    def depth(self) -> int:
        return max(link.rank for link in self.links)

    def countries_at(self, rank: int) -> tuple[str, ...]:
        """Countries at ``rank``; at rank 1 also those the service record says can compel access."""
        found = [c for link in self.at(rank) for c in link.countries]
        if rank == 1:
            found += self.service.compelling_jurisdictions
        return tuple(dict.fromkeys(found))


class ChainError(InputError):
    """A cycle or an over-long chain in services read back from the database."""


def _profile(name: str, vendors: VendorMap) -> VendorProfile:
    found = vendors.by_name(name)
    return found if found is not None else VendorProfile(name, None, None, name, None, "as written", False)


def build_chains(
    services: Sequence[Service], vendors: VendorMap, sources: Mapping[str, str] | None = None
) -> list[ServiceChain]:
    """Each service's chain, rank by rank. ``sources`` (service name → file) names the files in errors."""
    index = service_index(services)
    depth, cycles = depths(services, index)
    sources = sources or {}

    def where(name: str) -> str:
        return f" (from {sources[name]})" if name in sources else ""

    if cycles:
        cycle = cycles[0]
        raise ChainError(
            f"the chain of service '{cycle[0]}'{where(cycle[0])} runs back to itself: {' → '.join(cycle)}",
            hint="correct hosted_on or subprocessors in the service list and import it again",
        )
    too_long = [s for s in services if depth.get(s.name.lower(), 1) > MAX_RANK]
    if too_long:
        name = too_long[0].name
        raise ChainError(
            f"the chain of service '{name}'{where(name)} has more than {MAX_RANK} ranks",
            hint="correct hosted_on or subprocessors in the service list and import it again",
        )
    memo: dict[str, tuple[Link, ...]] = {}
    # shallowest first: a service's chain is built from the chains of the services it names
    for service in sorted(services, key=lambda s: depth.get(s.name.lower(), 1)):
        memo[service.name.lower()] = _links(service, vendors, index, memo)
    return [ServiceChain(s, memo[s.name.lower()]) for s in services]


def _links(
    service: Service, vendors: VendorMap, index: Mapping[str, Service], memo: Mapping[str, tuple[Link, ...]]
) -> tuple[Link, ...]:
    own = Link(1, VENDOR, service.vendor, vendors.for_service(service), "", service.name, False)
    links = [own]
    seen: set[tuple[int, str, str, str]] = set()
    for name, role in references(service):
        target = index.get(name.lower())
        if target is None:
            found = [Link(2, role, name, _profile(name, vendors), own.provider, None, role == HOSTING)]
        else:
            found = []
            for link in memo[target.name.lower()]:
                if link.rank == 1:  # the named service's vendor takes the role it is named in
                    cloud = role == HOSTING or target.category in CLOUD_CATEGORIES
                    found.append(Link(2, role, link.provider, link.profile, own.provider, target.name, cloud))
                else:
                    found.append(
                        Link(link.rank + 1, link.role, link.provider, link.profile, link.via, link.service, link.cloud)
                    )
        for link in found:
            key = (link.rank, link.role, normalise_vendor(link.provider), normalise_vendor(link.via))
            if key not in seen:
                seen.add(key)
                links.append(link)
        if len(links) > MAX_LINKS:
            raise ChainError(
                f"the chain of service '{service.name}' has more than {MAX_LINKS} links",
                hint="a service list names each provider once per service; check hosted_on and subprocessors",
            )
    if service.category in CLOUD_CATEGORIES and not service.hosted_on:
        links[0] = Link(1, VENDOR, own.provider, own.profile, "", service.name, True)  # it runs its own cloud
    return tuple(sorted(links, key=lambda link: link.rank))
