# SPDX-License-Identifier: EUPL-1.2
"""Command-line interface: a thin layer over the core."""
