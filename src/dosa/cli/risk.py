# SPDX-License-Identifier: EUPL-1.2
"""``dosa risk`` and ``dosa crm``: parse options, call the risk engine, render. Nothing here computes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dosa.cli.context import state
from dosa.cli.options import FormatOption, OutputOption, resolve_format
from dosa.cli.output import Column, OutputFormat, emit
from dosa.errors import InputError, UnknownIdError
from dosa.model.vocab import LayerId
from dosa.risk import crm
from dosa.risk import crm_tables as tables
from dosa.risk.agenda import compare as compare_with_agenda
from dosa.risk.explain import HARM_LABELS, Explanation, explain
from dosa.risk.method import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    Harm,
    Level,
    Method,
    RiskClass,
    load_method,
    method_summary,
)
from dosa.risk.method import methods_dir as packaged_methods_dir
from dosa.risk.score import Assessment, SubjectResult, assess, rollups
from dosa.risk.score import insufficient as insufficient_results
from dosa.risk.score import matrix as risk_matrix
from dosa.risk.uncertainty import sensitivity

risk_app = typer.Typer(
    name="risk",
    help="Rank, explain and draw the risk of every strategic dependency, by the agenda's own definition.",
    no_args_is_help=False,
)
crm_app = typer.Typer(
    name="crm",
    help="The EU critical-raw-materials method (2017 guidelines), reproducing the published numbers.",
    no_args_is_help=True,
)

MethodOption = Annotated[
    str | None,
    typer.Option("--method", "-m", help="Method file (YAML), or a packaged method name. Default: dosa-risk-1.0.0."),
]
DrawsOption = Annotated[
    int | None, typer.Option("--draws", min=10, max=100_000, help="Monte Carlo draws (default: the method's).")
]
SeedOption = Annotated[int | None, typer.Option("--seed", help="Monte Carlo seed (default: the method's).")]
COLOURS = {
    RiskClass.LOW: "green",
    RiskClass.MEDIUM: "yellow",
    RiskClass.HIGH: "dark_orange",
    RiskClass.VERY_HIGH: "red",
}

err = Console(stderr=True)


def _assessment(method_file: str | None, draws: int | None, seed: int | None) -> Assessment:
    dataset = state.dataset()
    method = load_method(method_file)
    return assess(dataset, method, draws=draws, seed=seed)


def _title(what: str, method: Method) -> str:
    return f"{what} · method {method.label} · {dt.date.today().isoformat()}"


def _harm_columns(harm: Harm) -> list[Column]:
    h = harm.value

    def interval(r: SubjectResult, part: str, end: int) -> float | None:
        if r.uncertainty is None:
            return None
        u = r.uncertainty.harms[harm]
        return round((u.likelihood if part == "likelihood" else u.impact)[end], 4)

    return [
        Column(f"{h}_likelihood", lambda r: r.harms[harm].likelihood_class),
        Column(f"{h}_impact", lambda r: r.harms[harm].impact_class),
        Column(f"{h}_cell", lambda r: r.harms[harm].cell),
        Column(f"{h}_likelihood_data", lambda r: round(r.harms[harm].likelihood.coverage, 4)),
        Column(f"{h}_basis", lambda r: r.harms[harm].coverage.basis),
        Column(f"{h}_sourced_share", lambda r: round(r.harms[harm].coverage.data, 4)),
        Column(f"{h}_insufficient_data", lambda r: r.harms[harm].coverage.insufficient),
        Column(f"{h}_data_needed", lambda r: list(r.harms[harm].coverage.needs_text)),
        Column(f"{h}_risk", lambda r: r.harms[harm].risk),
        Column(f"{h}_likelihood_score", lambda r: round(r.harms[harm].likelihood.value, 4)),
        Column(f"{h}_likelihood_low", lambda r: interval(r, "likelihood", 0)),
        Column(f"{h}_likelihood_high", lambda r: interval(r, "likelihood", 1)),
        Column(f"{h}_impact_score", lambda r: round(r.harms[harm].impact.value, 4)),
        Column(f"{h}_impact_low", lambda r: interval(r, "impact", 0)),
        Column(f"{h}_impact_high", lambda r: interval(r, "impact", 1)),
    ]


def _compact(harm: Harm) -> Column:
    def cell(r: SubjectResult) -> str:
        outcome = r.harms[harm]
        if not outcome.applicable:
            return "X (n/a)"
        if outcome.coverage.insufficient:
            return "insufficient data"
        return f"{outcome.likelihood_class.value}×{outcome.impact_class.value} {outcome.risk.value}"

    return Column(harm.value, cell, label_en=f"{harm.value} L×I risk")


def _basis_cell(r: SubjectResult) -> str:
    """What each harm's likelihood rests on: sourced / partly / judgement / defaults."""
    return " / ".join(r.harms[harm].coverage.basis.value for harm in Harm)


