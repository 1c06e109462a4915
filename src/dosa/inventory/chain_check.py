# SPDX-License-Identifier: EUPL-1.2
"""The shape of service supply chains, checked before anything is resolved: cycles and length.

Works on anything with ``name``, ``hosted_on`` and ``subprocessors`` (a :class:`~dosa.inventory.services.Service`),
so that reading a service list can check its chains without the chain builder
(:mod:`dosa.inventory.chains`), which resolves vendors and groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from dosa.dataset.problems import ValidationReport

MAX_RANK = 10
"""Judgement: the longest chain accepted. Registers of information report a handful of ranks; a
deeper chain in a service list is almost always a reference gone wrong, so it is refused, not cut."""
MAX_LINKS = 10_000
"""The most links one service's chain may have (every rank together): bounds the work on hostile input."""
MAX_PROBLEMS = 20
"""Chain problems reported per file; the rest are counted."""

VENDOR, HOSTING, SUBPROCESSOR = "vendor", "hosting", "sub-processor"


class Chained(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def hosted_on(self) -> str | None: ...
    @property
    def subprocessors(self) -> tuple[str, ...]: ...


def references(service: Chained) -> list[tuple[str, str]]:
    """``(name, role)`` of what the service relies on one rank further."""
    out = [(service.hosted_on, HOSTING)] if service.hosted_on else []
    out += [(name, SUBPROCESSOR) for name in service.subprocessors]
    return out


C = TypeVar("C", bound=Chained)


def service_index(services: Iterable[C]) -> dict[str, C]:
    return {service.name.lower(): service for service in services}


def depths(services: Sequence[Chained], index: Mapping[str, Chained]) -> tuple[dict[str, int], list[list[str]]]:
    """Ranks of each service's chain, and the cycles found (each as the services on it, first repeated).

    Iterative depth-first search, so that a chain of 100,000 services neither recurses nor is walked twice.
    """
    depth: dict[str, int] = {}
    cycles: list[list[str]] = []
    on_path: dict[str, int] = {}
    path: list[str] = []
    stack: list[tuple[Chained, list[Chained]]] = []
    for start in services:
        if start.name.lower() in depth:
            continue
        pending: Chained | None = start
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
    services: Sequence[Chained], label: str, report: ValidationReport, lines: Mapping[str, int] | None = None
) -> None:
    """Add a problem for every cycle and every chain longer than :data:`MAX_RANK` (file and line of its start)."""
    index = service_index(services)
    depth, cycles = depths(services, index)
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
