# SPDX-License-Identifier: EUPL-1.2
"""The inventory report on the report's content model: one project's analysis as sections, bar
charts and tables in Dutch or English, rendered as the dashboard page, offline HTML, tagged PDF and
the command line's tables (:func:`machine_tables`).

Every figure says what it counts and what its denominator is; what dosa cannot tell (a vendor, a
country) is counted and named as unknown, never guessed. :func:`concentration_section` takes any
:class:`~dosa.inventory.analysis.Concentration`, so further dimensions (a group, a rank in the supply
chain) slot in as one more subsection.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

import pycountry

from dosa import __version__, tables
from dosa.dataset.model import Dataset
from dosa.exposure.findings import ExposureReport, build_exposure
from dosa.i18n import Localizer, compose, concat, foreign, localizer
from dosa.inventory.analysis import Concentration, ExitGap, JurisdictionExposure, component_vendors
from dosa.inventory.jurisdiction import JurisdictionClass
from dosa.inventory.mapping import VendorMap
from dosa.inventory.national import HarmRating, SubjectRatings
from dosa.inventory.project import ProjectAnalysis, analyse_project
from dosa.inventory.services import Service
from dosa.report import charts
from dosa.report.citations import Bibliography
from dosa.report.content import Chart, Report, Section, column, table_of, table_of_rows
from dosa.report.labels import N_
from dosa.store import Store
from dosa.tables import Table

CHART_BARS = 10
"""Holders drawn as their own bar; the rest share one bar ('other holders'). Tables list every holder."""

DIMENSIONS = {
    "vendor": N_("vendor"),
    "group": N_("group (ultimate parent)"),
    "jurisdiction": N_("jurisdiction"),
    "cloud_provider": N_("cloud provider"),
}
DIMENSION_TITLES = {
    "vendor": N_("Concentration by vendor"),
    "group": N_("Concentration by group"),
    "jurisdiction": N_("Concentration by jurisdiction"),
    "cloud_provider": N_("Concentration by cloud provider"),
}
DIMENSION_TEXTS = {
    "vendor": N_(
        "The vendor is the company that supplies a service or component: as the service list or the SBOM "
        "names it, completed from the dataset's suppliers and the organisation's mapping."
    ),
    "group": N_(
        "The group is the vendor's ultimate parent, so that one company with several legal entities counts once."
    ),
    "jurisdiction": N_(
        "The jurisdiction is the country whose law reaches the group: the parent's headquarters, else the vendor's."
    ),
    "cloud_provider": N_(
        "The cloud provider is the company whose cloud a service runs on: the platform the service list says "
        "it is hosted on, else the vendor's group for infrastructure, platform and software as a service. "
        "Services that run on no cloud are left out."
    ),
}
DIMENSION_SUBJECTS = {
    "vendor": N_("the vendor"),
    "group": N_("the group"),
    "jurisdiction": N_("the jurisdiction"),
    "cloud_provider": N_("the cloud provider"),
}
"""The dimension as the subject of a sentence (with its article: 'het concern', 'de leverancier')."""
BASES = {
    "critical_functions": N_("critical functions"),
    "services": N_("services"),
    "components": N_("components"),
}
BASIS_TEXTS = {
    "critical_functions": N_(
        "Weighed by critical functions: a critical service counts once for every critical function it "
        "supports (once if it is marked critical without functions listed); other services weigh nothing."
    ),
    "services": N_("Weighed by services: every service in the service list counts once."),
    "components": N_(
        "Weighed by components: every component of the current SBOMs counts once (a package used in two SBOMs "
        "counts twice)."
    ),
}
CLASSES: dict[str, str] = {
    JurisdictionClass.HIGH_RISK.value: N_("high risk (offensive cyber programme against the Netherlands)"),
    JurisdictionClass.NON_EU.value: N_("outside the EU/EEA"),
    JurisdictionClass.EU_EEA.value: N_("EU/EEA"),
    JurisdictionClass.UNKNOWN.value: N_("unknown"),
}
ROLES = {
    "vendor HQ": N_("vendor's headquarters"),
    "parent HQ": N_("parent's headquarters"),
    "group HQ": N_("group's headquarters"),
    "governing law": N_("law governing the contract"),
    "can compel access": N_("can compel access"),
    "data location": N_("data stored there"),
    "processing location": N_("data processed there"),
    "host HQ": N_("host's headquarters"),
    "host's group HQ": N_("headquarters of the host's group"),
    "sub-processor HQ": N_("sub-processor's headquarters"),
    "sub-processor's group HQ": N_("headquarters of the sub-processor's group"),
}
LINK_ROLES = {"vendor": N_("vendor"), "hosting": N_("hosting"), "sub-processor": N_("sub-processor")}
KINDS = {
    "service": N_("service"),
    "service vendor": N_("service vendor"),
    "component vendor": N_("component vendor"),
}
CATEGORIES = {
    "iaas": N_("infrastructure as a service"),
    "paas": N_("platform as a service"),
    "saas": N_("software as a service"),
    "office_suite": N_("office suite"),
    "desktop_os": N_("desktop operating system"),
    "mobile_os": N_("mobile operating system"),
    "email_collaboration": N_("e-mail and collaboration"),
    "erp_crm": N_("ERP and CRM"),
    "network_equipment": N_("network equipment"),
    "security_product": N_("security product"),
    "hardware": N_("hardware"),
    "other": N_("other"),
}
EXIT_PLANS = {"none": N_("none"), "documented": N_("documented, not tested"), "tested": N_("tested")}
SUBSTITUTABILITY = {
    "not_substitutable": N_("not substitutable"),
    "highly_complex": N_("highly complex"),
    "medium": N_("medium complexity"),
    "easy": N_("easy"),
}
CYBER = {"yes": N_("yes"), "no": N_("no"), "unknown": N_("unknown")}
HARMS = {"interruption": N_("interruption of supply"), "access": N_("third-party access to sensitive information")}
RISKS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high"), "very_high": N_("very high")}
SEVERITIES = {
    "critical": N_("critical"),
    "high": N_("high"),
    "moderate": N_("moderate"),
    "medium": N_("medium"),
    "low": N_("low"),
    "none": N_("none"),
}
NOT_RECORDED = N_("not recorded")


def _word(table: dict[str, str], value: object, loc: Localizer) -> str:
    """A closed-vocabulary value in the reader's language; an unknown one as written, marked English."""
    if value is None or value == "":
        return loc.gettext(NOT_RECORDED)
    key = str(getattr(value, "value", value))
    message = table.get(key) or table.get(key.lower())
    if message:
        return loc.gettext(message)
    return key if loc.lang == "en" else foreign(key.replace("_", " "), "en")


