# SPDX-License-Identifier: EUPL-1.2
"""Fill empty Dutch translations from a Python file holding a dict ``NL`` (message id -> Dutch).

Usage: ``python scripts/fill_catalogue.py translations.py``. Existing translations are kept.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parent.parent / "src/dosa/i18n/locale/nl/LC_MESSAGES/dosa.po"


def main() -> int:
    translations = runpy.run_path(sys.argv[1])["NL"]
    with CATALOGUE.open("rb") as stream:
        catalogue = read_po(stream, locale="nl")
    filled = 0
    for message in catalogue:
        if message.id and not message.string and message.id in translations:
            message.string = translations[message.id]
            filled += 1
    with CATALOGUE.open("wb") as stream:
        write_po(stream, catalogue, width=100, sort_output=True)
    missing = [m.id for m in catalogue if m.id and not m.string]
    print(f"filled {filled}; still missing {len(missing)}: {missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
