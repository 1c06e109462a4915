# SPDX-License-Identifier: EUPL-1.2
"""CLI for the portfolio store: ``dosa portfolio export|import|where-used|concentration|prevalence|exposure|compact``.

Thin: parse options, call :mod:`dosa.portfolio`, render in dosa's output vocabulary
(``--format``/``--output``). Every analysis runs on DuckDB (default) or Spark (``--engine spark``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dosa.cli.inventory import err, inventory_table, outcome_row, read_inventory_files, render
from dosa.cli.options import DatasetOption, DbOption, FormatOption, OutputOption
from dosa.cli.output import OutputFormat
from dosa.inventory.importer import FileOutcome, Status
from dosa.inventory.sbom.reading import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from dosa.portfolio.engines import Engine

portfolio_app = typer.Typer(
    help="Portfolio store: many organisations' inventories as Parquet, analysed on DuckDB or Spark.",
    no_args_is_help=True,
)

StoreOption = Annotated[
    Path,
    typer.Option("--store", "-s", envvar="DOSA_PORTFOLIO", help="Portfolio store folder (Parquet files)."),
]
ReadStoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        envvar="DOSA_PORTFOLIO",
        help="Portfolio store folder, or for Spark a URL (s3a://…, abfss://…, hdfs://…, file://…).",
    ),
]
EngineOption = Annotated[str, typer.Option("--engine", "-e", help="duckdb (embedded, default) or spark.")]
MasterOption = Annotated[
    str | None,
    typer.Option("--master", help="Spark master URL (default local[2]), e.g. spark://host:7077 or yarn."),
]
CurrentOption = Annotated[bool, typer.Option("--current/--all-versions", help="Only each subject's current SBOM.")]


IMPORT_COLUMNS: tuple[str, ...] = ("file", "status", "kind", "format", "spec_version", "components", "subject")
IMPORT_COLUMNS += ("subject_version", "added", "removed", "changed", "warnings", "detail")
SUMMARY_COLUMNS: tuple[str, ...] = ("dimension", "basis", "organisations", "weight", "unknown", "coverage_pct")
SUMMARY_COLUMNS += ("hhi", "top1_pct", "top3_pct")


@contextmanager
def _engine(name: str, store: str, master: str | None) -> Iterator[Engine]:
    from dosa.portfolio.engines import open_engine

    engine = open_engine(name, store, master=master)
    try:
        yield engine
    finally:
        engine.close()


@portfolio_app.command("import")
def import_command(
    paths: Annotated[list[Path], typer.Argument(help="SBOM files, service inventories, or folders of them.")],
    store: StoreOption,
    organisation: Annotated[str, typer.Option("--organisation", "-O", help="Organisation the files belong to.")],
    project: Annotated[str, typer.Option("--project", "-p", help="Project (portfolio unit) to use.")] = "default",
    bulk: Annotated[bool, typer.Option("--bulk", help="Write Parquet directly, no operational store.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parsing processes (default: CPUs, at most 4).")] = 0,
    strict: Annotated[bool, typer.Option(help="Also run the reference validators; reject files that fail.")] = False,
    max_size: Annotated[
        int, typer.Option(help="Largest accepted document in MiB (after decompression).")
    ] = DEFAULT_MAX_BYTES // (1024 * 1024),
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Import SBOMs and service inventories straight into the portfolio store (--bulk)."""
    from dosa.errors import InputError
    from dosa.portfolio.bulk import bulk_import, default_jobs

    if not bulk:
        raise InputError(
            "the portfolio store is written in bulk only",
            hint="add --bulk, or import into the operational store (dosa inventory import) and run "
            "dosa portfolio export",
        )
    summary = bulk_import(
        store,
        paths,
        organisation,
        project,
        jobs=jobs or default_jobs(),
        strict=strict,
        max_bytes=max_size * 1024 * 1024,
    )
    columns = IMPORT_COLUMNS
    rows = [outcome_row(o) for o in summary.outcomes]
    render([inventory_table("import", f"Bulk import into {organisation}/{project}", columns, rows)], fmt, output)
    _summary_line(summary.outcomes)
    if not summary.ok:
        raise typer.Exit(1)


