# SPDX-License-Identifier: EUPL-1.2
"""The shipped default dataset: it loads, it is complete, and every agenda figure is in the agenda.

Agenda citations are checked against the real agenda text: the quote must stand on the cited PDF
page, the cited footnote must be printed on that page, and a figure's value must be stated in its
quote. Page numbers are computed from the text's own page breaks and printed page numbers.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from dosa.dataset import Dataset, ValidationReport, load_dataset_with_report
from dosa.model.vocab import LayerId, PriorityKind
from shared_material import SHARED

REPO = Path(__file__).resolve().parents[2]

AGENDA = "dosa-agenda-2023"
FIRST_PAGE = 5
"""The extracted text starts with the introduction, PDF page 5 (the footers '| 8 |' … confirm it)."""

MINISTRY_IDS = {"ezk", "ienw", "fin", "jenv", "bzk", "def"}
"""Organisation ids defined by organisations.yaml on another branch."""

NUMBER_WORDS = {
    "twee": 2,
    "drie": 3,
    "derde": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zestal": 6,
    "tien": 10,
    "zeventien": 17,
    "twintig": 20,
    "dertig": 30,
    "kwart": 25,
    "helft": 50,
    "tweederde": 66.7,
    "verdubbeld": 2,
    "verdrievoudigd": 3,
}
NON_FREE_LICENCE = re.compile(r"\bNC\b|-NC\b|\bSA\b|-SA\b|NonCommercial|ShareAlike|share-alike|non-commercial", re.I)


@pytest.fixture(scope="module")
def loaded() -> tuple[Dataset, ValidationReport]:
    dataset, report = load_dataset_with_report()
    assert dataset is not None
    return dataset, report


@pytest.fixture(scope="module")
def dataset(loaded: tuple[Dataset, ValidationReport]) -> Dataset:
    return loaded[0]


# --- The agenda text, split into its PDF pages --------------------------------------------------


@cache
def agenda_pages() -> dict[int, list[str]]:
    """Lines per PDF page. A page starts with a line indented by one space, or after a printed page
    number ('| 8 |') and the running title that follows it; the printed numbers are checked."""
    text = (resources.files("dosa") / "data" / "agenda" / "agenda-dosa-2023.txt").read_text(encoding="utf-8")
    pages: dict[int, list[str]] = {FIRST_PAGE: []}
    page, after_footer = FIRST_PAGE, False
    for number, line in enumerate(text.split("\n"), start=1):
        starts_page = number > 1 and line.startswith(" ") and len(line.strip()) > 1
        if after_footer and line.strip() and not line.startswith("Agenda Digitale Open Strategische Autonomie"):
            starts_page, after_footer = True, False
        if starts_page:
            page += 1
            pages[page] = []
        pages[page].append(line)
        footer = re.fullmatch(r"\| (\d+) \|", line)
        if footer:
            assert int(footer.group(1)) == page, f"printed page {footer.group(1)} found on computed page {page}"
            after_footer = True
    return pages


def page_numbers(cited: str) -> list[int]:
    first, _, last = cited.partition("-")
    return list(range(int(first), int(last or first) + 1))


def normalised(lines: list[str], keep_hyphens: bool) -> str:
    """Join lines as running text: hyphenated line breaks joined (or kept), whitespace collapsed."""
    text = "\n".join(line.strip() for line in lines)
    text = text.replace("-\n", "-" if keep_hyphens else "")
    return re.sub(r"\s+", " ", text)


def stands_on(quote: str, cited_page: str) -> bool:
    lines = [line for page in page_numbers(cited_page) for line in agenda_pages()[page]]
    texts = [normalised(lines, keep_hyphens=True), normalised(lines, keep_hyphens=False)]
    fragments = [part.strip() for part in quote.split("…")]
    return all(any(fragment in text for text in texts) for fragment in fragments)


def stated_numbers(text: str) -> list[float]:
    """Numbers written in Dutch (3,75 and 580.000) or as number words, as they appear in ``text``."""
    found = [
        float(token.replace(".", "").replace(",", "."))
        for token in re.findall(r"(?<![\w,.])\d{1,3}(?:\.\d{3})+(?![\d,])|(?<![\w,.])\d+(?:,\d+)?", text)
    ]
    found += [value for word, value in NUMBER_WORDS.items() if re.search(rf"\b{word}\b", text, re.I)]
    return found


def agenda_citations(dataset: Dataset) -> list[tuple[str, str, Any]]:
    cited = []
    for collection in (
        "layers",
        "priorities",
        "subjects",
        "requires",
        "suppliers",
        "shares",
        "facts",
        "judgements",
        "public_interests",
        "dependencies",
        "countries",
    ):
        for key, record in getattr(dataset, collection).items():
            citation = getattr(record, "citation", None)
            if citation is not None and citation.source == AGENDA:
                cited.append((collection, key, record))
    return cited


def agenda_figures(dataset: Dataset) -> list[tuple[str, Any]]:
    figures: list[tuple[str, Any]] = [
        (key, share) for key, share in dataset.shares.items() if share.citation.source == AGENDA
    ]
    figures += [(key, fact) for key, fact in dataset.facts.items() if fact.citation.source == AGENDA]
    return figures


# --- Loading and completeness -------------------------------------------------------------------


def test_default_dataset_loads_without_errors_except_ministry_ids(loaded: tuple[Dataset, ValidationReport]) -> None:
    _, report = loaded
    unexpected = [
        problem
        for problem in report.problems
        if not (
            problem.file == "vital_processes.csv"
            and problem.field == "ministry"
            and re.fullmatch(r"unknown organisation '(\w+)'", problem.message)
            and problem.message.split("'")[1] in MINISTRY_IDS
        )
    ]
    assert unexpected == []


def test_all_six_layers_in_stack_order(dataset: Dataset) -> None:
    assert [layer.id for layer in dataset.layers_in_order()] == list(LayerId)


def test_fifteen_priorities_as_numbered_in_the_agenda(dataset: Dataset) -> None:
    """The agenda lists '1) kritieke grondstoffen, … 10) kantoorsoftware' and five cross-cutting ones."""
    intro = normalised(agenda_pages()[8], keep_hyphens=False)
    specific = re.search(r"Dit zijn: (1\).*?)\. Daarnaast", intro)
    cross = re.search(r"Dit zijn: (1\) concurrentievermogen.*?)\.", intro)
    assert specific
    assert cross
    for kind, listing in ((PriorityKind.SPECIFIC, specific.group(1)), (PriorityKind.CROSS_CUTTING, cross.group(1))):
        named = dict(re.findall(r"(\d+)\) ([^,]+?)(?:,| en (?=\d)|$)", listing))
        priorities = {p.number: p for p in dataset.priorities.values() if p.kind is kind}
        assert sorted(priorities) == sorted(int(n) for n in named)
        for number, name in named.items():
            ours = priorities[int(number)].name_nl.lower()
            assert name.strip().lower() in ours or ours in name.strip().lower(), (number, name, ours)
    assert len(dataset.priorities) == 15


def test_specific_priorities_sit_in_one_figure_layer_and_cross_cutting_span_all(dataset: Dataset) -> None:
    for priority in dataset.priorities.values():
        if priority.kind is PriorityKind.SPECIFIC:
            assert len(priority.layers) == 1, priority.id
            assert priority.layers[0] not in priority.other_layers
        else:
            assert set(priority.layers) == set(LayerId), priority.id


def test_every_specific_priority_has_subjects(dataset: Dataset) -> None:
    for priority in dataset.priorities.values():
        if priority.kind is PriorityKind.SPECIFIC:
            subjects = [s for s in dataset.subjects.values() if priority.id in s.priorities]
            assert subjects, f"{priority.id} has no subjects"


def test_every_layer_holds_subjects_and_requires_edges_cross_layers(dataset: Dataset) -> None:
    assert {s.layer for s in dataset.subjects.values()} == set(LayerId)
    crossing = [
        e for e in dataset.requires.values() if dataset.subjects[e.subject].layer != dataset.subjects[e.requires].layer
    ]
    assert len(crossing) >= len(dataset.requires) // 2


# --- Sources and licences -----------------------------------------------------------------------


def test_every_figure_has_an_existing_source_with_a_free_licence(dataset: Dataset) -> None:
    cited = [(key, share.citation.source) for key, share in dataset.shares.items()]
    cited += [(key, fact.citation.source) for key, fact in dataset.facts.items()]
    for key, source_id in cited:
        source = dataset.sources.get(source_id)
        assert source is not None, key
        assert source.licence, key
        assert not NON_FREE_LICENCE.search(source.licence), (key, source.licence)


def test_no_source_carries_a_non_commercial_or_share_alike_licence(dataset: Dataset) -> None:
    for source in dataset.sources.values():
        assert not NON_FREE_LICENCE.search(source.licence), (source.id, source.licence)


def test_excluded_sources_are_absent(dataset: Dataset) -> None:
    excluded = {"eto_chip", "telegeography_2021"}
    assert not excluded & set(dataset.sources)
    cited = {
        record.citation.source
        for collection in ("shares", "facts", "suppliers", "countries", "subjects", "requires", "judgements")
        for record in getattr(dataset, collection).values()
    }
    assert not excluded & cited


# --- The agenda's own figures -------------------------------------------------------------------


def test_agenda_quotes_stand_on_the_cited_page(dataset: Dataset) -> None:
    cited = agenda_citations(dataset)
    assert len(cited) > 100
    for collection, key, record in cited:
        citation = record.citation
        assert citation.page, (collection, key)
        if citation.quote:
            assert stands_on(citation.quote, citation.page), (collection, key, citation.page, citation.quote)


def test_agenda_footnotes_are_printed_on_the_cited_page(dataset: Dataset) -> None:
    for collection, key, record in agenda_citations(dataset):
        footnote = record.citation.footnote
        if footnote:
            lines = [line for page in page_numbers(record.citation.page) for line in agenda_pages()[page]]
            assert any(re.match(rf"{footnote} \S", line) for line in lines), (collection, key, footnote)


def test_every_agenda_figure_states_its_value_in_the_quote(dataset: Dataset) -> None:
    figures = agenda_figures(dataset)
    assert len(figures) >= 70
    for key, figure in figures:
        quote = figure.citation.quote
        assert quote, key
        stated = stated_numbers(quote)
        if getattr(figure, "derived", False):
            # A derived share is a ratio of two numbers the quote states (the note gives the formula).
            ratios = [100 * a / b for a in stated for b in stated if b > 0]
            assert any(abs(figure.value - ratio) < 0.05 for ratio in ratios), (key, figure.value, stated)
            continue
        for value in (figure.value, figure.value_max):
            if value is not None:
                assert any(abs(value - number) < 0.05 for number in stated), (key, value, stated)


def test_agenda_headline_figures_are_recorded(dataset: Dataset) -> None:
    """Figures the agenda is known for, looked up by what they say rather than by id."""
    taiwan = [s for s in dataset.shares.values() if s.citation.source == AGENDA and s.holder == "TW"]
    assert sorted(s.value for s in taiwan) == [60, 90]
    top500 = {s.holder: s.value for s in dataset.shares.values() if "500 best-selling" in s.metric}
    assert top500 == {"US": 75, "EU": 15, "IL": 7}
    mines = [f for f in dataset.facts.values() if f.citation.source == AGENDA and f.kind == "lead_time"]
    assert [(f.value, f.value_max) for f in mines] == [(7, 20)]


def test_every_agenda_figure_is_listed_in_the_dataset_docs(dataset: Dataset) -> None:
    docs = (REPO / "docs" / "dataset.md").read_text(encoding="utf-8")
    missing = [key for key, _ in agenda_figures(dataset) if f"`{key}`" not in docs]
    assert missing == []


# --- Judgements, dependencies, vital processes --------------------------------------------------


def test_judgements_are_reasoned_judgements(dataset: Dataset) -> None:
    assert len(dataset.judgements) >= 15
    for judgement in dataset.judgements.values():
        assert judgement.is_judgement
        assert judgement.rationale.startswith("Judgement:"), judgement.id
        assert judgement.assessed_by == "dosa maintainers (judgement from the cited text)"


def test_vital_processes_and_public_interests_are_complete(dataset: Dataset) -> None:
    reference = SHARED / "reference-data" / "vital_processes.csv"
    if not reference.exists():
        pytest.skip(f"needs {reference} (../shared next to the repository)")
    rows = reference.read_text(encoding="utf-8").strip().splitlines()[1:]
    assert len(dataset.vital_processes) == len(rows) == 28
    assert {p.category for p in dataset.vital_processes.values()} == {"A", "B"}
    assert len(dataset.public_interests) == 5
    dependants = {d.dependant for d in dataset.dependencies.values()}
    assert set(dataset.vital_processes) | set(dataset.public_interests) <= dependants


def test_dependency_judgements_say_so(dataset: Dataset) -> None:
    for dependency in dataset.dependencies.values():
        stated = dependency.rationale.startswith("judgement: ")
        direct = dependency.subject == "gnss_positioning_timing" and dependency.dependant == "vp09"
        assert stated or direct, dependency


def test_countries_cover_every_reference_and_the_eea(dataset: Dataset) -> None:
    used = {s.holder for s in dataset.shares.values() if s.holder_kind == "country"}
    used |= {s.hq_country for s in dataset.suppliers.values() if s.hq_country}
    assert used <= set(dataset.countries)
    eea = {c.code for c in dataset.countries.values() if c.eea_member}
    eu = {c.code for c in dataset.countries.values() if c.eu_member}
    assert len(eu) == 27
    assert eea == eu | {"IS", "LI", "NO"}
    assert {c.code for c in dataset.countries.values() if c.offensive_cyber_programme_against_nl == "yes"} == {
        "CN",
        "IR",
        "KP",
        "RU",
    }


def test_reference_conversion_is_up_to_date() -> None:
    """The committed files are exactly what tools/build_reference_data.py makes of ../shared."""
    if not (SHARED / "reference-data").is_dir():
        pytest.skip(f"needs {SHARED / 'reference-data'} (../shared next to the repository)")
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_reference_data.py"), "--check", "--shared", str(SHARED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
