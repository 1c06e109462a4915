# SPDX-License-Identifier: EUPL-1.2
"""Why a subject scores what it scores: every factor, its raw figure, value, source and contribution,
the indicators the score does not weigh, and what would change each class."""

from __future__ import annotations

from dataclasses import dataclass

from dosa.dataset.model import Dataset
from dosa.messages import N_, Message, Term
from dosa.risk.coverage import NEED_TEXT
from dosa.risk.factors import Factor, StageIndicators, cite
from dosa.risk.method import IMPACT_LABELS, LIKELIHOOD_LABELS, Harm, Level, Method
from dosa.risk.score import LEVELS, Assessment, HarmResult, WeightedScore, risk_class

FACTOR_LABELS = {
    "country_concentration": N_("market concentration over countries"),
    "company_concentration": N_("market concentration over companies"),
    "supplier_relation": N_("relation with the supplier countries"),
    "export_restrictions": N_("supply from countries that restricted its export"),
    "substitutability": N_("possibility of substitution (1 - substitutability)"),
    "lock_in": N_("lock-in and switching costs"),
    "time_to_substitute": N_("time needed to substitute"),
    "mutual_dependence": N_("mutual dependence (1 - mutual dependence)"),
    "compelled_access": N_("jurisdictions that can compel access"),
    "offensive_cyber": N_("countries with an offensive cyber programme against NL"),
    "high_risk_vendor": N_("designated high-risk vendors"),
    "supplier_access": N_("the supplier's access to the subject in use (multiplier)"),
    "national_security": N_("national security"),
    "continuity_vital_processes": N_("continuity of vital processes"),
    "confidentiality_sensitive_information": N_("confidentiality of sensitive information"),
    "earning_capacity": N_("earning capacity"),
    "democratic_rule_of_law": N_("democratic rule of law and public values"),
}

HARM_LABELS = {
    Harm.INTERRUPTION: "interruption of supply",
    Harm.ACCESS: "third-party access to sensitive information",
}


@dataclass(frozen=True)
class FactorLine:
    """One row of an explanation."""

    harm: str
    part: str
    """``likelihood``, ``gate``, ``impact`` or ``indicator`` (reported, not weighted)."""
    factor: str
    label: str
    raw: str
    value: float | None
    low: float | None
    high: float | None
    weight: float | None
    contribution: float | None
    basis: str
    sources: tuple[str, ...]
    stage: str | None


@dataclass(frozen=True)
class HarmExplanation:
    harm: Harm
    likelihood: float
    likelihood_range: tuple[float, float]
    likelihood_class: Level
    impact: float
    impact_range: tuple[float, float]
    impact_class: Level
    cell: str
    risk: str
    lines: tuple[FactorLine, ...]
    changes: tuple[str, ...]
    """What would change the likelihood, impact and risk class, in words."""
    interval: str | None
    """The Monte Carlo interval, in words."""
    basis: str = ""
    """What the likelihood rests on: sourced, partly, judgement or defaults (see :mod:`dosa.risk.coverage`)."""
    insufficient: bool = False
    """The rating rests on the method's defaults alone: shown as insufficient data, not as a finding."""
    data_needed: tuple[str, ...] = ()
    """The data that would replace the defaults."""


@dataclass(frozen=True)
class Explanation:
    subject: str
    name: str
    layer: str
    priorities: tuple[str, ...]
    rank: int
    of: int
    method_label: str
    dataset_label: str
    harms: tuple[HarmExplanation, ...]
    indicators: tuple[FactorLine, ...]
    stability: str | None

    @property
    def lines(self) -> list[FactorLine]:
        """Every row: the factors of both harms, then the unweighted indicators."""
        return [line for harm in self.harms for line in harm.lines] + list(self.indicators)


