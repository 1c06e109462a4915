# SPDX-License-Identifier: EUPL-1.2
"""The report's and dashboard's view of the risk engine (:mod:`dosa.risk`): the A–E risk diagrams,
the ranking, the roll-up per priority for the stack picture, and a subject's explanation."""

from __future__ import annotations

import datetime as dt

from dosa.dataset.model import Dataset
from dosa.i18n import Localizer, compose, join
from dosa.report import charts
from dosa.report.content import Chart, Section, column, table_of_rows
from dosa.report.labels import N_
from dosa.risk import Assessment, Harm, RiskClass, assess, explain
from dosa.risk.agenda import AgendaReading
from dosa.risk.agenda import compare as compare_with_agenda
from dosa.risk.coverage import Basis, figure_ages
from dosa.risk.score import HarmResult, SubjectResult, insufficient, matrix, rollups
from dosa.tables import Table

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
BASIS_LABELS = {
    Basis.SOURCED: N_("sourced data"),
    Basis.PARTLY: N_("partly sourced"),
    Basis.JUDGEMENT: N_("judgement"),
    Basis.DEFAULTS: N_("insufficient data"),
}
NEED_LABELS = {
    "shares_by_country": N_("market shares by country at the value-chain stage that decides supply"),
    "shares_by_company": N_("market shares by company (with their headquarters)"),
    "shares_by_company_or_country": N_("market shares by company or by country"),
    "judgement_substitutability": N_("a sourced judgement of how far substitutes exist"),
    "judgement_lock_in": N_("a sourced judgement of lock-in (cost of switching)"),
    "judgement_time_to_substitute": N_("a sourced judgement of the years needed to substitute"),
    "judgement_mutual_dependence": N_("a sourced judgement of mutual dependence (what the supplier needs from the EU)"),
}
INSUFFICIENT = N_("insufficient data")
PART_LABELS = {"likelihood": N_("likelihood"), "gate": N_("gate"), "impact": N_("impact"), "indicator": N_("indicator")}
"""Which part of a score a factor feeds."""
FACTOR_BASIS_LABELS = {
    "data": N_("data"),
    "judgement": N_("judgement"),
    "method": N_("method"),
    "missing": N_("no data (method default)"),
}
"""What a single factor rests on (the engine's ``Factor.basis``)."""
VERDICT_LABELS = {
    "agrees": N_("agrees"),
    "engine higher": N_("engine higher"),
    "engine lower": N_("engine lower"),
    "insufficient data": N_("insufficient data"),
    "no subjects": N_("no subjects"),
}
TOP = 15
"""Subjects listed by name in the report's ranking (all are in the data table of the diagram)."""


def risk_label(risk: RiskClass | None, loc: Localizer) -> str:
    return loc.gettext(RISK_LABELS[risk]) if risk is not None else loc.gettext("risk not assessed")


def harm_label(outcome: HarmResult, loc: Localizer) -> str:
    """The risk class of one harm, or 'insufficient data' when it rests on the method's defaults alone."""
    if outcome.applicable and outcome.coverage.insufficient:
        return loc.gettext(INSUFFICIENT)
    return risk_label(outcome.risk, loc)


def harm_cell(outcome: HarmResult, loc: Localizer) -> str:
    if outcome.applicable and outcome.coverage.insufficient:
        return loc.gettext(INSUFFICIENT)
    return f"{outcome.cell} {risk_label(outcome.risk, loc)}"


def subject_label(result: SubjectResult, loc: Localizer) -> str:
    return loc.gettext(INSUFFICIENT) if result.insufficient else risk_label(result.risk, loc)


def needs_text(outcome: HarmResult, loc: Localizer) -> str:
    return "; ".join(loc.gettext(NEED_LABELS[need]) for need in outcome.coverage.needs)


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