def _yes_no(value: bool | None, loc: Localizer) -> str:
    if value is None:
        return loc.gettext("unknown")
    return loc.gettext("yes") if value else loc.gettext("no")


def dimension_label(dimension: str, loc: Localizer) -> str:
    return _word(DIMENSIONS, dimension, loc)


def basis_label(basis: str, loc: Localizer) -> str:
    return _word(BASES, basis, loc)


def rank_of(result: Concentration) -> int | None:
    """The rank in the supply chain a concentration is read at (``None``: the dimension's usual reading)."""
    return result.rank


def reading_label(result: Concentration, loc: Localizer) -> str:
    """``vendor``, or ``group at rank 2``: the dimension as this concentration reads it."""
    rank = rank_of(result)
    label = dimension_label(result.dimension, loc)
    if rank is None:
        return label
    return compose(loc.gettext("{dimension} at rank {rank}"), dimension=label, rank=rank)


@cache
def _dutch_country_names() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)


def country_name(code: str | None, dataset: Dataset | None, loc: Localizer) -> str:
    """A country's name in the reader's language: the dataset's, else ISO 3166's (with its Dutch names)."""
    if not code:
        return loc.gettext("unknown")
    country = dataset.countries.get(code) if dataset is not None else None
    if country is not None:
        name = country.name_nl if loc.lang == "nl" and country.name_nl else country.name_en
        if name:
            return name
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    english = str(getattr(found, "common_name", None) or found.name)
    return _dutch_country_names().gettext(str(found.name)) if loc.lang == "nl" else english


def holder_label(dimension: str, holder: str, dataset: Dataset | None, loc: Localizer) -> str:
    """A holder as the reader knows it: a country's name for jurisdictions, the company as written else."""
    if dimension == "jurisdiction" and re.fullmatch(r"[A-Z]{2}", holder):
        return country_name(holder, dataset, loc)
    return holder


_BASIS_PARTS = (
    (re.compile(r"service record"), N_("the service list")),
    (re.compile(r"as written"), N_("the name as the service list writes it")),
    (re.compile(r"dataset supplier '(?P<name>.+)'"), N_("the dataset's supplier {name}")),
    (re.compile(r"mapping (?P<where>\S+) → supplier '(?P<name>.+)'"), N_("the mapping ({where}) to supplier {name}")),
    (re.compile(r"mapping (?P<where>\S+)"), N_("the mapping ({where})")),
)
_RESOLVER = re.compile(
    r"resolver \((?P<confidence>\w*)\): (?P<field>[\w ]+?) '(?P<value>.*?)' → (?P<organisation>.+?) "
    r"\((?P<rule>(?:[^;()]|\([^()]*\))*); \w+\)(?: → (?P<rest>.+))?"
)
"""The resolver's basis (:mod:`dosa.inventory.resolve`): its strongest evidence, then what it led to."""
EVIDENCE_FIELDS = {
    "supplier": N_("supplier"),
    "manufacturer": N_("manufacturer"),
    "purl namespace": N_("package namespace"),
    "purl type": N_("package type"),
    "vcs url": N_("source repository"),
    "website url": N_("website"),
}
CONFIDENCES = {"high": N_("high confidence"), "medium": N_("medium confidence"), "low": N_("low confidence")}


def basis_text(basis: str, dataset: Dataset | None, loc: Localizer) -> str:
    """How a vendor was identified, in the reader's language (``service record + dataset supplier 'x'``,
    ``resolver (high): purl namespace 'org.apache' → Apache Software Foundation (namespaces.csv:12; high)``)."""
    resolved = _RESOLVER.fullmatch(basis.strip())
    if resolved:
        text = compose(
            loc.gettext("the resolver ({confidence}): {field} {value} points to {organisation} ({rule})"),
            confidence=_word(CONFIDENCES, resolved["confidence"], loc),
            field=_word(EVIDENCE_FIELDS, resolved["field"], loc),
            value=resolved["value"],
            organisation=resolved["organisation"],
            rule=resolved["rule"] if loc.lang == "en" else foreign(resolved["rule"], "en"),  # the table row, as written
        )
        rest = resolved["rest"]
        return concat(text, "; ", basis_text(rest, dataset, loc)) if rest else text
    pieces = []
    for piece in filter(None, (p.strip() for p in basis.split(" + "))):
        for pattern, message in _BASIS_PARTS:
            match = pattern.fullmatch(piece)
            if match:
                values = match.groupdict()
                if "name" in values and dataset is not None and values["name"] in dataset.suppliers:
                    values["name"] = dataset.suppliers[values["name"]].name
                pieces.append(compose(loc.gettext(message), values))
                break
        else:
            pieces.append(piece if loc.lang == "en" else foreign(piece, "en"))
    return loc.join(pieces) if pieces else loc.gettext(NOT_RECORDED)


def _number(value: float | None, loc: Localizer) -> str:
    if value is None:
        return "–"
    return loc.number(value, 0 if float(value).is_integer() else 2)


