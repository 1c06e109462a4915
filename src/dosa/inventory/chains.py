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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dosa.dataset.problems import ValidationReport
from dosa.errors import InputError
from dosa.inventory.mapping import VendorMap, VendorProfile, normalise_vendor
from dosa.inventory.services import Service
from dosa.inventory.vocab import CLOUD_CATEGORIES

MAX_RANK = 10
"""Judgement: the longest chain accepted. Registers of information report a handful of ranks; a
deeper chain in a service list is almost always a reference gone wrong, so it is refused, not cut."""
MAX_LINKS = 10_000
"""The most links one service's chain may have (every rank together): bounds the work on hostile input."""
MAX_PROBLEMS = 20
"""Chain problems reported per file; the rest are counted."""

VENDOR, HOSTING, SUBPROCESSOR = "vendor", "hosting", "sub-processor"


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


def references(service: Service) -> list[tuple[str, str]]:
    """``(name, role)`` of what the service relies on one rank further."""
    out = [(service.hosted_on, HOSTING)] if service.hosted_on else []
    out += [(name, SUBPROCESSOR) for name in service.subprocessors]
    return out


def _service_index(services: Iterable[Service]) -> dict[str, Service]:
    return {service.name.lower(): service for service in services}


def _depths(services: Sequence[Service], index: Mapping[str, Service]) -> tuple[dict[str, int], list[list[str]]]:
    """Ranks of each service's chain, and the cycles found (each as the services on it, first repeated).

    Iterative depth-first search, so that a chain of 100,000 services neither recurses nor is walked twice.
    """
    depth: dict[str, int] = {}
    cycles: list[list[str]] = []
    on_path: dict[str, int] = {}
    path: list[str] = []
    stack: list[tuple[Service, list[Service]]] = []
    for start in services:
        if start.name.lower() in depth:
            continue
        pending: Service | None = start
        while pending is not None or stack:
            if pending is not None:  # enter a service: put it on the path with what it names
                on_path[pending.name.lower()] = len(path)
                path.append(pending.name)
                stack.append((pending, [index[n.lower()] for n, _ in references(pending) if n.lower() in index]))
                pending = None
            service, targets = stack[-1]
            if targets:
                target = targets.pop()
                key = target.name.lower()
                if key in on_path:
                    cycles.append([*path[on_path[key] :], target.name])
                elif key not in depth:
                    pending = target
                continue
            stack.pop()
            path.pop()
            key = service.name.lower()
            del on_path[key]
            below = [depth.get(n.lower(), 1) if n.lower() in index else 1 for n, _ in references(service)]
            depth[key] = 1 + max(below, default=0)
    return depth, cycles


def check_chains(
    services: Sequence[Service], label: str, report: ValidationReport, lines: Mapping[str, int] | None = None
) -> None:
    """Add a problem for every cycle and every chain longer than :data:`MAX_RANK` (file and line of its start)."""
    index = _service_index(services)
    depth, cycles = _depths(services, index)
    lines = lines or {}
    problems = 0
    for cycle in cycles:
        problems += 1
        if problems <= MAX_PROBLEMS:
            report.add(
                label,
                lines.get(cycle[0]),
                "hosted_on/subprocessors",
                f"the chain of '{cycle[0]}' runs back to itself: {' → '.join(cycle)}",
                "a service cannot rely on itself, directly or through others; correct hosted_on or subprocessors",
            )
    referenced = {n.lower() for s in services for n, _ in references(s)}
    for service in services:
        ranks = depth.get(service.name.lower(), 1)
        if ranks > MAX_RANK and service.name.lower() not in referenced:
            problems += 1
            if problems <= MAX_PROBLEMS:
                report.add(
                    label,
                    lines.get(service.name),
                    "hosted_on/subprocessors",
                    f"the chain of '{service.name}' has {ranks} ranks, more than {MAX_RANK}",
                    "check that hosted_on and subprocessors name the provider one rank further, not a long list",
                )
    if problems > MAX_PROBLEMS:
        report.add(label, None, None, f"{problems - MAX_PROBLEMS} more chain problems", "fix the ones above first")


def _profile(name: str, vendors: VendorMap) -> VendorProfile:
    found = vendors.by_name(name)
    return found if found is not None else VendorProfile(name, None, None, name, None, "as written", False)


def build_chains(
    services: Sequence[Service], vendors: VendorMap, sources: Mapping[str, str] | None = None
) -> list[ServiceChain]:
    """Each service's chain, rank by rank. ``sources`` (service name → file) names the files in errors."""
    index = _service_index(services)
    depth, cycles = _depths(services, index)
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
