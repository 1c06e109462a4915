# SPDX-License-Identifier: EUPL-1.2
"""Concentration and exposure indicators: pure formulas over shares, each with its formula and source.

Shares are percentages (0-100) unless a docstring says otherwise. A *remainder* is the part of supply a
source does not attribute to any named holder (100 minus the listed shares); the functions that need
it take it explicitly so that callers state how they treat it instead of silently renormalising.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

CRMA_SINGLE_THIRD_COUNTRY_MAX = 65.0
"""Regulation (EU) 2024/1252 (Critical Raw Materials Act), art. 5(1)(d): by 2030 no more than 65 % of
the Union's annual consumption of each strategic raw material, at any relevant stage of processing,
from a single third country."""

HHI_MAX = 10_000.0


def hhi(shares: Iterable[float]) -> float:
    """Herfindahl-Hirschman index on the 0-10,000 scale.

    Formula: ``HHI = sum_i s_i**2`` with ``s_i`` the share of holder *i* in percent.
    Source: Herfindahl (1950), Hirschman (1945); scale and thresholds as in the European Commission's
    *Guidelines on the assessment of horizontal mergers* (OJ C 31, 5.2.2004, paras 19-21) and the
    US DoJ/FTC *Merger Guidelines* (2023, section 2.1). 10,000 is a monopoly; values fall as supply
    spreads over more, smaller holders.
    """
    total = 0.0
    for share in shares:
        if share < 0 or share > 100:
            raise ValueError(f"a share must lie between 0 and 100 percent, got {share}")
        total += share * share
    return min(total, HHI_MAX)


def hhi_bounds(shares: Sequence[float], remainder: float) -> tuple[float, float]:
    """Lowest and highest HHI consistent with the listed shares and an unattributed remainder.

    Formula: low ``= sum s_i**2`` (the remainder spread over infinitely many small holders);
    high ``= sum s_i**2 + r**2`` (the remainder held by one more holder). Same source as :func:`hhi`.
    """
    low = hhi(shares)
    return low, min(HHI_MAX, low + max(remainder, 0.0) ** 2)


def share_where(holdings: Iterable[tuple[float, bool]]) -> float:
    """Share of supply held by holders for which a condition holds (percent).

    Formula: ``sum_i s_i * [condition_i]``. Used for the share held outside the EU and the share held
    by countries named for an offensive cyber programme against the Netherlands (Nationaal
    Coördinator Terrorismebestrijding en Veiligheid, *Cybersecuritybeeld Nederland*).
    """
    return min(100.0, sum(share for share, condition in holdings if condition))


def weighted_mean(values: Iterable[tuple[float, float]]) -> float | None:
    """Share-weighted mean ``sum s_i * v_i / sum s_i`` over (share, value) pairs; ``None`` if no share."""
    pairs = list(values)
    total = sum(share for share, _ in pairs)
    if total <= 0:
        return None
    return sum(share * value for share, value in pairs) / total


def largest_share(holdings: Iterable[tuple[str, float]]) -> tuple[str, float] | None:
    """The single largest holder and its share; ties go to the alphabetically first holder."""
    ranked = sorted(holdings, key=lambda pair: (-pair[1], pair[0]))
    return ranked[0] if ranked else None


def exceeds_crma_benchmark(largest_third_country_share: float) -> bool:
    """Whether one third country supplies more than the Critical Raw Materials Act's 65 % benchmark.

    Rule: ``share > 65``. Source: Regulation (EU) 2024/1252, art. 5(1)(d). dosa applies the benchmark
    to whatever stage and scope the data describe; the regulation measures it against EU consumption.
    """
    return largest_third_country_share > CRMA_SINGLE_THIRD_COUNTRY_MAX


@dataclass(frozen=True)
class CountToThreshold:
    """How many holders together reach a share, and whether the listed shares reach it at all."""

    count: int
    reached: bool


def holders_for(shares: Iterable[float], threshold: float = 80.0) -> CountToThreshold:
    """Number of largest holders that together hold at least ``threshold`` percent of supply.

    Formula: sort shares descending, count until the cumulative share reaches the threshold. When the
    listed shares never reach it, the count is a lower bound (``reached`` is false): at least one more,
    unlisted holder is needed. A common concentration measure alongside the HHI (cf. the concentration
    ratio CR_n, OECD *Glossary of Statistical Terms*, "concentration ratio").
    """
    cumulative = 0.0
    count = 0
    for share in sorted(shares, reverse=True):
        if cumulative >= threshold:
            break
        cumulative += share
        count += 1
    return CountToThreshold(count, cumulative >= threshold)


def governance_weighted_hhi(
    shares: Mapping[str, float], governance: Mapping[str, float], trade: Mapping[str, float] | None = None
) -> float | None:
    """HHI weighted by governance (and trade factor) as in the EU critical-raw-materials method.

    Formula: ``HHI_WGI_t = sum_c S_c**2 * WGI_c * t_c`` with ``S_c`` the share as a fraction, ``WGI_c``
    the World Bank Worldwide Governance Indicators rescaled to 0-10 (10 = worst governance) and ``t_c``
    the trade factor (1 when not given). Source: European Commission (2017), *Methodology for
    establishing the EU list of critical raw materials - Guidelines*, doi 10.2873/769526, section 3.2.

    Returns ``None`` when any holder lacks a governance value: the method needs them all, and dosa
    never fills in a governance score. The risk engine reports it per stage as an indicator (not a
    score factor), with the packaged World Bank WGI table (``dosa.risk.governance``) and trade factor 1.
    """
    if not shares or any(country not in governance for country in shares):
        return None
    trade = trade or {}
    return sum((share / 100.0) ** 2 * governance[c] * trade.get(c, 1.0) for c, share in shares.items())
