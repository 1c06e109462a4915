# SPDX-License-Identifier: EUPL-1.2
"""Disruption scenarios: YAML files read into typed records, every problem reported with its place.

A scenario names what stops (a country's or a company's supply of some subjects, or a subject
itself), how much of it, from which day and for how long, and the sources that ground it.
Optional stocks (days of normal use held in store) and substitution (how much of the lost supply
comes back, and after how many days) give the time dimension. See ``docs/scenarios.md``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dosa.dataset.files import LINE_KEY, load_yaml
from dosa.dataset.model import Dataset
from dosa.dataset.problems import ValidationReport
from dosa.errors import InputError, UnknownIdError
from dosa.graph.errors import ScenarioError
from dosa.model.entities import ID_PATTERN
from dosa.model.vocab import Stage

DEFAULT_HORIZON_DAYS = 730


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class ScenarioSource(_Record):
    """A document the scenario rests on: a source of the dataset (by ``id``) or described here."""

    id: str = Field(pattern=ID_PATTERN)
    publisher: str | None = None
    title: str | None = None
    year: str | None = None
    url: str | None = None
    note: str | None = None

    @property
    def described(self) -> bool:
        return bool(self.publisher and self.title and self.url)

    @field_validator("year", mode="before")
    @classmethod
    def _year_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class AgendaPassage(_Record):
    """Where the agenda grounds the scenario."""

    page: int | None = None
    quote: str


class Disruption(_Record):
    """One thing that stops.

    With ``countries``, ``suppliers`` or ``holders``: their shares of supply are cut, optionally only
    for ``subjects`` and ``stages``. With only ``subjects``: those subjects themselves lose output.
    """

    id: str = Field(pattern=ID_PATTERN)
    description: str
    description_nl: str | None = None
    countries: tuple[str, ...] = ()
    suppliers: tuple[str, ...] = ()
    holders: tuple[str, ...] = ()
    """Region or group labels exactly as the shares write them (e.g. 'Europe')."""
    subjects: tuple[str, ...] = ()
    stages: tuple[Stage, ...] = ()
    fraction: float = Field(default=1.0, gt=0, le=1)
    """Fraction of the matched supply that is lost."""
    start_day: int = Field(default=0, ge=0)
    duration_days: int | None = Field(default=None, gt=0)
    """``None``: lasts beyond the horizon."""
    probability: float | None = Field(default=None, ge=0, le=1)
    """Chance that it happens within the horizon; used by Monte Carlo only."""
    source: str | None = None
    """Id of a scenario source or a dataset source."""
    rationale: str

    @model_validator(mode="after")
    def _has_target(self) -> Disruption:
        if not (self.countries or self.suppliers or self.holders or self.subjects):
            raise ValueError("name what is disrupted: countries, suppliers, holders or subjects")
        return self

    @property
    def cuts_holders(self) -> bool:
        return bool(self.countries or self.suppliers or self.holders)

    def active(self, day: int) -> bool:
        end = None if self.duration_days is None else self.start_day + self.duration_days
        return day >= self.start_day and (end is None or day < end)


class Stock(_Record):
    """Stocks of a subject that cover a shortfall until they are used up."""

    subject: str
    days: float = Field(gt=0)
    """Days of normal use held in store."""
    rationale: str
    source: str | None = None


class Substitution(_Record):
    """After ``lead_time_days`` a fraction ``recovers`` of a subject's lost supply comes back."""

    subject: str
    lead_time_days: int = Field(gt=0)
    recovers: float = Field(ge=0, le=1)
    rationale: str
    source: str | None = None


