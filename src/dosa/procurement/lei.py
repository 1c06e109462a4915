# SPDX-License-Identifier: EUPL-1.2
"""Legal Entity Identifiers (ISO 17442): 18 alphanumeric characters and two check digits computed with
ISO/IEC 7064 MOD 97-10, the same scheme as IBAN: letters become numbers (A=10 … Z=35) and the whole
number modulo 97 must be 1.
"""

from __future__ import annotations

import re

_LEI = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")


def _as_number(code: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in code))


def lei_problem(value: str) -> str | None:
    """Why ``value`` is not a valid LEI, or None when it is one."""
    if len(value) != 20:
        return f"an LEI has 20 characters, '{value}' has {len(value)}"
    if not _LEI.match(value):
        return f"'{value}' is not 18 upper-case letters or digits followed by two check digits"
    if _as_number(value) % 97 != 1:
        return f"'{value}' fails the ISO 17442 check digits (ISO 7064 MOD 97-10)"
    return None


def is_lei(value: str) -> bool:
    return lei_problem(value) is None


def check_digits(prefix: str) -> str:
    """The two check digits for an 18-character LEI prefix: ``98 - (prefix·100 mod 97)``."""
    if not re.fullmatch(r"[0-9A-Z]{18}", prefix):
        raise ValueError("an LEI prefix is 18 upper-case letters or digits")
    return f"{98 - (_as_number(prefix + '00') % 97):02d}"
