# SPDX-License-Identifier: EUPL-1.2
"""The CycloneDX ``services`` of an SBOM (a SaaSBOM) as entries of the service inventory.

Each service with a provider becomes a service (category ``saas``, vendor = the provider). A service
nested in another, or one another service depends on (``dependencies``), is recorded as a
sub-processor of it when its provider differs, so its provider counts one rank further in the supply
chain (:mod:`dosa.inventory.chains`). Services without a provider are the subject's own and are left
out, with a warning; a dependency that would close a cycle is left out too.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import ValidationError

from dosa.inventory.resolve.names import normalise_vendor
from dosa.inventory.sbom.model import ParsedSbom, ServiceEntry
from dosa.inventory.services import Service
from dosa.inventory.vocab import ServiceCategory

MAX_SERVICES = 10_000
"""Services read from one SBOM; more are left out with a warning (real SaaSBOMs list dozens)."""


def _name(entry: ServiceEntry) -> str:
    return f"{entry.group}/{entry.name}" if entry.group else entry.name


def _reaches(edges: dict[str, list[str]], start: str, goal: str) -> bool:
    """Whether ``goal`` can be reached from ``start`` along ``edges`` (iterative)."""
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def services_from_sbom(sbom: ParsedSbom, source_name: str) -> tuple[list[Service], list[str]]:
    """The SBOM's services as inventory services, and warnings about what was left out."""
    warnings: list[str] = []
    entries = sbom.services[:MAX_SERVICES]
    if len(sbom.services) > MAX_SERVICES:
        warnings.append(f"{len(sbom.services) - MAX_SERVICES} services beyond the first {MAX_SERVICES} left out")
    kept: dict[int, str] = {}
    by_name: dict[str, ServiceEntry] = {}
    no_provider = []
    for index, entry in enumerate(entries):
        name = _name(entry)
        if not name:
            warnings.append("a service without a name left out")
        elif not entry.provider:
            no_provider.append(name)
        elif name.lower() in by_name:
            warnings.append(f"service '{name}' appears twice; the first is kept")
        else:
            kept[index] = name
            by_name[name.lower()] = entry
    if no_provider:
        shown = ", ".join(no_provider[:3]) + (", …" if len(no_provider) > 3 else "")
        warnings.append(f"{len(no_provider)} services without a provider (the subject's own) left out: {shown}")
    # who relies on whom: nested services, then the dependency graph between services
    pairs: list[tuple[str, str]] = [
        (kept[e.parent], kept[i]) for i, e in enumerate(entries) if i in kept and e.parent in kept
    ]
    refs = {entries[i].ref: name for i, name in kept.items() if entries[i].ref}
    pairs += [(refs[a], refs[b]) for a, b in sbom.dependencies if a in refs and b in refs]
    edges: dict[str, list[str]] = defaultdict(list)
    for user, used in pairs:
        if normalise_vendor(by_name[user.lower()].provider) == normalise_vendor(by_name[used.lower()].provider):
            continue  # the same provider: no further rank
        if used in edges[user]:
            continue
        if _reaches(edges, used, user):
            warnings.append(f"dependency of '{user}' on '{used}' closes a cycle; not used as a sub-processor")
            continue
        edges[user].append(used)
    services = []
    for name in kept.values():
        entry = by_name[name.lower()]
        note = f"from the SaaSBOM {source_name}" + (f": {entry.description[:500]}" if entry.description else "")
        try:
            services.append(
                Service(
                    name=name,
                    category=ServiceCategory.SAAS,
                    vendor=entry.provider,
                    subprocessors=tuple(edges.get(name, ())),
                    notes=note,
                )
            )
        except ValidationError as exc:  # a name or provider the model refuses (e.g. only spaces)
            warnings.append(f"service '{name[:80]}' left out: {exc.errors()[0]['msg']}")
    return services, warnings