def _raw(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


# --- concentration --------------------------------------------------------------------------------


def _bars(result: Concentration, dataset: Dataset | None, loc: Localizer) -> list[charts.Bar]:
    shown = result.rows[:CHART_BARS]
    bars = [
        charts.Bar(holder_label(result.dimension, r.label, dataset, loc), r.share_pct, loc.percent(r.share_pct))
        for r in shown
    ]
    rest = result.rows[CHART_BARS:]
    if rest:
        share = sum(r.share_pct for r in rest)
        label = loc.gettext("other holders ({count})").format(count=len(rest))
        bars.append(charts.Bar(label, share, loc.percent(share)))
    return bars


def reading_subject(result: Concentration, loc: Localizer) -> str:
    """``the vendor``, or ``the group at rank 2``: the dimension as the subject of a sentence."""
    subject = _word(DIMENSION_SUBJECTS, result.dimension, loc)
    rank = rank_of(result)
    return subject if rank is None else compose(loc.gettext("{dimension} at rank {rank}"), dimension=subject, rank=rank)


def _reading_key(result: Concentration) -> str:
    rank = rank_of(result)
    return result.dimension if rank is None else f"rank{rank}_{result.dimension}"


def concentration_figures(result: Concentration, loc: Localizer) -> str:
    """One sentence per basis: what is weighed, the top shares, HHI, and what is left out as unknown."""
    basis = basis_label(result.basis, loc)
    if not result.total_weight:
        return compose(loc.gettext("Weighed by {basis}: nothing to weigh."), basis=basis)
    known = result.total_weight - result.unknown_weight
    if not result.unknown_weight:
        first = compose(
            loc.gettext("Weighed by {basis}: {subject} is known for all {total}."),
            basis=basis,
            subject=reading_subject(result, loc),
            total=_number(result.total_weight, loc),
        )
    else:
        first = compose(
            loc.gettext(
                "Weighed by {basis}: {subject} is known for {known} of {total} ({coverage}); for the other "
                "{unknown} it is unknown, and they are left out of the shares, which are of the known {known}."
            ),
            basis=basis,
            subject=reading_subject(result, loc),
            known=_number(known, loc),
            total=_number(result.total_weight, loc),
            coverage=loc.percent(result.coverage_pct),
            unknown=_number(result.unknown_weight, loc),
        )
    parts = [first]
    if result.rows:
        parts.append(
            loc.gettext(
                "Holders: {holders}; the largest holds {top1}, the three largest together {top3}; HHI {hhi}."
            ).format(
                holders=len(result.rows),
                top1=loc.percent(result.top1_pct),
                top3=loc.percent(result.top3_pct),
                hhi=loc.number(result.hhi, 0),
            )
        )
    return concat(*[p for n, part in enumerate(parts) for p in ((" ",) if n else ()) + (part,)])


def concentration_chart(
    result: Concentration, dataset: Dataset | None, loc: Localizer, source: str, chart_id: str
) -> Chart:
    """A bar chart of the shares (the largest holders, the rest as one bar) and a table of every holder."""
    caption = compose(
        loc.gettext("Shares by {dimension}, weighed by {basis}"),
        dimension=reading_label(result, loc),
        basis=basis_label(result.basis, loc),
    )
    bars = _bars(result, dataset, loc)
    alt = compose(
        loc.gettext("Bar chart. {caption}: {values}."),
        caption=caption,
        values="; ".join(f"{b.label} {b.value_text}" for b in bars),
    )
    table = table_of(
        loc,
        caption,
        result.rows,
        [
            column(
                loc, "holder", loc.gettext("Holder"), lambda r: holder_label(result.dimension, r.label, dataset, loc)
            ),
            column(
                loc,
                "weight",
                compose(loc.gettext("Weight ({basis})"), basis=basis_label(result.basis, loc)),
                lambda r: _raw(r.weight),
                show=lambda r: _number(r.weight, loc),
                numeric=True,
            ),
            column(loc, "share_pct", loc.gettext("Share of the known weight (%)"), lambda r: r.share_pct, percent=True),
        ],
        name=f"shares_{_reading_key(result)}_{result.basis}",
    )
    svg = charts.bar_chart(chart_id, caption, alt, bars)
    return Chart(chart_id, caption, svg, source, table, alt)


def concentration_section(
    dimension: str, results: Sequence[Concentration], dataset: Dataset | None, loc: Localizer, sources: dict[str, str]
) -> Section:
    """One dimension (vendor, group, jurisdiction, cloud provider, or one another engine adds): what it is,
    then per basis its figures in words, a bar chart and the table of every holder."""
    title = loc.gettext(DIMENSION_TITLES[dimension]) if dimension in DIMENSION_TITLES else None
    section = Section(
        id=f"inventory-concentration-{dimension.replace('_', '-')}",
        title=title or compose(loc.gettext("Concentration by {dimension}"), dimension=dimension_label(dimension, loc)),
    )
    if dimension in DIMENSION_TEXTS:
        section.paragraphs.append(loc.gettext(DIMENSION_TEXTS[dimension]))
    for result in results:
        title = compose(loc.gettext("Weighed by {basis}"), basis=basis_label(result.basis, loc))
        section.subsections.append(basis_section(result, title, dataset, loc, sources))
    return section


def basis_section(
    result: Concentration, title: str, dataset: Dataset | None, loc: Localizer, sources: dict[str, str]
) -> Section:
    """One concentration: what is weighed, its figures in words, its bar chart and the table of every holder."""
    key = f"{_reading_key(result)}-{result.basis}".replace("_", "-")
    section = Section(id=f"inventory-concentration-{key}", title=title)
    if result.basis in BASIS_TEXTS:
        section.paragraphs.append(loc.gettext(BASIS_TEXTS[result.basis]))
    section.paragraphs.append(concentration_figures(result, loc))
    if result.rows:
        section.charts.append(concentration_chart(result, dataset, loc, sources[result.basis], f"chart-{key}"))
    return section


def concentration_overview(results: Sequence[Concentration], loc: Localizer) -> Table:
    return table_of(
        loc,
        loc.gettext("Concentration at a glance"),
        results,
        [
            column(loc, "dimension", loc.gettext("Dimension"), lambda c: reading_label(c, loc)),
            column(loc, "basis", loc.gettext("Weighed by"), lambda c: basis_label(c.basis, loc)),
            column(loc, "holders", loc.gettext("Holders"), lambda c: len(c.rows), number=0),
            column(
                loc,
                "hhi",
                loc.gettext("HHI (0–10,000)"),
                lambda c: None if c.hhi is None else round(c.hhi),
                show=lambda c: loc.number(c.hhi, 0),
                numeric=True,
            ),
            column(loc, "top1_pct", loc.gettext("Largest holder (%)"), lambda c: c.top1_pct, percent=True),
            column(loc, "top3_pct", loc.gettext("Three largest (%)"), lambda c: c.top3_pct, percent=True),
            column(loc, "coverage_pct", loc.gettext("Known (%)"), lambda c: c.coverage_pct, percent=True),
        ],
        name="concentration",
    )


DIMENSION_ORDER = ("vendor", "group", "jurisdiction", "cloud_provider")


def concentration_sections(
    results: Sequence[Concentration], dataset: Dataset | None, loc: Localizer, sources: dict[str, str]
) -> Section:
    """The concentration chapter: how it is measured, an overview, then a subsection per dimension."""
    section = Section(id="inventory-concentration", title=loc.gettext("Concentration"))
    section.paragraphs.append(
        loc.gettext(
            "How much of what the organisation depends on rests with one holder. A holder's share is its weight "
            "divided by the weight whose holder is known; the weight that cannot be attributed is reported as "
            "unknown, never spread over the others."
        )
    )
    section.paragraphs.append(
        loc.gettext(
            "HHI, the Herfindahl-Hirschman index, is the sum of the squared shares in percent: 10,000 when one "
            "holder has everything, lower the more evenly the weight is spread."
        )
    )
    section.tables.append(concentration_overview(results, loc))
    by_dimension: dict[str, list[Concentration]] = defaultdict(list)
    by_rank: dict[int, list[Concentration]] = defaultdict(list)
    for result in results:
        rank = rank_of(result)
        if rank is None:
            by_dimension[result.dimension].append(result)
        else:
            by_rank[rank].append(result)
    order = [d for d in DIMENSION_ORDER if d in by_dimension] + sorted(set(by_dimension) - set(DIMENSION_ORDER))
    section.subsections = [concentration_section(d, by_dimension[d], dataset, loc, sources) for d in order]
    section.subsections += [rank_section(rank, by_rank[rank], dataset, loc, sources) for rank in sorted(by_rank)]
    return section


def rank_section(
    rank: int, results: Sequence[Concentration], dataset: Dataset | None, loc: Localizer, sources: dict[str, str]
) -> Section:
    """Concentration at one rank of the services' supply chains (DORA's ICT supply chain)."""
    section = Section(
        id=f"inventory-concentration-rank-{rank}",
        title=loc.gettext("Concentration at rank {rank} of the supply chain").format(rank=rank),
    )
    section.paragraphs.append(
        loc.gettext(
            "Rank 1 is the vendor the organisation contracts with; rank 2 its hosting provider and its "
            "sub-processors; further ranks follow the services those rely on. A service counts at a rank once "
            "for every distinct group it relies on there; a service with nothing recorded at a rank is not "
            "counted at that rank."
        )
    )
    for result in results:
        title = compose(
            loc.gettext("By {dimension}, weighed by {basis}"),
            dimension=dimension_label(result.dimension, loc),
            basis=basis_label(result.basis, loc),
        )
        section.subsections.append(basis_section(result, title, dataset, loc, sources))
    return section


def supply_chain_section(analysis: ProjectAnalysis, dataset: Dataset | None, loc: Localizer) -> Section | None:
    """Each service's supply chain link by link (rank 1: the vendor; 2: its host and sub-processors; …),
    when the analysis has chains (:mod:`dosa.inventory.chains`)."""
    links = [
        (view.service.name, link) for view in analysis.views if view.chain is not None for link in view.chain.links
    ]
    if not links:
        return None
    section = Section(id="inventory-supply-chain", title=loc.gettext("Supply chains: who delivers each service"))
    section.paragraphs.append(
        loc.gettext(
            "Rank 1 is the vendor the organisation contracts with; rank 2 its hosting provider and its "
            "sub-processors as the service list names them; further ranks follow when those are services of the "
            "inventory themselves (the ICT supply chain of the DORA register of information)."
        )
    )
    section.tables.append(
        table_of(
            loc,
            loc.gettext("Supply chains: who delivers each service"),
            links,
            [
                column(loc, "service", loc.gettext("Service"), lambda s: s[0]),
                column(loc, "rank", loc.gettext("Rank"), lambda s: s[1].rank, number=0),
                column(loc, "role", loc.gettext("Role"), lambda s: _word(LINK_ROLES, s[1].role, loc)),
                column(loc, "provider", loc.gettext("Provider"), lambda s: s[1].provider),
                column(loc, "group", loc.gettext("Group"), lambda s: s[1].group),
                column(
                    loc, "country", loc.gettext("Country"), lambda s: country_name(s[1].profile.country, dataset, loc)
                ),
                column(
                    loc,
                    "group_country",
                    loc.gettext("Country of the group"),
                    lambda s: country_name(s[1].profile.jurisdiction, dataset, loc),
                ),
                column(loc, "via", loc.gettext("Relied on by"), lambda s: s[1].via or "–"),
                column(
                    loc,
                    "mapped_by",
                    loc.gettext("Identified by"),
                    lambda s: basis_text(s[1].profile.basis, dataset, loc),
                ),
            ],
            name="supply_chain",
        )
    )
    return section


# --- the other chapters ---------------------------------------------------------------------------


def _functions(values: Iterable[str]) -> str:
    return "; ".join(values)


def scope_section(analysis: ProjectAnalysis, loc: Localizer) -> Section:
    section = Section(id="inventory-scope", title=loc.gettext("What was analysed"))
    critical = len(analysis.critical_views)
    section.paragraphs.append(
        loc.gettext(
            "{sboms} current SBOMs with {components} components, and a service list of {services} services of "
            "which {critical} support a critical function. Only the latest imported version of each SBOM's "
            "subject is analysed."
        ).format(
            sboms=loc.number(len(analysis.sboms), 0),
            components=loc.number(analysis.component_total, 0),
            services=loc.number(len(analysis.services), 0),
            critical=loc.number(critical, 0),
        )
    )
    if analysis.sboms:
        section.tables.append(
            table_of(
                loc,
                loc.gettext("Current SBOMs"),
                analysis.sboms,
                [
                    column(loc, "subject", loc.gettext("Subject"), lambda s: s.subject),
                    column(loc, "subject_version", loc.gettext("Version"), lambda s: s.subject_version),
                    column(loc, "source_name", loc.gettext("File"), lambda s: s.source_name),
                    column(loc, "format", loc.gettext("Format"), lambda s: f"{s.format} {s.spec_version}"),
                    column(loc, "components", loc.gettext("Components"), lambda s: s.component_count, number=0),
                    column(loc, "imported", loc.gettext("Imported"), lambda s: s.imported_at[:10]),
                ],
                name="sboms",
            )
        )
    if analysis.services:
        section.tables.append(services_table(analysis.services, loc))
    return section


def services_table(services: Sequence[Service], loc: Localizer) -> Table:
    return table_of(
        loc,
        loc.gettext("Services"),
        services,
        [
            column(loc, "service", loc.gettext("Service"), lambda s: s.name),
            column(loc, "category", loc.gettext("Category"), lambda s: _word(CATEGORIES, s.category, loc)),
            column(loc, "vendor", loc.gettext("Vendor"), lambda s: s.vendor),
            column(
                loc, "critical_functions", loc.gettext("Critical functions"), lambda s: _functions(s.critical_functions)
            ),
            column(loc, "critical", loc.gettext("Critical"), lambda s: _yes_no(s.is_critical, loc)),
            column(loc, "exit_plan", loc.gettext("Exit plan"), lambda s: _word(EXIT_PLANS, s.exit_plan, loc)),
        ],
        name="services",
    )


def exit_section(analysis: ProjectAnalysis, loc: Localizer) -> Section:
    section = Section(id="inventory-exit", title=loc.gettext("Critical services without a tested exit plan"))
    critical = len(analysis.critical_views)
    section.paragraphs.append(
        loc.gettext(
            "A critical service is listed here when no alternative provider is recorded for it and its exit "
            "plan has not been tested: if its vendor fails or must be left, there is no proven way out. "
            "{gaps} of the {critical} critical services."
        ).format(gaps=loc.number(len(analysis.exit_gaps), 0), critical=loc.number(critical, 0))
    )
    if not analysis.exit_gaps:
        return section

    def plan(gap: ExitGap) -> str:
        return _word(EXIT_PLANS, gap.exit_plan if gap.exit_plan in EXIT_PLANS else None, loc)

    def functions(gap: ExitGap) -> str:
        return _functions(gap.critical_functions)

    def substitutability(gap: ExitGap) -> str:
        known = gap.substitutability if gap.substitutability in SUBSTITUTABILITY else None
        return _word(SUBSTITUTABILITY, known, loc)

    section.tables.append(
        table_of(
            loc,
            loc.gettext("Critical services without a tested exit plan"),
            analysis.exit_gaps,
            [
                column(loc, "service", loc.gettext("Service"), lambda g: g.service),
                column(loc, "vendor", loc.gettext("Vendor"), lambda g: g.vendor),
                column(loc, "critical_functions", loc.gettext("Critical functions"), functions),
                column(loc, "exit_plan", loc.gettext("Exit plan"), plan),
                column(loc, "substitutability", loc.gettext("Substitutability"), substitutability),
                column(
                    loc,
                    "reasons",
                    loc.gettext("Why it is listed"),
                    lambda g: compose(loc.gettext("no alternative provider recorded; exit plan: {plan}"), plan=plan(g)),
                ),
            ],
            name="exit_gaps",
        )
    )
    return section


def jurisdiction_section(
    exposures: Sequence[JurisdictionExposure], dataset: Dataset | None, loc: Localizer, bib: Bibliography | None
) -> Section:
    section = Section(
        id="inventory-jurisdictions", title=loc.gettext("Dependencies on high-risk and non-EU jurisdictions")
    )
    section.paragraphs.append(
        loc.gettext(
            "Every country whose law reaches a service or a component vendor, when it lies outside the EU/EEA. "
            "High risk: Dutch threat assessments, as recorded in the dataset, name the country's offensive cyber "
            "programme against the Netherlands. Countries the dataset does not describe are not classified. "
            "Weight: the critical functions that depend on a service, or the components of a component vendor."
        )
    )
    if not exposures:
        section.paragraphs.append(loc.gettext("No dependency on a high-risk or non-EU jurisdiction was found."))
        return section

    def role(e: JurisdictionExposure) -> str:
        word = _word(ROLES, e.role, loc)
        return compose("{role} ({provider})", role=word, provider=e.provider) if e.provider else word

    section.tables.append(
        table_of(
            loc,
            loc.gettext("Dependencies on high-risk and non-EU jurisdictions"),
            exposures,
            [
                column(loc, "dependency", loc.gettext("Dependency"), lambda e: e.dependency),
                column(loc, "kind", loc.gettext("Kind"), lambda e: _word(KINDS, e.kind, loc)),
                column(loc, "role", loc.gettext("Why the country matters"), role),
                column(loc, "country", loc.gettext("Country"), lambda e: country_name(e.country, dataset, loc)),
                column(loc, "class", loc.gettext("Class"), lambda e: _word(CLASSES, e.cls, loc)),
                column(
                    loc,
                    "offensive_cyber_programme_against_nl",
                    loc.gettext("Offensive cyber programme against the Netherlands"),
                    lambda e: _word(CYBER, e.offensive_cyber_programme, loc),
                ),
                column(loc, "nato_member", loc.gettext("NATO member"), lambda e: _yes_no(e.nato_member, loc)),
                column(
                    loc,
                    "weight",
                    loc.gettext("Weight"),
                    lambda e: _raw(e.weight),
                    show=lambda e: _number(e.weight, loc),
                    numeric=True,
                ),
                column(loc, "rank", loc.gettext("Rank in the supply chain"), lambda e: e.rank, number=0),
            ],
            name="jurisdictions",
        )
    )
    if dataset is not None and bib is not None:
        cited = sorted({e.country for e in exposures if e.country in dataset.countries})
        if cited:
            section.notes.append(
                compose(
                    loc.gettext("Country records: {sources}"),
                    sources=concat(
                        *[
                            piece
                            for n, code in enumerate(cited)
                            for piece in (
                                ("; " if n else ""),
                                country_name(code, dataset, loc),
                                " ",
                                bib.cite(dataset.countries[code].citation, loc),
                            )
                        ]
                    ),
                )
            )
    return section


@dataclass(frozen=True)
class UnknownPackages:
    ecosystem: str
    components: int
    packages: int
    examples: tuple[str, ...]


def _package(key: str) -> tuple[str, str]:
    """``(ecosystem, name)`` of a package key (a purl without version, or ``name:…``)."""
    if key.startswith("pkg:"):
        kind, _, rest = key[4:].partition("/")
        return kind, unquote(rest.split("?")[0].split("#")[0])
    return "", key.removeprefix("name:")


def unknown_components(analysis: ProjectAnalysis) -> list[UnknownPackages]:
    """Components whose vendor is unknown (nothing maps them, no supplier or manufacturer declared), per
    ecosystem; decided per package exactly as the vendor concentration decides it."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in analysis.component_counts:
        if not component_vendors([row], analysis.vendors, None).by_vendor.unknown_weight:
            continue
        ecosystem, name = _package(row.package_key)
        counts[ecosystem][name] += row.count
    out = []
    for ecosystem, names in counts.items():
        ranked = sorted(names.items(), key=lambda item: (-item[1], item[0]))
        out.append(UnknownPackages(ecosystem, sum(names.values()), len(names), tuple(n for n, _ in ranked[:5])))
    return sorted(out, key=lambda u: (-u.components, u.ecosystem))


class EcosystemCoverage(Protocol):
    """How much of one ecosystem's components is named (:mod:`dosa.inventory.resolve.coverage`)."""

    @property
    def ecosystem(self) -> str: ...
    @property
    def components(self) -> int: ...
    @property
    def named_before(self) -> int: ...
    @property
    def named(self) -> int: ...
    @property
    def with_jurisdiction(self) -> int: ...
    @property
    def by_confidence(self) -> Mapping[str, int]: ...


ECOSYSTEM_NAMES = {"(no purl)": N_("no package URL"), "(all)": N_("all ecosystems")}


def resolution_section(rows: Sequence[EcosystemCoverage], loc: Localizer) -> Section:
    """Who is behind the components, per ecosystem: named in the SBOM, organisation found, jurisdiction known."""
    section = Section(id="inventory-resolution", title=loc.gettext("Who is behind the components"))
    section.paragraphs.append(
        loc.gettext(
            "Per ecosystem, the share of the components whose SBOM names a supplier or manufacturer, the share "
            "whose organisation dosa found (through the organisation's mapping, the dataset's suppliers or the "
            "resolver's sourced tables), and the share whose jurisdiction is known. High, medium and low count "
            "the components the resolver attributed at that confidence, which it states with its evidence; "
            "each package with its evidence: dosa inventory resolve."
        )
    )

    section.tables.append(resolution_table(rows, loc))
    return section


def resolution_table(
    rows: Sequence[EcosystemCoverage], loc: Localizer, caption: str = "", name: str = "component_resolution"
) -> Table:
    """The coverage per ecosystem as the report and ``dosa inventory resolve --coverage`` show it."""

    def share(part: Callable[[EcosystemCoverage], int]) -> Callable[[EcosystemCoverage], float]:
        return lambda r: 100 * part(r) / r.components if r.components else 0.0

    def confidence(level: str) -> Callable[[EcosystemCoverage], int]:
        return lambda r: r.by_confidence.get(level, 0)

    def name_of(r: EcosystemCoverage) -> str:
        return loc.gettext(ECOSYSTEM_NAMES[r.ecosystem]) if r.ecosystem in ECOSYSTEM_NAMES else r.ecosystem

    columns = [
        column(loc, "ecosystem", loc.gettext("Ecosystem"), name_of),
        column(loc, "components", loc.gettext("Components"), lambda r: r.components, number=0),
        column(
            loc,
            "named_in_sbom_pct",
            loc.gettext("Named in the SBOM (%)"),
            share(lambda r: r.named_before),
            percent=True,
        ),
        column(
            loc, "organisation_named_pct", loc.gettext("Organisation found (%)"), share(lambda r: r.named), percent=True
        ),
        column(
            loc,
            "jurisdiction_known_pct",
            loc.gettext("Jurisdiction known (%)"),
            share(lambda r: r.with_jurisdiction),
            percent=True,
        ),
        column(loc, "high", loc.gettext("High confidence"), confidence("high"), number=0),
        column(loc, "medium", loc.gettext("Medium confidence"), confidence("medium"), number=0),
        column(loc, "low", loc.gettext("Low confidence"), confidence("low"), number=0),
        column(loc, "mapping", loc.gettext("By the mapping or the dataset"), confidence("mapping"), number=0),
        column(loc, "unknown", loc.gettext("Unknown"), lambda r: r.components - r.named, number=0),
    ]
    return table_of(
        loc, caption or loc.gettext("Who is behind the components, per ecosystem"), rows, columns, name=name
    )


def unknown_section(analysis: ProjectAnalysis, dataset: Dataset | None, loc: Localizer) -> Section:
    section = Section(id="inventory-unknown", title=loc.gettext("What is not known"))
    section.paragraphs.append(
        loc.gettext(
            "What dosa could not attribute is counted as unknown and named here, so that it can be looked up or "
            "added to the mapping: it is never guessed."
        )
    )
    by_vendor = analysis.components.by_vendor
    unknown = unknown_components(analysis)
    section.paragraphs.append(
        loc.gettext("{unknown} of the {total} components have no known vendor.").format(
            unknown=_number(by_vendor.unknown_weight, loc), total=_number(by_vendor.total_weight, loc)
        )
    )
    if unknown:
        section.tables.append(
            table_of(
                loc,
                loc.gettext("Components without a known vendor, by ecosystem"),
                unknown,
                [
                    column(
                        loc,
                        "ecosystem",
                        loc.gettext("Ecosystem"),
                        lambda u: u.ecosystem or loc.gettext("no package URL"),
                    ),
                    column(loc, "components", loc.gettext("Components"), lambda u: u.components, number=0),
                    column(loc, "packages", loc.gettext("Packages"), lambda u: u.packages, number=0),
                    column(loc, "examples", loc.gettext("Most used packages"), lambda u: ", ".join(u.examples)),
                ],
                name="unknown_components",
            )
        )
    by_country = analysis.components.by_jurisdiction
    section.paragraphs.append(
        loc.gettext("{unknown} of the {total} components have no known jurisdiction.").format(
            unknown=_number(by_country.unknown_weight, loc), total=_number(by_country.total_weight, loc)
        )
    )
    services = [v for v in analysis.views if v.jurisdiction.cls is JurisdictionClass.UNKNOWN]
    if services:
        section.tables.append(
            table_of_rows(
                loc,
                loc.gettext("Services whose vendor's country is unknown or not described by the dataset"),
                [
                    column(loc, "service", loc.gettext("Service")),
                    column(loc, "vendor", loc.gettext("Vendor")),
                    column(loc, "country", loc.gettext("Country")),
                    column(loc, "critical", loc.gettext("Critical")),
                ],
                [
                    [
                        v.service.name,
                        v.vendor.vendor,
                        country_name(v.jurisdiction.code, dataset, loc),
                        _yes_no(v.service.is_critical, loc),
                    ]
                    for v in services
                ],
                name="unknown_services",
            )
        )
    return section


def exposure_section(report: ExposureReport, loc: Localizer) -> Section:
    """Known vulnerabilities in the current SBOMs: the exposed components named."""
    section = Section(id="inventory-exposure", title=loc.gettext("Known vulnerabilities in the current SBOMs"))
    if not report.advisories:
        section.paragraphs.append(
            loc.gettext(
                "No advisories are imported, so no component can be matched to a known vulnerability; import "
                "them with dosa advisories import."
            )
        )
        return section
    components = {(f.subject, f.component, f.version) for f in report.findings}
    section.paragraphs.append(
        loc.gettext(
            "{findings} findings in {components} components, {kev} of them on the CISA list of known exploited "
            "vulnerabilities (KEV); matched against {advisories} imported advisories; {suppressed} findings are "
            "suppressed by VEX statements."
        ).format(
            findings=loc.number(len(report.findings), 0),
            components=loc.number(len(components), 0),
            kev=loc.number(sum(f.kev for f in report.findings), 0),
            advisories=loc.number(report.advisories, 0),
            suppressed=loc.number(len(report.suppressed), 0),
        )
    )
    section.notes.append(
        loc.gettext(
            "Severity and CVSS come from the advisories, KEV from CISA, EPSS (the probability of exploitation in "
            "the next 30 days) from FIRST; the summaries are quoted from the advisories."
        )
    )
    if not report.findings:
        return section
    rows, data = [], []
    for f in report.findings:
        cells = [
            f.component,
            f.version,
            f.vulnerability,
            _word(SEVERITIES, f.severity, loc) if f.severity else "–",
        ]
        tail = [
            _yes_no(f.kev, loc),
            "; ".join(f.fixed),
            f.subject,
            f.group,
            foreign(f.summary, "en") if loc.lang != "en" else f.summary,
        ]
        rows.append([*cells, _number(f.cvss, loc), *tail])
        data.append([*cells, f.cvss, *tail])
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Components with known vulnerabilities"),
            [
                column(loc, "component", loc.gettext("Component")),
                column(loc, "version", loc.gettext("Version")),
                column(loc, "vulnerability", loc.gettext("Vulnerability")),
                column(loc, "severity", loc.gettext("Severity")),
                column(loc, "cvss", "CVSS", numeric=True),
                column(loc, "kev", "KEV"),
                column(loc, "fixed_versions", loc.gettext("Fixed in")),
                column(loc, "subject", loc.gettext("SBOM")),
                column(loc, "group", loc.gettext("Group")),
                column(loc, "summary", loc.gettext("Summary")),
            ],
            rows,
            data=data,
            name="exposure",
        )
    )
    return section