def _line(harm: Harm, part: str, factor: Factor, score: WeightedScore | None) -> FactorLine:
    return FactorLine(
        harm=harm.value,
        part=part,
        factor=factor.id,
        label=FACTOR_LABELS.get(factor.id, factor.id),
        raw=factor.raw,
        value=factor.value,
        low=factor.low,
        high=factor.high,
        weight=factor.weight.weight if score is not None else None,
        contribution=score.contribution(factor) if score is not None else None,
        basis=factor.basis,
        sources=factor.sources,
        stage=factor.stage.value if factor.stage else None,
    )


def _needed(score: WeightedScore, factor: Factor, target: float) -> float | None:
    """The value ``factor`` would need for ``score`` to reach ``target``, all else equal; None if impossible."""
    total = score.total_weight
    slope = score.gate_value * factor.weight.weight / total if total else 0.0
    if slope <= 0:
        return None
    value = factor.value + (target - score.value) / slope
    return value if 0.0 <= value <= 1.0 else None


def _gate_needed(score: WeightedScore, target: float) -> float | None:
    if score.gate is None or score.gate.value <= 0:
        return None
    value = target / (score.value / score.gate.value) if score.value > 0 else None
    return value if value is not None and 0.0 <= value <= 1.0 else None


def _class_changes(
    part: str, score: WeightedScore, level: Level, bounds: tuple[float, ...], labels: dict[Level, str]
) -> list[str]:
    index = LEVELS.index(level)
    sentences: list[str] = []
    targets = []
    if index < 4:
        targets.append((bounds[index], LEVELS[index + 1], "up"))
    if index > 0:
        targets.append((bounds[index - 1] - 1e-9, LEVELS[index - 1], "down"))
    for target, new, direction in targets:
        options: list[str] = []
        for factor in score.factors:
            needed = _needed(score, factor, target)
            if needed is not None and abs(needed - factor.value) > 1e-12:
                options.append(_option(factor.id, factor.value, needed))
        gate = _gate_needed(score, target)
        if gate is not None and score.gate is not None:
            options.append(_option(score.gate.id, score.gate.value, gate))
        gap = target - score.value
        what = _joined(options) if options else Message("no single factor can do it alone")
        template = CHANGE_SENTENCES[(part, direction)]
        sentences.append(
            Message(
                template, level=new.value, name=Term(labels[new], labels[new]), gap=gap, score=score.value, what=what
            )
        )
    return sentences


CHANGE_SENTENCES = {
    ("likelihood", "up"): N_(
        "likelihood up to {level} ({name}) needs the score to move {gap:+.3f} (from {score:.3f}): {what}"
    ),
    ("likelihood", "down"): N_(
        "likelihood down to {level} ({name}) needs the score to move {gap:+.3f} (from {score:.3f}): {what}"
    ),
    ("impact", "up"): N_("impact up to {level} ({name}) needs the score to move {gap:+.3f} (from {score:.3f}): {what}"),
    ("impact", "down"): N_(
        "impact down to {level} ({name}) needs the score to move {gap:+.3f} (from {score:.3f}): {what}"
    ),
}
"""What moving a class takes, one sentence per part and direction (whole sentences translate better)."""


def _risk_term(risk: str) -> Term:
    return Term(risk, risk.replace("_", " "))


def _option(factor: str, value: float, needed: float) -> Message:
    return Message(
        "{factor} {value:.2f} → {needed:.2f}",
        factor=Term(factor, FACTOR_LABELS.get(factor, factor)),
        value=value,
        needed=needed,
    )


def _joined(items: list[str]) -> Message:
    """``items`` joined by '; ', each kept translatable."""
    template = "; ".join(f"{{i{n}}}" for n in range(len(items)))
    return Message(template, **{f"i{n}": item for n, item in enumerate(items)})


