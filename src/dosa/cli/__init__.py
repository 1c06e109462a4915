# SPDX-License-Identifier: EUPL-1.2
"""dosa's command line: thin typer commands over the core."""
