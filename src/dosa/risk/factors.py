# SPDX-License-Identifier: EUPL-1.2
"""Build the score factors of one subject from the dataset: value, range, source, and the raw figure.

Every factor is a number on 0..1 where 1 means more risk, with the range the data or judgement
allow, its basis (``data``, ``judgement``, ``method`` or ``missing``) and the sources it rests on.
The indicators behind the factors (HHI, shares, counts) are kept per stage for the explanation.
"""

from __future__ import annotations

import dataclasses
import heapq
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dosa.dataset.model import Dataset
from dosa.messages import N_, Data, Message, Quoted, RecordText, Term
from dosa.model.entities import Country, Dependency, Fact, Judgement, RequiresEdge
from dosa.model.vocab import CyberProgramme, JudgementKind, JudgementUnit, PublicInterestId, RequiresMode, Stage
from dosa.risk import governance
from dosa.risk import indicators as ind
from dosa.risk.distributions import EU_AGGREGATE, Distribution, Holding, StageDistributions, per_stage
from dosa.risk.method import Harm, Method, Weight

JUDGEMENT_LABELS = {
    JudgementKind.SUBSTITUTABILITY: N_("substitutability"),
    JudgementKind.LOCK_IN: N_("lock-in"),
    JudgementKind.TIME_TO_SUBSTITUTE: N_("time to substitute"),
    JudgementKind.MUTUAL_DEPENDENCE: N_("mutual dependence"),
    JudgementKind.SUPPLIER_ACCESS: N_("supplier access"),
}


JUDGED = {
    (False, False): N_("judged {low:g}-{high:g} on 0..1"),
    (False, True): N_("judged {low:g}-{high:g} on 0..1 (score uses 1 minus it)"),
    (True, False): N_("judged {low:g}-{high:g} years"),
    (True, True): N_("judged {low:g}-{high:g} years (score uses 1 minus it)"),
}
"""How a judgement reads, by (unit is years, score uses 1 minus it)."""


@dataclass(frozen=True)
class Factor:
    """One input of a score, with everything needed to explain it."""

    id: str
    raw: str
    """The figure the factor comes from, in words (e.g. 'HHI 9,604 over countries (processing …)'): a
    :class:`~dosa.messages.Message`, English as a string, translatable by the faces."""
    value: float
    low: float
    high: float
    weight: Weight
    basis: str
    """``data``, ``judgement``, ``method`` (a method mapping) or ``missing`` (no data: method default)."""
    sources: tuple[str, ...]
    """Each a :class:`~dosa.messages.Message` too (a citation, a judgement with its rationale …)."""
    stage: Stage | None = None


@dataclass(frozen=True)
class StageIndicators:
    """Every indicator of one value-chain stage, whether or not the score weighs it."""

    stage: Stage
    countries: Distribution | None
    companies: Distribution | None
    hhi_countries: tuple[float, float] | None
    hhi_third_countries: tuple[float, float] | None
    """HHI over holders outside the EU only: supply from within the EU is not a dependency on others."""
    hhi_companies: tuple[float, float] | None
    share_outside_eu: float | None
    share_offensive_cyber: float | None
    largest_third_country: tuple[str, float] | None
    exceeds_crma_65: bool | None
    suppliers_for_80: ind.CountToThreshold | None
    governance_weighted_hhi: float | None = None
    """EU CRM method's HHI_WGI over the listed countries (trade factor 1), on 0-10; None when a WGI is missing."""
    governance_note: str = "not computed: no shares by country"


def cite(dataset: Dataset, source_id: str, page: str | None = None) -> str:
    """A source as 'publisher, title (year), p. N [id]'; the id alone if the dataset lacks it.

    Publisher and title are quoted as the source writes them (marked with its language)."""
    source = dataset.sources.get(source_id)
    if source is None:
        return source_id
    quoted = Quoted(f"{source.publisher}, {source.title}", source.lang or "")
    if page:
        return Message("{source} ({year}), p. {page} [{id}]", source=quoted, year=source.year, page=page, id=source.id)
    return Message("{source} ({year}) [{id}]", source=quoted, year=source.year, id=source.id)