def risk_sections(
    assessment: Assessment, dataset: Dataset, loc: Localizer, as_of: dt.date | None = None
) -> tuple[list[Section], list[str]]:
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
        rows = sorted((r for r in assessment.results if r.harms[harm].rated), key=lambda r: r.rank)
        table = table_of_rows(
            loc,
            title,
            [
                column(loc, "column_1", "#"),
                column(loc, "subject", loc.gettext("Subject")),
                column(loc, "likelihood", loc.gettext("Likelihood")),
                column(loc, "impact", loc.gettext("Impact")),
                column(loc, "risk", loc.gettext("Risk")),
            ],
            [
                [
                    str(r.rank),
                    loc.name(r.subject),
                    r.harms[harm].likelihood_class.value,
                    r.harms[harm].impact_class.value,
                    risk_label(r.harms[harm].risk, loc),
                ]
                for r in rows
            ],
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
            links=[[None, f"subjects/{r.subject.id}", None, None, None] for r in rows],
        )
        unrated = insufficient(assessment.results, harm)
        not_applicable = len(assessment.results) - len(rows) - len(unrated)
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
        if unrated:
            section.notes.append(
                loc.gettext(
                    "{harm}: insufficient data for {count} subjects, whose likelihood rests on the method's defaults "
                    "alone; they are not placed in the diagram and not counted: {names}."
                ).format(harm=harm_name, count=len(unrated), names=loc.join(loc.name(r.subject) for r in unrated))
            )
    top = list(assessment.results[:TOP])
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("The {count} highest-ranked subjects").format(count=len(top)),
            [
                column(loc, "column_1", "#"),
                column(loc, "subject", loc.gettext("Subject")),
                column(loc, "interruption", loc.gettext("Interruption")),
                column(loc, "access", loc.gettext("Access")),
                column(loc, "risk", loc.gettext("Risk")),
                column(
                    loc,
                    "probability_in_the_top_k",
                    loc.gettext("Probability in the top {k}").format(
                        k=assessment.stability.top_k if assessment.stability else 10
                    ),
                    numeric=True,
                ),
            ],
            [
                [
                    str(r.rank),
                    loc.name(r.subject),
                    harm_cell(r.harms[Harm.INTERRUPTION], loc),
                    harm_cell(r.harms[Harm.ACCESS], loc),
                    subject_label(r, loc),
                    loc.percent(100 * r.uncertainty.p_top_k, qualifier="=") if r.uncertainty else "–",
                ]
                for r in top
            ],
            links=[[None, f"subjects/{r.subject.id}", None, None, None, None] for r in top],
        )
    )
    if assessment.stability is not None:
        section.notes.append(stability_text(assessment, dataset, loc))
    per_priority = table_of_rows(
        loc,
        loc.gettext("Highest risk per priority"),
        [
            column(loc, "priority", loc.gettext("Priority")),
            column(loc, "harm", loc.gettext("Harm")),
            column(loc, "highest_risk", loc.gettext("Highest risk")),
            column(loc, "subject", loc.gettext("Subject")),
            column(loc, "subjects", loc.gettext("Subjects"), numeric=True),
        ],
        [
            [
                loc.name(dataset.priorities[r.group]),
                loc.gettext(HARM_LABELS[r.harm]),
                loc.gettext(INSUFFICIENT) if r.risk is None and r.insufficient else risk_label(r.risk, loc),
                loc.name(dataset.subjects[r.worst]) if r.worst else "–",
                str(r.subjects),
            ]
            for r in rollups(assessment, dataset, "priority")
        ],
    )
    section.tables.append(per_priority)
    section.tables.append(coverage_table(assessment, dataset, loc, as_of or dt.date.today()))
    section.notes.extend(old_figures_notes(assessment, dataset, loc, as_of or dt.date.today()))
    agenda, explanations = agenda_checks(assessment, dataset, loc)
    section.tables.append(agenda)
    section.notes.extend(explanations)
    rated = [r for r in assessment.results if not r.insufficient]
    very_high = [r for r in rated if r.risk is RiskClass.VERY_HIGH]
    high = [r for r in rated if r.risk is RiskClass.HIGH]
    summary = [
        loc.gettext(
            "The risk engine ({method}) rates {very_high} subjects very high and {high} high; the highest-ranked are "
            "{names}."
        ).format(
            method=assessment.method.label,
            very_high=len(very_high),
            high=len(high),
            names=loc.join(loc.name(r.subject) for r in rated[:3]),
        ),
        coverage_statement(assessment, loc),
    ]
    return [section], summary


def _expectation(reading: AgendaReading, loc: Localizer) -> str:
    parts = []
    if reading.expected:
        low, high = reading.expected
        parts.append(loc.gettext("risk {low} to {high}").format(low=risk_label(low, loc), high=risk_label(high, loc)))
    if reading.expected_likelihood:
        low_l, high_l = reading.expected_likelihood
        parts.append(loc.gettext("likelihood {low}–{high}").format(low=low_l.value, high=high_l.value))
    if reading.expected_impact:
        low_i, high_i = reading.expected_impact
        parts.append(loc.gettext("impact {low}–{high}").format(low=low_i.value, high=high_i.value))
    return "; ".join(parts)