def _risk_changes(method: Method, result: HarmResult) -> list[str]:
    sentences: list[str] = []
    li, ii = LEVELS.index(result.likelihood_class), LEVELS.index(result.impact_class)
    for name, dl, di in (("likelihood", 1, 0), ("likelihood", -1, 0), ("impact", 0, 1), ("impact", 0, -1)):
        nl, ni = li + dl, ii + di
        if not (0 <= nl <= 4 and 0 <= ni <= 4):
            continue
        new = risk_class(method, LEVELS[nl], LEVELS[ni])
        if new != result.risk:
            cell = f"{LEVELS[nl].value}{LEVELS[ni].value}"
            template = (
                N_("risk becomes {risk} if likelihood moves one class (cell {cell})")
                if name == "likelihood"
                else N_("risk becomes {risk} if impact moves one class (cell {cell})")
            )
            sentences.append(Message(template, risk=_risk_term(new.value), cell=cell))
    if not sentences:
        sentences.append(Message("no single class step of likelihood or impact changes the risk class"))
    return sentences


def _indicator_lines(dataset: Dataset, indicators: tuple[StageIndicators, ...]) -> list[FactorLine]:
    lines = []
    for entry in indicators:
        stage = entry.stage.value

        def add(factor: str, label: str, raw: str, value: float | None, source: str, stage: str = stage) -> None:
            lines.append(
                FactorLine("", "indicator", factor, label, raw, value, None, None, None, None, "data", (source,), stage)
            )

        for dimension, distribution, bounds in (
            ("countries", entry.countries, entry.hhi_countries),
            ("third_countries", entry.countries, entry.hhi_third_countries),
            ("companies", entry.companies, entry.hhi_companies),
        ):
            if distribution is None or bounds is None:
                continue
            source = cite(dataset, distribution.source)
            add(
                f"hhi_{dimension}",
                f"HHI over {dimension.replace('_', ' ')} (0-10,000)",
                f"{bounds[0]:,.0f} (up to {bounds[1]:,.0f}); {distribution.describe()}; "
                f"{distribution.covered:.0f} % listed",
                bounds[0],
                source,
            )
        if entry.countries is not None:
            source = cite(dataset, entry.countries.source)
            if entry.share_outside_eu is not None:
                add(
                    "share_outside_eu",
                    "share held outside the EU (%)",
                    f"{entry.share_outside_eu:.1f} %",
                    entry.share_outside_eu,
                    source,
                )
            if entry.share_offensive_cyber is not None:
                add(
                    "share_offensive_cyber",
                    "share held by countries named for an offensive cyber programme against NL (%)",
                    f"{entry.share_offensive_cyber:.1f} %",
                    entry.share_offensive_cyber,
                    source,
                )
            if entry.largest_third_country is not None:
                country, share = entry.largest_third_country
                verdict = "exceeds" if entry.exceeds_crma_65 else "within"
                add(
                    "largest_third_country",
                    "largest single third-country share vs the CRMA 65 % benchmark",
                    f"{country} {share:g} %: {verdict} the 65 % benchmark (Regulation (EU) 2024/1252, art. 5(1)(d))",
                    share,
                    source,
                )
            add(
                "governance_weighted_hhi",
                "governance-weighted concentration (EU CRM method)",
                entry.governance_note,
                entry.governance_weighted_hhi,
                "European Commission (2017), Methodology for establishing the EU list of CRM, doi 10.2873/769526; "
                "World Bank, Worldwide Governance Indicators 2022 (CC BY 4.0), packaged table wgi-2022",
            )
        if entry.companies is not None and entry.suppliers_for_80 is not None:
            count = entry.suppliers_for_80
            raw = f"{count.count}" if count.reached else f"more than {count.count} (listed shares stay below 80 %)"
            add(
                "suppliers_for_80",
                "suppliers that together hold 80 %",
                raw,
                float(count.count),
                cite(dataset, entry.companies.source),
            )
    return lines