def national_section(analysis: ProjectAnalysis, dataset: Dataset | None, loc: Localizer) -> Section:
    section = Section(id="inventory-national", title=loc.gettext("Vendors in the national risk picture"))
    section.paragraphs.append(
        loc.gettext(
            "Each vendor group the inventory depends on, with the dataset's supplier it was matched to, the "
            "agenda's priorities that supplier is named under, and the country whose law reaches it."
        )
    )
    links = analysis.national_links
    if not links:
        section.paragraphs.append(loc.gettext("Nothing to show."))
        return section

    def supplier(link_id: str) -> str:
        if dataset is not None and link_id in dataset.suppliers:
            return dataset.suppliers[link_id].name
        return link_id or "–"

    def priorities(ids: Sequence[str]) -> str:
        if dataset is None:
            return "; ".join(ids)
        return loc.join([loc.name(dataset.priorities[p]) if p in dataset.priorities else p for p in ids])

    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Vendors in the national risk picture"),
            [
                column(loc, "vendor", loc.gettext("Vendor group")),
                column(loc, "kind", loc.gettext("Kind")),
                column(loc, "dataset_supplier", loc.gettext("Dataset supplier")),
                column(loc, "priorities", loc.gettext("Priorities")),
                column(loc, "country", loc.gettext("Country")),
                column(loc, "class", loc.gettext("Class")),
                column(loc, "mapped_by", loc.gettext("Identified by")),
            ],
            [
                [
                    link.vendor,
                    _word(KINDS, link.kind, loc),
                    supplier(link.supplier_id),
                    priorities(link.priorities) or "–",
                    country_name(link.country, dataset, loc),
                    _word(CLASSES, link.jurisdiction, loc),
                    basis_text(link.basis, dataset, loc),
                ]
                for link in links
            ],
            name="national_picture",
        )
    )
    return section


