# SPDX-License-Identifier: EUPL-1.2
"""CLI for the organisation inventory: ``dosa inventory …``, ``dosa where-used``, ``dosa cloud …``.

Thin: parse options, call :mod:`dosa.inventory`, render. The lead mounts ``inventory_app``,
``where_used_command`` and ``cloud_app`` in ``dosa.cli.app``; ``app`` here combines them for tests.
Output goes through the shared vocabulary of :mod:`dosa.cli.output` (several tables via ``emit_sections``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from dosa.cli.context import state
from dosa.cli.options import (
    DatasetOption,
    DbOption,
    FormatOption,
    OutputOption,
    dataset_choice,
    existing_store,
    resolve_format,
    writable_store,
)
from dosa.cli.output import OutputFormat, emit_tables, provenance, write_file
from dosa.dataset import load_dataset
from dosa.dataset.model import Dataset
from dosa.errors import InputError
from dosa.i18n import check_language
from dosa.inventory import cloud
from dosa.inventory.importer import FileOutcome, Status, expand_paths, import_paths
from dosa.inventory.mapping import load_vendor_map
from dosa.inventory.national import ratings_from_risk
from dosa.inventory.portfolio import list_projects, list_sboms, load_services
from dosa.inventory.project import METHOD_VERSION
from dosa.inventory.sbom.reading import DEFAULT_MAX_BYTES
from dosa.inventory.sector import (
    DIMENSIONS,
    Membership,
    concentration_table,
    in_scope,
    inventories_from_store,
    read_tree,
    sector_concentration,
    single_points_table,
)
from dosa.inventory.services import FIELD_NAMES
from dosa.inventory.template import write_template
from dosa.inventory.where_used import parse_query, where_used
from dosa.report.html import render_html
from dosa.report.inventory import inventory_report, machine_tables, report_file_name, resolution_table
from dosa.report.pdf import render_pdf
from dosa.risk import load_method
from dosa.store import Store
from dosa.tables import Table

inventory_app = typer.Typer(
    help="Organisation inventory: import SBOMs and service lists, analyse them.", no_args_is_help=True
)
cloud_app = typer.Typer(help="Cloud sovereignty on the EU Cloud Sovereignty Framework.", no_args_is_help=True)
app = typer.Typer(help="dosa inventory commands (mounted in the main dosa CLI).", no_args_is_help=True)
app.add_typer(inventory_app, name="inventory")
app.add_typer(cloud_app, name="cloud")

err = Console(stderr=True, soft_wrap=True)

ProjectOption = Annotated[str, typer.Option("--project", "-p", help="Project (portfolio unit) to use.")]


# --- errors and rendering -------------------------------------------------------------------


def render(
    tables: Sequence[Table],
    fmt: OutputFormat,
    output: Path | None,
    about: dict[str, str] | None = None,
    section: str | None = None,
    *,
    method: str | None = None,
) -> None:
    """Render one or more tables (optionally only the ``section`` named), with the versions they rest on."""
    if section is not None:
        chosen = [t for t in tables if t.name == section]
        if not chosen:
            raise InputError(f"no section '{section}'", hint=f"choose one of {', '.join(t.name for t in tables)}")
        tables = chosen
    about = dict(about or {})
    version = about.pop("dataset", None) or state.dataset().info.label
    method_version = about.pop("method", None) or method
    emit_tables(
        tables,
        fmt=resolve_format(fmt, output),
        output=output,
        provenance=provenance(version, method_version, about),
        lang=state.lang,
    )


def inventory_table(
    name: str, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], note: str = ""
) -> Table:
    return Table.from_rows(columns, rows, title=title, name=name, note=note)


open_inventory_store = writable_store


def read_inventory_files(db: str | None) -> Store:
    """The inventory database to read from (never created by reading)."""
    return existing_store(db, hint="import SBOMs or a service list first: dosa inventory import FILE --project NAME")


def inventory_dataset(path: Path | None) -> Dataset:
    chosen = dataset_choice(path)
    return state.dataset() if chosen is None or chosen == state.dataset_path else load_dataset(chosen)


# --- inventory ------------------------------------------------------------------------------


def outcome_row(o: FileOutcome) -> tuple[Any, ...]:
    detail = o.error or ("; ".join(o.warnings) if o.warnings else "")
    return (
        Path(o.path).name,
        o.status.value,
        o.kind,
        o.format,
        o.spec_version,
        o.component_count,
        o.subject,
        o.subject_version,
        o.added,
        o.removed,
        o.changed,
        len(o.warnings),
        detail,
    )


@inventory_app.command("import")
def import_command(
    paths: Annotated[list[Path], typer.Argument(help="SBOM files, service inventories, or folders of them.")],
    project: ProjectOption = "default",
    subject: Annotated[str | None, typer.Option(help="Override the subject the SBOMs describe.")] = None,
    version: Annotated[str | None, typer.Option(help="Override the subject version the SBOMs state.")] = None,
    strict: Annotated[bool, typer.Option(help="Also run the reference validators; reject files that fail.")] = False,
    atomic: Annotated[bool, typer.Option(help="All or nothing: keep no file if any file is rejected.")] = False,
    max_size: Annotated[
        int, typer.Option(help="Largest accepted document in MiB (after decompression).")
    ] = DEFAULT_MAX_BYTES // (1024 * 1024),
    dataset: DatasetOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    organisation: Annotated[
        str | None,
        typer.Option(
            "--organisation",
            help="Organisation id the project belongs to (a new project gets it; another organisation's is refused).",
        ),
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Import SBOMs (CycloneDX, SPDX) and service inventories (CSV, XLSX, YAML) into a project."""
    fmt = resolve_format(fmt, output)
    store = open_inventory_store(db)
    subjects = list(inventory_dataset(dataset).subjects)
    files = expand_paths(paths)
    show = not quiet and err.is_terminal
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        disable=not show,
        transient=True,
    ) as progress:
        task = progress.add_task("importing", total=len(files))
        summary = import_paths(
            store,
            files,
            project,
            subject=subject,
            version=version,
            strict=strict,
            max_bytes=max_size * 1024 * 1024,
            atomic=atomic,
            subjects=subjects,
            on_file=lambda _o: progress.advance(task),
            organisation=organisation,
        )
    columns: tuple[str, ...] = (
        "file",
        "status",
        "kind",
        "format",
        "spec_version",
        "components",
        "subject",
        "subject_version",
        "added",
        "removed",
        "changed",
        "warnings",
        "detail",
    )
    rows = [outcome_row(o) for o in summary.outcomes]
    if fmt is OutputFormat.TABLE:  # a terminal gets the columns that fit
        keep = (0, 1, 3, 4, 5, 11, 12)
        columns = tuple(columns[i] for i in keep)
        rows = [tuple(str(row[i])[:90] for i in keep) for row in rows]
    render([inventory_table("import", f"Import into project '{summary.project}'", columns, rows)], fmt, output)
    for outcome in summary.outcomes:
        for problem in outcome.problems:
            err.print(f"  {problem}", highlight=False, markup=False)
    err.print(
        f"{summary.count(Status.IMPORTED)} imported, {summary.count(Status.UPDATED)} updated, "
        f"{summary.count(Status.UNCHANGED)} unchanged, {summary.warned} with warnings, "
        f"{summary.count(Status.REJECTED)} rejected"
        + (f", {summary.count(Status.ROLLED_BACK)} rolled back" if summary.count(Status.ROLLED_BACK) else ""),
        highlight=False,
    )
    if not summary.ok:
        raise typer.Exit(1)


