# SPDX-License-Identifier: EUPL-1.2
"""Find English a Dutch page shows without marking it, and raw identifiers where names belong.

The visible text of a page is read element by element; everything inside an element whose
``lang`` differs from the page's is left out (it is marked, WCAG 3.1.2). The rest is split into
sentences, and each sentence with enough words is given to a language detector (lingua, limited to
Dutch and English). Names are not language: the dataset's own names (subjects, priorities, layers,
countries, suppliers, publishers, group labels), URLs and abbreviations are taken out first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lxml import html as lxml_html

from dosa import i18n
from dosa.dataset import Dataset
from dosa.i18n import localizer

MIN_WORDS = 3
"""Shorter sentences are not judged: a detector cannot tell the language of two words."""
SURE = 0.75
"""English confidence at which a sentence counts as English on the detector's word alone."""
LIKELY = 0.6
"""English confidence at which a sentence counts as English if its function words agree."""
EXTRA_WORDS = {
    "en": frozenset(
        [
            "all",
            "can",
            "could",
            "each",
            "every",
            "had",
            "has",
            "have",
            "it",
            "left",
            "needs",
            "only",
            "over",
            "own",
            "should",
            "than",
            "then",
            "there",
            "those",
            "when",
            "where",
            "which",
            "who",
            "why",
            "will",
            "would",
        ]
    ),
    "nl": frozenset(
        [
            "alle",
            "alleen",
            "eigen",
            "elk",
            "elke",
            "er",
            "haar",
            "had",
            "hebben",
            "kan",
            "kunnen",
            "moet",
            "nodig",
            "waar",
            "wanneer",
            "waren",
            "was",
            "wie",
            "zal",
            "zou",
        ]
    ),
}
"""Words of whole sentences (modal verbs, pronouns) that titles, which :func:`dosa.i18n.guess_language`
judges, rarely have."""
FUNCTION_WORDS = {lang: words | EXTRA_WORDS[lang] for lang, words in i18n.FUNCTION_WORDS.items()}
"""dosa's own function words (:data:`dosa.i18n.FUNCTION_WORDS`) plus :data:`EXTRA_WORDS`: tie-breakers for
short sentences, where a detector is unsure."""
ALLOWED = (
    "Microsoft 365",  # product name
    "Office 365",  # product name
    "open source",  # used as a Dutch term by the agenda itself ("Open source software")
    "Team Europe",  # name of the EU's joint initiatives, used so in the agenda's Dutch text
    "delegated cooperation",  # EU aid term the agenda's Dutch action text uses as it is
    "Important Project of Common European Interest",  # EU programme names (IPCEI), as in the agenda
    "Important Project of Common European Interest Microelectronics II",
    "Automated Vulnerability Research",  # programme name, as in the agenda's action text
    "Research and Markets",  # publisher named in the agenda's footnote 19
    "Predictive Analytics Today",  # publisher named in the agenda's footnote 19
)
"""Product names and terms the agenda itself uses in Dutch; each entry says why."""

_URL = re.compile(
    r"\bhttps?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|org|net|nl|eu|gov|int)(?:/\S*)?|(?<![\w/])/[\w.-]+(?:/[\w.-]*)*"
)
"""Addresses and paths (``/.well-known/security.txt``) are not language."""
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\wÀ-ÿ'’-]*")
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+")


@lru_cache(maxsize=1)
def detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH).build()


def visible_texts(page: str) -> tuple[str, list[str]]:
    """The page's language and the texts it shows in that language (marked parts left out)."""
    root = lxml_html.fromstring(page)
    page_lang = root.get("lang") or ""
    # commands are not language; nor are names and text users gave, marked translate="no" (HTML's own mark)
    for element in root.xpath("//style|//script|//template|//code|//*[@translate='no']"):
        element.drop_tree()
    texts: list[str] = []

    def walk(element: lxml_html.HtmlElement, lang: str) -> None:
        if not isinstance(element.tag, str):
            return
        lang = element.get("lang") or element.get("{http://www.w3.org/XML/1998/namespace}lang") or lang
        if lang == page_lang and element.text:
            texts.append(element.text)
        for child in element:
            walk(child, lang)
            if lang == page_lang and child.tail:
                texts.append(child.tail)

    walk(root, page_lang)
    return page_lang, [" ".join(text.split()) for text in texts if text.strip()]