def agenda_checks(assessment: Assessment, dataset: Dataset, loc: Localizer) -> tuple[Table, list[str]]:
    """Every verdict of the agenda next to the engine's, and why the engine disagrees where it does."""
    rows: list[list[str]] = []
    links: list[list[str | None]] = []
    explanations: list[str] = []
    for c in compare_with_agenda(assessment, dataset):
        reading = c.reading
        target = f"subjects/{reading.subject}" if reading.subject and reading.subject in dataset.subjects else None
        links.append([target, None, None, None, None, None, None])
        if reading.subject and reading.subject in dataset.subjects:
            scope = loc.name(dataset.subjects[reading.subject])
        elif reading.priority and reading.priority in dataset.priorities:
            scope = loc.name(dataset.priorities[reading.priority])
        elif reading.layer and reading.layer in dataset.layers:
            scope = loc.name(dataset.layers[reading.layer])
        else:
            scope = reading.layer or reading.priority or ""
        engine = "–"
        if c.worst is not None and c.worst in dataset.subjects:
            engine = f"{loc.name(dataset.subjects[c.worst])}: {c.cell} {risk_label(c.engine, loc)}"
        rows.append(
            [
                scope,
                loc.gettext(HARM_LABELS[reading.harm]),
                f"“{reading.quote}” ({loc.gettext('p.')} {reading.page})",
                reading.reading_nl if loc.lang == "nl" and reading.reading_nl else reading.reading,
                _expectation(reading, loc),
                engine,
                loc.gettext(VERDICT_LABELS[c.verdict]),
            ]
        )
        if c.verdict in ("engine higher", "engine lower"):
            why = reading.explanation_nl if loc.lang == "nl" and reading.explanation_nl else reading.explanation
            explanations.append(
                loc.gettext("Where the engine and the agenda differ ({scope}): {why}").format(
                    scope=scope, why=why or loc.gettext("not yet explained")
                )
            )
    table = table_of_rows(
        loc,
        loc.gettext("The agenda's own verdicts next to the engine"),
        [
            column(loc, "priority_layer_or_subject", loc.gettext("Priority, layer or subject")),
            column(loc, "harm", loc.gettext("Harm")),
            column(loc, "the_agenda_says", loc.gettext("The agenda says")),
            column(loc, "reading", loc.gettext("Reading")),
            column(loc, "expected", loc.gettext("Expected")),
            column(loc, "engine", loc.gettext("Engine")),
            column(loc, "verdict", loc.gettext("Verdict")),
        ],
        rows,
        links=links,
    )
    return table, explanations


def coverage_statement(assessment: Assessment, loc: Localizer) -> str:
    """One sentence on what the interruption ratings rest on, for the summary and the dashboard."""
    bases = [r.harms[Harm.INTERRUPTION].coverage.basis for r in assessment.results]
    return loc.gettext(
        "Coverage: of {total} subjects, {sourced} rate interruption of supply mainly on sourced data, {partly} partly, "
        "{judgement} on judgements only; {insufficient} have insufficient data (the method's defaults alone) and are "
        "left out of the counts above."
    ).format(
        total=len(bases),
        sourced=bases.count(Basis.SOURCED),
        partly=bases.count(Basis.PARTLY),
        judgement=bases.count(Basis.JUDGEMENT),
        insufficient=sum(r.insufficient for r in assessment.results),
    )


def old_figures_notes(assessment: Assessment, dataset: Dataset, loc: Localizer, as_of: dt.date) -> list[str]:
    """Flag the figures older than the method's threshold, per subject, and say how many have no year."""
    max_age = assessment.method.reporting.figure_max_age_years
    flagged, undated = [], 0
    for r in sorted(assessment.results, key=lambda r: r.rank):
        ages = figure_ages(dataset, r.subject.id, as_of.year, max_age)
        undated += len(ages.undated)
        if ages.old:
            years = sorted({f.year_text for f in ages.old})
            flagged.append(
                loc.gettext("{subject}: {count} ({years})").format(
                    subject=loc.name(r.subject), count=len(ages.old), years=", ".join(years)
                )
            )
    notes = []
    if flagged:
        notes.append(
            loc.gettext(
                "Figures older than {years} years on {date} (method setting reporting.figure_max_age_years), per "
                "subject: {subjects}."
            ).format(years=max_age, date=loc.date(as_of), subjects="; ".join(flagged))
        )
    if undated:
        notes.append(loc.gettext("{count} figures state no year, and neither does their source.").format(count=undated))
    return notes