def _harm_text(rating: HarmRating, loc: Localizer) -> str:
    if rating.insufficient:
        return loc.gettext("insufficient data")
    return f"{rating.cell} {_word(RISKS, rating.risk, loc)}"


def rated_section(analysis: ProjectAnalysis, dataset: Dataset | None, loc: Localizer) -> Section:
    section = Section(id="inventory-rated", title=loc.gettext("Dependencies on subjects the risk engine rates"))
    if analysis.rated is None:
        section.paragraphs.append(loc.gettext("No risk-engine ratings were supplied, so no subject is rated."))
        return section
    section.paragraphs.append(
        loc.gettext(
            "Services the service list links to a subject of the dataset, with the risk engine's class per harm: "
            "the cell gives the likelihood class, then the impact class (A–E); X: the harm does not apply."
        )
    )
    if not analysis.rated:
        section.paragraphs.append(loc.gettext("No service is linked to a subject of the dataset."))
        return section
    methods = sorted({r.method_label for r in analysis.rated if r.method_label})
    if methods:
        section.notes.append(
            loc.gettext("Risk method {method} on dataset {dataset}.").format(
                method=", ".join(methods), dataset=analysis.dataset_label
            )
        )
    harms = list(HARMS)
    rows = []
    for r in analysis.rated:
        by_harm = {h.harm: h for h in r.harms}
        subject = r.subject
        if dataset is not None and r.subject in dataset.subjects:
            subject = loc.name(dataset.subjects[r.subject])
        rows.append(
            [
                r.service,
                subject,
                *[_harm_text(by_harm[h], loc) if h in by_harm else "–" for h in harms],
                _yes_no(r.high, loc),
                _functions(r.critical_functions),
            ]
        )
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Dependencies on subjects the risk engine rates"),
            [
                column(loc, "service", loc.gettext("Service")),
                column(loc, "subject", loc.gettext("Subject")),
                *(column(loc, h, loc.gettext(HARMS[h])) for h in harms),
                column(loc, "high", loc.gettext("High risk")),
                column(loc, "critical_functions", loc.gettext("Critical functions")),
            ],
            rows,
            name="rated_subjects",
        )
    )
    return section


