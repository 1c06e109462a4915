# SPDX-License-Identifier: EUPL-1.2
"""Checks that Dutch pages are Dutch throughout."""
