# SPDX-License-Identifier: EUPL-1.2
"""The EU critical-raw-materials method (EC 2017 guidelines; used for the 2017, 2020 and 2023 lists).

Sources: European Commission (2017), *Methodology for establishing the EU list of critical raw
materials - Guidelines*, doi 10.2873/769526; European Commission / Deloitte, BGS, BRGM, TNO (2017),
*Study on the review of the list of Critical Raw Materials - Criticality Assessments*, Final Report
(Table 3; Annex 5 Tables 18 and 19); DG GROW (2023), *Study on the Critical Raw Materials for the EU
2023 - Final Report*, doi 10.2873/725585. Critical Raw Materials Act: Regulation (EU) 2024/1252.

Published inputs are rounded, so dosa computes each supply risk together with the interval its inputs'
rounding allows (half a unit of the last printed digit), and calls a criticality *borderline* when
that interval straddles the threshold.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CRITICAL_SR = 1.0
"""Supply-risk threshold (2017 guidelines, section 5)."""
CRITICAL_EI = 2.8
"""Economic-importance threshold since 2017 (5.0 in 2011 and 2014)."""

CRMA_EXTRACTION = 10.0
CRMA_PROCESSING = 40.0
CRMA_RECYCLING = 25.0
CRMA_SINGLE_THIRD_COUNTRY = 65.0
"""Regulation (EU) 2024/1252, art. 5(1): 2030 benchmarks for strategic raw materials, in percent of
annual EU consumption."""

GS = "GS"
GS_AND_SOURCING = "GS+{}"


def round1(value: float) -> float:
    """Round half up to one decimal, as the EU lists publish SR and EI."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Measured:
    """A published number and the half-width of its rounding (0 when exact)."""

    value: float
    precision: float = 0.0

    @classmethod
    def parse(cls, text: str, scale: float = 1.0) -> Measured:
        """Read '7.1' as 7.1 ± 0.05; ``scale`` converts units (0.01 for a percentage to a fraction)."""
        text = text.strip()
        decimals = len(text.split(".")[1]) if "." in text else 0
        return cls(float(text) * scale, 0.5 * 10.0 ** (-decimals) * scale)

    def bounds(self, lowest: float = 0.0, highest: float | None = None) -> tuple[float, float]:
        low = max(lowest, self.value - self.precision)
        high = self.value + self.precision
        if highest is not None:
            high = min(highest, high)
        return low, high


def hhi_wgi_t(supply: Iterable[tuple[float, float, float]]) -> float:
    """Governance- and trade-weighted concentration of one supply scope.

    Formula: ``HHI_WGI_t = sum_c S_c**2 * WGI_c * t_c`` over (share as a fraction, WGI on 0-10 with
    10 worst, trade factor t). Source: EC (2017) guidelines, section 3.2.
    """
    return sum(share * share * wgi * t for share, wgi, t in supply)


def sr_gs_and_sourcing(hhi_gs: float, hhi_sourcing: float, ir: float, eol: float, si: float) -> float:
    """Supply risk from global supply and EU sourcing, weighted by import reliance.

    Formula: ``SR = [HHI_GS * IR/2 + HHI_EU * (1 - IR/2)] * (1 - EoL_RIR) * SI_SR``, with IR, EoL_RIR
    and SI_SR as fractions. Source: EC (2017) guidelines, section 3.2, equation 2.
    """
    return (hhi_gs * ir / 2 + hhi_sourcing * (1 - ir / 2)) * (1 - eol) * si


def sr_gs_only(hhi_gs: float, eol: float, si: float) -> float:
    """Fallback when EU sourcing data are unavailable: ``SR = HHI_GS * (1 - EoL_RIR) * SI_SR``."""
    return hhi_gs * (1 - eol) * si


def sr_sourcing_only(hhi_sourcing: float, eol: float, si: float) -> float:
    """Fallback when import reliance is zero or there is no international market:
    ``SR = HHI_EU * (1 - EoL_RIR) * SI_SR``."""
    return hhi_sourcing * (1 - eol) * si


def import_reliance(domestic: float, imports: float, exports: float) -> float:
    """``IR = (imports - exports) / (domestic + imports - exports)``, negative reported as 0 (guidelines 3.2)."""
    denominator = domestic + imports - exports
    if denominator <= 0:
        return 0.0
    return max(0.0, (imports - exports) / denominator)


@dataclass(frozen=True)
class EndUse:
    """Share of a material's end uses in one NACE Rev.2 sector, and that sector's value added."""

    sector: str
    share: float
    """Fraction of the material's end uses."""
    value_added: float


def economic_importance(end_uses: Iterable[EndUse], si_ei: float, largest_value_added: float) -> float:
    """``EI = SI_EI * sum_s (A_s * Q_s) / Q_max * 10``: end-use shares A_s times sector value added Q_s,
    scaled to 0-10 against the value added of the largest manufacturing sector. Source: EC (2017)
    guidelines, section 3.1."""
    if largest_value_added <= 0:
        raise ValueError("the largest sector value added must be positive")
    return si_ei * sum(use.share * use.value_added for use in end_uses) / largest_value_added * 10


@dataclass(frozen=True)
class CrmInput:
    """One material (and stage) as the method needs it; HHIs are the governance-weighted ones."""

    material: str
    stage: str | None
    eol_rir: Measured
    si_sr: Measured
    import_reliance: Measured | None = None
    hhi_gs: Measured | None = None
    hhi_sourcing: Measured | None = None
    si_ei: Measured | None = None
    ei: Measured | None = None
    supply_data_used: str | None = None
    """The scope the published SR used (``GS``, ``EU``, ``GS+EU``), when the table says."""
    sourcing: str = "EU"
    """Whose sourcing ``hhi_sourcing`` describes: ``EU``, or ``NL`` in the national variant."""
    published: Mapping[str, float] = field(default_factory=dict)
    """Published values for comparison: ``sr``, ``ei``, and ``sr_<scope>``."""
    line: int | None = None


