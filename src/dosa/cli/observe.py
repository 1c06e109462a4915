# SPDX-License-Identifier: EUPL-1.2
"""CLI for observed dependencies: ``dosa observe domains FILE``.

Thin: read the list, call :mod:`dosa.observe`, render its tables, and (with ``--project``, not with
``--dry-run``) write the providers into the service inventory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from dosa.cli.context import state
from dosa.cli.options import DbOption, FormatOption, OutputOption, db_choice, resolve_format
from dosa.cli.output import OutputFormat, emit_tables, provenance
from dosa.errors import InputError
from dosa.observe import (
    DEFAULT_CONCURRENCY,
    DEFAULT_RATE,
    DEFAULT_TIMEOUT,
    Lookup,
    RateLimiter,
    load_rules,
    observe_domains,
    parse_nameserver,
    read_domain_file,
)
from dosa.observe.domains import DEFAULT_MAX_BYTES, DEFAULT_MAX_DOMAINS
from dosa.observe.inventory import plan_services, save_results
from dosa.observe.report import observation_tables, rules_table
from dosa.store import open_store

observe_app = typer.Typer(help="Observed dependencies: providers read from public DNS records.", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)
METHOD = "dosa observe (providers.csv)"


@observe_app.command("domains")
def domains_command(
    file: Annotated[
        Path, typer.Argument(help="Text or CSV file: one domain a line, or columns domain[, organisation, project].")
    ],
    nameserver: Annotated[
        str | None,
        typer.Option("--nameserver", help="Ask this name server (IP[:port]) instead of the system's resolver."),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for one answer.", min=0.1, max=60)] = DEFAULT_TIMEOUT,
    rate: Annotated[
        float, typer.Option(help="Most DNS queries per second, all domains together.", min=0.1, max=1000)
    ] = DEFAULT_RATE,
    concurrency: Annotated[int, typer.Option(help="Domains asked about at once.", min=1, max=64)] = DEFAULT_CONCURRENCY,
    project: Annotated[
        str | None,
        typer.Option("--project", "-p", help="Write the providers found into this project's service inventory."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be written; change nothing.")] = False,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Own classification table (the columns of providers.csv).")
    ] = None,
    section: Annotated[
        str | None,
        typer.Option(help="Only this section: domains, evidence, mail_providers or jurisdictions (needed for CSV)."),
    ] = None,
    max_size: Annotated[int, typer.Option(help="Largest accepted list in KiB.", min=1)] = DEFAULT_MAX_BYTES // 1024,
    max_domains: Annotated[int, typer.Option(help="Most domains in one list.", min=1)] = DEFAULT_MAX_DOMAINS,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Classify the mail, DNS and web providers of a list of domains from their MX, SPF, NS, CNAME and
    autodiscover records; with --project, record them in the service inventory."""
    fmt = resolve_format(fmt, output)
    entries = read_domain_file(file, max_bytes=max_size * 1024, max_domains=max_domains)
    table = load_rules(rules)
    server = parse_nameserver(nameserver) if nameserver else None
    lookup = Lookup(server, timeout=timeout, limiter=RateLimiter(rate))
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        disable=state.quiet or not err.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("DNS", total=len({e.domain for e in entries}))
        results = observe_domains(
            entries, lookup, table, concurrency=concurrency, on_domain=lambda _r: progress.advance(task)
        )
    tables = observation_tables(results, state.lang)
    if section is not None:
        tables = [t for t in tables if t.name == section]
        if not tables:
            raise InputError(
                f"no section '{section}'", hint="choose domains, evidence, mail_providers or jurisdictions"
            )
    about = {
        "domains": str(len(entries)),
        "dns_queries": str(lookup.queries),
        "nameserver": nameserver or "system resolver",
        "observed": dt.date.today().isoformat(),
    }
    emit_tables(tables, fmt=fmt, output=output, provenance=provenance("", METHOD, about), lang=state.lang)
    if project is None:
        return
    if dry_run:
        if not state.quiet:
            for name, services in plan_services(results, project).items():
                err.print(
                    f"--dry-run: would write {len(services)} service(s) into project '{name}'; nothing written",
                    highlight=False,
                    markup=False,
                )
        return
    saved = save_results(open_store(db_choice(db)), results, project)
    if not state.quiet:
        for item in saved:
            o = item.outcome
            err.print(
                f"project '{item.project}': {o.added} service(s) added, {o.changed} changed",
                highlight=False,
                markup=False,
            )


@observe_app.command("rules")
def rules_command(
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Own classification table (the columns of providers.csv).")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """List the provider classification table: pattern, record, provider, parent, country, basis and source."""
    fmt = resolve_format(fmt, output)
    table = load_rules(rules)
    emit_tables(
        [rules_table(table, state.lang)],
        fmt=fmt,
        output=output,
        provenance=provenance("", METHOD, {"rules": table.label}),
        lang=state.lang,
    )
