# SPDX-License-Identifier: EUPL-1.2
"""Texts know their language: Dutch fields are complete, foreign parts are marked (WCAG 3.1.2)."""

from __future__ import annotations

from babel.messages.pofile import read_po

from dosa.dataset import load_dataset
from dosa.graph import load_scenario, shipped_scenarios
from dosa.i18n import Text, compose, data_catalogue_path, foreign, guess_language, localizer, mark_quotes, parts
from dosa.i18n.extract import dataset_texts
from dosa.report.html import marked_html


def test_compose_keeps_the_language_of_inserted_parts() -> None:
    text = compose("Bron: {source}, p. {page}", source=foreign("European Commission"), page=12)
    assert str(text) == "Bron: European Commission, p. 12"
    assert parts(text) == [("Bron: ", None), ("European Commission", "en"), (", p. 12", None)]
    assert compose("{a} en {b}", a="x", b="y") == "x en y"
    assert not isinstance(compose("{a} en {b}", a="x", b="y"), Text)


def test_html_marks_only_parts_in_another_language() -> None:
    text = compose("Bron: {title}", title=foreign("Critical <raw> materials"))
    assert str(marked_html(text, "nl")) == 'Bron: <span lang="en">Critical &lt;raw&gt; materials</span>'
    assert str(marked_html(text, "en")) == "Bron: Critical &lt;raw&gt; materials"


def test_a_dutch_page_marks_an_english_fallback() -> None:
    class Note:
        rationale = "Few substitutes exist."
        rationale_nl = None

    nl = localizer("nl").text(Note(), "rationale")
    assert parts(nl) == [("Few substitutes exist.", "en")]
    assert localizer("en").text(Note(), "rationale") == "Few substitutes exist."


def test_quoted_titles_in_another_language_are_marked() -> None:
    text = mark_quotes("Voetnoot 4: Commissie, 'Long-term competitiveness of the EU: looking beyond 2030'.", "nl")
    assert ("Long-term competitiveness of the EU: looking beyond 2030", "en") in parts(text)
    text = mark_quotes("Het duurt zo'n 7 jaar. Voetnoot 16: IEA, 'The Role of Critical Minerals', maart 2022.", "nl")
    assert ("The Role of Critical Minerals", "en") in parts(text)
    dutch = "De agenda: 'Het bouwen van nieuwe mijnen duurt echter lang'."
    assert mark_quotes(dutch, "nl") == dutch
    assert not isinstance(mark_quotes(dutch, "nl"), Text)
    assert guess_language("The Role of Critical Minerals in Clean Energy Transitions") == "en"
    assert guess_language("Staat van de Markt 2026: actie van de overheid nodig") == "nl"


def test_every_recurring_dataset_text_has_a_dutch_translation() -> None:
    with data_catalogue_path("nl").open("rb") as stream:
        translated = {str(m.id): str(m.string) for m in read_po(stream, locale="nl") if m.id and m.string}
    missing = sorted(set(dataset_texts(load_dataset())) - set(translated))
    assert not missing, f"run scripts/update_catalogues.py, then translate: {missing[:5]}"


def test_the_default_dataset_has_dutch_free_texts() -> None:
    dataset = load_dataset()
    for name, records, field in (
        ("judgements", dataset.judgements, "rationale_nl"),
        ("requires", dataset.requires, "rationale_nl"),
        ("dependencies", dataset.dependencies, "rationale_nl"),
        ("subjects", dataset.subjects, "description_nl"),
        ("public_interests", dataset.public_interests, "description_nl"),
    ):
        lacking = [key for key, record in records.items() if not getattr(record, field)]
        assert not lacking, f"{name} without {field}: {lacking[:5]}"


def test_every_shipped_scenario_has_a_dutch_title_and_description() -> None:
    dataset = load_dataset()
    for name in shipped_scenarios():
        scenario = load_scenario(name, dataset)
        assert scenario.title_nl, name
        assert scenario.description_nl, name
        assert all(d.description_nl for d in scenario.disruptions), name


def test_the_agendas_facts_have_dutch_statements() -> None:
    facts = load_dataset().facts
    lacking = [key for key, fact in facts.items() if key.startswith("dosa-") and not fact.statement_nl]
    assert not lacking, lacking[:5]
    assert localizer("nl").text(facts["dosa-it-workers-count"], "statement") == (
        "Nederland telt op dit moment 580.000 ict-professionals."
    )
