# SPDX-License-Identifier: EUPL-1.2
"""Analyses of an organisation's inventory: concentration, exit readiness, jurisdictions.

Concentration is measured with the Herfindahl-Hirschman index over shares in percent,
``HHI = sum(s_i^2)`` (0-10,000; 10,000 = one supplier holds everything), and the top-1 and top-3
shares. Shares are of the *mapped* weight; unmapped weight is reported as coverage, not guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from dosa.dataset.model import Dataset
from dosa.inventory.chains import ServiceChain, build_chains
from dosa.inventory.jurisdiction import CLASS_ORDER, JurisdictionClass, JurisdictionProfile, classify
from dosa.inventory.mapping import VendorMap, VendorProfile
from dosa.inventory.resolve.coverage import CoverageTable, ecosystem_of
from dosa.inventory.services import Service
from dosa.inventory.vocab import ExitPlan

UNKNOWN = "(unknown)"


@dataclass(frozen=True)
class ShareRow:
    label: str
    weight: float
    share_pct: float


@dataclass(frozen=True)
class Concentration:
    dimension: str
    """``vendor``, ``group``, ``jurisdiction`` or ``cloud_provider``."""
    basis: str
    """What is weighed: ``critical_functions``, ``services`` or ``components``."""
    rows: tuple[ShareRow, ...]
    total_weight: float
    unknown_weight: float
    hhi: float | None
    top1_pct: float | None
    top3_pct: float | None
    rank: int | None = None
    """Rank in the supply chain the holders are counted at (``None``: the dimension's usual reading)."""

    @property
    def coverage_pct(self) -> float | None:
        """Share of the weight whose label is known."""
        if not self.total_weight:
            return None
        return 100 * (self.total_weight - self.unknown_weight) / self.total_weight


def concentration(dimension: str, basis: str, items: Iterable[tuple[str | None, float]]) -> Concentration:
    """Shares, HHI and top shares of ``(label, weight)`` items; ``None`` labels count as unknown."""
    weights: dict[str, float] = defaultdict(float)
    unknown = 0.0
    for label, weight in items:
        if weight <= 0:
            continue
        if label:
            weights[label] += weight
        else:
            unknown += weight
    known = sum(weights.values())
    rows = tuple(
        ShareRow(label, weight, 100 * weight / known)
        for label, weight in sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    )
    hhi = sum(row.share_pct**2 for row in rows) if rows else None
    top1 = rows[0].share_pct if rows else None
    top3 = sum(row.share_pct for row in rows[:3]) if rows else None
    return Concentration(dimension, basis, rows, known + unknown, unknown, hhi, top1, top3)


@dataclass(frozen=True)
class ServiceView:
    """A service with its vendor and jurisdiction resolved."""

    service: Service
    vendor: VendorProfile
    jurisdiction: JurisdictionProfile
    cloud_provider: str | None
    chain: ServiceChain | None = None
    """Who delivers the service at rank 1, 2 and n (:mod:`dosa.inventory.chains`)."""

    @property
    def critical_weight(self) -> int:
        """How many critical functions depend on it (1 if critical without functions listed, else 0)."""
        if not self.service.is_critical:
            return 0
        return max(1, len(self.service.critical_functions))


def view_services(
    services: Iterable[Service],
    vendors: VendorMap,
    dataset: Dataset | None,
    sources: Mapping[str, str] | None = None,
) -> list[ServiceView]:
    """Each service with its vendor, group, jurisdiction, cloud provider and supply chain.

    The cloud provider is the group of the hosting provider at the lowest rank, or the vendor's own
    group for a cloud service that names no host. ``sources`` (service → file) names files in errors."""
    services = list(services)
    views = []
    for chain in build_chains(services, vendors, sources):
        vendor = chain.links[0].profile
        clouds = [link for link in chain.links if link.cloud]
        provider = clouds[0].group if clouds else None
        views.append(ServiceView(chain.service, vendor, classify(vendor.jurisdiction, dataset), provider, chain))
    return views


def service_concentrations(views: Sequence[ServiceView]) -> list[Concentration]:
    """Concentration by vendor, group, jurisdiction and cloud provider, weighed two ways."""
    out = []
    for basis in ("critical_functions", "services"):

        def weight(view: ServiceView, basis: str = basis) -> float:
            return float(view.critical_weight) if basis == "critical_functions" else 1.0

        out.append(concentration("vendor", basis, ((v.vendor.vendor, weight(v)) for v in views)))
        out.append(concentration("group", basis, ((v.vendor.group, weight(v)) for v in views)))
        out.append(concentration("jurisdiction", basis, ((v.jurisdiction.code, weight(v)) for v in views)))
        out.append(
            concentration("cloud_provider", basis, ((v.cloud_provider, weight(v)) for v in views if v.cloud_provider))
        )
    return out


def rank_concentrations(views: Sequence[ServiceView], basis: str = "critical_functions") -> list[Concentration]:
    """Concentration by group and by jurisdiction (the group's headquarters) at each rank of the chains.

    A service counts at a rank for every distinct group it relies on there (a service with two
    sub-processors of different groups at rank 2 weighs on both); services with nothing recorded at a
    rank are not counted at that rank."""
    depth = max((v.chain.depth for v in views if v.chain is not None), default=0)
    out = []
    for rank in range(1, depth + 1):
        groups: list[tuple[str | None, float]] = []
        countries: list[tuple[str | None, float]] = []
        for view in views:
            if view.chain is None:
                continue
            weight = float(view.critical_weight) if basis == "critical_functions" else 1.0
            links = view.chain.at(rank)
            groups += [(group, weight) for group in dict.fromkeys(link.group for link in links)]
            countries += [(code, weight) for code in dict.fromkeys(link.profile.jurisdiction for link in links)]
        for dimension, items in (("group", groups), ("jurisdiction", countries)):
            result = concentration(dimension, basis, items)
            out.append(replace(result, rank=rank))
    return out


@dataclass(frozen=True)
class ExitGap:
    service: str
    vendor: str
    critical_functions: tuple[str, ...]
    exit_plan: str
    substitutability: str
    reasons: tuple[str, ...]


def single_vendor_without_tested_exit(views: Iterable[ServiceView]) -> list[ExitGap]:
    """Critical services with no alternative provider identified and no tested exit plan."""
    gaps = []
    for view in views:
        service = view.service
        if not service.is_critical or service.alternatives or service.exit_plan is ExitPlan.TESTED:
            continue
        plan = service.exit_plan.value if service.exit_plan else "not recorded"
        reasons = ("no alternative provider identified", f"exit plan: {plan}")
        gaps.append(
            ExitGap(
                service.name,
                view.vendor.vendor,
                service.critical_functions,
                plan,
                service.substitutability.value if service.substitutability else "not recorded",
                reasons,
            )
        )
    return sorted(gaps, key=lambda g: (-len(g.critical_functions), g.service))


@dataclass(frozen=True)
class JurisdictionExposure:
    dependency: str
    kind: str
    """``service`` or ``component vendor``."""
    role: str
    """Why the country matters: vendor HQ, parent HQ, can compel access, data location, …"""
    country: str
    country_name: str
    cls: JurisdictionClass
    offensive_cyber_programme: str
    eu_member: bool | None
    nato_member: bool | None
    weight: float
    """Critical functions of a service; components of a component vendor."""
    rank: int = 1
    """Rank in the service's supply chain (1: the vendor; 2: its host and sub-processors; …)."""
    provider: str = ""
    """The provider at that rank (empty at rank 1: the vendor)."""


def _exposure(
    dependency: str,
    kind: str,
    role: str,
    profile: JurisdictionProfile,
    weight: float,
    rank: int = 1,
    provider: str = "",
) -> JurisdictionExposure:
    return JurisdictionExposure(
        dependency,
        kind,
        role,
        profile.code or "",
        profile.name,
        profile.cls,
        profile.offensive_cyber_programme,
        profile.eu_member,
        profile.nato_member,
        weight,
        rank,
        provider,
    )


def service_exposures(views: Iterable[ServiceView], dataset: Dataset | None) -> list[JurisdictionExposure]:
    """Every country a service's data or provider is subject to, classified."""
    out = []
    for view in views:
        service = view.service
        roles: list[tuple[str, str | None]] = [
            ("vendor HQ", view.vendor.country),
            ("parent HQ", view.vendor.group_country if view.vendor.has_parent else None),
            ("governing law", service.governing_law_country),
        ]
        roles += [("can compel access", c) for c in service.compelling_jurisdictions]
        roles += [("data location", c) for c in service.data_locations]
        roles += [("processing location", c) for c in service.processing_locations]
        seen: set[tuple[str, str]] = set()
        for role, code in roles:
            if code and (role, code) not in seen:
                seen.add((role, code))
                out.append(_exposure(service.name, "service", role, classify(code, dataset), view.critical_weight))
        for link in view.chain.links if view.chain is not None else ():
            if link.rank == 1:
                continue
            who = "host" if link.role == "hosting" else "sub-processor"
            pairs = [(f"{who} HQ", link.profile.country)]
            if link.profile.jurisdiction != link.profile.country:
                pairs.append((f"{who}'s group HQ", link.profile.jurisdiction))
            for role, code in pairs:
                if code and (f"{link.rank} {link.provider} {role}", code) not in seen:
                    seen.add((f"{link.rank} {link.provider} {role}", code))
                    out.append(
                        _exposure(
                            service.name,
                            "service",
                            role,
                            classify(code, dataset),
                            view.critical_weight,
                            link.rank,
                            link.provider,
                        )
                    )
    return out


@dataclass(frozen=True)
class ComponentVendorCount:
    """Components of the current SBOMs grouped by what identifies their vendor."""

    package_key: str
    supplier: str
    manufacturer: str
    count: int
    vcs_url: str = ""
    website_url: str = ""


@dataclass(frozen=True)
class ComponentVendors:
    by_vendor: Concentration
    by_jurisdiction: Concentration
    exposures: list[JurisdictionExposure]
    mapped_vendors: dict[str, VendorProfile]


def component_vendors(
    counts: Iterable[ComponentVendorCount], vendors: VendorMap, dataset: Dataset | None
) -> ComponentVendors:
    """Vendor and jurisdiction concentration of components.

    The vendor is the group of what the mapping knows (the user's mapping, the dataset's suppliers,
    then the resolver's tables), else the supplier or manufacturer the SBOM declares (a name, with no
    country); components with neither are unknown.
    """
    vendor_items: list[tuple[str | None, float]] = []
    country_items: list[tuple[str | None, float]] = []
    mapped: dict[str, VendorProfile] = {}
    for row in counts:
        profile = vendors.for_component(row.package_key, row.supplier, row.manufacturer, row.vcs_url, row.website_url)
        if profile is not None:
            if profile.jurisdiction or profile.supplier_id:  # a bare name or forge account adds no national link
                mapped[profile.group] = profile
            vendor_items.append((profile.group, row.count))
            country_items.append((profile.jurisdiction, row.count))
        else:
            vendor_items.append((row.supplier or row.manufacturer or None, row.count))
            country_items.append((None, row.count))
    by_country = concentration("jurisdiction", "components", country_items)
    exposures = []
    for group, profile in sorted(mapped.items()):
        jurisdiction = classify(profile.jurisdiction, dataset)
        if jurisdiction.cls in (JurisdictionClass.HIGH_RISK, JurisdictionClass.NON_EU):
            weight = sum(w for label, w in vendor_items if label == group)
            exposures.append(_exposure(group, "component vendor", "group HQ", jurisdiction, weight))
    return ComponentVendors(concentration("vendor", "components", vendor_items), by_country, exposures, mapped)


@dataclass(frozen=True)
class ResolvedPackage:
    """One package (with one set of vendor evidence) of the current SBOMs, and who is behind it."""

    package_key: str
    ecosystem: str
    components: int
    supplier: str
    manufacturer: str
    vcs_url: str
    website_url: str
    profile: VendorProfile | None
    """None: unknown."""
    registry: str = ""
    """The registry that serves it and who runs it, e.g. ``npm public registry (npm, Inc.; US)``."""

    @property
    def source(self) -> str:
        """``resolver``, ``mapping`` (the user's mapping or the dataset's suppliers) or empty when unknown."""
        if self.profile is None:
            return ""
        return "resolver" if self.profile.basis.startswith("resolver") else "mapping"


def resolve_packages(
    counts: Iterable[ComponentVendorCount], vendors: VendorMap
) -> tuple[CoverageTable, list[ResolvedPackage]]:
    """Who is behind each package of the current SBOMs, and the coverage per ecosystem (before: the SBOM
    names a supplier or manufacturer; after: an organisation is found)."""
    table = CoverageTable()
    packages = []
    for row in counts:
        profile = vendors.for_component(row.package_key, row.supplier, row.manufacturer, row.vcs_url, row.website_url)
        ecosystem = ecosystem_of(row.package_key)
        confidence = (profile.confidence or "mapping") if profile is not None else ""
        table.add(
            ecosystem,
            row.count,
            before=bool(row.supplier or row.manufacturer),
            named=profile is not None,
            jurisdiction=profile is not None and profile.jurisdiction is not None,
            confidence=confidence,
        )
        registry = ""
        if vendors.resolver is not None:
            name, operator, country = vendors.resolver.registry_of(row.package_key)
            registry = f"{name} ({operator}; {country or 'country unknown'})" if name else ""
        packages.append(
            ResolvedPackage(
                row.package_key,
                ecosystem,
                row.count,
                row.supplier,
                row.manufacturer,
                row.vcs_url,
                row.website_url,
                profile,
                registry,
            )
        )
    packages.sort(key=lambda p: (-p.components, p.package_key))
    return table, packages


def risky_exposures(exposures: Iterable[JurisdictionExposure]) -> list[JurisdictionExposure]:
    """High-risk and non-EU exposures, high-risk first, heaviest first."""
    chosen = [e for e in exposures if e.cls in (JurisdictionClass.HIGH_RISK, JurisdictionClass.NON_EU)]
    return sorted(chosen, key=lambda e: (CLASS_ORDER[e.cls], -e.weight, e.dependency, e.rank, e.role, e.country))