def _distribution_source(dataset: Dataset, distribution: Distribution) -> str:
    shares = [dataset.shares[i] for h in distribution.holdings for i in h.share_id.split("+") if i in dataset.shares]
    page = shares[0].citation.page if shares else None
    rows = ", ".join(sorted({s.id for s in shares}))
    return Message("{source} (share rows {rows})", source=cite(dataset, distribution.source, page), rows=rows)


def _hhi(distribution: Distribution) -> tuple[float, float]:
    singles = [h.value for h in distribution.holdings if h.single]
    aggregates = sum(h.value for h in distribution.holdings if not h.single)
    return ind.hhi_bounds(singles, distribution.remainder + aggregates)


def _hhi_third(dataset: Dataset, distribution: Distribution) -> tuple[float, float]:
    """HHI over third-country holders; unattributed supply and non-EU aggregates may be one third country."""
    singles = [h.value for h in distribution.holdings if h.single and _outside_eu(dataset, h)]
    unknown = sum(h.value for h in distribution.holdings if not h.single and not _inside_eu(dataset, h))
    return ind.hhi_bounds(singles, distribution.remainder + unknown)


def stage_indicators(dataset: Dataset, stages: Sequence[StageDistributions]) -> list[StageIndicators]:
    result = []
    for entry in stages:
        countries, companies = entry.countries, entry.companies
        outside = cyber = None
        largest = None
        if countries is not None:
            outside = ind.share_where((h.value, _outside_eu(dataset, h)) for h in countries.holdings)
            cyber = ind.share_where((h.value, _cyber(dataset, h) == 1.0) for h in countries.holdings)
            third = [(h.holder, h.value) for h in countries.holdings if h.single and _outside_eu(dataset, h)]
            largest = ind.largest_share(third)
        weighted, note = (
            _governance(countries) if countries is not None else (None, "not computed: no shares by country")
        )
        result.append(
            StageIndicators(
                stage=entry.stage,
                countries=countries,
                companies=companies,
                hhi_countries=_hhi(countries) if countries else None,
                hhi_third_countries=_hhi_third(dataset, countries) if countries else None,
                hhi_companies=_hhi(companies) if companies else None,
                share_outside_eu=outside,
                share_offensive_cyber=cyber,
                largest_third_country=largest,
                exceeds_crma_65=ind.exceeds_crma_benchmark(largest[1]) if largest else None,
                suppliers_for_80=(
                    ind.holders_for([h.value for h in companies.holdings if h.single]) if companies else None
                ),
                governance_weighted_hhi=weighted,
                governance_note=note,
            )
        )
    return result


def _governance(countries: Distribution) -> tuple[float | None, str]:
    """HHI_WGI over the single countries listed (the EU aggregate and unattributed supply left out)."""
    shares: dict[str, float] = {}
    for holding in countries.holdings:
        if holding.single and holding.countries and holding.countries[0] != EU_AGGREGATE:
            shares[holding.countries[0]] = shares.get(holding.countries[0], 0.0) + holding.value
    if not shares:
        return None, "not computed: no single country listed"
    wgi = governance.wgi_by_code()
    missing = sorted(code for code in shares if code not in wgi)
    value = ind.governance_weighted_hhi({c: min(v, 100.0) for c, v in shares.items()}, wgi)
    if value is None:
        return None, f"not computed: no WGI value for {', '.join(missing)}"
    listed = min(100.0, sum(shares.values()))
    return value, (
        f"HHI_WGI {value:.2f} on 0-10 over the countries listed ({listed:.0f} % of supply; trade factor 1; "
        f"{governance.LABEL})"
    )


def _country(dataset: Dataset, code: str) -> Country | None:
    return dataset.countries.get(code)


def _inside_eu(dataset: Dataset, holding: Holding) -> bool:
    if not holding.countries:
        return False
    code = holding.countries[0]
    country = _country(dataset, code)
    return code == EU_AGGREGATE or (country is not None and country.eu_member)


