# SPDX-License-Identifier: EUPL-1.2
"""Join the lines of a paragraph, repairing words the PDF hyphenated at a line break.

A line that ends in ``-`` either breaks a word at a syllable (``onderhande-`` + ``lingen``) or
ends at a real hyphen (``EU-`` + ``verband``). The text itself decides: a word seen whole elsewhere
in the text, with or without the hyphen, settles the case. When the text has neither form, a rule
of Dutch spelling decides: a hyphen stays after an acronym or a number (``OESO-landen``,
``5G-netwerken``), before a capital (``niet-Europese``) and where two vowels would otherwise
merge into one sound (``zee-egel``); everywhere else the break is a syllable break and the word is
joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_LEADING_WORD = re.compile(r"^[^\W_]+(?:-[^\W_]+)*")
_TRAILING_WORD = re.compile(r"([^\W_]+(?:-[^\W_]+)*)-$")
_SPACES = re.compile(r"\s+")

# Vowel pairs that Dutch spelling keeps apart with a hyphen in compounds (zee-egel, auto-ongeluk).
_VOWEL_CLASHES = {
    "aa",
    "ae",
    "ai",
    "ao",
    "au",
    "ee",
    "ei",
    "eu",
    "ie",
    "ii",
    "oe",
    "oi",
    "oo",
    "ou",
    "ue",
    "ui",
    "uu",
}
# A line ending "kennis-" followed by "en"/"of" is a suspended compound ("kennis- en onderwijs...").
_CONJUNCTIONS = {"en", "of", "tot", "als"}


class Vocabulary:
    """The words a text writes whole on one line, lower-cased, with and without their hyphens."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.words: set[str] = set()
        for word in words:
            self.add(word)

    def add(self, word: str) -> None:
        word = word.casefold()
        self.words.add(word)
        if "-" in word:
            self.words.update(part for part in word.split("-") if part)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.casefold() in self.words

    @classmethod
    def from_lines(cls, lines: Sequence[str]) -> Vocabulary:
        """Collect the words of a text.

        Words cut by a line break prove nothing on their own; they are added once repaired with
        the words written whole, so that ``cybersecurity-ar-`` + ``beidsmarkt`` (repaired through
        ``arbeidsmarkt``) can in turn settle ``Cybersecurity-`` + ``arbeidsmarkt`` elsewhere.
        """
        vocabulary = cls()
        cuts: list[tuple[str, str]] = []
        previous_cut = False
        for index, line in enumerate(lines):
            words = _WORD.findall(line)
            cut = _is_cut(line)
            if previous_cut and words:
                words = words[1:]
            if cut and words:
                words = words[:-1]
                following = _LEADING_WORD.match(lines[index + 1].strip()) if index + 1 < len(lines) else None
                trailing = _TRAILING_WORD.search(line.rstrip())
                if following and trailing:
                    cuts.append((trailing.group(1), following.group(0)))
            for word in words:
                vocabulary.add(word)
            previous_cut = cut
        repaired = []
        for before, after in cuts:
            keep, by_evidence = _decide(before, after, vocabulary)
            if by_evidence:
                repaired.append(f"{before}-{after}" if keep else before + after)
        for word in repaired:
            vocabulary.add(word)
        return vocabulary


def _is_cut(line: str) -> bool:
    line = line.rstrip()
    return line.endswith("-") and not line.endswith(" -")


def _decide(before: str, after: str, vocabulary: Vocabulary) -> tuple[bool, bool]:
    """Return (keep the hyphen, decided by words seen in the text rather than by the fallback rule)."""
    last = before.rsplit("-", 1)[-1]
    for head in (before, last):
        joined, hyphenated = head + after, f"{head}-{after}"
        if hyphenated in vocabulary and joined not in vocabulary:
            return True, True
        if joined in vocabulary and hyphenated not in vocabulary:
            return False, True
    if not last or not after:
        return True, False
    if last[-1].isupper() or last[-1].isdigit() or after[0].isupper() or after[0].isdigit():
        return True, False
    return (last[-1] + after[0]).casefold() in _VOWEL_CLASHES, False


def keep_hyphen(before: str, after: str, vocabulary: Vocabulary) -> bool:
    """Whether ``before-`` at a line end and ``after`` at the next line's start form a hyphenated word."""
    return _decide(before, after, vocabulary)[0]


def join_lines(lines: Sequence[str], vocabulary: Vocabulary) -> str:
    """Join a paragraph's lines into one string with single spaces and repaired hyphenation."""
    text = ""
    for raw in lines:
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        if not text:
            text = line
            continue
        cut = _TRAILING_WORD.search(text)
        if cut and not text.endswith(" -"):
            start = _LEADING_WORD.match(line)
            after = start.group(0) if start else ""
            if after.casefold() in _CONJUNCTIONS:
                text = f"{text} {line}"
            elif after and not keep_hyphen(cut.group(1), after, vocabulary):
                text = text[:-1] + line
            else:
                text += line
        elif text.endswith("/") and not text.endswith(" /"):
            text += line
        else:
            text = f"{text} {line}"
    return text
