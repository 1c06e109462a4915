# SPDX-License-Identifier: EUPL-1.2
"""Checks across records: references, share sums, cycles. Each problem names file, line and field."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pycountry

from dosa.dataset.problems import Severity, ValidationReport
from dosa.model.vocab import HolderKind, LinkTargetKind, RequiresMode

if TYPE_CHECKING:
    from dosa.dataset.files import Row
    from dosa.dataset.model import Dataset

SHARE_SUM_TOLERANCE = 1.0
"""Shares of one distribution may sum to 101 % before it is an error: sources round each value."""


class _Checker:
    def __init__(self, dataset: Dataset, rows: Mapping[tuple[str, str], Row], report: ValidationReport) -> None:
        self.dataset = dataset
        self.rows = rows
        self.report = report

    def place(self, collection: str, key: str) -> tuple[str, int | None]:
        row = self.rows.get((collection, key))
        return (row.file, row.line) if row else (f"{collection}", None)

    def problem(
        self,
        collection: str,
        key: str,
        field: str,
        message: str,
        hint: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        file, line = self.place(collection, key)
        self.report.add(file, line, field, message, hint, severity)

    def ref(self, collection: str, key: str, field: str, value: str | None, target: str, known: Iterable[str]) -> None:
        """Report ``value`` unless it is a key of the ``target`` collection."""
        if value is None:
            return
        known_keys = list(known)
        if value in known_keys:
            return
        close = difflib.get_close_matches(value, known_keys, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"add it to {target} or correct the reference"
        self.problem(
            collection, key, field, f"unknown {target[:-1] if target.endswith('s') else target} '{value}'", hint
        )


def check_references(dataset: Dataset, rows: Mapping[tuple[str, str], Row], report: ValidationReport) -> None:
    c = _Checker(dataset, rows, report)
    d = dataset
    sources, subjects, priorities = d.sources.keys(), d.subjects.keys(), d.priorities.keys()
    organisations, countries = d.organisations.keys(), d.countries.keys()

    for collection in (
        "layers",
        "priorities",
        "countries",
        "subjects",
        "requires",
        "suppliers",
        "shares",
        "facts",
        "judgements",
        "public_interests",
        "vital_processes",
        "dependencies",
        "action_links",
    ):
        for key, record in getattr(d, collection).items():
            citation = getattr(record, "citation", None)
            if citation is not None:
                c.ref(collection, key, "source", citation.source, "sources", sources)

    for key, country in d.countries.items():
        if pycountry.countries.get(alpha_2=country.code) is None:
            c.problem(
                "countries",
                key,
                "code",
                f"'{country.code}' is not an ISO 3166-1 alpha-2 code",
                "use the two-letter ISO code, e.g. NL, CN, US",
            )

    for key, record in d.subjects.items():
        for priority in record.priorities:
            c.ref("subjects", key, "priorities", priority, "priorities", priorities)

    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, edge in d.requires.items():
        c.ref("requires", key, "subject", edge.subject, "subjects", subjects)
        c.ref("requires", key, "requires", edge.requires, "subjects", subjects)
        c.ref("requires", key, "intensity_source", edge.intensity_source, "sources", d.sources.keys())
        if edge.mode is RequiresMode.ALTERNATIVE and edge.group:
            groups[(edge.subject, edge.group)].append(key)
    for (subject, group), members in groups.items():
        if len(members) == 1:
            c.problem(
                "requires",
                members[0],
                "group",
                f"alternative group '{group}' of '{subject}' has one input only",
                "add the alternatives or make the input mode 'all'",
                Severity.WARNING,
            )
    _check_cycles(c)

    for key, supplier in d.suppliers.items():
        c.ref("suppliers", key, "hq_country", supplier.hq_country, "countries", countries)
        c.ref("suppliers", key, "ultimate_parent", supplier.ultimate_parent, "suppliers", d.suppliers.keys())
        for priority in supplier.priorities:
            c.ref("suppliers", key, "priorities", priority, "priorities", priorities)

    for key, share in d.shares.items():
        c.ref("shares", key, "subject", share.subject, "subjects", subjects)
        if share.holder_kind is HolderKind.COUNTRY:
            c.ref("shares", key, "holder", share.holder, "countries", countries)
        elif share.holder_kind is HolderKind.COMPANY:
            c.ref("shares", key, "holder", share.holder, "suppliers", d.suppliers.keys())
        if share.holder_country not in (None, "EU"):
            c.ref("shares", key, "holder_country", share.holder_country, "countries", countries)
        share_subject = d.subjects.get(share.subject)
        if share_subject is not None and share_subject.stages and share.stage not in share_subject.stages:
            c.problem(
                "shares",
                key,
                "stage",
                f"stage '{share.stage}' is not one of subject '{share.subject}' stages",
                f"use one of {', '.join(share_subject.stages)} or add the stage to the subject",
                Severity.WARNING,
            )
    _check_share_sums(c)

    for key, fact in d.facts.items():
        c.ref("facts", key, "subject", fact.subject, "subjects", subjects)
        c.ref("facts", key, "priority", fact.priority, "priorities", priorities)
    for key, judgement in d.judgements.items():
        c.ref("judgements", key, "subject", judgement.subject, "subjects", subjects)
    for key, process in d.vital_processes.items():
        c.ref("vital_processes", key, "ministry", process.ministry, "organisations", organisations)
    dependants = list(d.vital_processes.keys()) + list(d.public_interests.keys())
    for key, dependency in d.dependencies.items():
        c.ref("dependencies", key, "dependant", dependency.dependant, "dependants", dependants)
        c.ref("dependencies", key, "subject", dependency.subject, "subjects", subjects)
    for key, action in d.actions.items():
        c.ref("actions", key, "priority", action.priority, "priorities", priorities)
        for owner in action.owners:
            c.ref("actions", key, "owners", owner, "organisations", organisations)
        for party in action.involved:
            c.ref("actions", key, "involved", party, "organisations", organisations)
        for other in action.repeated_as:
            c.ref("actions", key, "repeated_as", other, "actions", d.actions.keys())
    for key, link in d.action_links.items():
        c.ref("action_links", key, "action", link.action, "actions", d.actions.keys())
        if link.target_kind is LinkTargetKind.SUBJECT:
            c.ref("action_links", key, "target", link.target, "subjects", subjects)
        else:
            c.ref("action_links", key, "target", link.target, "priorities", priorities)


def _check_share_sums(c: _Checker) -> None:
    """One source's shares of one distribution cannot add up to more than the whole."""
    totals: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, share in c.dataset.shares.items():
        group: tuple[str, ...] = (
            share.subject,
            share.stage,
            share.scope,
            share.year,
            share.citation.source,
            share.metric,
            share.holder_kind,
        )
        totals[group].append(key)
    for group, keys in totals.items():
        total = sum(c.dataset.shares[k].value for k in keys)
        if total > 100 + SHARE_SUM_TOLERANCE:
            subject_id, stage, scope, year, source = (str(part) for part in group[:5])
            c.problem(
                "shares",
                keys[-1],
                "value",
                f"shares of {subject_id}/{stage}/{scope}/{year} from source {source} sum to {total:g} %",
                f"check the {len(keys)} rows ({', '.join(sorted(keys))}); they may not exceed 100 %",
            )


def _check_cycles(c: _Checker) -> None:
    """Requires-edges must form a DAG: a subject cannot need itself through its inputs."""
    graph: dict[str, list[str]] = defaultdict(list)
    for edge in c.dataset.requires.values():
        graph[edge.subject].append(edge.requires)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            c.problem(
                "requires",
                f"{cycle[-2]}->{cycle[-1]}",
                "requires",
                f"requires-edges form a cycle: {' -> '.join(cycle)}",
                "remove one edge of the cycle",
            )
            return