def _summary_line(outcomes: list[FileOutcome]) -> None:
    counts = {status: sum(1 for o in outcomes if o.status is status) for status in Status}
    err.print(
        f"{counts[Status.IMPORTED]} imported, {counts[Status.UPDATED]} updated, "
        f"{counts[Status.UNCHANGED]} unchanged, {counts[Status.REJECTED]} rejected",
        highlight=False,
    )
    for outcome in outcomes:
        if outcome.status is Status.REJECTED:
            err.print(outcome.error, highlight=False, markup=False)


@portfolio_app.command("export")
def export_command(
    store: StoreOption,
    project: Annotated[str | None, typer.Option("--project", "-p", help="Only this project.")] = None,
    organisation: Annotated[
        str | None, typer.Option("--organisation", "-O", help="Organisation (default: the project's name).")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Copy the operational store (SQLite/PostgreSQL) into the portfolio store, project by project."""
    from dosa.portfolio.export import export_project, export_store

    operational = read_inventory_files(db)
    done = (
        [export_project(operational, store, project, organisation)]
        if project
        else export_store(operational, store, organisation)
    )
    columns = ("organisation", "project", "sboms", "components", "dependencies", "services")
    render(
        [inventory_table("export", "Exported to the portfolio store", columns, [astuple(d) for d in done])], fmt, output
    )


@portfolio_app.command("where-used")
def where_used_command(
    query: Annotated[str, typer.Argument(help="A purl (pkg:…[@version]), group:name, or a name[@version].")],
    store: ReadStoreOption,
    version_range: Annotated[
        str | None,
        typer.Option("--range", help="Version range, e.g. '<2.17.1', '>=2.0.0|<2.17.1' or 'vers:maven/<2.17.1'."),
    ] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", "-O", help="Only this organisation.")] = None,
    project: Annotated[str | None, typer.Option("--project", "-p", help="Only this project.")] = None,
    current: Annotated[bool, typer.Option(help="Only the current SBOM of each subject.")] = False,
    engine: EngineOption = "duckdb",
    master: MasterOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Where is a component used, across every organisation of the portfolio."""
    from dosa.inventory.where_used import Hit, parse_query
    from dosa.portfolio.analyses import where_used

    parsed = parse_query(query, version_range)
    with _engine(engine, store, master) as running:
        result = where_used(running, parsed, organisation=organisation, project=project, current_only=current)
    columns = ("organisation", *Hit.__dataclass_fields__)
    rows = [tuple(getattr(h, c) for c in columns) for h in result.hits]
    render([inventory_table("where_used", f"Where '{query}' is used", columns, rows)], fmt, output)
    if result.uncomparable:
        versions = sorted({h.version for h in result.uncomparable})
        err.print(
            f"{len(result.uncomparable)} match(es) have versions that cannot be compared with the range: "
            f"{', '.join(versions[:10])}",
            highlight=False,
            markup=False,
        )


@portfolio_app.command("prevalence")
def prevalence_command(
    store: ReadStoreOption,
    top: Annotated[int, typer.Option("--top", help="How many packages.")] = 50,
    organisation: Annotated[str | None, typer.Option("--organisation", "-O", help="Only this organisation.")] = None,
    current: CurrentOption = True,
    engine: EngineOption = "duckdb",
    master: MasterOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """The components found in the most organisations."""
    from dosa.portfolio.analyses import Prevalence, prevalence

    with _engine(engine, store, master) as running:
        rows = prevalence(running, top=top, organisation=organisation, current_only=current)
        columns = tuple(Prevalence.__dataclass_fields__)
        render(
            [inventory_table("prevalence", "Component prevalence", columns, [astuple(r) for r in rows])], fmt, output
        )


@portfolio_app.command("concentration")
def concentration_command(
    store: ReadStoreOption,
    dimension: Annotated[str, typer.Option("--by", help="vendor, group, jurisdiction or cloud.")] = "vendor",
    basis: Annotated[str, typer.Option("--basis", help="components or services.")] = "components",
    mapping: Annotated[
        list[Path] | None,
        typer.Option("--mapping", help="Vendor mapping table (CSV/YAML: match, supplier or country, …); repeatable."),
    ] = None,
    dataset: DatasetOption = None,
    current: CurrentOption = True,
    section: Annotated[str | None, typer.Option(help="Only this table: summary or shares (needed for CSV).")] = None,
    engine: EngineOption = "duckdb",
    master: MasterOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Concentration by vendor, group, jurisdiction or cloud provider across organisations (HHI, top shares)."""
    from dosa.cli.inventory import inventory_dataset
    from dosa.inventory.mapping import load_vendor_map
    from dosa.portfolio.analyses import concentration_across

    data = inventory_dataset(dataset)
    vendors = load_vendor_map(data, mapping or [])
    with _engine(engine, store, master) as running:
        result = concentration_across(
            running, dimension, basis=basis, vendors=vendors, dataset=data, current_only=current
        )
    c = result.concentration
    rows = [(r.label, r.weight, round(r.share_pct, 2), r.organisations) for r in result.rows]
    summary = [
        (
            c.dimension,
            c.basis,
            result.organisations,
            c.total_weight,
            c.unknown_weight,
            None if c.coverage_pct is None else round(c.coverage_pct, 2),
            None if c.hhi is None else round(c.hhi, 1),
            None if c.top1_pct is None else round(c.top1_pct, 2),
            None if c.top3_pct is None else round(c.top3_pct, 2),
        )
    ]
    render(
        [
            inventory_table(
                "summary",
                f"Concentration by {dimension} across organisations",
                SUMMARY_COLUMNS,
                summary,
            ),
            inventory_table("shares", "Shares", ("label", "weight", "share_pct", "organisations"), rows),
        ],
        fmt,
        output,
        section=section,
    )


@portfolio_app.command("exposure")
def exposure_command(
    store: ReadStoreOption,
    organisation: Annotated[str | None, typer.Option("--organisation", "-O", help="Only this organisation.")] = None,
    project: Annotated[str | None, typer.Option("--project", "-p", help="Only this project (with -O).")] = None,
    current: Annotated[bool, typer.Option(help="Only the current SBOM of each subject.")] = False,
    mapping: Annotated[
        list[Path] | None, typer.Option("--mapping", help="Vendor mapping table (as for inventory report); repeatable.")
    ] = None,
    section: Annotated[str | None, typer.Option(help="Only this table: findings, suppressed or portfolio.")] = None,
    dataset: DatasetOption = None,
    db: DbOption = None,
    engine: EngineOption = "duckdb",
    master: MasterOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Known vulnerabilities across the portfolio, from the advisories imported into the database (--db)."""
    from dosa.cli.inventory import inventory_dataset
    from dosa.cli.options import db_choice, resolve_format
    from dosa.errors import InputError
    from dosa.exposure.report import exposure_sections, source_counts
    from dosa.inventory.mapping import load_vendor_map
    from dosa.portfolio.exposure import portfolio_exposure
    from dosa.store import open_existing_store

    if project is not None and organisation is None:
        raise InputError("--project needs --organisation", hint="a project is named within its organisation")
    advisories = open_existing_store(db_choice(db))
    if advisories is None or not source_counts(advisories):
        if advisories is not None:
            advisories.dispose()
        raise InputError(
            "no advisories are imported into the database",
            hint="import advisories first: dosa advisories import FILES (with the same --db)",
        )
    data = inventory_dataset(dataset)
    try:
        with _engine(engine, store, master) as running:
            report = portfolio_exposure(
                running,
                advisories,
                organisation=organisation,
                project=project,
                current_only=current,
                vendors=load_vendor_map(data, mapping or []),
                dataset=data,
            )
    finally:
        advisories.dispose()
    tables = exposure_sections(report)
    if section is None and resolve_format(fmt, output) in (OutputFormat.CSV, OutputFormat.CSV_NL):
        section = "findings"
    about = {"scope": report.scope} if section is None else None  # one table: a plain list of rows
    render(tables, fmt, output, about, section=section, method="exposure-1")


@portfolio_app.command("compact")
def compact_command(
    store: StoreOption,
    organisation: Annotated[str | None, typer.Option("--organisation", "-O", help="Only this organisation.")] = None,
    project: Annotated[str | None, typer.Option("--project", "-p", help="Only this project.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Merge each partition's small part files and drop rows of replaced SBOMs (atomic; readers may keep reading)."""
    from dosa.portfolio.compact import Compacted, compact
    from dosa.portfolio.layout import StoreLayout

    StoreLayout(store).require()
    done = compact(store, organisation, project)
    columns = tuple(Compacted.__dataclass_fields__)
    render([inventory_table("compact", "Compaction", columns, [astuple(c) for c in done])], fmt, output)
