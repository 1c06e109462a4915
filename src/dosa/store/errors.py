# SPDX-License-Identifier: EUPL-1.2
"""What can go wrong with the dosa database, as :class:`~dosa.errors.InputError` with a hint."""

from __future__ import annotations

from dosa.errors import InputError


class SchemaError(InputError):
    """The database is not at the schema this dosa needs, is damaged, or cannot be reached."""


class StoreBusy(InputError):
    """The database stayed busy through every attempt; nothing was recorded and trying again is safe."""

    retryable = True
