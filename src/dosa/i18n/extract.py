# SPDX-License-Identifier: EUPL-1.2
"""Find every translatable message in dosa's code and templates, and keep the catalogues in step.

Used by ``scripts/update_catalogues.py`` and by the catalogue completeness test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""Header dates stay fixed so that regenerating a catalogue changes only its messages."""
PACKAGE = Path(__file__).resolve().parent.parent
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SCANNED = ("report", "web", "i18n", "observe", "risk")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Message": None}
METHODS = [
    ("**.py", "python"),
    ("**/templates/**.j2", "jinja2.ext:babel_extract"),
]


def extract_messages() -> dict[str, list[str]]:
    """Every message id with the places it occurs (file:line), from the scanned packages."""
    found: dict[str, list[str]] = {}
    for name in SCANNED:
        folder = PACKAGE / name
        if not folder.is_dir():
            continue
        for filename, line, message, _comments, _context in extract_from_dir(
            str(folder),
            method_map=METHODS,
            keywords=KEYWORDS,
            options_map={"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}},
        ):
            ids = message if isinstance(message, tuple) else (message,)
            for text in ids:
                if text:
                    found.setdefault(text, []).append(f"{name}/{filename}:{line}")
    return found


def _translations(path: Path, lang: str) -> dict[str, str]:
    """The translations a catalogue file already holds (none when it does not exist yet)."""
    existing: dict[str, str] = {}
    if path.exists():
        with path.open("rb") as stream:
            for message in read_po(stream, locale=lang):
                if message.id and isinstance(message.id, str):
                    existing[message.id] = str(message.string or "")
    return existing


def _catalogue(lang: str, domain: str, header_comment: str) -> Catalog:
    """An empty catalogue with fixed header fields, so that regenerating it changes only its messages."""
    return Catalog(
        locale=lang,
        domain=domain,
        project="dosa",
        copyright_holder="dosa contributors",
        msgid_bugs_address="",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        last_translator="dosa contributors",
        language_team=f"dosa {lang}",
        charset="utf-8",
        fuzzy=False,
        header_comment=header_comment,
    )


def _write(path: Path, catalogue: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        write_po(stream, catalogue, width=100, omit_header=False, sort_output=True)


def merge_catalogue(path: Path, lang: str, messages: dict[str, list[str]]) -> int:
    """Write ``path`` with exactly ``messages``, keeping existing translations; return how many lack one."""
    existing = _translations(path, lang)
    catalogue = _catalogue(
        lang,
        "dosa",
        f"# SPDX-License-Identifier: EUPL-1.2\n# {'Dutch' if lang == 'nl' else 'English'} messages of dosa; "
        "regenerate with scripts/update_catalogues.py, then translate the empty ones.",
    )
    missing = 0
    for message_id in sorted(messages):
        string = existing.get(message_id, "")
        if lang != "en" and not string:
            missing += 1
        catalogue.add(
            message_id,
            string,
            locations=[(loc.rsplit(":", 1)[0], int(loc.rsplit(":", 1)[1])) for loc in messages[message_id][:3]],
        )
    _write(path, catalogue)
    return missing


def dataset_texts(dataset: Any) -> dict[str, list[str]]:
    """The recurring texts of a dataset that a page shows as written (metrics, units, licences,
    group labels, who assessed), with where they occur; translated in the ``dosa-data`` catalogue."""
    found: dict[str, list[str]] = {}

    def add(text: str | None, where: str) -> None:
        if text and any(c.isalpha() for c in text):
            found.setdefault(text, []).append(where)

    for share in dataset.shares.values():
        add(share.metric, f"shares.csv:{share.id}:metric")
        add(share.year, f"shares.csv:{share.id}:year")
        if share.holder_kind.value not in ("country", "company"):
            add(share.holder, f"shares.csv:{share.id}:holder")
    for fact in dataset.facts.values():
        add(fact.unit, f"facts.csv:{fact.id}:unit")
        add(fact.year, f"facts.csv:{fact.id}:year")
    for source in dataset.sources.values():
        add(source.licence, f"sources.csv:{source.id}:licence")
    for judgement in dataset.judgements.values():
        add(judgement.assessed_by, f"judgements.yaml:{judgement.id}:assessed_by")
    for edge in dataset.requires.values():
        if edge.group:
            add(edge.group.replace("_", " "), f"requires.csv:{edge.subject}->{edge.requires}:group")
    return found


def merge_data_catalogue(path: Path, lang: str, texts: dict[str, list[str]]) -> int:
    """Write the data catalogue with exactly ``texts``, keeping translations; return how many lack one."""
    existing = _translations(path, lang)
    catalogue = _catalogue(
        lang,
        "dosa-data",
        "# SPDX-License-Identifier: EUPL-1.2\n# Recurring texts of the default dataset (metrics, units, licences, "
        "group labels) in Dutch;\n# regenerate with scripts/update_catalogues.py, then translate the empty ones.",
    )
    missing = 0
    for text in sorted(texts):
        string = existing.get(text, "")
        missing += not string
        catalogue.add(text, string, auto_comments=texts[text][:3])
    _write(path, catalogue)
    return missing
