# SPDX-License-Identifier: EUPL-1.2
"""The report's and dashboard's view of the risk engine (:mod:`dosa.risk`): the A–E risk diagrams,
the ranking, the roll-up per priority for the stack picture, and a subject's explanation."""

from __future__ import annotations

from dosa.dataset.model import Dataset
from dosa.i18n import Localizer, compose
from dosa.report import charts
from dosa.report.content import Chart, Section, Table
from dosa.report.labels import N_
from dosa.risk import Assessment, Harm, RiskClass, assess, explain
from dosa.risk.score import matrix, rollups

RISK_LABELS = {
    RiskClass.LOW: N_("low"),
    RiskClass.MEDIUM: N_("medium"),
    RiskClass.HIGH: N_("high"),
    RiskClass.VERY_HIGH: N_("very high"),
}
RISK_FILL_INDEX = {RiskClass.LOW: 0, RiskClass.MEDIUM: 1, RiskClass.HIGH: 3, RiskClass.VERY_HIGH: 4}
"""Which of the five ordinal fills each risk class takes (the spread keeps neighbours apart)."""
HARM_LABELS = {
    Harm.INTERRUPTION: N_("interruption of supply"),
    Harm.ACCESS: N_("third-party access to sensitive information"),
}
TOP = 15
"""Subjects listed by name in the report's ranking (all are in the data table of the diagram)."""


def risk_label(risk: RiskClass | None, loc: Localizer) -> str:
    return loc.gettext(RISK_LABELS[risk]) if risk is not None else loc.gettext("risk not assessed")


def assessment_of(dataset: Dataset, uncertainty: bool = True) -> Assessment:
    return assess(dataset, uncertainty=uncertainty, seed=0)


def priority_ranks(assessment: Assessment, dataset: Dataset, loc: Localizer) -> dict[str, tuple[int, str]]:
    """Per priority the highest risk class over its subjects and both harms, for the stack picture."""
    worst: dict[str, RiskClass] = {}
    for rollup in rollups(assessment, dataset, "priority"):
        if rollup.risk is not None and (rollup.group not in worst or rollup.risk.order > worst[rollup.group].order):
            worst[rollup.group] = rollup.risk
    return {group: (RISK_FILL_INDEX[risk], risk_label(risk, loc)) for group, risk in worst.items()}


def stability_text(assessment: Assessment, dataset: Dataset, loc: Localizer) -> str:
    """Whether the top of the ranking holds under the method's uncertainty, with subject names."""
    stability = assessment.stability
    if stability is None:
        return ""
    if stability.stable:
        return loc.gettext("The top {k} is stable: each subject in it stays in the top {k} in most draws.").format(
            k=stability.top_k
        )
    named = loc.join(
        compose(
            "{name} ({share})",
            name=loc.name(dataset.subjects[s]) if s in dataset.subjects else s,
            share=loc.percent(100 * p, qualifier="="),
        )
        for s, p in stability.unstable
    )
    return compose(
        loc.gettext("The top {k} is not stable: {names} fall out of it in many of the {draws} draws."),
        k=stability.top_k,
        names=named,
        draws=loc.number(stability.draws, 0),
    )


