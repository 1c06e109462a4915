# SPDX-License-Identifier: EUPL-1.2
"""CLI for exposure: ``dosa advisories import|list`` and ``dosa exposure``.

Thin: parse options, call :mod:`dosa.exposure`, render with the shared output vocabulary
(:mod:`dosa.cli.options`, :mod:`dosa.tables`); errors go to the one error edge of ``dosa.cli.app``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

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
from dosa.cli.output import emit_tables, provenance, write_file
from dosa.errors import InputError
from dosa.store import Store
from dosa.tables import Format, Table

advisories_app = typer.Typer(
    help="Advisories: OSV, CSAF, CISA KEV, EPSS and VEX, read from files.", no_args_is_help=True
)
err = Console(stderr=True)
METHOD = "exposure-1"
"""Version of the matching rules (docs/exposure.md)."""


def _write_store(db: str | None) -> Store:
    import dosa.exposure.tables  # noqa: F401  (the exposure tables, created on first import)

    return writable_store(db)


def _read_store(db: str | None) -> Store:
    return existing_store(db, hint="import SBOMs (dosa inventory import) and advisories (dosa advisories import) first")


def _emit(tables: list[Table], fmt: Format, output: Path | None, about: dict[str, str] | None = None) -> None:
    emit_tables(
        tables,
        fmt=resolve_format(fmt, output),
        output=output,
        provenance=provenance(state.dataset().info.label, METHOD, about),
        lang=state.lang,
    )


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
    fmt: FormatOption = Format.TABLE,
    output: OutputOption = None,
) -> None:
    """Import advisories from files and folders (offline); re-importing updates, never duplicates."""
    from dosa.exposure.fetch import fetch_sources
    from dosa.exposure.importer import import_advisories

    files = list(paths or [])
    if not files and not fetch:
        raise InputError("nothing to import", hint="give files or folders, or --fetch kev|epss|osv:Maven")
    store = _write_store(db)
    with tempfile.TemporaryDirectory(prefix="dosa-fetch-") as folder:
        if fetch:
            files.extend(fetch_sources(fetch, Path(folder), max_bytes=max_size * 1024 * 1024))
        results = import_advisories(store, files, max_bytes=max_size * 1024 * 1024)
    rows = [(r.path, r.kind, r.records, r.added, r.updated, r.error, r.hint) for r in results]
    columns = ("file", "kind", "records", "added", "updated", "error", "hint")
    _emit([Table.from_rows(columns, rows, title="Advisory import", name="import")], fmt, output)
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
def list_command(db: DbOption = None, fmt: FormatOption = Format.TABLE, output: OutputOption = None) -> None:
    """What is imported: per file, the kind, record count, licence and retrieval date."""
    from dosa.exposure.report import source_counts

    rows = source_counts(_read_store(db))
    columns = ("kind", "origin", "licence", "records", "retrieved_at")
    _emit([Table.from_rows(columns, rows, title="Imported advisory sources", name="sources")], fmt, output)


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
    dataset: DatasetOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TABLE,
    output: OutputOption = None,
) -> None:
    """Known vulnerabilities in the inventory, with KEV, EPSS, VEX, supplier and jurisdiction."""
    from dosa.dataset import load_dataset
    from dosa.exposure import build_exposure, write_vex
    from dosa.exposure.report import exposure_sections
    from dosa.inventory.mapping import load_vendor_map

    fmt = resolve_format(fmt, output)
    data = load_dataset(dataset_choice(dataset))
    report = build_exposure(
        _read_store(db),
        project=project,
        organisation=organisation,
        vendors=load_vendor_map(data, mapping or []),
        dataset=data,
        current_only=current,
    )
    tables = exposure_sections(report)
    if section is not None:
        tables = [t for t in tables if t.name == section]
        if not tables:
            raise InputError(f"no section '{section}'", hint="choose findings, suppressed or portfolio")
    elif fmt in (Format.CSV, Format.CSV_NL):
        tables = tables[:1]
    about = {"scope": report.scope} if len(tables) > 1 else None
    emit_tables(tables, fmt=fmt, output=output, provenance=provenance(data.info.label, METHOD, about), lang=state.lang)
    if vex_out is not None:
        write_file(vex_out, write_vex(report).encode("utf-8"))
        count = len(report.findings) + len(report.suppressed)
        err.print(f"wrote CycloneDX VEX with {count} statements", highlight=False)
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
