# SPDX-License-Identifier: EUPL-1.2
"""Read dataset files into rows that remember their line, reporting malformed input as problems."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dosa.dataset.problems import ValidationReport

LINE_KEY = "__line__"


@dataclass(frozen=True)
class Row:
    """One record as read from a file, before it is turned into a model."""

    file: str
    line: int
    data: dict[str, Any]


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where the wheel ships it: ten times faster than the pure-Python one."""


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe YAML loader that records each mapping's line and rejects duplicate keys."""

    duplicates: list[tuple[int, str]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                self.duplicates.append((key_node.start_mark.line + 1, str(key)))
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=True)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def yaml_with_lines(text: str) -> Any:
    """Parse YAML text safely; every mapping carries its line under ``LINE_KEY`` (see :func:`without_lines`).
    Raises ``yaml.YAMLError`` for malformed text."""
    loader = _LineLoader(text)
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is not None and expanded_size(node) > MAX_EXPANDED_VALUES:
            raise YamlExpansionError(
                f"the YAML expands to more than {MAX_EXPANDED_VALUES:,} values through anchors and aliases"
            )
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


class YamlExpansionError(yaml.YAMLError):
    """The document's anchors and aliases expand beyond :data:`MAX_EXPANDED_VALUES` (an alias bomb)."""


def without_lines(value: Any) -> Any:
    """``value`` without the line markers :func:`yaml_with_lines` adds."""
    return _strip_lines(value)


MAX_EXPANDED_VALUES = 2_000_000
"""Values a YAML document may hold once its aliases are expanded: far above any real dataset file, far
below an alias bomb (a few hundred bytes of nested anchors that expand to billions of values)."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def expanded_size(root: yaml.Node, limit: int = MAX_EXPANDED_VALUES) -> int:
    """How many values the document holds with every alias expanded (capped just above ``limit``; a
    recursive alias counts as unlimited). Linear in the number of distinct nodes."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(child)] for child in children))
            continue
        if key in open_nodes:
            return limit + 1
        open_nodes.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                return limit + 1  # the node contains itself
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def load_yaml(path: Path, report: ValidationReport, label: str) -> Any:
    """Parse a YAML file; on a syntax error, or aliases that expand beyond reason, report it and return
    ``None``."""
    loader = _LineLoader(path.read_text(encoding="utf-8"))
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is not None and expanded_size(node) > MAX_EXPANDED_VALUES:
            report.add(
                label,
                None,
                None,
                f"the YAML expands to more than {MAX_EXPANDED_VALUES:,} values through anchors and aliases",
                "write the values out instead of nesting aliases",
            )
            return None
        document = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        report.add(label, line, None, f"malformed YAML: {problem}", "fix the YAML syntax")
        return None
    finally:
        loader.dispose()
    for line, key in loader.duplicates:
        report.add(label, line, key, f"duplicate key '{key}'", "keep one value per key")
    return document


def read_yaml_rows(path: Path, report: ValidationReport, label: str) -> list[Row]:
    """Read a YAML file holding a list of mappings."""
    document = load_yaml(path, report, label)
    if document is None:
        return []
    if not isinstance(document, list):
        report.add(label, 1, None, "expected a list of records", "start each record with '- '")
        return []
    rows = []
    for index, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            report.add(label, None, None, f"record {index} is not a mapping", "write 'key: value' pairs")
            continue
        rows.append(Row(label, int(item.get(LINE_KEY, 0)), _strip_lines(item)))
    return rows


def read_csv_rows(path: Path, report: ValidationReport, label: str, columns: set[str]) -> list[Row]:
    """Read a CSV file with a header row; empty cells become absent fields."""
    rows: list[Row] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            header = reader.fieldnames or []
            unknown = [name for name in header if name not in columns]
            for name in unknown:
                report.add(label, 1, name, f"unknown column '{name}'", f"known columns: {', '.join(sorted(columns))}")
            duplicates = {name for name in header if header.count(name) > 1}
            for name in sorted(duplicates):
                report.add(label, 1, name, f"column '{name}' appears twice", "keep one column per field")
            last_line = 1
            for record in reader:
                line = last_line + 1
                last_line = reader.line_num
                if None in record:
                    report.add(
                        label, line, None, "more cells than columns in the header", "check for an unquoted comma"
                    )
                    continue
                data = {k: v.strip() for k, v in record.items() if k in columns and v is not None and v.strip() != ""}
                if any(v is None for v in record.values()):
                    report.add(label, line, None, "fewer cells than columns in the header", "check the row's commas")
                    continue
                if data:
                    rows.append(Row(label, line, data))
    except csv.Error as exc:
        report.add(label, None, None, f"malformed CSV: {exc}", "check quotes and separators")
    except UnicodeDecodeError as exc:
        report.add(label, None, None, f"not UTF-8 text: {exc.reason}", "save the file as UTF-8")
    return rows