def _outside_eu(dataset: Dataset, holding: Holding) -> bool:
    if not holding.countries:
        return False
    code = holding.countries[0]
    if code == EU_AGGREGATE:
        return False
    country = _country(dataset, code)
    return country is not None and not country.eu_member


def _cyber(dataset: Dataset, holding: Holding) -> float | None:
    """1 if any jurisdiction of the holder is named for an offensive cyber programme, 0 if none is, else None."""
    known = False
    for code in holding.countries:
        if code == EU_AGGREGATE:
            known = True
            continue
        country = _country(dataset, code)
        if country is None or country.offensive_cyber_programme_against_nl is CyberProgramme.UNKNOWN:
            continue
        if country.offensive_cyber_programme_against_nl is CyberProgramme.YES:
            return 1.0
        known = True
    return 0.0 if known else None


@dataclass(frozen=True)
class _Composite:
    value: float
    low: float
    high: float
    attributed: float


def _composite(holdings: Sequence[Holding], score: Callable[[Holding], float | None]) -> _Composite | None:
    """Share-weighted mean of a per-holder score; unattributed supply widens the range to 0 and 1."""
    pairs = [(h.value, s) for h in holdings if (s := score(h)) is not None]
    mean = ind.weighted_mean(pairs)
    if mean is None:
        return None
    attributed = min(100.0, sum(share for share, _ in pairs))
    weighted = sum(share * value for share, value in pairs) * attributed / sum(share for share, _ in pairs)
    rest = 100.0 - attributed
    return _Composite(mean, weighted / 100.0, (weighted + rest) / 100.0, attributed)


def _missing(method: Method, name: str, weight: Weight, why: str) -> Factor:
    m = method.mappings.missing
    return Factor(
        name,
        Message("no data: {why}", why=why),
        m.value,
        m.low,
        m.high,
        weight,
        "missing",
        (Message("method {method}: {rationale}", method=method.label, rationale=Quoted(m.rationale)),),
    )


def _worst_over_stages(factors: list[Factor]) -> Factor | None:
    return max(factors, key=lambda f: (f.value, f.high, -list(Stage).index(f.stage) if f.stage else 0), default=None)