def cloud_section(analysis: ProjectAnalysis, loc: Localizer) -> Section:
    section = Section(id="inventory-cloud", title=loc.gettext("Cloud sovereignty"))
    section.paragraphs.append(
        loc.gettext(
            "Assessments recorded with dosa cloud assess on the EU Cloud Sovereignty Framework: a score of 0–100 "
            "over eight sovereignty objectives, each rated on a SEAL level; without an answer for every objective "
            "only a lower bound is given."
        )
    )
    if not analysis.assessments:
        section.paragraphs.append(loc.gettext("No cloud service has been assessed."))
        return section
    rows, data = [], []
    for a in analysis.assessments:
        below = "; ".join(
            loc.gettext("{objective}: level {seal}, minimum {minimum}").format(
                objective=c.objective, seal=c.seal, minimum=c.minimum
            )
            for c in a.below_minimum
        )
        eligible = loc.gettext("no minimum set") if a.eligible is None else _yes_no(a.eligible, loc)
        common = [a.service, a.framework_version]
        rows.append(
            [*common, _number(a.score, loc), _number(a.score_lower_bound, loc), eligible, ", ".join(a.missing), below]
        )
        data.append(
            [
                *common,
                None if a.score is None else round(a.score, 1),
                round(a.score_lower_bound, 1),
                eligible,
                ", ".join(a.missing),
                below,
            ]
        )
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Cloud sovereignty"),
            [
                column(loc, "service", loc.gettext("Service")),
                column(loc, "framework", loc.gettext("Framework version")),
                column(loc, "score", loc.gettext("Score"), numeric=True),
                column(loc, "score_lower_bound", loc.gettext("Lower bound"), numeric=True),
                column(loc, "eligible", loc.gettext("Meets the minimums")),
                column(loc, "missing_objectives", loc.gettext("Objectives without an answer")),
                column(loc, "below_minimum", loc.gettext("Below the minimum")),
            ],
            rows,
            data=data,
            name="cloud_sovereignty",
        )
    )
    return section


