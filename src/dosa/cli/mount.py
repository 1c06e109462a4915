# SPDX-License-Identifier: EUPL-1.2
"""The one way to mount commands: by name, imported only when that command runs.

A group lists its commands as ``{"name": "module:attribute"}``, where the attribute is a
``typer.Typer`` (a command group) or a plain function (one command)::

    app = typer.Typer(cls=lazy_group({"risk": "dosa.cli.risk:risk_app", "show": "dosa.cli.dataset:show"}))

``dosa risk …`` then imports :mod:`dosa.cli.risk` (and what it needs) and nothing else, which is
what keeps ``dosa --version`` and a simple listing fast. Help and the generated docs/cli.md list
every command (they import them all).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import typer
from typer import _click as click
from typer.core import TyperGroup


def load_command(name: str, target: str) -> click.Command:
    """Import ``module:attribute`` and turn it into the click command ``name``."""
    module_name, _, attribute = target.partition(":")
    obj: Any = getattr(importlib.import_module(module_name), attribute)
    if isinstance(obj, typer.Typer):
        command: click.Command = typer.main.get_group(obj)
    else:
        single = typer.Typer()
        single.command(name)(obj)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """A typer group whose commands in :attr:`lazy` are imported on first use."""

    lazy: Mapping[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        listed = super().list_commands(ctx)
        return [*listed, *(name for name in self.lazy if name not in listed)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy:
            command = load_command(cmd_name, self.lazy[cmd_name])
            self.add_command(command, cmd_name)
        return command


def lazy_group(commands: Mapping[str, str]) -> type[LazyGroup]:
    """A :class:`LazyGroup` class for ``typer.Typer(cls=…)`` with these commands."""
    return type("LazyCommands", (LazyGroup,), {"lazy": dict(commands)})
