# SPDX-License-Identifier: EUPL-1.2
"""``dosa report`` and ``dosa serve``: thin commands over :mod:`dosa.report` and :mod:`dosa.web`."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dosa.cli.context import state
from dosa.cli.options import DbOption, date_option, db_choice
from dosa.errors import InputError
from dosa.i18n import LANGUAGES

err = Console(stderr=True, soft_wrap=True)


def report_command(
    out_dir: Annotated[Path, typer.Option("--out-dir", "-o", help="Folder for the report files.")] = Path("out"),
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the report: nl or en (default: dosa --lang).")
    ] = None,
    fmt: Annotated[
        list[str] | None, typer.Option("--format", "-f", help="html and/or pdf; repeat for both (default: both).")
    ] = None,
    date: Annotated[dt.date | None, date_option("--date", "Date the report is as of (default: today)")] = None,
    db: DbOption = None,
) -> None:
    """Write the report on the dataset: one HTML file that opens offline and a tagged PDF."""
    from dosa.report import write_report

    lang = lang or state.lang
    if lang not in LANGUAGES:
        raise typer.BadParameter("use nl or en", param_hint="--lang")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(
            f"{out_dir.name} is a file, not a folder", hint="give a folder for the report files with -o DIR"
        )
    dataset = state.dataset()
    chosen_db = db_choice(db)
    paths = write_report(
        dataset,
        out_dir,
        lang=lang,
        date=date,
        formats=tuple(fmt or ("html", "pdf")),
        db=Path(chosen_db) if chosen_db else None,
    )
    for path in paths.values():
        typer.echo(str(path))
    if not state.quiet:
        err.print(f"report on {dataset.info.label} written ({', '.join(paths)})")


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on; loopback unless you put a proxy in front.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    editor: Annotated[
        str | None,
        typer.Option(envvar="DOSA_EDITOR", help="Your name: enables editing action statuses, recorded as author."),
    ] = None,
    db: DbOption = None,
    security_contact: Annotated[
        str | None,
        typer.Option(envvar="DOSA_SECURITY_CONTACT", help="Contact for /.well-known/security.txt (mailto: or https:)."),
    ] = None,
) -> None:
    """Start the web dashboard and the REST API (default http://127.0.0.1:8000)."""
    import uvicorn

    from dosa.web import WebSettings, create_app

    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise InputError(
            f"dosa serve listens on loopback only, not on {host}",
            hint="run it on 127.0.0.1 and put a TLS-terminating reverse proxy in front for other users",
        )
    settings = WebSettings.from_environment(  # DOSA_* variables: sign-in, public URL, rate limits, …
        dataset_path=state.dataset_path, db=db_choice(db), editor=editor, security_contact=security_contact
    )
    app = create_app(settings, state.dataset())
    app.state.dosa.assessment()  # score the risks now, so that the first visitor does not wait for it
    if not state.quiet:
        err.print(f"dosa dashboard on http://{host}:{port}/ (API: /v1, stop with Ctrl+C)")
    from dosa.web.operations import json_logging

    json_logging()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
