# SPDX-License-Identifier: EUPL-1.2
"""Command-line interface: a thin layer over the core."""

from __future__ import annotations

import sys


def main() -> None:
    """The ``dosa`` script. ``dosa --version`` answers before the command machinery is imported."""
    if sys.argv[1:] == ["--version"]:
        from dosa import __version__

        print(f"dosa {__version__}")
        return
    from dosa.cli.app import main as run

    run()
