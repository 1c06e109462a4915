# SPDX-License-Identifier: EUPL-1.2
"""Find every translatable message in dosa's code and templates, and keep the catalogues in step.

Used by ``scripts/update_catalogues.py`` and by the catalogue completeness test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""Header dates stay fixed so that regenerating a catalogue changes only its messages."""
PACKAGE = Path(__file__).resolve().parent.parent
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SCANNED = ("report", "web", "i18n")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
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


def merge_catalogue(path: Path, lang: str, messages: dict[str, list[str]]) -> int:
    """Write ``path`` with exactly ``messages``, keeping existing translations; return how many lack one."""
    existing: dict[str, str] = {}
    if path.exists():
        with path.open("rb") as stream:
            for message in read_po(stream, locale=lang):
                if message.id and isinstance(message.id, str):
                    existing[message.id] = str(message.string or "")
    catalogue = Catalog(
        locale=lang,
        domain="dosa",
        project="dosa",
        copyright_holder="dosa contributors",
        msgid_bugs_address="",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        last_translator="dosa contributors",
        language_team=f"dosa {lang}",
        charset="utf-8",
        fuzzy=False,
        header_comment=(
            f"# SPDX-License-Identifier: EUPL-1.2\n# {'Dutch' if lang == 'nl' else 'English'} messages of dosa; "
            "regenerate with scripts/update_catalogues.py, then translate the empty ones."
        ),
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
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        write_po(stream, catalogue, width=100, omit_header=False, sort_output=True)
    return missing