def rank_columns(full: bool) -> list[Column]:
    if not full:
        return [
            Column("rank", lambda r: r.rank, label_en="#"),
            Column("subject", lambda r: r.subject.id, wrap=True),
            Column("layer", lambda r: r.subject.layer, wrap=True),
            _compact(Harm.INTERRUPTION),
            _compact(Harm.ACCESS),
            Column("p_top_k", lambda r: f"{r.uncertainty.p_top_k:.0%}" if r.uncertainty else "", label_en="P(top k)"),
            Column("data", lambda r: f"{r.harms[Harm.INTERRUPTION].likelihood.coverage:.0%}", label_en="L data"),
            Column("basis", _basis_cell, label_en="rests on (I/A)", wrap=True),
            Column("crma_65", lambda r: {True: "exceeds", False: "within", None: ""}[r.crma_65], label_en="CRMA 65 %"),
        ]
    columns = [
        Column("rank", lambda r: r.rank),
        Column("subject", lambda r: r.subject.id),
        Column("name", lambda r: getattr(r.subject, f"name_{state.lang}")),
        Column("layer", lambda r: r.subject.layer),
        Column("priorities", lambda r: r.subject.priorities),
        *_harm_columns(Harm.INTERRUPTION),
        *_harm_columns(Harm.ACCESS),
        Column("risk", lambda r: r.risk),
        Column("insufficient_data", lambda r: r.insufficient),
        Column("p_top_k", lambda r: round(r.uncertainty.p_top_k, 3) if r.uncertainty else None),
        Column("crma_65", lambda r: {True: "exceeds", False: "within", None: ""}[r.crma_65]),
        Column("rank_low", lambda r: r.uncertainty.rank[0] if r.uncertainty else None),
        Column("rank_high", lambda r: r.uncertainty.rank[1] if r.uncertainty else None),
        Column("method_version", lambda r: r.method_label),
    ]
    return columns


