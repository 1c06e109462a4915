# SPDX-License-Identifier: EUPL-1.2
"""Map the owner and involved-party text of an action to canonical organisation ids.

The agenda writes parties as it pleases: ``EZK, BHOS, I&W``, ``BZ/BHOS``, ``o.a. EZK, J&V en OCW``,
``JenV (NCSC)``. The names are matched against the organisations file of a dataset
(``organisations.yaml``): its ids, abbreviations, names and aliases, case-insensitively. Names that
match nothing are returned as unknown so the importer can report them; placeholders such as
``N.t.b.`` (to be decided) are recognised and carry no id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from dosa.dataset.files import read_yaml_rows
from dosa.dataset.loader import default_dataset_path
from dosa.dataset.problems import ValidationReport
from dosa.errors import DatasetError, InputError
from dosa.model.entities import Organisation

ORGANISATIONS_FILE = "organisations.yaml"

PLACEHOLDERS = re.compile(r"^(?:n\.?\s?t\.?\s?b|n\.?\s?n\.?\s?b|nader te bepalen|nog niet bekend)\.?$")
"""'To be decided': a party is not yet known. Not an organisation."""
QUALIFIERS = re.compile(r"^afhankelijk van\b")
"""Remarks written in a party list ('afhankelijk van standaardproces'). Not an organisation."""
_PREFIXES = re.compile(r"^(?:o\.a\.|onder andere|onder meer|m\.n\.|met name)\s+")
_CONNECTORS = re.compile(r"\s*/\s*|\s+en\s+|\s*\+\s*")


def alias_key(name: str) -> str:
    """The form in which names are compared: case-folded, single spaces, no closing full stop."""
    name = name.replace("’", "'").replace("\u00ad", "")
    name = re.sub(r"\s+", " ", name).strip().casefold()
    return name.rstrip(" .,;:")


@dataclass(frozen=True)
class Parties:
    """The result of reading one party text."""

    ids: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    """Names that match no organisation, as written."""
    placeholders: tuple[str, ...] = ()
    """'N.t.b.' and similar, and remarks such as 'afhankelijk van standaardproces'."""

    @property
    def complete(self) -> bool:
        return not self.unknown


def _split_top_level(text: str) -> list[str]:
    """Split on commas and semicolons outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char in ",;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


class OrganisationIndex:
    """Look up organisations by any of their spellings."""

    def __init__(self, organisations: Iterable[Organisation]) -> None:
        self.organisations: dict[str, Organisation] = {}
        self._by_key: dict[str, str] = {}
        clashes: list[str] = []
        for organisation in organisations:
            self.organisations[organisation.id] = organisation
            names = (organisation.id, organisation.abbreviation, organisation.name_nl, organisation.name_en)
            for name in (*names, *organisation.aliases):
                key = alias_key(name)
                known = self._by_key.setdefault(key, organisation.id)
                if known != organisation.id:
                    clashes.append(f"'{name}' names both {known} and {organisation.id}")
        if clashes:
            raise InputError(
                "organisation names are ambiguous: " + "; ".join(sorted(set(clashes))),
                hint="give each alias to one organisation only",
            )

    def lookup(self, name: str) -> str | None:
        """The id of the organisation called ``name``, or ``None``."""
        return self._by_key.get(alias_key(name))

    def _read_part(self, part: str, ids: list[str], unknown: list[str], placeholders: list[str]) -> None:
        part = _PREFIXES.sub("", part.strip())
        key = alias_key(part)
        if not key:
            return
        if PLACEHOLDERS.match(key) or QUALIFIERS.match(key):
            placeholders.append(part.rstrip(" ,;"))
            return
        if (found := self.lookup(part)) is not None:
            ids.append(found)
            return
        inner = re.fullmatch(r"(.*?)\s*\((.*)\)\s*\.?", part)
        if inner:
            # 'JenV (NCSC)': the ministry and the service named inside it.
            self._read_part(inner.group(1), ids, unknown, placeholders)
            for sub in _split_top_level(inner.group(2)):
                self._read_part(sub, ids, unknown, placeholders)
            return
        pieces = [piece for piece in _CONNECTORS.split(part) if piece.strip()]
        if len(pieces) > 1:
            for piece in pieces:
                self._read_part(piece, ids, unknown, placeholders)
            return
        unknown.append(part.rstrip(" ,;."))

    def parties(self, text: str) -> Parties:
        """Read a party text such as ``'EZK, BHOS, I&W'`` into organisation ids."""
        ids: list[str] = []
        unknown: list[str] = []
        placeholders: list[str] = []
        for part in _split_top_level(re.sub(r"\s+", " ", text)):
            self._read_part(part, ids, unknown, placeholders)
        return Parties(tuple(dict.fromkeys(ids)), tuple(unknown), tuple(placeholders))


def load_organisations(path: Path | None = None) -> tuple[Organisation, ...]:
    """Read an ``organisations.yaml`` (by default the one of the default dataset)."""
    path = path or default_dataset_path() / ORGANISATIONS_FILE
    if not path.is_file():
        raise InputError(f"{path} does not exist", hint="pass an organisations.yaml file")
    report = ValidationReport()
    label = path.name
    organisations: list[Organisation] = []
    for row in read_yaml_rows(path, report, label):
        try:
            organisations.append(Organisation.model_validate(row.data))
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(part) for part in error["loc"]) or None
                report.add(label, row.line, field, error["msg"], "correct the organisation record")
    if not report.ok:
        raise DatasetError(report)
    return tuple(organisations)


def default_index(extra: Path | None = None) -> OrganisationIndex:
    """The default dataset's organisations, overlaid by those of ``extra`` (same id replaces)."""
    organisations = {o.id: o for o in load_organisations()}
    if extra is not None and extra.is_file():
        organisations.update({o.id: o for o in load_organisations(extra)})
    return OrganisationIndex(organisations.values())