@dataclass(frozen=True)
class ScopeResult:
    scope: str
    value: float
    low: float
    high: float
    """Interval the inputs' rounding allows."""


@dataclass(frozen=True)
class CrmResult:
    input: CrmInput
    scopes: dict[str, ScopeResult]
    scope_used: str | None
    ei: float | None
    critical: str
    """``yes``, ``no``, ``borderline`` (the rounding interval straddles a threshold) or ``unknown``."""
    note: str = ""
    bottleneck: bool = True
    """The stage with the higher SR for its material (always true when only one stage is assessed)."""

    @property
    def sr(self) -> ScopeResult | None:
        return self.scopes.get(self.scope_used) if self.scope_used else None

    @property
    def published_critical(self) -> str | None:
        sr, ei = self.input.published.get("sr"), self.input.published.get("ei")
        if sr is None or ei is None:
            return None
        return "yes" if sr >= CRITICAL_SR and ei >= CRITICAL_EI else "no"

    @property
    def agrees(self) -> str | None:
        """Whether the computed criticality matches the published one (``within rounding`` when borderline)."""
        published = self.published_critical
        if published is None:
            return None
        if self.critical == "borderline":
            return "within rounding"
        return "yes" if self.critical == published else "no"


def _corners(variables: Sequence[tuple[float, float]]) -> Iterable[tuple[float, ...]]:
    return itertools.product(*variables)


def _scope(name: str, formula: object, inputs: Sequence[tuple[Measured, tuple[float, float]]]) -> ScopeResult:
    assert callable(formula)
    value = float(formula(*(m.value for m, _ in inputs)))
    values = [float(formula(*corner)) for corner in _corners([bounds for _, bounds in inputs])]
    return ScopeResult(name, value, min(values), max(values))


def default_scope(item: CrmInput) -> str | None:
    """The scope the guidelines prescribe: GS+EU when both HHIs and IR exist; GS only without EU sourcing
    data; EU only when import reliance is zero."""
    both = GS_AND_SOURCING.format(item.sourcing)
    if item.hhi_gs is not None and item.hhi_sourcing is not None and item.import_reliance is not None:
        return item.sourcing if item.import_reliance.value == 0 else both
    if item.hhi_gs is not None:
        return GS
    if item.hhi_sourcing is not None:
        return item.sourcing
    return None


def supply_risks(item: CrmInput) -> dict[str, ScopeResult]:
    """SR for every scope the inputs allow, each with its rounding interval."""
    eol = (item.eol_rir, item.eol_rir.bounds(0.0, 1.0))
    si = (item.si_sr, item.si_sr.bounds(0.0, 1.0))
    scopes: dict[str, ScopeResult] = {}
    if item.hhi_gs is not None:
        gs = (item.hhi_gs, item.hhi_gs.bounds())
        scopes[GS] = _scope(GS, sr_gs_only, [gs, eol, si])
    if item.hhi_sourcing is not None:
        sourcing = (item.hhi_sourcing, item.hhi_sourcing.bounds())
        scopes[item.sourcing] = _scope(item.sourcing, sr_sourcing_only, [sourcing, eol, si])
        if item.hhi_gs is not None and item.import_reliance is not None:
            ir = (item.import_reliance, item.import_reliance.bounds(0.0, 1.0))
            name = GS_AND_SOURCING.format(item.sourcing)
            scopes[name] = _scope(
                name, sr_gs_and_sourcing, [(item.hhi_gs, item.hhi_gs.bounds()), sourcing, ir, eol, si]
            )
    return scopes


def criticality(sr: ScopeResult | None, ei: float | None) -> str:
    """``yes`` if SR >= 1.0 and EI >= 2.8 after rounding to one decimal, ``borderline`` if the SR's
    rounding interval allows either answer, ``unknown`` without SR or EI."""
    if sr is None or ei is None:
        return "unknown"
    if round1(ei) < CRITICAL_EI:
        return "no"
    if round1(sr.low) >= CRITICAL_SR:
        return "yes"
    if round1(sr.high) < CRITICAL_SR:
        return "no"
    return "borderline"


def assess_material(item: CrmInput) -> CrmResult:
    """Apply the method to one material (and stage)."""
    scopes = supply_risks(item)
    used = item.supply_data_used
    note = ""
    if used is not None and used not in scopes:
        note = f"the table names scope {used}, which these inputs do not allow; used the guidelines' default"
        used = None
    if used is None:
        used = default_scope(item)
    ei = item.ei.value if item.ei is not None else None
    sr = scopes.get(used) if used else None
    return CrmResult(item, scopes, used, ei, criticality(sr, ei), note)


def mark_bottlenecks(results: Sequence[CrmResult]) -> list[CrmResult]:
    """Per material keep the stage with the higher SR as the bottleneck (guidelines 3.2)."""
    best: dict[str, float] = {}
    for result in results:
        if result.sr is not None:
            key = result.input.material.lower()
            best[key] = max(best.get(key, float("-inf")), result.sr.value)
    marked = []
    for result in results:
        key = result.input.material.lower()
        is_bottleneck = result.sr is not None and result.sr.value == best.get(key)
        marked.append(
            CrmResult(
                result.input, result.scopes, result.scope_used, result.ei, result.critical, result.note, is_bottleneck
            )
        )
    return marked
