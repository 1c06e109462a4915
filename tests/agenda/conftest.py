# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for the agenda importer: the real agenda text shipped in the package, imported once."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from dosa.agenda import ImportResult, import_agenda, overrides_for

AGENDA_NAME = "agenda-dosa-2023.txt"


@pytest.fixture(scope="session")
def agenda_file() -> Path:
    """The agenda text shipped in the package (a copy of ../shared/seed/agenda-dosa-2023.txt)."""
    return Path(str(resources.files("dosa") / "data" / "agenda" / AGENDA_NAME))


@pytest.fixture(scope="session")
def agenda_text(agenda_file: Path) -> str:
    return agenda_file.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def agenda_lines(agenda_text: str) -> list[str]:
    return agenda_text.splitlines()


@pytest.fixture(scope="session")
def imported(agenda_text: str) -> ImportResult:
    return import_agenda(agenda_text, overrides=overrides_for(agenda_text))