# --- the report -----------------------------------------------------------------------------------


def _summary(analysis: ProjectAnalysis, dataset: Dataset | None, loc: Localizer) -> list[str]:
    lines = []
    for result in analysis.service_concentrations:
        if result.dimension == "group" and result.basis == "critical_functions" and result.rows:
            top = result.rows[0]
            lines.append(
                loc.gettext("{holder} holds {share} of the critical functions whose group is known.").format(
                    holder=top.label, share=loc.percent(top.share_pct)
                )
            )
    if analysis.critical_views:
        lines.append(
            loc.gettext(
                "{gaps} of the {critical} critical services have no tested exit plan and no alternative."
            ).format(gaps=loc.number(len(analysis.exit_gaps), 0), critical=loc.number(len(analysis.critical_views), 0))
        )
    high = sorted({e.dependency for e in analysis.exposures if e.cls is JurisdictionClass.HIGH_RISK})
    if high:
        lines.append(
            loc.gettext("Dependencies within reach of a high-risk jurisdiction: {names}.").format(names=", ".join(high))
        )
    if analysis.component_total:
        lines.append(
            loc.gettext("The vendor is known for {share} of the components.").format(
                share=loc.percent(analysis.components.by_vendor.coverage_pct)
            )
        )
    return lines


def key_figures(analysis: ProjectAnalysis, loc: Localizer) -> list[tuple[str, str]]:
    return [
        (loc.gettext("Current SBOMs"), loc.number(len(analysis.sboms), 0)),
        (loc.gettext("Components"), loc.number(analysis.component_total, 0)),
        (loc.gettext("Services"), loc.number(len(analysis.services), 0)),
        (loc.gettext("Critical services"), loc.number(len(analysis.critical_views), 0)),
        (loc.gettext("Critical services without a tested exit plan"), loc.number(len(analysis.exit_gaps), 0)),
        (loc.gettext("Components with a known vendor"), loc.percent(analysis.components.by_vendor.coverage_pct)),
    ]