@dataclass(frozen=True)
class Names:
    """Names a page may show as they are, longest first so that a name inside another goes last."""

    names: tuple[str, ...]
    identifiers: frozenset[str]

    def strip(self, text: str) -> str:
        text = _URL.sub(" ", text)
        for name in self.names:
            if name in text:
                text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
        if "…" in text:  # a chart label shortened to fit: a name when some name begins with it
            pieces = text.split("…")
            for index, piece in enumerate(pieces[:-1]):
                head, _, tail = piece.rpartition(";")
                if len(tail.strip()) >= 8 and any(name.startswith(tail.strip()) for name in self.names):
                    pieces[index] = head + "; "
            text = " ".join(pieces)
        return text


def dataset_names(dataset: Dataset, extra: Iterable[str] = ()) -> Names:
    found: set[str] = set(ALLOWED) | set(extra)
    for records in (
        dataset.subjects,
        dataset.priorities,
        dataset.layers,
        dataset.vital_processes,
        dataset.public_interests,
        dataset.organisations,
    ):
        for record in records.values():
            for attribute in ("name_nl", "name_en", "name", "abbreviation"):
                value = getattr(record, attribute, None)
                if value:
                    found.add(str(value))
    for country in dataset.countries.values():
        found.update(n for n in (country.name_en, country.name_nl) if n)
    for supplier in dataset.suppliers.values():
        found.add(supplier.name)
    for source in dataset.sources.values():
        found.add(source.publisher)
    dutch = localizer("nl")
    for share in dataset.shares.values():
        if share.holder_kind.value not in ("country", "company"):
            found.update((share.holder, str(dutch.data(share.holder))))
    identifiers = {
        key
        for records in (
            dataset.subjects,
            dataset.priorities,
            dataset.layers,
            dataset.vital_processes,
            dataset.public_interests,
        )
        for key in records
        if "_" in key
    }
    return Names(tuple(sorted((n for n in found if len(n) > 2), key=len, reverse=True)), frozenset(identifiers))


def english_passages(page: str, names: Names) -> list[str]:
    """Sentences of a Dutch page that read as English and carry no ``lang`` mark."""
    page_lang, texts = visible_texts(page)
    assert page_lang == "nl", f"not a Dutch page: lang={page_lang!r}"
    from lingua import Language

    found: list[str] = []
    for text in texts:
        for sentence in _SENTENCE.split(names.strip(text)):
            words = [w for w in _WORD.findall(sentence) if not w.isupper() and len(w) > 1 and "_" not in w]
            if len(words) < MIN_WORDS:
                continue
            confidence = detector().compute_language_confidence(" ".join(words), Language.ENGLISH)
            lowered = [w.lower() for w in words]
            english = sum(w in FUNCTION_WORDS["en"] for w in lowered)
            dutch = sum(w in FUNCTION_WORDS["nl"] for w in lowered)
            if confidence >= SURE or (confidence >= LIKELY and english > dutch):
                found.append(sentence)
    return found


def raw_identifiers(page: str, names: Names) -> list[str]:
    """Dataset identifiers (snake_case ids of subjects, priorities, ...) shown as text."""
    _, texts = visible_texts(page)
    pattern = re.compile(r"(?<![\w/-])(" + "|".join(sorted(map(re.escape, names.identifiers))) + r")(?![\w/-])")
    return sorted({match.group(1) for text in texts for match in pattern.finditer(text)})