@inventory_app.command("list")
def list_command(
    project: Annotated[str | None, typer.Option("--project", "-p", help="Only this project.")] = None,
    projects: Annotated[bool, typer.Option("--projects", help="List projects instead of SBOMs.")] = False,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """List imported SBOMs (source file, detected format, spec version, component count) or projects."""
    fmt = resolve_format(fmt, output)
    store = read_inventory_files(db)
    if projects:
        render(
            [
                inventory_table(
                    "projects",
                    "Projects",
                    ("project", "sboms", "services"),
                    [tuple(p) for p in list_projects(store)],
                )
            ],
            fmt,
            output,
        )
        return
    listings = list_sboms(store, project)
    columns = (
        "project",
        "subject",
        "subject_version",
        "current",
        "source_name",
        "format",
        "spec_version",
        "component_count",
        "warnings",
        "imported_at",
    )
    render(
        [inventory_table("sboms", "Imported SBOMs", columns, [tuple(asdict(s).values()) for s in listings])],
        fmt,
        output,
    )


@inventory_app.command("services")
def services_command(
    project: ProjectOption = "default",
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """List a project's services as recorded (the template's columns)."""
    fmt = resolve_format(fmt, output)
    services = load_services(read_inventory_files(db), project)
    rows = []
    for service in services:
        data = service.model_dump(mode="json")
        rows.append(tuple("; ".join(v) if isinstance(v, list) else v for v in (data[n] for n in FIELD_NAMES)))
    render([inventory_table("services", f"Services of '{project}'", FIELD_NAMES, rows)], fmt, output)


class ReportFormat(StrEnum):
    """The inventory report's formats: the listing formats, and the report as HTML or tagged PDF."""

    TABLE = "table"
    CSV = "csv"
    CSV_NL = "csv-nl"
    JSON = "json"
    XLSX = "xlsx"
    HTML = "html"
    PDF = "pdf"


def report_format(fmt: ReportFormat | None, output: Path | None) -> ReportFormat:
    """``--format`` when given, else what the ``--output`` extension asks for, else the terminal."""
    if fmt is not None:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return ReportFormat(suffix) if suffix in {"csv", "json", "xlsx", "html", "pdf"} else ReportFormat.TABLE


@inventory_app.command("report")
def report_command(
    project: ProjectOption = "default",
    mapping: Annotated[
        list[Path] | None,
        typer.Option("--mapping", help="Vendor mapping table (CSV/YAML: match, supplier or country, …); repeatable."),
    ] = None,
    section: Annotated[
        str | None, typer.Option(help="Only this table (by its name, e.g. concentration; needed for CSV).")
    ] = None,
    dataset: DatasetOption = None,
    method: Annotated[
        str | None,
        typer.Option("--method", "-m", help="Risk method for the subject ratings (file or packaged name)."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the report: nl or en (default: dosa --lang).")
    ] = None,
    db: DbOption = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html (one file that opens offline) or pdf (tagged, PDF/UA) for the report; table, csv, csv-nl, "
            "json or xlsx for its tables (default: what the --output extension says, else table).",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    """The inventory report: concentration by vendor, group, jurisdiction and cloud provider with charts;
    critical services without a tested exit plan; high-risk jurisdictions; what is unknown; known
    vulnerabilities; the risk engine's ratings of the subjects the services depend on."""
    chosen = report_format(fmt, output)
    lang = check_language(lang or state.lang)
    data = inventory_dataset(dataset)
    ratings = ratings_from_risk(data, load_method(method))
    report = inventory_report(
        read_inventory_files(db), project, data, load_vendor_map(data, mapping or []), ratings, lang=lang
    )
    if chosen in (ReportFormat.HTML, ReportFormat.PDF):
        if chosen is ReportFormat.PDF and output is None:
            raise InputError("a PDF needs a file", hint=f"add --output {report_file_name(project, lang, 'pdf')}")
        body = render_html(report).encode("utf-8") if chosen is ReportFormat.HTML else render_pdf(report)
        if output is None:
            sys.stdout.write(body.decode("utf-8"))
            sys.stdout.flush()
            return
        write_file(output, body)
        if not state.quiet:
            err.print(f"inventory report on '{project}' written to {output}", highlight=False, markup=False)
        return
    about = {"project": project, "dataset": data.info.label, "method": METHOD_VERSION, "language": lang}
    render(machine_tables(report), OutputFormat(chosen.value), output, about, section)


@inventory_app.command("resolve")
def resolve_command(
    project: ProjectOption = "default",
    mapping: Annotated[
        list[Path] | None,
        typer.Option("--mapping", help="Vendor mapping table (CSV/YAML); overrides the resolver; repeatable."),
    ] = None,
    unresolved: Annotated[
        bool, typer.Option("--unresolved", help="Only the packages nobody could be named for.")
    ] = False,
    show_coverage: Annotated[
        bool, typer.Option("--coverage", help="The coverage per ecosystem instead of the packages.")
    ] = False,
    dataset: DatasetOption = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Who maintains each component of the current SBOMs: organisation, ultimate parent, jurisdictions,
    confidence and evidence (the user's mapping first, then the dataset's suppliers, then dosa's tables)."""
    from dosa.inventory.analysis import resolve_packages
    from dosa.inventory.portfolio import component_vendor_counts

    fmt = resolve_format(fmt, output)
    data = inventory_dataset(dataset)
    vendors = load_vendor_map(data, mapping or [])
    table, packages = resolve_packages(component_vendor_counts(read_inventory_files(db), project), vendors)
    if show_coverage:
        from dosa.i18n import localizer

        coverage = resolution_table(table.ordered(), localizer(state.lang), name="coverage")
        render([coverage], fmt, output)
        return
    if unresolved:
        columns: tuple[str, ...] = (
            "package",
            "ecosystem",
            "components",
            "supplier",
            "manufacturer",
            "vcs_url",
            "website_url",
        )
        rows: list[tuple[Any, ...]] = [
            (p.package_key, p.ecosystem, p.components, p.supplier, p.manufacturer, p.vcs_url, p.website_url)
            for p in packages
            if p.profile is None
        ]
        render([inventory_table("unresolved", f"Unresolved packages of '{project}'", columns, rows)], fmt, output)
        return
    columns = (
        "package",
        "ecosystem",
        "components",
        "organisation",
        "parent",
        "country",
        "parent_country",
        "confidence",
        "source",
        "evidence",
        "registry",
    )
    rows = []
    for p in packages:
        v = p.profile
        if v is None:
            rows.append((p.package_key, p.ecosystem, p.components, "", "", "", "", "", "", "", p.registry))
            continue
        rows.append(
            (
                p.package_key,
                p.ecosystem,
                p.components,
                v.vendor,
                v.group if v.has_parent else "",
                v.country or "",
                (v.group_country or "") if v.has_parent else "",
                v.confidence or "mapping",
                p.source,
                " | ".join(v.evidence) if v.evidence else v.basis,
                p.registry,
            )
        )
    render([inventory_table("resolved", f"Who is behind the packages of '{project}'", columns, rows)], fmt, output)


@inventory_app.command("template")
def template_command(
    output: Annotated[Path, typer.Argument(help="File to write (.xlsx, .csv or .yaml).")],
    template_format: Annotated[
        str | None, typer.Option("--format", "-f", help="xlsx, csv or yaml (default: from the file name).")
    ] = None,
) -> None:
    """Write the service-inventory template to fill in."""
    chosen = write_template(output, template_format)
    err.print(f"wrote the {chosen} template to {output}", highlight=False)


# --- concentration across organisations ------------------------------------------------------


def parse_rank(value: str | None) -> int | None:
    """``None`` (every rank), ``0`` (any rank) or a rank from 1."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in {"any", "all-ranks"}:
        return 0
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise InputError(f"--rank {value!r} is not a rank", hint="give 1, 2, 3, … or 'any'")


@inventory_app.command("concentration")
def concentration_command(
    by: Annotated[
        str | None, typer.Option("--by", help=f"Only this dimension: {', '.join(DIMENSIONS)} (default: all).")
    ] = None,
    rank: Annotated[
        str | None,
        typer.Option("--rank", help="Only this rank in the supply chain (1: the vendor, 2: its host, …) or 'any'."),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="Roll up this organisation and every one under it (default: all)."),
    ] = None,
    tree: Annotated[
        Path | None,
        typer.Option(
            "--tree", help="YAML with 'parents' (organisation: parent) and 'projects' (project: organisation)."
        ),
    ] = None,
    mapping: Annotated[
        list[Path] | None, typer.Option("--mapping", help="Vendor mapping table (CSV/YAML); repeatable.")
    ] = None,
    top: Annotated[int, typer.Option(help="Single providers listed.", min=1, max=1000)] = 10,
    section: Annotated[
        str | None, typer.Option(help="Only this table: sector_concentration or single_points (needed for CSV).")
    ] = None,
    dataset: DatasetOption = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Concentration across organisations: the share of organisations and critical functions that rely on
    each group, vendor, cloud and jurisdiction, at each rank of the supply chain."""
    fmt = resolve_format(fmt, output)
    if by is not None and by not in DIMENSIONS:
        raise InputError(f"--by {by!r} is not a dimension", hint=f"use one of {', '.join(DIMENSIONS)}")
    chosen_rank = parse_rank(rank)
    organisation_tree = read_tree(tree) if tree is not None else Membership()
    data = inventory_dataset(dataset)
    every = inventories_from_store(read_inventory_files(db), organisation_tree)
    if not every:
        raise InputError("no project has a service inventory", hint="import one: dosa inventory import FILE -p NAME")
    inventories = in_scope(every, organisation_tree, organisation)
    result = sector_concentration(
        inventories,
        load_vendor_map(data, mapping or []),
        data,
        scope=organisation or "",
        dimensions=(by,) if by else DIMENSIONS,
    )
    about = {
        "scope": organisation or "every organisation",
        "organisations": str(len(result.organisations)),
        "method": METHOD_VERSION,
    }
    tables = [concentration_table(result, by, chosen_rank)]
    if by in (None, "group"):
        tables.append(single_points_table(result, top))
    render(tables, fmt, output, about, section)


# --- where-used -----------------------------------------------------------------------------


def where_used_command(
    query: Annotated[str, typer.Argument(help="A purl (pkg:…[@version]), group:name, or a name[@version].")],
    version_range: Annotated[
        str | None,
        typer.Option("--range", help="Version range, e.g. '<2.17.1', '>=2.0.0|<2.17.1' or 'vers:maven/<2.17.1'."),
    ] = None,
    project: Annotated[str | None, typer.Option("--project", "-p", help="Only this project.")] = None,
    current: Annotated[bool, typer.Option(help="Only the current SBOM of each subject.")] = False,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Where is a component used, across all projects and SBOM versions (the Log4j question)."""
    fmt = resolve_format(fmt, output)
    result = where_used(
        read_inventory_files(db), parse_query(query, version_range), project=project, current_only=current
    )
    columns = (
        "project",
        "subject",
        "subject_version",
        "current",
        "source_name",
        "name",
        "version",
        "purl",
        "ecosystem",
        "parent",
        "supplier",
    )
    render(
        [
            inventory_table(
                "where_used", f"Where '{query}' is used", columns, [tuple(asdict(h).values()) for h in result.hits]
            )
        ],
        fmt,
        output,
    )
    if not state.quiet:
        err.print(
            f"{len(result.hits)} match(es) in {result.sboms_searched} SBOM(s) in "
            f"{result.projects_searched} project(s) searched",
            highlight=False,
            markup=False,
        )
    if result.uncomparable:
        versions = sorted({h.version for h in result.uncomparable})
        err.print(
            f"{len(result.uncomparable)} match(es) have versions that cannot be compared with the range: "
            f"{', '.join(versions[:10])}",
            highlight=False,
            markup=False,
        )


app.command("where-used")(where_used_command)


# --- cloud ------------------------------------------------------------------------------------


@cloud_app.command("assess")
def assess_command(
    answers: Annotated[
        Path | None, typer.Argument(help="YAML/JSON with service, answers and minimum, or an XLSX/CSV answers sheet.")
    ] = None,
    service: Annotated[str | None, typer.Option(help="Service name (when no answers file is given).")] = None,
    seal: Annotated[list[str] | None, typer.Option(help="OBJECTIVE=LEVEL, e.g. SOV-1=3; repeatable.")] = None,
    minimum: Annotated[list[str] | None, typer.Option(help="Minimum OBJECTIVE=LEVEL; repeatable.")] = None,
    framework: Annotated[
        str | None, typer.Option(help=f"Framework version: {', '.join(cloud.FRAMEWORK_VERSIONS)} (default: current).")
    ] = None,
    project: Annotated[
        str | None, typer.Option("--project", "-p", help="Record the assessment in this project.")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Score a cloud service on objectives SOV-1…SOV-8 with SEAL levels, and check minimum levels."""
    fmt = resolve_format(fmt, output)
    chosen = cloud.framework_for(framework)
    if answers is not None and answers.suffix.lower() in (".xlsx", ".csv"):
        from dosa.procurement.cloud_sheet import read_answers_sheet

        name, version, given, floor = read_answers_sheet(answers)
        if framework and version != chosen.version:
            raise InputError(f"the sheet is for framework {version}", hint=f"omit --framework or use {version}")
    elif answers is not None:
        name, given, floor = cloud.read_answers(answers)
    elif service:
        name, given, floor = service, {}, {}
    else:
        raise InputError("nothing to assess", hint="give an answers file, or --service with --seal options")
    levels: dict[str, int | cloud.Answer] = dict(given)
    levels.update(cloud.parse_levels(seal or [], "SEAL level"))
    floor.update(cloud.parse_levels(minimum or [], "minimum"))
    if not (service or name):
        raise InputError("the assessment names no service", hint="add --service NAME or a 'service' column")
    result = cloud.assess(service or name, levels, floor, chosen)
    if project:
        cloud.save_assessment(open_inventory_store(db), project, result)
    rows = [
        (c.objective, c.name, c.weight_pct, c.seal, c.minimum, c.meets_minimum, round(c.points, 2))
        for c in result.contributions
    ]
    about = {
        "service": result.service,
        "framework": f"EU Cloud Sovereignty Framework {result.framework_version}",
        "score": "not computed (missing: " + ", ".join(result.missing) + ")"
        if result.score is None
        else f"{result.score:.1f}",
        "score_lower_bound": f"{result.score_lower_bound:.1f}",
        "eligible": "no minimum given" if result.eligible is None else ("yes" if result.eligible else "no"),
    }
    render(
        [
            inventory_table(
                "objectives",
                "Objectives",
                ("objective", "name", "weight_pct", "seal", "minimum", "meets_minimum", "points"),
                rows,
            )
        ],
        fmt,
        output,
        about,
    )


@cloud_app.command("levels")
def levels_command(fmt: FormatOption = OutputFormat.TABLE, output: OutputOption = None) -> None:
    """Show the framework's objectives with their weights, and the SEAL levels."""
    fmt = resolve_format(fmt, output)
    framework = cloud.load_framework()
    render(
        [
            inventory_table(
                "objectives",
                "Objectives",
                ("objective", "name", "weight_pct", "contributing_factors"),
                [(o.id, o.name, o.weight_pct, o.factors) for o in framework.objectives],
            ),
            inventory_table(
                "seal_levels",
                "SEAL levels",
                ("level", "name", "definition"),
                [(s.level, s.name, s.definition) for s in framework.seal_levels],
                framework.source,
            ),
        ],
        fmt,
        output,
    )


@cloud_app.command("delete")
def cloud_delete_command(
    service: Annotated[str, typer.Argument(help="The assessed service, as recorded.")],
    project: Annotated[str, typer.Option("--project", "-p", help="Project of the recorded assessment.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the audit trail).")] = "",
    by: Annotated[str | None, typer.Option(help="Who deletes (default: your login name).")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Delete a recorded cloud assessment (a mistyped service, say); a copy with who, when and why
    stays in the audit trail (dosa cloud deletions)."""
    import getpass

    store = read_inventory_files(db)
    if not yes:  # without an answer (no terminal, end of input) nothing is deleted
        typer.confirm(f"Delete the assessment of '{service}' in project '{project}'?", abort=True)
    deletion = cloud.delete_assessment(store, project, service, by or getpass.getuser(), reason)
    if not state.quiet:
        typer.echo(
            f"deleted the assessment of '{deletion.service}' in '{project}' (kept in: dosa cloud deletions)", err=True
        )


@cloud_app.command("deletions")
def cloud_deletions_command(
    project: Annotated[str, typer.Option("--project", "-p", help="Project whose deletions to list.")],
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """The audit trail of deleted cloud assessments: service, score, when assessed, who deleted it, when, why."""
    fmt = resolve_format(fmt, output)
    rows = [
        (d.service, d.score, d.framework_version, d.assessed_at, d.deleted_at, d.deleted_by, d.reason)
        for d in cloud.deletions(read_inventory_files(db), project)
    ]
    columns = ("service", "score", "framework_version", "assessed_at", "deleted_at", "deleted_by", "reason")
    render([inventory_table("deletions", "Deleted cloud assessments", columns, rows)], fmt, output)


@cloud_app.command("answers")
def cloud_answers_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="Sheet to write: .xlsx or .csv.")],
    service: Annotated[str | None, typer.Option(help="Service whose recorded answers to export.")] = None,
    project: Annotated[str | None, typer.Option("--project", "-p", help="Project of the recorded answers.")] = None,
    framework: Annotated[str | None, typer.Option(help="Framework version (default: current).")] = None,
    db: DbOption = None,
) -> None:
    """Write a per-criterion answers sheet (blank, or a recorded assessment) to fill in and assess again."""
    from dosa.procurement.cloud_sheet import answer_rows, render_sheet

    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError("the answers sheet is .xlsx or .csv", hint="e.g. --output answers.xlsx")
    chosen = cloud.framework_for(framework)
    answers: dict[str, cloud.Answer] = {}
    minimum: dict[str, int] = {}
    if project:
        if not service:
            raise InputError("name the service to export", hint="add --service NAME")
        recorded = {a.service: a for a in cloud.load_assessments(read_inventory_files(db), project)}
        if service not in recorded:
            raise InputError(
                f"no recorded assessment of '{service}' in project '{project}'",
                hint="record one with: dosa cloud assess … --project",
            )
        answers = {a.objective: a for a in recorded[service].answers}
        minimum = dict(recorded[service].minimum)
    rows = answer_rows(chosen, service or "", answers, minimum)
    write_file(output, render_sheet(rows, xlsx=suffix == ".xlsx"))
