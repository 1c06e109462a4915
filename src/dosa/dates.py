# SPDX-License-Identifier: EUPL-1.2
"""The one date parser: ISO (2024-03-01) and Dutch day-first (1-3-2024, 01/03/2024, 1.3.2024).

Used by the command line (every date option), the status spreadsheets and the web forms, so a date
that one face accepts every face accepts.
"""

from __future__ import annotations

import datetime as dt
import re

from dosa.errors import InputError

_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATE_HINT = "write YYYY-MM-DD (2024-03-01) or D-M-YYYY (1-3-2024)"


def parse_date(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    """Read a date as ISO or Dutch day-first; a spreadsheet date as is; empty text is None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        return None
    match = _DUTCH_DATE.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10] if "T" in text or " " in text else text)
    except ValueError:
        raise InputError(f"'{value}' is not a date", hint=DATE_HINT) from None