@risk_app.callback(invoke_without_command=True)
def rank(
    ctx: typer.Context,
    layer: Annotated[LayerId | None, typer.Option(help="Only subjects in this layer.")] = None,
    priority: Annotated[str | None, typer.Option(help="Only subjects of this priority id.")] = None,
    risk_class: Annotated[
        list[RiskClass] | None, typer.Option("--class", help="Only subjects in this risk class; repeat for several.")
    ] = None,
    harm: Annotated[Harm | None, typer.Option(help="Apply --class to this harm only (default: the higher).")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    method: MethodOption = None,
    draws: DrawsOption = None,
    seed: SeedOption = None,
) -> None:
    """Rank every subject by risk, for interruption of supply and for third-party access.

    Likelihood (L) and impact (I) are classes A-E of Dutch national risk assessment; the risk class is
    read from the L x I diagram. P(top k) is the share of Monte Carlo draws in which the subject is in
    the top k. Every row carries the method and dataset version.
    """
    fmt = resolve_format(fmt, output)
    if ctx.invoked_subcommand is not None:
        return
    dataset = state.dataset()
    if priority is not None and priority not in dataset.priorities:
        raise UnknownIdError(f"unknown priority '{priority}'", hint=f"known: {', '.join(sorted(dataset.priorities))}")
    assessment = _assessment(method, draws, seed)

    def keep(r: SubjectResult) -> bool:
        chosen = r.harms[harm].risk if harm else r.risk
        return (
            (layer is None or r.subject.layer == layer)
            and (priority is None or priority in r.subject.priorities)
            and (not risk_class or chosen in risk_class)
        )

    items = [r for r in assessment.results if keep(r)]
    table = fmt is OutputFormat.TABLE
    emit(
        items,
        rank_columns(full=not table),
        fmt=fmt,
        output=output,
        title=_title("DOSA risk ranking", assessment.method),
        version=assessment.dataset_label,
    )
    if assessment.stability is not None and not state.quiet:
        (Console() if table and output is None else err).print(assessment.stability.statement)


def _explanation_record(explanation: Explanation) -> dict[str, Any]:
    record = asdict(explanation)
    record["dataset_version"] = explanation.dataset_label
    record["method_version"] = explanation.method_label
    plain: dict[str, Any] = json.loads(json.dumps(record, default=str))
    return plain


@risk_app.command("explain")
def explain_command(
    subject: Annotated[str, typer.Argument(help="Subject id, e.g. gallium.")],
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    method: MethodOption = None,
    draws: DrawsOption = None,
    seed: SeedOption = None,
) -> None:
    """Every factor behind a score: figure, value, weight, contribution, source; what would change the class."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    if subject not in dataset.subjects:
        import difflib

        close = difflib.get_close_matches(subject, list(dataset.subjects), n=3)
        raise UnknownIdError(
            f"no subject '{subject}'",
            hint=f"did you mean {', '.join(close)}?" if close else "list them with 'dosa subjects'",
        )
    assessment = _assessment(method, draws, seed)
    explanation = explain(assessment, dataset, subject)
    if fmt is OutputFormat.JSON:
        text = json.dumps(_explanation_record(explanation), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
        return
    if fmt in (OutputFormat.CSV, OutputFormat.XLSX):
        columns = [
            Column("subject", lambda _: explanation.subject),
            Column("harm", lambda line: line.harm),
            Column("part", lambda line: line.part),
            Column("stage", lambda line: line.stage),
            Column("factor", lambda line: line.factor),
            Column("label", lambda line: line.label),
            Column("raw", lambda line: line.raw),
            Column("value", lambda line: None if line.value is None else round(line.value, 4)),
            Column("low", lambda line: None if line.low is None else round(line.low, 4)),
            Column("high", lambda line: None if line.high is None else round(line.high, 4)),
            Column("weight", lambda line: line.weight),
            Column("contribution", lambda line: None if line.contribution is None else round(line.contribution, 4)),
            Column("basis", lambda line: line.basis),
            Column("sources", lambda line: list(line.sources)),
            Column("method_version", lambda _: explanation.method_label),
        ]
        emit(explanation.lines, columns, fmt=fmt, output=output, title="explanation", version=explanation.dataset_label)
        return
    console = Console(record=output is not None, width=160 if output is not None else None)
    _print_explanation(console, explanation)
    if output is not None:
        output.write_text(console.export_text(), encoding="utf-8")


def _print_explanation(console: Console, explanation: Explanation) -> None:
    console.print(
        f"[bold]{explanation.name}[/] ({explanation.subject}) · layer {explanation.layer} · "
        f"priorities {', '.join(explanation.priorities)} · rank {explanation.rank} of {explanation.of}"
    )
    console.print(f"[dim]method {explanation.method_label} · dataset {explanation.dataset_label}[/]")
    if explanation.stability:
        console.print(f"[dim]{explanation.stability}[/]")
    for harm in explanation.harms:
        console.print()
        risk = RiskClass(harm.risk)
        console.print(
            Text.assemble(
                (HARM_LABELS[harm.harm].capitalize(), "bold"),
                f": likelihood {harm.likelihood_class.value} ({LIKELIHOOD_LABELS[harm.likelihood_class]}, "
                f"{harm.likelihood:.2f}), impact {harm.impact_class.value} ({IMPACT_LABELS[harm.impact_class]}, "
                f"{harm.impact:.2f}), cell {harm.cell} → risk ",
                (risk.value, f"bold {COLOURS[risk]}"),
            )
        )
        if harm.interval:
            console.print(f"  [dim]{harm.interval}[/]")
        table = Table(show_lines=False, expand=True)
        for title, ratio in (("part", 1), ("factor", 2), ("figure", 5), ("value", 1), ("weight", 1), ("contrib.", 1)):
            table.add_column(title, ratio=ratio, overflow="fold")
        table.add_column("basis · source", ratio=5, overflow="fold")
        for line in harm.lines:
            value = "" if line.value is None else f"{line.value:.2f}"
            if line.low is not None and line.high is not None and line.low != line.high:
                value += f" [{line.low:.2f}-{line.high:.2f}]"
            table.add_row(
                line.part,
                line.factor,
                line.raw,
                value,
                "" if line.weight is None else f"{line.weight:g}",
                "" if line.contribution is None else f"{line.contribution:.3f}",
                f"{line.basis}: " + " · ".join(line.sources),
            )
        console.print(table)
        for change in harm.changes:
            console.print(f"  • {change}")
    if explanation.indicators:
        console.print()
        table = Table(title="Indicators per stage (reported, not weighted)", expand=True)
        for title in ("stage", "indicator", "value", "source"):
            table.add_column(title, overflow="fold")
        for line in explanation.indicators:
            table.add_row(line.stage or "", line.label, line.raw, " · ".join(line.sources))
        console.print(table)


@risk_app.command("matrix")
def matrix(
    harm: Annotated[Harm, typer.Option(help="Which harm to draw.")] = Harm.INTERRUPTION,
    layer: Annotated[LayerId | None, typer.Option(help="Only subjects in this layer.")] = None,
    priority: Annotated[str | None, typer.Option(help="Only subjects of this priority id.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    method: MethodOption = None,
) -> None:
    """The risk diagram: likelihood A-E up, impact A-E across, each subject in its cell."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    assessment = assess(dataset, load_method(method), uncertainty=False)
    results = [
        r
        for r in assessment.results
        if (layer is None or r.subject.layer == layer) and (priority is None or priority in r.subject.priorities)
    ]
    cells = risk_matrix(assessment, harm, results)
    if fmt is not OutputFormat.TABLE:
        columns = [
            Column("harm", lambda c: c.harm),
            Column("likelihood", lambda c: c.likelihood),
            Column("impact", lambda c: c.impact),
            Column("risk", lambda c: c.risk),
            Column("count", lambda c: c.count),
            Column("subjects", lambda c: list(c.subjects)),
            Column("method_version", lambda _: assessment.method.label),
        ]
        emit(cells, columns, fmt=fmt, output=output, title="risk matrix", version=assessment.dataset_label)
        return
    console = Console(record=output is not None, width=160 if output is not None else None)
    table = Table(
        title=f"{HARM_LABELS[harm].capitalize()} · {_title('risk diagram', assessment.method)}",
        caption=f"{len(results)} subjects · dataset {assessment.dataset_label} · "
        + " ".join(f"[{COLOURS[c]}]■[/] {c.value}" for c in RiskClass),
        show_lines=True,
    )
    table.add_column("L ↓  I →", style="bold")
    for impact in Level:
        table.add_column(f"{impact.value} {IMPACT_LABELS[impact]}", overflow="fold")
    for likelihood in reversed(Level):
        row: list[str | Text] = [f"{likelihood.value} {LIKELIHOOD_LABELS[likelihood]}"]
        for cell in cells:
            if cell.likelihood != likelihood:
                continue
            shown = cell.subjects[:6]
            more = f" +{cell.count - len(shown)}" if cell.count > len(shown) else ""
            body = ", ".join(shown) + more if shown else "·"
            row.append(Text(f"{cell.risk.value}\n{body}", style=COLOURS[cell.risk]))
        table.add_row(*row)
    console.print(table)
    absent = [r.subject.id for r in results if not r.harms[harm].applicable]
    if absent:
        console.print(f"Not applicable (X: the likelihood is 0 in every range): {', '.join(absent)}")
    unrated = [r.subject.id for r in insufficient_results(results, harm)]
    if unrated:
        console.print(
            f"Insufficient data (likelihood on the method's defaults alone, not placed): {', '.join(unrated)}"
        )
    if output is not None:
        output.write_text(console.export_text(), encoding="utf-8")


@risk_app.command("agenda")
def agenda_command(
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    method: MethodOption = None,
) -> None:
    """The engine next to the agenda's own assessment of each specific priority, quote by quote."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    assessment = assess(dataset, load_method(method), uncertainty=False)
    rows = compare_with_agenda(assessment, dataset)
    columns = [
        Column("priority", lambda c: c.reading.priority),
        Column("harm", lambda c: c.reading.harm),
        Column("expected", lambda c: "-".join(r.value for r in c.reading.expected)),
        Column("engine", lambda c: c.engine),
        Column("worst", lambda c: c.worst),
        Column("cell", lambda c: c.cell),
        Column("data", lambda c: "" if c.coverage is None else f"{c.coverage:.0%}", label_en="L data"),
        Column("verdict", lambda c: c.verdict),
    ]
    if fmt is not OutputFormat.TABLE:
        columns += [
            Column("agenda", lambda c: c.reading.reading),
            Column("quote", lambda c: c.reading.quote),
            Column("agenda_line", lambda c: c.reading.line),
            Column("method_version", lambda _: assessment.method.label),
        ]
    title = _title("Engine and agenda", assessment.method)
    emit(rows, columns, fmt=fmt, output=output, title=title, version=assessment.dataset_label)


def _count_column(risk: RiskClass) -> Column:
    return Column(risk.value, lambda r: r.counts[risk])


def _key_column(name: str, wrap: bool = False) -> Column:
    return Column(name, lambda r: r[name], wrap=wrap)


@risk_app.command("rollup")
def rollup(
    by: Annotated[str, typer.Option(help="priority or layer.")] = "priority",
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    method: MethodOption = None,
) -> None:
    """Per priority or per layer and harm: the worst subject, its cell and risk class, and the count per class."""
    fmt = resolve_format(fmt, output)
    if by not in ("priority", "layer"):
        raise InputError(f"cannot roll up by '{by}'", hint="use --by priority or --by layer")
    dataset = state.dataset()
    assessment = assess(dataset, load_method(method), uncertainty=False)
    rows = rollups(assessment, dataset, by)
    columns = [
        Column(by, lambda r: r.group),
        Column("harm", lambda r: r.harm),
        Column("subjects", lambda r: r.subjects),
        Column("worst", lambda r: r.worst),
        Column("cell", lambda r: r.cell),
        Column("risk", lambda r: r.risk),
        *[_count_column(c) for c in RiskClass],
        Column("insufficient_data", lambda r: r.insufficient),
        Column("method_version", lambda _: assessment.method.label),
    ]
    emit(
        rows,
        columns,
        fmt=fmt,
        output=output,
        title=_title(f"Risk per {by}", assessment.method),
        version=assessment.dataset_label,
    )


@risk_app.command("sensitivity")
def sensitivity_command(
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    method: MethodOption = None,
) -> None:
    """Which weight moves the ranking most: each weight set to the ends of its range, all else fixed."""
    fmt = resolve_format(fmt, output)
    dataset = state.dataset()
    assessment = assess(dataset, load_method(method), uncertainty=False)
    rows = sensitivity(assessment)
    columns = [
        Column("harm", lambda r: r.harm),
        Column("part", lambda r: r.part),
        Column("weight_of", lambda r: r.name, label_en="weight of"),
        Column("weight", lambda r: r.weight),
        Column("range", lambda r: f"{r.low:g}-{r.high:g}"),
        Column("mean_rank_shift", lambda r: round(r.mean_rank_shift, 3)),
        Column("max_rank_shift", lambda r: r.max_rank_shift),
        Column("class_changes", lambda r: r.class_changes),
        Column("method_version", lambda _: assessment.method.label),
    ]
    emit(
        rows,
        columns,
        fmt=fmt,
        output=output,
        title=_title("Weight sensitivity", assessment.method),
        version=assessment.dataset_label,
    )


@risk_app.command("method")
def method_command(
    method: MethodOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Check a method file and list its weights (default: the packaged method)."""
    fmt = resolve_format(fmt, output)
    chosen = load_method(method)
    rows = method_summary(chosen)
    columns = [_key_column(name, wrap=name == "rationale") for name in rows[0]]
    emit(rows, columns, fmt=fmt, output=output, title=f"Method {chosen.label}", version=chosen.label)
    if not state.quiet:
        err.print(f"{chosen.label}: valid · packaged methods in {packaged_methods_dir()}")


# -- dosa crm -------------------------------------------------------------------------------------

TableOption = Annotated[str | None, typer.Option(help="CSV file or packaged table name.")]


def _scope_value(result: crm.CrmResult, scope: str) -> float | None:
    found = result.scopes.get(scope)
    return round(found.value, 3) if found else None


def _assessment_columns(national: bool, full: bool) -> list[Column]:
    sourcing = "NL" if national else "EU"
    both = f"GS+{sourcing}"
    if not full:
        return [
            Column("material", lambda r: r.input.material, wrap=True),
            Column("stage", lambda r: r.input.stage, wrap=True),
            Column("scope", lambda r: r.scope_used),
            Column("sr", lambda r: f"{r.sr.value:.2f}" if r.sr else "", label_en="SR"),
            Column("sr_range", lambda r: f"{r.sr.low:.2f}-{r.sr.high:.2f}" if r.sr else "", label_en="SR range"),
            Column("sr_published", lambda r: r.input.published.get("sr"), label_en="SR pub."),
            Column("ei", lambda r: None if r.ei is None else round(r.ei, 2), label_en="EI"),
            Column("critical", lambda r: r.critical),
            Column("critical_published", lambda r: r.published_critical, label_en="pub."),
            Column("agrees", lambda r: r.agrees),
        ]
    columns = [
        Column("material", lambda r: r.input.material),
        Column("stage", lambda r: r.input.stage),
        Column("scope", lambda r: r.scope_used),
        Column("sr", lambda r: round(r.sr.value, 3) if r.sr else None, label_en="SR"),
        Column("sr_low", lambda r: round(r.sr.low, 3) if r.sr else None, label_en="SR low"),
        Column("sr_high", lambda r: round(r.sr.high, 3) if r.sr else None, label_en="SR high"),
        Column("sr_published", lambda r: r.input.published.get("sr"), label_en="SR pub."),
        Column("sr_gs_only", lambda r: _scope_value(r, "GS"), label_en="SR GS"),
        Column("sr_gs_only_published", lambda r: r.input.published.get("sr_GS"), label_en="pub."),
        Column(f"sr_{sourcing.lower()}_only", lambda r: _scope_value(r, sourcing), label_en=f"SR {sourcing}"),
        Column(
            f"sr_{sourcing.lower()}_only_published", lambda r: r.input.published.get(f"sr_{sourcing}"), label_en="pub."
        ),
        Column(f"sr_gs_and_{sourcing.lower()}", lambda r: _scope_value(r, both), label_en=f"SR {both}"),
        Column(
            f"sr_gs_and_{sourcing.lower()}_published", lambda r: r.input.published.get(f"sr_{both}"), label_en="pub."
        ),
        Column("ei", lambda r: None if r.ei is None else round(r.ei, 3), label_en="EI"),
        Column("critical", lambda r: r.critical),
        Column("critical_published", lambda r: r.published_critical, label_en="crit. pub."),
        Column("agrees", lambda r: r.agrees),
        Column("bottleneck", lambda r: "yes" if r.bottleneck else "no"),
    ]
    return columns


def _share_columns(national: bool, full: bool) -> list[Column]:
    sourcing = "NL" if national else "EU"

    def largest(pair: tuple[str, float] | None) -> str:
        return f"{pair[0]} {pair[1]:g} %" if pair else ""

    def flag(value: bool | None) -> str:
        return {True: "exceeds", False: "within", None: ""}[value]

    if not full:
        return [
            Column("material", lambda r: r.material),
            Column("stage", lambda r: r.stage),
            Column("largest_third_country", lambda r: largest(r.largest_third_country), label_en="largest 3rd (GS)"),
            Column("crma_65_global", lambda r: flag(r.crma_65_global), label_en="65 % GS"),
            Column("crma_65_sourcing", lambda r: flag(r.crma_65_sourcing), label_en=f"65 % {sourcing}"),
            Column("crma_domestic", lambda r: r.crma_domestic, label_en="10/40 %"),
            Column("sr", lambda r: f"{r.result.sr.value:.2f}" if r.result and r.result.sr else "", label_en="SR"),
            Column("critical", lambda r: r.result.critical if r.result else ""),
        ]
    return [
        Column("material", lambda r: r.material),
        Column("stage", lambda r: r.stage),
        Column("countries", lambda r: r.countries),
        Column("hhi", lambda r: round(r.hhi, 4), label_en="HHI (unweighted)"),
        Column("hhi_wgi_t_gs", lambda r: _hhi(r, "GS"), label_en="HHI_WGI_t GS"),
        Column(f"hhi_wgi_t_{sourcing.lower()}", lambda r: _hhi(r, sourcing), label_en=f"HHI_WGI_t {sourcing}"),
        Column(
            "largest_third_country", lambda r: largest(r.largest_third_country), label_en="largest 3rd country (GS)"
        ),
        Column("crma_65_global", lambda r: flag(r.crma_65_global), label_en="65 % (GS, proxy)"),
        Column(
            "sourcing_largest_third_country",
            lambda r: largest(r.sourcing_largest_third_country),
            label_en=f"largest 3rd ({sourcing})",
        ),
        Column("crma_65_sourcing", lambda r: flag(r.crma_65_sourcing), label_en=f"65 % ({sourcing})"),
        Column("sourcing_from_eu", lambda r: r.sourcing_from_eu, label_en="EU-sourced %"),
        Column("crma_domestic", lambda r: r.crma_domestic, label_en="10/40 % (approx.)"),
        Column("crma_recycling", lambda r: r.crma_recycling, label_en="25 % recycling"),
        Column("sr", lambda r: round(r.result.sr.value, 3) if r.result and r.result.sr else None, label_en="SR"),
        Column("scope", lambda r: r.result.scope_used if r.result else None),
        Column("ei", lambda r: round(r.result.ei, 3) if r.result and r.result.ei is not None else None, label_en="EI"),
        Column("critical", lambda r: r.result.critical if r.result else None),
        Column("bottleneck", lambda r: ("yes" if r.result.bottleneck else "no") if r.result else None),
        Column("missing_governance", lambda r: list(r.missing_governance), label_en="no WGI for"),
    ]


def _hhi(row: tables.ShareRow, scope: str) -> float | None:
    value = row.hhi_wgi_t_gs if scope == "GS" else row.hhi_wgi_t_sourcing
    return round(value, 3) if value is not None else None


@crm_app.command("score")
def crm_score(
    file: Annotated[
        str,
        typer.Argument(
            help=f"CSV of assessment rows or country shares, or a packaged table: {', '.join(tables.PACKAGED)}."
        ),
    ] = "eu-crm-2017-examples",
    sourcing: TableOption = None,
    governance: TableOption = None,
    params: TableOption = None,
    end_uses: TableOption = None,
    national: Annotated[
        bool, typer.Option("--national", help="National variant: Dutch sourcing in place of EU sourcing.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Score raw materials by the EU method: SR for each supply scope, EI, criticality, next to the published values.

    With assessment rows (the 2017 study's layout) dosa recomputes SR from the published HHIs. With
    country shares (the 2023 study's layout) it computes the HHIs itself: --governance gives WGI values
    (country, wgi), --sourcing the EU (or, with --national, Dutch) sourcing shares, --params the
    per-material IR, EoL-RIR and substitution indices, --end-uses the end-use shares for EI; it also
    checks the Critical Raw Materials Act benchmarks where the data allow.
    """
    fmt = resolve_format(fmt, output)
    table = tables.read_table(tables.resolve_table(file))
    kind = tables.layout(table)
    version = f"{table.name} · EC 2017 CRM method"
    if kind == "assessment":
        if any(option is not None for option in (sourcing, governance, params, end_uses)):
            raise InputError(
                "--sourcing, --governance, --params and --end-uses apply to a country-share table",
                hint="assessment rows already hold the HHIs and parameters",
            )
        results = crm.mark_bottlenecks([crm.assess_material(i) for i in tables.assessment_inputs(table, national)])
        full = fmt is not OutputFormat.TABLE
        emit(
            results,
            _assessment_columns(national, full),
            fmt=fmt,
            output=output,
            title="EU CRM assessment",
            version=version,
        )
        return
    global_supply = tables.read_shares(table)
    sourcing_shares = tables.read_shares(tables.read_table(tables.resolve_table(sourcing))) if sourcing else None
    governance_values = (
        tables.read_governance(tables.read_table(tables.resolve_table(governance))) if governance else None
    )
    parameters = tables.read_parameters(tables.read_table(tables.resolve_table(params))) if params else None
    uses = tables.read_end_uses(tables.read_table(tables.resolve_table(end_uses))) if end_uses else None
    rows = tables.score_shares(global_supply, sourcing_shares, governance_values, parameters, uses, national)
    columns = _share_columns(national, fmt is not OutputFormat.TABLE)
    if fmt is OutputFormat.TABLE and not any(row.result for row in rows):
        columns = [c for c in columns if c.key not in ("sr", "critical")]
    emit(rows, columns, fmt=fmt, output=output, title="EU CRM from country shares", version=version)
    if not state.quiet and governance_values is None:
        err.print("No governance (WGI) values given: SR is not computed. Pass --governance FILE (country, wgi).")
