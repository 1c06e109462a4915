# SPDX-License-Identifier: EUPL-1.2
"""Load a dataset directory (and the datasets it extends), validating everything in one pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from dosa.dataset.checks import check_references
from dosa.dataset.files import Row, load_yaml, read_csv_rows, read_yaml_rows
from dosa.dataset.model import Dataset, DatasetInfo
from dosa.dataset.problems import ValidationReport
from dosa.errors import DatasetError, InputError
from dosa.model import entities as e

CITATION_COLUMNS = ("source", "page", "footnote", "quote")
DEFAULT_DATASET = "default"


@dataclass(frozen=True)
class CollectionSpec:
    """How one collection is stored: file name, model, key, and CSV cell conventions."""

    collection: str
    filename: str
    model: type[BaseModel]
    key: Callable[[Any], str]
    list_fields: tuple[str, ...] = ()
    bool_fields: tuple[str, ...] = ()

    @property
    def is_csv(self) -> bool:
        return self.filename.endswith(".csv")

    def columns(self) -> set[str]:
        names = set(self.model.model_fields) - {"citation"}
        if "citation" in self.model.model_fields:
            names |= set(CITATION_COLUMNS)
        return names


def _id(record: Any) -> str:
    return str(record.id)


SPECS: tuple[CollectionSpec, ...] = (
    CollectionSpec("sources", "sources.csv", e.Source, _id),
    CollectionSpec("layers", "layers.yaml", e.Layer, _id),
    CollectionSpec("priorities", "priorities.yaml", e.Priority, _id),
    CollectionSpec("organisations", "organisations.yaml", e.Organisation, _id),
    CollectionSpec(
        "countries",
        "countries.csv",
        e.Country,
        lambda r: r.code,
        bool_fields=("eu_member", "eea_member", "nato_member"),
    ),
    CollectionSpec("subjects", "subjects.yaml", e.Subject, _id),
    CollectionSpec("requires", "requires.csv", e.RequiresEdge, lambda r: f"{r.subject}->{r.requires}"),
    CollectionSpec(
        "suppliers", "suppliers.csv", e.Supplier, _id, list_fields=("priorities",), bool_fields=("verified",)
    ),
    CollectionSpec("shares", "shares.csv", e.Share, _id, bool_fields=("derived",)),
    CollectionSpec("facts", "facts.csv", e.Fact, _id),
    CollectionSpec("judgements", "judgements.yaml", e.Judgement, _id),
    CollectionSpec("public_interests", "public_interests.yaml", e.PublicInterest, _id),
    CollectionSpec("vital_processes", "vital_processes.csv", e.VitalProcess, _id),
    CollectionSpec("dependencies", "dependencies.csv", e.Dependency, lambda r: f"{r.dependant}->{r.subject}"),
    CollectionSpec("actions", "actions.yaml", e.Action, _id),
    CollectionSpec("action_links", "action_links.csv", e.ActionLink, lambda r: r.key),
)

TRUE_WORDS = {"yes", "true", "1", "ja", "y"}
FALSE_WORDS = {"no", "false", "0", "nee", "n"}


def default_dataset_path() -> Path:
    return Path(str(resources.files("dosa") / "data" / DEFAULT_DATASET))


def _csv_to_fields(spec: CollectionSpec, row: Row, report: ValidationReport) -> dict[str, Any] | None:
    data: dict[str, Any] = {}
    citation: dict[str, str] = {}
    ok = True
    for name, value in row.data.items():
        if name in CITATION_COLUMNS and "citation" in spec.model.model_fields:
            citation[name] = value
        elif name in spec.list_fields:
            data[name] = tuple(part.strip() for part in value.split(";") if part.strip())
        elif name in spec.bool_fields:
            word = value.lower()
            if word not in TRUE_WORDS | FALSE_WORDS:
                report.add(row.file, row.line, name, f"'{value}' is not yes or no", "write yes or no")
                ok = False
            data[name] = word in TRUE_WORDS
        else:
            data[name] = value
    if citation:
        data["citation"] = citation
    return data if ok else None


def pattern_message(pattern: str) -> tuple[str, str]:
    """A readable message for a value that does not have the required form."""
    if pattern == e.ID_PATTERN:
        return (
            "not a valid id",
            "use lower-case letters a-z, digits, '_', '.' and '-', starting with a letter or digit (e.g. gallium)",
        )
    return "does not have the required form", f"it must match the pattern {pattern}"


def _report_validation_error(row: Row, exc: ValidationError, report: ValidationReport, is_csv: bool) -> None:
    for error in exc.errors():
        location = [str(part) for part in error["loc"]]
        if is_csv and location and location[0] == "citation":
            location = location[1:] or ["source"]
        field = ".".join(location) or None
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing":
            message, hint = "required field is missing", "fill it in"
        elif error["type"] == "extra_forbidden":
            message, hint = "unknown field", "remove it or check its spelling"
        elif error["type"] == "enum":
            hint = "use one of the listed values"
        elif error["type"] == "string_pattern_mismatch":
            message, hint = pattern_message(error.get("ctx", {}).get("pattern", ""))
        else:
            hint = "correct the value"
        report.add(row.file, row.line, field, message, hint)


def _read_collection(
    directory: Path, spec: CollectionSpec, report: ValidationReport, label_prefix: str
) -> dict[str, tuple[BaseModel, Row]]:
    path = directory / spec.filename
    records: dict[str, tuple[BaseModel, Row]] = {}
    if not path.exists():
        return records
    label = f"{label_prefix}{spec.filename}"
    rows = read_csv_rows(path, report, label, spec.columns()) if spec.is_csv else read_yaml_rows(path, report, label)
    for row in rows:
        data = _csv_to_fields(spec, row, report) if spec.is_csv else row.data
        if data is None:
            continue
        try:
            record = spec.model.model_validate(data)
        except ValidationError as exc:
            _report_validation_error(row, exc, report, spec.is_csv)
            continue
        key = spec.key(record)
        if key in records:
            first = records[key][1]
            report.add(
                row.file,
                row.line,
                "id",
                f"duplicate id '{key}' (first at line {first.line})",
                "give each record its own id",
            )
            continue
        records[key] = (record, row)
    return records


def _read_info(directory: Path, report: ValidationReport, label_prefix: str) -> DatasetInfo | None:
    path = directory / "dataset.yaml"
    label = f"{label_prefix}dataset.yaml"
    if not path.exists():
        report.add(label, None, None, "missing dataset.yaml", "add dataset.yaml with id, version, title and licence")
        return None
    document = load_yaml(path, report, label)
    if not isinstance(document, dict):
        if document is not None:
            report.add(label, 1, None, "expected a mapping", "write 'key: value' pairs")
        return None
    document = {k: v for k, v in document.items() if k != "__line__"}
    known = {f.name for f in fields(DatasetInfo)} - {"paths"}
    for key in sorted(set(document) - known):
        report.add(label, None, key, "unknown field", f"known fields: {', '.join(sorted(known))}")
    missing = [name for name in ("id", "version", "title", "licence") if not document.get(name)]
    for name in missing:
        report.add(label, None, name, "required field is missing", "fill it in")
    if missing:
        return None
    values = {k: str(v) for k, v in document.items() if k in known and v is not None}
    return DatasetInfo(**values, paths=(directory,))


def _resolve_base(extends: str, directory: Path) -> Path:
    if extends == DEFAULT_DATASET:
        return default_dataset_path()
    return (directory / extends).resolve()


def load_dataset_with_report(path: Path | None = None) -> tuple[Dataset | None, ValidationReport]:
    """Load and validate a dataset directory; return the dataset (if usable) and every problem found.

    A dataset whose ``dataset.yaml`` says ``extends: default`` (or a relative path) is laid over
    its base: records with the same key replace the base's, new records are added.
    """
    directory = (path or default_dataset_path()).resolve()
    report = ValidationReport()
    if not directory.is_dir():
        raise InputError(f"{directory} is not a directory", hint="pass the folder that holds dataset.yaml")
    chain: list[Path] = []
    infos: list[DatasetInfo] = []
    current: Path | None = directory
    while current is not None:
        if current in chain:
            report.add("dataset.yaml", None, "extends", f"datasets extend each other in a circle at {current}")
            break
        prefix = "" if current == directory else f"{current.name}/"
        info = _read_info(current, report, prefix)
        chain.append(current)
        if info is None:
            break
        infos.append(info)
        current = _resolve_base(info.extends, current) if info.extends else None
        if current is not None and not current.is_dir():
            report.add(f"{prefix}dataset.yaml", None, "extends", f"base dataset {info.extends} not found")
            current = None

    merged: dict[str, dict[str, BaseModel]] = {spec.collection: {} for spec in SPECS}
    rows: dict[tuple[str, str], Row] = {}
    for base in reversed(chain[: len(infos)]):
        prefix = "" if base == directory else f"{base.name}/"
        for spec in SPECS:
            for key, (record, row) in _read_collection(base, spec, report, prefix).items():
                merged[spec.collection][key] = record
                rows[(spec.collection, key)] = row
    if not infos:
        return None, report
    info = replace(infos[0], paths=tuple(reversed(chain[: len(infos)])))
    dataset = Dataset(info=info, **merged)  # type: ignore[arg-type]
    check_references(dataset, rows, report)
    return dataset, report


def load_dataset(path: Path | None = None) -> Dataset:
    """Load a dataset, raising :class:`DatasetError` with the full report if it has errors."""
    dataset, report = load_dataset_with_report(path)
    if dataset is None or not report.ok:
        raise DatasetError(report)
    return dataset
