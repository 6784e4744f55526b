"""Cut a passage into the words a student can mark, with their offsets; no Flask, no database.

A word is a run of letters and digits, with the apostrophes, hyphens, dots and commas that sit
between two of them kept inside it: "Lukashenko's", "long-standing", "U.S.", "1,300" and "3.5" are
one word each, as a reader sees them. Punctuation around a word is not part of it, so marking
"could," marks the word "could".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+(?:['\u2019.,\-][^\W_]+)*")


def words(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of every word in text, in reading order."""
    spans = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        # A dot after the word belongs to it only in an abbreviation with dots inside ("U.S."):
        # "in 1994." ends a sentence, and that dot is not part of the word.
        if text[end : end + 1] == "." and "." in text[start:end]:
            end += 1
        spans.append((start, end))
    return spans


def covering(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, ...]:
    """Return the indexes of the words that overlap the span [start, end)."""
    return tuple(index for index, (word_start, word_end) in enumerate(spans) if word_start < end and start < word_end)


def joined(text: str, spans: list[tuple[int, int]], indexes: Iterable[int]) -> str:
    """Return the words at indexes, as they stand in text, separated by spaces."""
    return " ".join(text[spans[i][0] : spans[i][1]] for i in sorted(indexes))