def risk_sections(assessment: Assessment, dataset: Dataset, loc: Localizer) -> tuple[list[Section], list[str]]:
    numbers = {r.subject.id: r.rank for r in assessment.results}
    section = Section(id="risk", title=loc.gettext("Risk diagram (A–E)"))
    section.paragraphs.append(
        loc.gettext(
            "The risk engine scores every subject for the agenda's two harms: interruption of supply and "
            "third-party access to sensitive information. Likelihood and impact each fall in the classes A (lowest) "
            "to E (highest) of Dutch national risk assessment; their cell in the diagram gives the risk class. "
            "Numbers in the cells are the subjects' ranks in the table below the diagram."
        )
    )
    section.notes.append(
        compose(
            loc.gettext(
                "Method {method}, by {by}: weights and class boundaries are judgements, documented in the method file."
            ),
            method=assessment.method.label,
            by=loc.data(assessment.method.assessed_by),
        )
    )
    for harm in Harm:
        cells = matrix(assessment, harm)
        levels = "ABCDE"
        chart_cells = [
            charts.MatrixCell(
                likelihood=levels.index(c.likelihood.value),
                impact=levels.index(c.impact.value),
                rank=RISK_FILL_INDEX[c.risk],
                label=risk_label(c.risk, loc),
                markers=[str(numbers[s]) for s in c.subjects],
            )
            for c in cells
        ]
        harm_name = loc.gettext(HARM_LABELS[harm])
        title = loc.gettext("Risk diagram: {harm}").format(harm=harm_name)
        placed = [c for c in cells if c.subjects]
        alt = loc.gettext("Five by five risk diagram for {harm}; subjects per cell: {cells}.").format(
            harm=harm_name,
            cells="; ".join(
                f"{c.likelihood.value}{c.impact.value} ({risk_label(c.risk, loc)}): "
                + ", ".join(str(numbers[s]) for s in c.subjects)
                for c in placed
            )
            or "–",
        )
        svg = charts.risk_matrix(
            f"chart-risk-{harm.value}", title, alt, chart_cells, loc.gettext("Likelihood"), loc.gettext("Impact")
        )
        rows = sorted((r for r in assessment.results if r.harms[harm].applicable), key=lambda r: r.rank)
        table = Table(
            caption=title,
            headers=[
                "#",
                loc.gettext("Subject"),
                loc.gettext("Likelihood"),
                loc.gettext("Impact"),
                loc.gettext("Risk"),
            ],
            rows=[
                [
                    str(r.rank),
                    loc.name(r.subject),
                    r.harms[harm].likelihood_class.value,
                    r.harms[harm].impact_class.value,
                    risk_label(r.harms[harm].risk, loc),
                ]
                for r in rows
            ],
            links=[[None, f"subjects/{r.subject.id}", None, None, None] for r in rows],
            data=[
                [
                    r.rank,
                    loc.name(r.subject),
                    r.harms[harm].likelihood_class.value,
                    r.harms[harm].impact_class.value,
                    r.harms[harm].risk.value,
                ]
                for r in rows
            ],
        )
        not_applicable = len(assessment.results) - len(rows)
        source = loc.gettext("dosa risk engine, method {method}, on dataset {dataset}").format(
            method=assessment.method.label, dataset=assessment.dataset_label
        )
        section.charts.append(Chart(f"chart-risk-{harm.value}", title, svg, source, table, alt))
        if not_applicable:
            section.notes.append(
                loc.gettext("{harm}: not applicable to {count} subjects (no channel for it).").format(
                    harm=harm_name, count=not_applicable
                )
            )
    top = list(assessment.results[:TOP])
    section.tables.append(
        Table(
            caption=loc.gettext("The {count} highest-ranked subjects").format(count=len(top)),
            headers=[
                "#",
                loc.gettext("Subject"),
                loc.gettext("Interruption"),
                loc.gettext("Access"),
                loc.gettext("Risk"),
                loc.gettext("Probability in the top {k}").format(
                    k=assessment.stability.top_k if assessment.stability else 10
                ),
            ],
            rows=[
                [
                    str(r.rank),
                    loc.name(r.subject),
                    f"{r.harms[Harm.INTERRUPTION].cell} {risk_label(r.harms[Harm.INTERRUPTION].risk, loc)}",
                    f"{r.harms[Harm.ACCESS].cell} {risk_label(r.harms[Harm.ACCESS].risk, loc)}",
                    risk_label(r.risk, loc),
                    loc.percent(100 * r.uncertainty.p_top_k, qualifier="=") if r.uncertainty else "–",
                ]
                for r in top
            ],
            numeric=frozenset({5}),
            links=[[None, f"subjects/{r.subject.id}", None, None, None, None] for r in top],
        )
    )
    if assessment.stability is not None:
        section.notes.append(stability_text(assessment, dataset, loc))
    per_priority = Table(
        caption=loc.gettext("Highest risk per priority"),
        headers=[
            loc.gettext("Priority"),
            loc.gettext("Harm"),
            loc.gettext("Highest risk"),
            loc.gettext("Subject"),
            loc.gettext("Subjects"),
        ],
        rows=[
            [
                loc.name(dataset.priorities[r.group]),
                loc.gettext(HARM_LABELS[r.harm]),
                risk_label(r.risk, loc),
                loc.name(dataset.subjects[r.worst]) if r.worst else "–",
                str(r.subjects),
            ]
            for r in rollups(assessment, dataset, "priority")
        ],
        numeric=frozenset({4}),
    )
    section.tables.append(per_priority)
    very_high = [r for r in assessment.results if r.risk is RiskClass.VERY_HIGH]
    high = [r for r in assessment.results if r.risk is RiskClass.HIGH]
    summary = [
        loc.gettext(
            "The risk engine ({method}) rates {very_high} subjects very high and {high} high; the highest-ranked are "
            "{names}."
        ).format(
            method=assessment.method.label,
            very_high=len(very_high),
            high=len(high),
            names=loc.join(loc.name(r.subject) for r in assessment.results[:3]),
        )
    ]
    return [section], summary


def explanation_section(assessment: Assessment, dataset: Dataset, subject: str, loc: Localizer) -> Section:
    """Why a subject scores as it does: every factor, its value, weight, contribution and sources."""
    result = explain(assessment, dataset, subject)
    section = Section(id="risk", title=loc.gettext("Risk and why"))
    section.paragraphs.append(
        loc.gettext("Rank {rank} of {of} (method {method}).").format(
            rank=result.rank, of=result.of, method=result.method_label
        )
    )
    for harm in result.harms:
        harm_name = loc.gettext(HARM_LABELS[harm.harm])
        section.paragraphs.append(
            loc.gettext(
                "{harm}: likelihood {likelihood} (class {lc}), impact {impact} (class {ic}), cell {cell}, risk {risk}."
            ).format(
                harm=harm_name,
                likelihood=loc.number(harm.likelihood, 2),
                lc=harm.likelihood_class.value,
                impact=loc.number(harm.impact, 2),
                ic=harm.impact_class.value,
                cell=harm.cell,
                risk=risk_label(RiskClass(harm.risk), loc) if harm.risk in {c.value for c in RiskClass} else harm.risk,
            )
        )
        section.tables.append(
            Table(
                caption=loc.gettext("Factors of {harm}").format(harm=harm_name),
                headers=[
                    loc.gettext("Factor"),
                    loc.gettext("Part"),
                    loc.gettext("Value"),
                    loc.gettext("Weight"),
                    loc.gettext("Contribution"),
                    loc.gettext("Basis"),
                    loc.gettext("Why"),
                    loc.gettext("Source"),
                ],
                rows=[
                    [
                        line.label,
                        line.part,
                        loc.number(line.value, 2),
                        loc.number(line.weight, 2),
                        loc.number(line.contribution, 3),
                        line.basis,
                        line.raw,
                        "; ".join(line.sources),
                    ]
                    for line in harm.lines
                ],
                numeric=frozenset({2, 3, 4}),
                data=[
                    [
                        line.factor,
                        line.part,
                        line.value,
                        line.weight,
                        line.contribution,
                        line.basis,
                        line.raw,
                        "; ".join(line.sources),
                    ]
                    for line in harm.lines
                ],
            )
        )
        section.notes.extend(harm.changes)
    return section