class SubjectFactors:
    """Computes the factors of one subject; one instance per subject and method."""

    def __init__(self, dataset: Dataset, method: Method, subject: str) -> None:
        self.dataset = dataset
        self.method = method
        self.subject = dataset.subjects[subject]
        self.stages = per_stage(dataset, subject, method.mappings.scope_preference)
        self.indicators = stage_indicators(dataset, self.stages)

    # -- interruption -------------------------------------------------------------------------------

    def interruption(self) -> list[Factor]:
        weights = self.method.harms.interruption.likelihood
        return [
            self._concentration("country_concentration", weights["country_concentration"], "countries"),
            self._concentration("company_concentration", weights["company_concentration"], "companies"),
            self._relation(weights["supplier_relation"]),
            self._export_restrictions(weights["export_restrictions"]),
            self._judged("substitutability", weights["substitutability"], JudgementKind.SUBSTITUTABILITY, invert=True),
            self._judged("lock_in", weights["lock_in"], JudgementKind.LOCK_IN),
            self._judged("time_to_substitute", weights["time_to_substitute"], JudgementKind.TIME_TO_SUBSTITUTE),
            self._judged(
                "mutual_dependence", weights["mutual_dependence"], JudgementKind.MUTUAL_DEPENDENCE, invert=True
            ),
        ]

    def _concentration(self, name: str, weight: Weight, dimension: str) -> Factor:
        candidates = []
        for entry in self.indicators:
            distribution = entry.countries if dimension == "countries" else entry.companies
            bounds = entry.hhi_third_countries if dimension == "countries" else entry.hhi_companies
            if distribution is None or bounds is None:
                continue
            low, high = bounds
            template = (
                N_(
                    "HHI {low:,.0f} over third countries (outside the EU) ({figures}; {covered:.0f} % of supply "
                    "listed, up to {high:,.0f} if the rest were one holder)"
                )
                if dimension == "countries"
                else N_(
                    "HHI {low:,.0f} over companies ({figures}; {covered:.0f} % of supply listed, up to "
                    "{high:,.0f} if the rest were one holder)"
                )
            )
            raw = Message(template, low=low, high=high, figures=distribution.describe(), covered=distribution.covered)
            source = _distribution_source(self.dataset, distribution)
            candidates.append(
                Factor(
                    name,
                    raw,
                    low / ind.HHI_MAX,
                    low / ind.HHI_MAX,
                    high / ind.HHI_MAX,
                    weight,
                    "data",
                    (source,),
                    entry.stage,
                )
            )
        why = Message("no shares over countries") if dimension == "countries" else Message("no shares over companies")
        return _worst_over_stages(candidates) or _missing(self.method, name, weight, why)

    def _relation_score(self, holding: Holding) -> float | None:
        relation = self.method.mappings.relation
        scores = []
        for code in holding.countries:
            if code == EU_AGGREGATE:
                scores.append(relation.eu_member)
                continue
            country = _country(self.dataset, code)
            if country is None:
                scores.append(relation.unknown_country)
            elif country.offensive_cyber_programme_against_nl is CyberProgramme.YES:
                scores.append(relation.offensive_cyber_programme)
            elif country.eu_member:
                scores.append(relation.eu_member)
            elif country.eea_member:
                scores.append(relation.eea_member)
            elif country.nato_member:
                scores.append(relation.nato_member)
            else:
                scores.append(relation.other)
        return max(scores) if scores else None

    def _country_sources(self, holdings: Sequence[Holding]) -> list[str]:
        cited: list[str] = []
        for code in sorted({c for h in holdings for c in h.countries if c in self.dataset.countries}):
            citation = self.dataset.countries[code].citation
            cited.append(
                Message(
                    "country {code}: {source}", code=code, source=cite(self.dataset, citation.source, citation.page)
                )
            )
        return cited

    def _relation(self, weight: Weight) -> Factor:
        candidates = []
        for entry in self.indicators:
            if entry.countries is None:
                continue
            composite = _composite(entry.countries.holdings, self._relation_score)
            if composite is None:
                continue
            top = sorted(entry.countries.holdings, key=lambda h: -h.value)[:3]
            parts = self._listed(top, with_score=True)
            raw = Message(
                "share-weighted relation score {score:.2f} over {attributed:.0f} % of supply ({figures}): {parts}",
                score=composite.value,
                attributed=composite.attributed,
                figures=entry.countries.describe(),
                parts=parts,
            )
            sources = (
                _distribution_source(self.dataset, entry.countries),
                *self._country_sources(entry.countries.holdings),
                Message("method {method}: relation mapping (judgement; see the method file)", method=self.method.label),
            )
            candidates.append(
                Factor(
                    "supplier_relation",
                    raw,
                    composite.value,
                    composite.low,
                    composite.high,
                    weight,
                    "data",
                    sources,
                    entry.stage,
                )
            )
        return _worst_over_stages(candidates) or _missing(
            self.method, "supplier_relation", weight, Message("no shares by country or company HQ")
        )

    def _restrictions(self) -> dict[str, list[Fact]]:
        """Export restrictions on this subject by third countries, from the dataset's facts, by country."""
        kinds = set(self.method.mappings.export_restriction_kinds)
        found: dict[str, list[Fact]] = {}
        for fact in sorted(self.dataset.facts.values(), key=lambda f: f.id):
            if fact.subject != self.subject.id or fact.kind not in kinds or not fact.scope:
                continue
            match = re.search(r"\b([A-Z]{2})$", fact.scope.strip())
            country = self.dataset.countries.get(match.group(1)) if match else None
            if country is not None and not country.eu_member:
                found.setdefault(country.code, []).append(fact)
        return found

    def _export_restrictions(self, weight: Weight) -> Factor:
        name = "export_restrictions"
        restricting = self._restrictions()
        facts = [f for country in sorted(restricting) for f in restricting[country]]
        fact_sources = tuple(
            Message(
                "fact {id}: {statement} [{source}]",
                id=f.id,
                statement=RecordText(f, "statement"),
                source=cite(self.dataset, f.citation.source, f.citation.page),
            )
            for f in facts
        )
        kinds = ", ".join(self.method.mappings.export_restriction_kinds)
        candidates = []
        for entry in self.indicators:
            if entry.countries is None:
                continue
            holdings = entry.countries.holdings
            composite = _composite(
                holdings, lambda h: (1.0 if set(h.countries) & set(restricting) else 0.0) if h.countries else None
            )
            if composite is None:
                continue
            named = ", ".join(sorted(restricting)) or Message("none")
            raw = Message(
                "{share:.0f} % of attributed supply from countries that restricted exports of it ({named}; {figures})",
                share=composite.value * 100,
                named=named,
                figures=entry.countries.describe(),
            )
            sources = (
                _distribution_source(self.dataset, entry.countries),
                *fact_sources,
                Message(
                    "dataset {dataset}: facts of kind {kinds} (none other recorded for this subject)",
                    dataset=self.dataset.info.label,
                    kinds=kinds,
                ),
            )
            candidates.append(
                Factor(name, raw, composite.value, composite.low, composite.high, weight, "data", sources, entry.stage)
            )
        found = _worst_over_stages(candidates)
        if found is not None:
            return found
        if facts:
            missing = _missing(self.method, name, weight, Message("no shares to weigh the restrictions by"))
            raw = Message(
                "{missing}; restricted by {countries}", missing=missing.raw, countries=", ".join(sorted(restricting))
            )
            return dataclasses.replace(missing, raw=raw, sources=missing.sources + fact_sources)
        return _missing(self.method, name, weight, Message("no shares by country"))

    def _judgements(self, kind: JudgementKind) -> list[Judgement]:
        return sorted(
            (j for j in self.dataset.judgements.values() if j.subject == self.subject.id and j.kind is kind),
            key=lambda j: j.id,
        )

    def _judged(self, name: str, weight: Weight, kind: JudgementKind, invert: bool = False) -> Factor:
        candidates = []
        for judgement in self._judgements(kind):
            low, high = judgement.low, judgement.high
            years = judgement.unit is JudgementUnit.YEARS
            if years:
                full = self.method.mappings.time_to_substitute_full_years
                low, high = min(low / full, 1.0), min(high / full, 1.0)
            if invert:
                low, high = 1.0 - high, 1.0 - low
            template = JUDGED[(years, invert)]
            value = (low + high) / 2
            raw = Message(template, low=judgement.low, high=judgement.high)
            source = Message(
                "judgement {id} by {by}: {rationale} [{source}]",
                id=judgement.id,
                by=Data(judgement.assessed_by),
                rationale=RecordText(judgement, "rationale"),
                source=cite(self.dataset, judgement.citation.source, judgement.citation.page),
            )
            candidates.append(Factor(name, raw, value, low, high, weight, "judgement", (source,), judgement.stage))
        return _worst_over_stages(candidates) or _missing(
            self.method,
            name,
            weight,
            Message("no {kind} judgement", kind=Term(kind.value, JUDGEMENT_LABELS.get(kind, kind.value))),
        )

    # -- access --------------------------------------------------------------------------------------

    def access_gate(self) -> Factor:
        gate_weight = Weight(weight=1.0, rationale="multiplies the access threats")
        judged = self._judgements(JudgementKind.SUPPLIER_ACCESS)
        if judged:
            factor = self._judged("supplier_access", gate_weight, JudgementKind.SUPPLIER_ACCESS)
            return factor
        graded = self.method.mappings.supplier_access_by_kind[self.subject.kind]
        raw = Message(
            "kind '{kind}': {rationale}", kind=Data(self.subject.kind.value), rationale=Quoted(graded.rationale)
        )
        source = Message(
            "method {method}: supplier_access_by_kind.{kind} (judgement)",
            method=self.method.label,
            kind=self.subject.kind.value,
        )
        return Factor("supplier_access", raw, graded.value, graded.low, graded.high, gate_weight, "method", (source,))

    def _access_distribution(self, entry: StageDistributions) -> Distribution | None:
        return entry.companies or entry.countries

    def access(self) -> list[Factor]:
        weights = self.method.harms.access.likelihood
        jurisdictions = {j.country: j for j in self.method.mappings.compelled_access}
        vendors = {d.supplier: d for d in self.method.mappings.high_risk_vendors}

        def compelled(holding: Holding) -> float | None:
            if not holding.countries:
                return None
            return max((jurisdictions[c].score for c in holding.countries if c in jurisdictions), default=0.0)

        def vendor(holding: Holding) -> float | None:
            if holding.supplier is None:
                return None
            return 1.0 if holding.supplier in vendors or (holding.parent or "") in vendors else 0.0

        def laws(flagged: Sequence[Holding]) -> str:
            found = sorted({c for h in flagged for c in h.countries if c in jurisdictions})
            named = "; ".join(f"{c}: {' '.join(jurisdictions[c].basis.split())}" for c in found)
            if not named:
                return Message("compelled_access (no listed jurisdiction applies)")
            return Message("compelled_access ({laws})", laws=Quoted(named))

        def designations(flagged: Sequence[Holding]) -> str:
            found = sorted({s for h in flagged for s in (h.supplier, h.parent) if s in vendors})
            named = "; ".join(f"{s}: {' '.join(vendors[s].basis.split())}" for s in found)
            if not named:
                return Message("high_risk_vendors (no listed vendor supplies it)")
            return Message("high_risk_vendors ({designations})", designations=Quoted(named))

        def cyber_basis(flagged: Sequence[Holding]) -> str:
            return Message("countries named for an offensive cyber programme against NL, from the country table")

        return [
            self._access_factor("compelled_access", weights["compelled_access"], compelled, laws, False),
            self._access_factor(
                "offensive_cyber", weights["offensive_cyber"], lambda h: _cyber(self.dataset, h), cyber_basis, True
            ),
            self._access_factor(
                "high_risk_vendor", weights["high_risk_vendor"], vendor, designations, False, companies_only=True
            ),
        ]

    def _access_factor(
        self,
        name: str,
        weight: Weight,
        score: Callable[[Holding], float | None],
        basis: Callable[[Sequence[Holding]], str],
        country_sources: bool,
        companies_only: bool = False,
    ) -> Factor:
        candidates = []
        for entry in self.stages:
            distribution = entry.companies if companies_only else self._access_distribution(entry)
            if distribution is None:
                continue
            composite = _composite(distribution.holdings, score)
            if composite is None:
                continue
            flagged = [h for h in distribution.holdings if (score(h) or 0) > 0]
            named = self._listed(sorted(flagged, key=lambda h: -h.value)[:4]) if flagged else ""
            template = (
                N_("{share:.0f} % of attributed supply ({attributed:.0f} % of the total; {figures}): {named}")
                if named
                else N_("{share:.0f} % of attributed supply ({attributed:.0f} % of the total; {figures})")
            )
            raw = Message(
                template,
                share=composite.value * 100,
                attributed=composite.attributed,
                figures=distribution.describe(),
                named=named,
            )
            sources: list[str] = [_distribution_source(self.dataset, distribution)]
            if country_sources:
                sources += self._country_sources(distribution.holdings)
            sources.append(Message("method {method}: {basis}", method=self.method.label, basis=basis(flagged)))
            candidates.append(
                Factor(
                    name,
                    raw,
                    composite.value,
                    composite.low,
                    composite.high,
                    weight,
                    "data",
                    tuple(sources),
                    entry.stage,
                )
            )
        why = Message("no company shares") if companies_only else Message("no shares by company or country")
        return _worst_over_stages(candidates) or _missing(self.method, name, weight, why)

    # -- impact --------------------------------------------------------------------------------------

    def impact(self, harm: Harm, reach: Reach) -> list[Factor]:
        weights = self.method.harms.of(harm).impact
        return [self._criterion(criterion, weight, reach) for criterion, weight in weights.items()]

    def _criterion(self, criterion: PublicInterestId, weight: Weight, reach: Reach) -> Factor:
        best: tuple[float, float, float, Dependency, Path] | None = None
        mapping = self.method.mappings
        for dependency, path in reach.dependencies:
            severity = self._severity(dependency, criterion)
            if severity <= 0:
                continue
            reliance = mapping.reliance[dependency.reliance]
            strength = path.strength * severity
            candidate = (strength * reliance.value, strength * reliance.low, strength * reliance.high, dependency, path)
            if best is None or candidate[:3] > best[:3]:
                best = candidate
        if best is None:
            return Factor(
                str(criterion.value),
                Message("no vital process or public interest in the dataset depends on this subject for this interest"),
                0.0,
                0.0,
                0.0,
                weight,
                "data",
                (Message("dataset {dataset}: dependencies and requires-edges", dataset=self.dataset.info.label),),
            )
        value, low, high, dependency, path = best
        dependant = self._dependant_name(dependency.dependant)
        on = self._subject_name(dependency.subject)
        relies = Term(dependency.reliance.value, dependency.reliance.value)
        if path.edges:
            names = [self._subject_name(self.subject.id), *(self._subject_name(e.subject) for e in path.edges)]
            arrows = " → ".join(f"{{n{i}}}" for i in range(len(names)))
            chain = Message(arrows, **{f"n{i}": name for i, name in enumerate(names)})
            raw = Message(
                "{dependant} relies {reliance} on {on}, which needs {subject} through {chain}",
                dependant=dependant,
                reliance=relies,
                on=on,
                subject=names[0],
                chain=chain,
            )
        else:
            raw = Message("{dependant} relies {reliance} on {on}", dependant=dependant, reliance=relies, on=on)
        if path.strength < 1:
            raw = Message("{relation} (path strength {strength:.2f})", relation=raw, strength=path.strength)
        sources: list[str] = [
            Message(
                "dependency {dependant}->{subject}: {rationale} [{source}]",
                dependant=self._record_name(dependency.dependant),
                subject=self._subject_name(dependency.subject),
                rationale=RecordText(dependency, "rationale"),
                source=cite(self.dataset, dependency.citation.source, dependency.citation.page),
            )
        ]
        for edge in path.edges:
            if edge.intensity is None:
                weight_text = Message("full weight (no intensity known)")
            elif edge.sourced_intensity:
                weight_text = Message(
                    "intensity {intensity:g} [{source}]",
                    intensity=edge.intensity,
                    source=cite(self.dataset, edge.intensity_source or "", edge.intensity_page),
                )
            else:
                weight_text = Message(
                    "intensity {intensity:g} (judgement: {note})",
                    intensity=edge.intensity,
                    note=RecordText(edge, "intensity_note"),
                )
            sources.append(
                Message(
                    "requires {subject}->{requires}, {weight}: {rationale} [{source}]",
                    subject=self._subject_name(edge.subject),
                    requires=self._subject_name(edge.requires),
                    weight=weight_text,
                    rationale=RecordText(edge, "rationale"),
                    source=cite(self.dataset, edge.citation.source, edge.citation.page),
                )
            )
        sources.append(
            Message(
                "method {method}: reliance.{reliance}, vital_process_category",
                method=self.method.label,
                reliance=dependency.reliance.value,
            )
        )
        return Factor(str(criterion.value), raw, value, low, high, weight, "data", tuple(sources))

    def _severity(self, dependency: Dependency, criterion: PublicInterestId) -> float:
        process = self.dataset.vital_processes.get(dependency.dependant)
        if process is not None:
            return self.method.mappings.vital_process_category[process.category].get(criterion, 0.0)
        return 1.0 if dependency.dependant == criterion.value else 0.0

    def _dependant_name(self, identifier: str) -> str:
        process = self.dataset.vital_processes.get(identifier)
        if process is not None:
            return Message(
                "vital process {id} {name} (category {category})",
                id=process.id,
                name=RecordText(process, "name"),
                category=process.category.value,
            )
        interest = self.dataset.public_interests.get(identifier)
        return Message("public interest {name}", name=RecordText(interest, "name")) if interest else identifier

    def _listed(self, holdings: Sequence[Holding], with_score: bool = False) -> str:
        """'holder 12.5 %, …' with companies by name (their ids as a string), and each one's relation score."""
        items = []
        for holding in holdings:
            supplier = self.dataset.suppliers.get(holding.holder) if holding.supplier else None
            holder = RecordText(supplier, "name") if supplier is not None else holding.holder
            if with_score:
                item = Message(
                    "{holder} {share:g} % ({score})",
                    holder=holder,
                    share=holding.value,
                    score=self._relation_score(holding),
                )
            else:
                item = Message("{holder} {share:g} %", holder=holder, share=holding.value)
            items.append(item)
        template = ", ".join(f"{{h{n}}}" for n in range(len(items)))
        return Message(template, **{f"h{n}": item for n, item in enumerate(items)})

    def _record_name(self, identifier: str) -> str:
        """A vital process or public interest by name (its id as a string)."""
        record = self.dataset.vital_processes.get(identifier) or self.dataset.public_interests.get(identifier)
        return RecordText(record, "name") if record is not None else identifier

    def _subject_name(self, identifier: str) -> str:
        subject = self.dataset.subjects.get(identifier)
        return RecordText(subject, "name") if subject is not None else identifier