class Scenario(_Record):
    name: str = Field(pattern=ID_PATTERN)
    title: str
    title_nl: str | None = None
    """The title in Dutch (``title`` and ``description`` are English)."""
    description: str
    description_nl: str | None = None
    agenda: tuple[AgendaPassage, ...] = ()
    sources: tuple[ScenarioSource, ...] = ()
    horizon_days: int = Field(default=DEFAULT_HORIZON_DAYS, gt=0, le=3650)
    use_judgements: bool = True
    """Take lead times and recovery from the dataset's judgements where the scenario gives none."""
    disruptions: tuple[Disruption, ...] = Field(min_length=1)
    stocks: tuple[Stock, ...] = ()
    substitution: tuple[Substitution, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> Scenario:
        seen: set[str] = set()
        for item in self.disruptions:
            if item.id in seen:
                raise ValueError(f"two disruptions have id '{item.id}'")
            seen.add(item.id)
        return self


def shipped_scenarios_path() -> Path:
    return Path(str(resources.files("dosa") / "data" / "scenarios"))


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario files by name (the file stem)."""
    folder = shipped_scenarios_path()
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def resolve_scenario(name_or_file: str) -> Path:
    """A shipped scenario's name, or a path to a YAML file."""
    shipped = shipped_scenarios()
    if name_or_file in shipped:
        return shipped[name_or_file]
    path = Path(name_or_file)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise InputError(f"scenario file {path} does not exist", hint="check the path")
        return path
    close = difflib.get_close_matches(name_or_file, list(shipped), n=3)
    hint = f"did you mean {', '.join(close)}?" if close else "list them with 'dosa scenario list' or give a YAML file"
    raise UnknownIdError(f"no shipped scenario is called '{name_or_file}'", hint=hint)


def _lines(document: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Line of every mapping in the parsed YAML, keyed by its path."""
    found: dict[tuple[Any, ...], int] = {}
    if isinstance(document, dict):
        if LINE_KEY in document:
            found[path] = int(document[LINE_KEY])
        for key, value in document.items():
            if key != LINE_KEY:
                found.update(_lines(value, (*path, key)))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found.update(_lines(value, (*path, index)))
    return found


def _strip(document: Any) -> Any:
    if isinstance(document, dict):
        return {k: _strip(v) for k, v in document.items() if k != LINE_KEY}
    if isinstance(document, list):
        return [_strip(v) for v in document]
    return document


def _field(location: Iterable[Any]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_HINTS = {
    "missing": "fill it in",
    "extra_forbidden": "remove it or check its spelling",
    "enum": "use one of the listed values",
    "greater_than": "use a larger number",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
    "string_pattern_mismatch": "use lower-case letters, digits, '-', '_' and '.'",
    "too_short": "add at least one item",
}


Lines = dict[tuple[Any, ...], int]


def parse_scenario(path: Path, report: ValidationReport) -> tuple[Scenario | None, Lines]:
    """Read and check one scenario file; every problem goes into ``report`` with file, line and field.

    Returns the scenario (``None`` if unusable) and the line of each mapping in the file.
    """
    label = path.name
    if not path.is_file():
        report.add(label, None, None, "file not found", "check the path")
        return None, {}
    document = load_yaml(path, report, label)
    if document is None:
        if report.ok:
            report.add(label, None, None, "the file is empty", "write the scenario's name, title and disruptions")
        return None, {}
    if not isinstance(document, dict):
        report.add(label, 1, None, "expected a mapping", "start with 'name: …'")
        return None, {}
    lines = _lines(document)
    try:
        scenario = Scenario.model_validate(_strip(document))
    except ValidationError as exc:
        for error in exc.errors():
            location = tuple(error["loc"])
            line = next((lines[location[:n]] for n in range(len(location), -1, -1) if location[:n] in lines), None)
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "missing":
                message = "required field is missing"
            elif error["type"] == "extra_forbidden":
                message = "unknown field"
            report.add(label, line, _field(location) or None, message, _HINTS.get(error["type"], "correct the value"))
        return None, lines
    if path.parent.resolve() == shipped_scenarios_path().resolve() and scenario.name != path.stem:
        report.add(label, lines.get(()), "name", f"name '{scenario.name}' differs from the file name", "rename one")
    return scenario, lines


def check_scenario(
    scenario: Scenario, dataset: Dataset, report: ValidationReport, label: str, lines: Lines | None = None
) -> None:
    """Check every id the scenario names against the dataset, with a close match as hint."""
    lines = lines or {}

    def ref(field: str, value: str, known: Iterable[str], what: str) -> None:
        known = list(known)
        if value in known:
            return
        close = difflib.get_close_matches(value, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use a {what} id of dataset {dataset.info.label}"
        head, _, rest = field.partition("[")
        line = lines.get((head, int(rest.split("]")[0]))) if rest else None
        report.add(label, line, field, f"unknown {what} '{value}'", hint)

    for i, source in enumerate(scenario.sources):
        if not source.described and source.id not in dataset.sources:
            close = difflib.get_close_matches(source.id, list(dataset.sources), n=1)
            report.add(
                label,
                lines.get(("sources", i)),
                f"sources[{i}].id",
                f"source '{source.id}' is neither in dataset {dataset.info.label} nor described here",
                f"did you mean '{close[0]}'?" if close else "add publisher, title, year and url",
            )
    sources = {s.id for s in scenario.sources} | set(dataset.sources)
    holders = {share.holder for share in dataset.shares.values()}
    for i, item in enumerate(scenario.disruptions):
        place = f"disruptions[{i}]"
        for code in item.countries:
            ref(f"{place}.countries", code, dataset.countries, "country")
        for supplier in item.suppliers:
            ref(f"{place}.suppliers", supplier, dataset.suppliers, "supplier")
        for holder in item.holders:
            ref(f"{place}.holders", holder, holders, "share holder")
        for subject in item.subjects:
            ref(f"{place}.subjects", subject, dataset.subjects, "subject")
        if item.source:
            ref(f"{place}.source", item.source, sources, "source")
    entries: list[tuple[str, Stock | Substitution]] = [
        *((f"stocks[{i}]", entry) for i, entry in enumerate(scenario.stocks)),
        *((f"substitution[{i}]", entry) for i, entry in enumerate(scenario.substitution)),
    ]
    for place, entry in entries:
        ref(f"{place}.subject", entry.subject, dataset.subjects, "subject")
        if entry.source:
            ref(f"{place}.source", entry.source, sources, "source")


def load_scenario(name_or_file: str, dataset: Dataset | None = None) -> Scenario:
    """Load a shipped scenario by name or a YAML file; raise :class:`ScenarioError` listing every problem."""
    path = resolve_scenario(name_or_file)
    report = ValidationReport()
    scenario, lines = parse_scenario(path, report)
    if scenario is not None and dataset is not None:
        check_scenario(scenario, dataset, report, path.name, lines)
    if scenario is None or not report.ok:
        raise ScenarioError(report, path.name)
    return scenario