def coverage_table(assessment: Assessment, dataset: Dataset, loc: Localizer, as_of: dt.date) -> Table:
    """Per subject what each harm's rating rests on, its oldest figure, and the data that would settle it."""
    max_age = assessment.method.reporting.figure_max_age_years
    rows: list[list[str]] = []
    ids: list[list[str]] = []
    data: list[list[str | int | float | None]] = []
    for r in sorted(assessment.results, key=lambda r: r.rank):
        ages = figure_ages(dataset, r.subject.id, as_of.year, max_age)
        oldest = ages.oldest
        if oldest is None:
            oldest_text = "–"
        else:
            oldest_text = f"{oldest.year_text} ({oldest.kind} {oldest.id})"
            if oldest in ages.old:
                oldest_text += " · " + loc.gettext("older than {years} years").format(years=max_age)
        ids.append([r.subject.id])
        interruption, access = r.harms[Harm.INTERRUPTION], r.harms[Harm.ACCESS]
        needed = "; ".join(
            dict.fromkeys(
                loc.gettext(NEED_LABELS[need]) for outcome in (interruption, access) for need in outcome.coverage.needs
            )
        )
        rows.append(
            [
                str(r.rank),
                loc.name(r.subject),
                loc.gettext(BASIS_LABELS[interruption.coverage.basis]),
                loc.gettext(BASIS_LABELS[access.coverage.basis]),
                loc.percent(100 * interruption.coverage.data, qualifier="="),
                oldest_text,
                str(len(ages.old)),
                needed or "–",
            ]
        )
        data.append(
            [
                r.rank,
                loc.name(r.subject),
                interruption.coverage.basis.value,
                access.coverage.basis.value,
                round(interruption.coverage.data, 4),
                oldest.year if oldest else None,
                len(ages.old),
                needed,
            ]
        )
    return table_of_rows(
        loc,
        loc.gettext("Coverage: what each rating rests on, and the age of its figures"),
        [
            column(loc, "column_1", "#"),
            column(loc, "subject", loc.gettext("Subject")),
            column(loc, "interruption_rests_on", loc.gettext("Interruption rests on")),
            column(loc, "access_rests_on", loc.gettext("Access rests on")),
            column(
                loc, "sourced_share_of_the_likelihood", loc.gettext("Sourced share of the likelihood"), numeric=True
            ),
            column(loc, "oldest_figure", loc.gettext("Oldest figure")),
            column(
                loc,
                "figures_older_than_years_years",
                loc.gettext("Figures older than {years} years").format(years=max_age),
                numeric=True,
            ),
            column(loc, "data_that_would_settle_it", loc.gettext("Data that would settle it")),
        ],
        rows,
        data=data,
        links=[[None, f"subjects/{row[0]}", None, None, None, None, None, None] for row in ids],
    )


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
        coverage = assessment.get(subject).harms[harm.harm].coverage
        section.paragraphs.append(
            loc.gettext("{harm}: the likelihood rests on {basis} ({share} of its weight on sourced data).").format(
                harm=harm_name,
                basis=loc.gettext(BASIS_LABELS[coverage.basis]),
                share=loc.percent(100 * coverage.data),
            )
        )
        if harm.insufficient:
            section.paragraphs.append(
                loc.gettext(
                    "Insufficient data: every likelihood factor takes the method's default, so this class is no "
                    "finding. Data that would settle it: {needs}."
                ).format(needs="; ".join(loc.gettext(NEED_LABELS[need]) for need in coverage.needs))
            )
        section.tables.append(
            table_of_rows(
                loc,
                loc.gettext("Factors of {harm}").format(harm=harm_name),
                [
                    column(loc, "factor", loc.gettext("Factor")),
                    column(loc, "part", loc.gettext("Part")),
                    column(loc, "value", loc.gettext("Value"), numeric=True),
                    column(loc, "weight", loc.gettext("Weight"), numeric=True),
                    column(loc, "contribution", loc.gettext("Contribution"), numeric=True),
                    column(loc, "basis", loc.gettext("Basis")),
                    column(loc, "why", loc.gettext("Why")),
                    column(loc, "source", loc.gettext("Source")),
                ],
                [
                    [
                        loc.gettext(line.label),
                        loc.gettext(PART_LABELS.get(line.part, line.part)),
                        loc.number(line.value, 2),
                        loc.number(line.weight, 2),
                        loc.number(line.contribution, 3),
                        loc.gettext(FACTOR_BASIS_LABELS.get(line.basis, line.basis)),
                        loc.message(line.raw),
                        join("; ", (loc.message(source) for source in line.sources)),
                    ]
                    for line in harm.lines
                ],
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
        section.notes.extend(loc.message(change) for change in harm.changes)
    return section