@dataclass(frozen=True)
class Path:
    """How a subject reaches a user up the stack: the requires-edges walked and their combined strength."""

    strength: float
    edges: tuple[RequiresEdge, ...]


@dataclass(frozen=True)
class Reach:
    """Every dependency on the subject or on anything that needs it, with the strongest path."""

    dependencies: tuple[tuple[Dependency, Path], ...]


class UsageGraph:
    """The requires-edges read upwards: who needs a subject, directly or through the stack."""

    def __init__(self, dataset: Dataset, method: Method) -> None:
        self.dataset = dataset
        self.alternative = method.mappings.alternative_input_factor
        self.users: dict[str, list[RequiresEdge]] = {}
        for edge in dataset.requires.values():
            self.users.setdefault(edge.requires, []).append(edge)
        self.depending: dict[str, list[Dependency]] = {}
        for dependency in dataset.dependencies.values():
            self.depending.setdefault(dependency.subject, []).append(dependency)

    def edge_factor(self, edge: RequiresEdge) -> float:
        factor = edge.intensity if edge.intensity is not None else 1.0
        if edge.mode is RequiresMode.ALTERNATIVE:
            factor *= self.alternative
        return factor

    def reach(self, subject: str) -> Reach:
        """Strongest path (max product of edge factors) from ``subject`` to every subject that needs it."""
        best: dict[str, Path] = {subject: Path(1.0, ())}
        queue: list[tuple[float, str]] = [(-1.0, subject)]
        while queue:
            negative, node = heapq.heappop(queue)
            if -negative < best[node].strength:
                continue
            for edge in sorted(self.users.get(node, []), key=lambda e: e.subject):
                strength = best[node].strength * self.edge_factor(edge)
                current = best.get(edge.subject)
                if current is None or strength > current.strength:
                    best[edge.subject] = Path(strength, (*best[node].edges, edge))
                    heapq.heappush(queue, (-strength, edge.subject))
        found = []
        for user in sorted(best):
            for dependency in sorted(self.depending.get(user, []), key=lambda d: d.dependant):
                found.append((dependency, best[user]))
        return Reach(tuple(found))
