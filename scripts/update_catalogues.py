# SPDX-License-Identifier: EUPL-1.2
"""Extract dosa's user-facing messages and merge them into the nl and en catalogues.

Run after changing a message: ``python scripts/update_catalogues.py``. New messages arrive with an
empty Dutch translation (the test ``tests/i18n/test_catalogues.py`` then fails until someone
translates them); messages no longer used are dropped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dosa.dataset import load_dataset  # noqa: E402
from dosa.i18n.extract import LOCALE_DIR, dataset_texts, extract_messages, merge_catalogue, merge_data_catalogue  # noqa: E402


def main() -> int:
    messages = extract_messages()
    for lang in ("nl", "en"):
        path = LOCALE_DIR / lang / "LC_MESSAGES" / "dosa.po"
        missing = merge_catalogue(path, lang, messages)
        print(f"{path.relative_to(ROOT)}: {len(messages)} messages, {missing} without translation")
    texts = dataset_texts(load_dataset())
    for method in sorted((ROOT / "src" / "dosa" / "data" / "methods").glob("*.yaml")):
        by = yaml.safe_load(method.read_text(encoding="utf-8")).get("assessed_by")
        if by:
            texts.setdefault(by, []).append(f"methods/{method.name}:assessed_by")
    path = LOCALE_DIR / "nl" / "LC_MESSAGES" / "dosa-data.po"
    missing = merge_data_catalogue(path, "nl", texts)
    print(f"{path.relative_to(ROOT)}: {len(texts)} dataset texts, {missing} without translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
