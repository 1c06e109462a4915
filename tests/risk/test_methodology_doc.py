# SPDX-License-Identifier: EUPL-1.2
"""docs/methodology.md cannot drift: its weight table, CRM reproduction table and agenda comparison are
computed here and must match the text. Regenerate them with ``DOSA_UPDATE_DOCS=1 pytest tests/risk``."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from dosa.dataset import load_dataset
from dosa.risk import assess, crm, load_method
from dosa.risk import crm_tables as tables
from dosa.risk.agenda import compare
from dosa.risk.method import Harm

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"
UPDATE = os.environ.get("DOSA_UPDATE_DOCS") == "1"


def _fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def weights_table() -> str:
    method = load_method()
    lines = ["| harm | part | factor or criterion | weight | range | why |", "|---|---|---|---|---|---|"]
    for harm in Harm:
        spec = method.harms.of(harm)
        for part, weights in (("likelihood", spec.likelihood), ("impact", spec.impact)):
            for name, weight in weights.items():
                rationale = " ".join(weight.rationale.split())
                span = f"{weight.low:g}-{weight.high:g}"
                lines.append(f"| {harm.value} | {part} | `{name}` | {weight.weight:g} | {span} | {rationale} |")
    return "\n".join(lines)


def crm_table() -> str:
    items = tables.assessment_inputs(tables.read_table(tables.resolve_table("eu-crm-2017-examples")))
    lines = [
        "| material | stage | scope used | SR computed (rounding range) | SR published | GS only | EU only | GS+EU "
        "| EI | critical | published |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in crm.mark_bottlenecks([crm.assess_material(i) for i in items]):
        sr = result.sr
        assert sr is not None
        pub = result.input.published
        pairs = {s: f"{_fmt(result.scopes[s].value)} / {pub[f'sr_{s}']:g}" for s in ("GS", "EU", "GS+EU")}

        lines.append(
            f"| {result.input.material} | {result.input.stage} | {result.scope_used} "
            f"| {_fmt(sr.value)} ({_fmt(sr.low)}-{_fmt(sr.high)}) | {pub['sr']:g} | {pairs['GS']} | {pairs['EU']} "
            f"| {pairs['GS+EU']} | {pub['ei']:g} | {result.critical} | {result.published_critical} |"
        )
    return "\n".join(lines)


def agenda_table() -> str:
    dataset = load_dataset()
    assessment = assess(dataset, uncertainty=False)
    lines = [
        "| check | scope | harm | kind | the agenda says (p., line) | dosa's reading | expected "
        "| engine: subject, cell, class | L data | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in compare(assessment, dataset):
        engine = f"`{c.worst}`, {c.cell}, {c.engine.value}" if c.engine is not None else "no subjects"
        lines.append(
            f"| {c.reading.id} | {c.reading.scope} | {c.reading.harm.value} | {c.reading.kind} "
            f"| “{c.reading.quote}” (p. {c.reading.page}, {c.reading.line}) | {c.reading.reading} "
            f"| {c.reading.expectation} | {engine} | {'' if c.coverage is None else f'{c.coverage:.0%}'} "
            f"| {c.verdict} |"
        )
    return "\n".join(lines)


SECTIONS: dict[str, Callable[[], str]] = {"weights": weights_table, "crm-examples": crm_table, "agenda": agenda_table}


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {name}:start -->\n)(.*?)(\n?<!-- {name}:end -->)", re.DOTALL)


@pytest.mark.parametrize("name", list(SECTIONS))
def test_generated_section_is_current(name: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    match = _pattern(name).search(text)
    assert match, f"docs/methodology.md lacks the {name} markers"
    fresh = SECTIONS[name]()
    if UPDATE and match.group(2) != fresh:
        replaced = f"{match.group(1)}{fresh}\n<!-- {name}:end -->"
        DOC.write_text(text[: match.start()] + replaced + text[match.end() :], encoding="utf-8")
        return
    assert match.group(2) == fresh, f"the {name} table is stale: run DOSA_UPDATE_DOCS=1 pytest tests/risk"


def test_every_disagreement_is_explained() -> None:
    dataset = load_dataset()
    text = DOC.read_text(encoding="utf-8")
    for c in compare(assess(dataset, uncertainty=False), dataset):
        if c.verdict in ("engine higher", "engine lower"):
            heading = f"#### {c.reading.id}: {c.verdict}"
            assert heading in text, f"docs/methodology.md must explain: {heading}"
            assert c.reading.explanation, f"{c.reading.id}: the report needs the check's explanation"
            assert c.reading.explanation_nl, f"{c.reading.id}: the Dutch report needs the check's explanation"


def test_every_method_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    keys = [
        "scope_preference",
        "relation",
        "reliance",
        "vital_process_category",
        "supplier_access_by_kind",
        "time_to_substitute_full_years",
        "alternative_input_factor",
        "missing",
        "compelled_access",
        "high_risk_vendors",
        "risk_matrix",
        "draws",
        "seed",
        "interval",
        "top_k",
        "stable_probability",
    ]
    for key in keys:
        assert f"`{key}`" in text, key
