# SPDX-License-Identifier: EUPL-1.2
"""CLI for exposure: ``dosa advisories import|list`` and ``dosa exposure``.

Thin: parse options, call :mod:`dosa.exposure`, render with the shared output vocabulary.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dosa.cli.output import OutputFormat, _write_atomic, emit_sections
from dosa.errors import DosaError, InputError
from dosa.inventory.report import Section
from dosa.store import DB_ENV, Store, open_store

advisories_app = typer.Typer(
    help="Advisories: OSV, CSAF, CISA KEV, EPSS and VEX, read from files.", no_args_is_help=True
)
err = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help=f"Database file (default: ${DB_ENV} or the user data folder).", show_default=False),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")]


@contextmanager
def _handled() -> Iterator[None]:
    try:
        yield
    except DosaError as exc:
        err.print(f"error: {exc.message}", highlight=False, markup=False)
        if exc.hint:
            err.print(f"hint: {exc.hint}", highlight=False, markup=False)
        raise typer.Exit(2) from exc


def _store(db: Path | None) -> Store:
    import dosa.exposure.tables  # noqa: F401  (the exposure tables, created on first use)

    return open_store(db)


@advisories_app.command("import")
def import_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="OSV, CSAF, KEV, EPSS or VEX files, folders, zip files.")
    ] = None,
    fetch: Annotated[
        list[str] | None,
        typer.Option(help="Also download: kev, epss or osv:ECOSYSTEM (e.g. osv:Maven); needs a network. Repeatable."),
    ] = None,
    max_size: Annotated[int, typer.Option(help="Largest accepted file or zip member in MiB.")] = 64,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Import advisories from files and folders (offline); re-importing updates, never duplicates."""
    from dosa.exposure.fetch import fetch_sources
    from dosa.exposure.importer import import_advisories

    with _handled():
        store = _store(db)
        files = list(paths or [])
        with tempfile.TemporaryDirectory(prefix="dosa-fetch-") as folder:
            if fetch:
                files.extend(fetch_sources(fetch, Path(folder), max_bytes=max_size * 1024 * 1024))
            if not files:
                raise InputError("nothing to import", hint="give files or folders, or --fetch kev|epss|osv:Maven")
            results = import_advisories(store, files, max_bytes=max_size * 1024 * 1024)
        rows = [(r.path, r.kind, r.records, r.added, r.updated, r.error, r.hint) for r in results]
        columns = ("file", "kind", "records", "added", "updated", "error", "hint")
        emit_sections([Section("import", "Advisory import", columns, rows)], fmt=fmt, output=output)
        failed = [r for r in results if r.error]
        for result in failed:
            err.print(f"error: {result.error}", highlight=False, markup=False)
            if result.hint:
                err.print(f"hint: {result.hint}", highlight=False, markup=False)
        err.print(
            f"{len(results) - len(failed)} file(s) imported, {sum(r.added for r in results)} records added, "
            f"{sum(r.updated for r in results)} updated, {len(failed)} refused",
            highlight=False,
        )
        if failed:
            raise typer.Exit(1)


@advisories_app.command("list")
def list_command(db: DbOption = None, fmt: FormatOption = OutputFormat.TABLE, output: OutputOption = None) -> None:
    """What is imported: per file, the kind, record count, licence and retrieval date."""
    from dosa.exposure.report import source_counts

    with _handled():
        rows = source_counts(_store(db))
        columns = ("kind", "origin", "licence", "records", "retrieved_at")
        emit_sections([Section("sources", "Imported advisory sources", columns, rows)], fmt=fmt, output=output)


def exposure_command(
    project: Annotated[str | None, typer.Option("--project", "-p", help="Only this project.")] = None,
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="Only this organisation's projects (O and O/…).")
    ] = None,
    current: Annotated[bool, typer.Option(help="Only the current SBOM of each subject.")] = False,
    mapping: Annotated[
        list[Path] | None, typer.Option("--mapping", help="Vendor mapping table (as for inventory report); repeatable.")
    ] = None,
    vex_out: Annotated[Path | None, typer.Option("--vex-out", help="Also write the findings as CycloneDX VEX.")] = None,
    section: Annotated[str | None, typer.Option(help="Only this table: findings, suppressed or portfolio.")] = None,
    dataset: Annotated[Path | None, typer.Option("--dataset", help="Dataset folder (default: built-in).")] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Known vulnerabilities in the inventory, with KEV, EPSS, VEX, supplier and jurisdiction."""
    from dosa.dataset import load_dataset
    from dosa.exposure import build_exposure, write_vex
    from dosa.exposure.report import exposure_sections
    from dosa.inventory.mapping import load_vendor_map

    with _handled():
        data = load_dataset(dataset)
        report = build_exposure(
            _store(db),
            project=project,
            organisation=organisation,
            vendors=load_vendor_map(data, mapping or []),
            dataset=data,
            current_only=current,
        )
        sections = exposure_sections(report)
        if section is not None:
            sections = [s for s in sections if s.name == section]
            if not sections:
                raise InputError(f"no section '{section}'", hint="choose findings, suppressed or portfolio")
        elif fmt in (OutputFormat.CSV, OutputFormat.CSV_NL):
            sections = sections[:1]
        about = {"scope": report.scope, "dataset": data.info.label}
        emit_sections(sections, fmt=fmt, output=output, about=about if len(sections) > 1 else None)
        if vex_out is not None:
            _write_atomic(vex_out, write_vex(report).encode("utf-8"))
            err.print(
                f"wrote CycloneDX VEX with {len(report.findings) + len(report.suppressed)} statements", highlight=False
            )
        for finding in report.suppressed:
            assert finding.vex is not None
            err.print(
                f"suppressed {finding.vulnerability} in {finding.component} {finding.version} ({finding.subject}): "
                f"VEX {finding.vex.status}"
                + (f", {finding.vex.justification}" if finding.vex.justification else "")
                + (f": {finding.vex.detail}" if finding.vex.detail else ""),
                highlight=False,
                markup=False,
            )