def build_inventory_report(
    analysis: ProjectAnalysis,
    dataset: Dataset | None,
    lang: str = "nl",
    date: dt.date | None = None,
    exposure: ExposureReport | None = None,
) -> Report:
    """The inventory report's content for one analysed project, in ``lang``."""
    loc = localizer(lang)
    date = date or analysis.generated.date()
    bib = Bibliography(dataset) if dataset is not None else None
    sources = {
        "critical_functions": loc.gettext("the project's service list"),
        "services": loc.gettext("the project's service list"),
        "components": loc.gettext("the project's current SBOMs"),
    }
    if dataset is not None:
        sources = {
            basis: compose(
                loc.gettext("{source}; suppliers and countries: dataset {dataset}"),
                source=text,
                dataset=dataset.info.label,
            )
            for basis, text in sources.items()
        }
    sections = [
        scope_section(analysis, loc),
        concentration_sections(analysis.concentrations, dataset, loc, sources),
        *filter(None, [supply_chain_section(analysis, dataset, loc)]),
        exit_section(analysis, loc),
        jurisdiction_section(analysis.exposures, dataset, loc, bib),
        unknown_section(analysis, dataset, loc),
    ]
    if analysis.resolution:  # the resolver's coverage per ecosystem
        sections.insert(2, resolution_section(analysis.resolution, loc))
    if exposure is not None:
        sections.append(exposure_section(exposure, loc))
    sections += [
        national_section(analysis, dataset, loc),
        rated_section(analysis, dataset, loc),
        cloud_section(analysis, loc),
    ]
    method = compose(loc.gettext("inventory analyses {version}"), version=analysis.method)
    methods = sorted({r.method_label for r in analysis.rated or [] if r.method_label})
    if methods:
        method = concat(method, "; ", compose(loc.gettext("risk method {method}"), method=", ".join(methods)))
    return Report(
        lang=lang,
        title=compose(loc.gettext("Inventory report: {project}"), project=analysis.project),
        subtitle=loc.gettext(
            "Who supplies what the organisation depends on, under which law, how concentrated, and what is exposed"
        ),
        date=date,
        date_text=loc.date(date),
        dataset_label=analysis.dataset_label or "–",
        dataset_title=dataset.info.title if dataset is not None else "",
        dataset_licence=dataset.info.licence if dataset is not None else "",
        method_label=method,
        dosa_version=__version__,
        key_figures=key_figures(analysis, loc),
        summary=_summary(analysis, dataset, loc),
        sections=sections,
        sources=bib.ordered() if bib is not None else [],
    )


def inventory_report(
    store: Store,
    project: str,
    dataset: Dataset | None,
    vendors: VendorMap,
    ratings: SubjectRatings | None = None,
    *,
    lang: str = "nl",
    date: dt.date | None = None,
    today: dt.datetime | None = None,
) -> Report:
    """Analyse ``project`` and build its report (with the known vulnerabilities of its current SBOMs)."""
    analysis = analyse_project(store, project, dataset, vendors, ratings, today)
    exposure = build_exposure(store, project=project, vendors=vendors, dataset=dataset, current_only=True)
    return build_inventory_report(analysis, dataset, lang, date, exposure)


def all_tables(sections: Iterable[Section]) -> list[Table]:
    """Every table of the sections in reading order (a chart's data table where the chart stands)."""
    found: list[Table] = []
    for section in sections:
        found += [chart.table for chart in section.charts]
        found += section.tables
        found += all_tables(section.subsections)
    return found


def machine_tables(report: Report) -> list[tables.Table]:
    """The report's tables for the command line and files: stable names and column keys, headers and
    values in the report's language."""
    return all_tables(report.sections)


def report_file_name(project: str, lang: str, fmt: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", project).strip("-.") or "project"
    return str(Path(f"dosa-inventory-{stem}-{lang}.{fmt}"))
