# SPDX-License-Identifier: EUPL-1.2
"""Fonts for the PDFs: Source Sans 3 (shipped), then fallback fonts for scripts it lacks.

Source Sans 3 covers Latin, Greek and Cyrillic. A note in Chinese or with an emoji needs another
font, and Typst refuses to write a PDF/UA file with a character no font can show. So the PDFs list
fallback families after Source Sans 3 (Noto CJK, Noto Color Emoji, GNU Unifont), found in the
folders the operating system's font packages install them to, or in the folders named by
``DOSA_FONT_PATH``. A character that no available font covers is printed as a question mark and
the PDF says so, rather than failing: the HTML version keeps the original text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

from dosa.i18n import localizer


def shipped_font_dir() -> Path:
    """Source Sans 3, shipped with dosa (shared with the dashboard's CSS)."""
    return Path(str(resources.files("dosa") / "web" / "static" / "fonts"))


PRIMARY = "Source Sans 3"
FALLBACK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Color Emoji",
    "Noto Emoji",
    "Unifont",
    "Unifont Upper",
)
"""Tried in this order for each character Source Sans 3 lacks."""
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/unifont",
    "/usr/share/fonts/truetype/unifont",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/google-noto-emoji",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/noto",
)
"""Where Debian, Ubuntu, Fedora and Arch font packages put these families."""
REPLACEMENT = "?"
FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}


def font_dirs() -> list[str]:
    """Folders Typst reads fonts from: dosa's own, ``DOSA_FONT_PATH``, then the known system ones."""
    extra = [p for p in os.environ.get("DOSA_FONT_PATH", "").split(os.pathsep) if p]
    folders = [str(shipped_font_dir()), *extra, *SYSTEM_FONT_DIRS]
    return [folder for folder in dict.fromkeys(folders) if Path(folder).is_dir()]


def _font_files(folders: Iterable[str]) -> list[Path]:
    return sorted(
        path for folder in folders for path in Path(folder).rglob("*") if path.suffix.lower() in FONT_SUFFIXES
    )


def _cmap_of(font: Any) -> set[int]:
    table = font["cmap"].getBestCmap() if "cmap" in font else None
    return set(table or ())


@lru_cache(maxsize=4)
def covered(folders: tuple[str, ...]) -> frozenset[int]:
    """Code points some font of ours or a fallback family in ``folders`` can show."""
    wanted = {PRIMARY.lower(), *(family.lower() for family in FALLBACK_FAMILIES)}
    points: set[int] = set()
    for path in _font_files(folders):
        try:
            collection = path.suffix.lower() in {".ttc", ".otc"}
            container = TTCollection(str(path)) if collection else TTFont(str(path), lazy=True)
        except Exception:  # an unreadable font file is skipped, not fatal
            continue
        try:
            for font in container.fonts if collection else [container]:
                family = str(font["name"].getDebugName(1) or "") if "name" in font else ""
                if family.lower() in wanted or path.parent == shipped_font_dir():
                    points |= _cmap_of(font)
        finally:
            container.close()
    return frozenset(points)


def printable(value: Any, points: frozenset[int]) -> tuple[Any, int]:
    """``value`` (JSON-like) with every character no font covers replaced; and how many were."""
    replaced = 0

    def clean(text: str) -> str:
        nonlocal replaced
        out = []
        for char in text:
            if ord(char) in points or char.isspace() or ord(char) < 0x20 or char in "\u200b\u200c\u200d\ufe0f":
                out.append(char)
            else:
                out.append(REPLACEMENT)
                replaced += 1
        return "".join(out)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return clean(item)
        if isinstance(item, dict):
            return {key: walk(val) for key, val in item.items()}
        if isinstance(item, list):
            return [walk(val) for val in item]
        return item

    return walk(value), replaced


def typst_font_list() -> list[str]:
    """The font families, primary first, as the Typst templates set them."""
    return [PRIMARY, *FALLBACK_FAMILIES]


def replacement_note(lang: str, count: int) -> str:
    """What the PDF says when it had to replace characters no font could show."""
    loc = localizer(lang)
    return loc.gettext(
        "Characters the fonts on this machine cannot show are printed as '?' ({count} in this document); the "
        "HTML version has the original text. Install Noto CJK or Unifont fonts, or set DOSA_FONT_PATH."
    ).format(count=count)


def prepare(data: Any, lang: str) -> tuple[Any, list[str], str]:
    """JSON-ready ``data`` made printable, the font folders and the note to print (empty: none)."""
    folders = font_dirs()
    clean, replaced = printable(data, covered(tuple(folders)))
    return clean, folders, replacement_note(lang, replaced) if replaced else ""