def explain(assessment: Assessment, dataset: Dataset, subject: str) -> Explanation:
    """Explain one subject's result in an assessment of ``dataset``."""
    result = assessment.get(subject)
    method = assessment.method
    harms = []
    for harm in Harm:
        outcome = result.harms[harm]
        lines = [_line(harm, "likelihood", f, outcome.likelihood) for f in outcome.likelihood.factors]
        if outcome.likelihood.gate is not None:
            gate = outcome.likelihood.gate
            lines.append(
                FactorLine(
                    harm.value,
                    "gate",
                    gate.id,
                    FACTOR_LABELS[gate.id],
                    gate.raw,
                    gate.value,
                    gate.low,
                    gate.high,
                    None,
                    None,
                    gate.basis,
                    gate.sources,
                    None,
                )
            )
        lines += [_line(harm, "impact", f, outcome.impact) for f in outcome.impact.factors]
        changes = _class_changes(
            "likelihood", outcome.likelihood, outcome.likelihood_class, method.classes.likelihood, LIKELIHOOD_LABELS
        )
        changes += _class_changes("impact", outcome.impact, outcome.impact_class, method.classes.impact, IMPACT_LABELS)
        if outcome.applicable:
            changes += _risk_changes(method, outcome)
        else:
            closed = outcome.likelihood.gate
            changes = [
                Message(
                    "not applicable (X): the likelihood is 0 for every value in its ranges, so the risk class is low "
                    "whatever the impact ({gate} is 0: {why})",
                    gate=Term(closed.id, FACTOR_LABELS.get(closed.id, closed.id)),
                    why=closed.raw,
                )
                if closed is not None
                else Message(
                    "not applicable (X): the likelihood is 0 for every value in its ranges, so the risk class is low "
                    "whatever the impact"
                )
            ]
        if outcome.applicable and outcome.coverage.insufficient:
            changes.insert(
                0,
                Message(
                    "insufficient data: every likelihood factor takes the method's missing-data default, so the class "
                    "{risk} is no finding; data that would settle it: {needs}",
                    risk=_risk_term(outcome.risk.value),
                    needs=_joined([Term(need, NEED_TEXT[need]) for need in outcome.coverage.needs]),
                ),
            )
        interval = None
        if result.uncertainty is not None:
            h = result.uncertainty.harms[harm]
            likely = max(h.risk_probabilities.items(), key=lambda item: item[1])
            l_classes = f"{h.likelihood_classes[0].value}-{h.likelihood_classes[1].value}"
            i_classes = f"{h.impact_classes[0].value}-{h.impact_classes[1].value}"
            interval = (
                f"{assessment.stability.draws if assessment.stability else ''} draws: likelihood "
                f"{h.likelihood[0]:.2f}-{h.likelihood[1]:.2f} ({l_classes}), "
                f"impact {h.impact[0]:.2f}-{h.impact[1]:.2f} ({i_classes}); "
                f"most frequent risk class {likely[0].value} ({likely[1]:.0%})"
            )
        harms.append(
            HarmExplanation(
                harm=harm,
                likelihood=outcome.likelihood.value,
                likelihood_range=(outcome.likelihood.low, outcome.likelihood.high),
                likelihood_class=outcome.likelihood_class,
                impact=outcome.impact.value,
                impact_range=(outcome.impact.low, outcome.impact.high),
                impact_class=outcome.impact_class,
                cell=outcome.cell,
                risk=outcome.risk.value,
                lines=tuple(lines),
                changes=tuple(changes),
                interval=interval,
                basis=outcome.coverage.basis.value,
                insufficient=outcome.applicable and outcome.coverage.insufficient,
                data_needed=outcome.coverage.needs_text,
            )
        )
    stability = None
    if result.uncertainty is not None:
        u = result.uncertainty
        stability = (
            f"rank {result.rank} of {len(assessment.results)}; {assessment.method.uncertainty.interval[0]:.0%}-"
            f"{assessment.method.uncertainty.interval[1]:.0%} rank interval {u.rank[0]}-{u.rank[1]}; "
            f"in the top {assessment.stability.top_k if assessment.stability else ''} in {u.p_top_k:.0%} of draws"
        )
    return Explanation(
        subject=result.subject.id,
        name=result.subject.name_en,
        layer=result.subject.layer.value,
        priorities=result.subject.priorities,
        rank=result.rank,
        of=len(assessment.results),
        method_label=result.method_label,
        dataset_label=result.dataset_label,
        harms=tuple(harms),
        indicators=tuple(_indicator_lines(dataset, result.indicators)),
        stability=stability,
    )
