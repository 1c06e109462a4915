# SPDX-License-Identifier: EUPL-1.2
"""``dosa tokens …``: API tokens for automation (create, list, revoke). Run by the operator on the
server's database; the token is printed once, at creation, and only its hash is kept."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from dosa.cli.options import DbOption, FormatOption, OutputOption, db_choice, resolve_format
from dosa.cli.output import emit_tables, provenance
from dosa.tables import Format, Table

tokens_app = typer.Typer(help="API tokens for pipelines and scripts: create, list, revoke.", no_args_is_help=True)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def command_line_user() -> str:
    """Who runs the command, as the token records it (the operating-system account)."""
    import getpass

    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no account name (a container without USER)
        name = "unknown"
    return f"{name} (command line)"


@tokens_app.command("create")
def create_command(
    user: Annotated[str, typer.Option("--user", help="Who the token acts for (recorded in the ledger).")],
    organisation: Annotated[str, typer.Option("--organisation", help="Organisation id it acts for, e.g. bzk.")],
    scope: Annotated[
        str, typer.Option("--scope", help="Comma-separated: read, statuses:write, inventory:write.")
    ] = "read",
    expires: Annotated[str, typer.Option("--expires", help="Lifetime: 90d, 12h or 4w (at most 366d).")] = "90d",
    description: Annotated[str, typer.Option("--description", help="What the token is for.")] = "",
    db: DbOption = None,
) -> None:
    """Make a token and print it once (store it in the pipeline's secrets; dosa keeps only its hash)."""
    from dosa.access.tokens import create_token, parse_lifetime, parse_scopes
    from dosa.store import open_store

    scopes = parse_scopes(scope)
    lifetime = parse_lifetime(expires)
    info, token = create_token(
        open_store(db_choice(db)), user, organisation, scopes, lifetime, description, created_by=command_line_user()
    )
    err.print(
        f"token {info.id} for {info.user} ({info.organisation}), scopes {' '.join(sorted(info.scopes))}, "
        f"expires {info.expires_at:%Y-%m-%d %H:%M} UTC. It is shown only now:",
        markup=False,
    )
    out.print(token, markup=False, soft_wrap=True)


@tokens_app.command("list")
def list_command(db: DbOption = None, fmt: FormatOption = Format.TABLE, output: OutputOption = None) -> None:
    """List tokens: id, user, organisation, scopes, expiry and whether revoked (never the token)."""
    from dosa.access.tokens import list_tokens
    from dosa.store import database_exists, open_existing_store

    store = open_existing_store(db_choice(db), missing_ok=True) if database_exists(db_choice(db)) else None
    tokens = list_tokens(store) if store is not None else []
    rows = [
        (
            t.id,
            t.user,
            t.organisation,
            " ".join(sorted(t.scopes)),
            t.created_at.strftime("%Y-%m-%d %H:%M"),
            t.expires_at.strftime("%Y-%m-%d %H:%M"),
            t.revoked_at.strftime("%Y-%m-%d %H:%M") if t.revoked_at else "",
            "yes" if t.active() else "no",
            t.description,
            t.created_by,
            t.revoked_by,
        )
        for t in tokens
    ]
    columns = (
        *("id", "user", "organisation", "scopes", "created", "expires", "revoked", "active", "description"),
        *("created_by", "revoked_by"),
    )
    table = Table.from_rows(columns, rows, title="API tokens (times in UTC)", name="tokens")
    emit_tables([table], fmt=resolve_format(fmt, output), output=output, provenance=provenance(""))


@tokens_app.command("revoke")
def revoke_command(
    token_id: Annotated[str, typer.Argument(help="The token's id (dosa tokens list), not the token itself.")],
    db: DbOption = None,
) -> None:
    """Revoke a token at once: every request with it is refused from now on."""
    from dosa.access.tokens import revoke_token
    from dosa.store import open_store

    info = revoke_token(open_store(db_choice(db)), token_id.strip(), revoked_by=command_line_user())
    out.print(f"token {info.id} of {info.user} ({info.organisation}) revoked", markup=False)
