"""Find passage and cue text in an article, forgiving the differences a teacher cannot see.

Teachers copy passages out of an article by hand, so matching folds runs of whitespace into one
space and treats typographic quotes and apostrophes as their plain keyboard equivalents. Every
function maps its results back to offsets in the original text, so the stored article is shown
exactly as written.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass

_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


@dataclass(frozen=True)
class Folded:
    """Text with whitespace folded and quotes made plain, and where each character came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, length: int) -> tuple[int, int]:
        """Return the original (start, end) offsets of folded characters [start, start+length)."""
        return self.origin[start], self.origin[start + length - 1] + 1


@dataclass(frozen=True)
class Segment:
    """A run of text to display, marked (highlighted) or not."""

    text: str
    marked: bool = False


def fold(text: str, *, lower: bool = False) -> Folded:
    """Fold whitespace runs to one space and plain-ify quotes, keeping original offsets."""
    chars: list[str] = []
    origin: list[int] = []
    previous_space = True  # drops leading whitespace
    for index, char in enumerate(text.translate(_PLAIN)):
        if char.isspace():
            if previous_space:
                continue
            char = " "
        previous_space = char == " "
        for folded in char.lower() if lower else char:  # 'İ'.lower() is two characters: both come from index
            chars.append(folded)
            origin.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return Folded("".join(chars), tuple(origin))


# Every passage of a file is looked up in the same article, between lookups of cues in the
# passage itself: two entries keep the article folded once per file (and a huge one costs memory).
_fold_haystack = functools.lru_cache(maxsize=2)(fold)


def find_all(haystack: str, needle: str, *, lower: bool = False) -> list[tuple[int, int]]:
    """Return the original (start, end) offsets of every occurrence of needle in haystack."""
    folded_haystack = _fold_haystack(haystack, lower=lower)
    folded_needle = fold(needle, lower=lower).text
    if not folded_needle:
        return []
    spans = []
    position = folded_haystack.text.find(folded_needle)
    while position != -1:
        spans.append(folded_haystack.span(position, len(folded_needle)))
        position = folded_haystack.text.find(folded_needle, position + 1)
    return spans


def closest_match(haystack: str, needle: str, *, cutoff: float = 0.6) -> str | None:
    """Return the run of words in haystack most like needle, or None if nothing is close."""
    words = fold(haystack).text.split(" ")
    target = fold(needle).text
    size = len(target.split(" "))
    best, best_ratio = None, cutoff
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    for width in {max(1, size - 1), size, size + 1}:
        for start in range(0, max(1, len(words) - width + 1)):
            candidate = " ".join(words[start : start + width])
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best.rstrip(".,;:!?") if best else None


def lines_of(text: str, offsets: list[int]) -> list[int]:
    """Return the 1-based line numbers of ascending offsets, counting each stretch once."""
    lines, line, previous = [], 1, 0
    for offset in offsets:
        line += text.count("\n", previous, offset)
        lines.append(line)
        previous = offset
    return lines


def segments(text: str, spans: list[tuple[int, int]], offset: int = 0) -> list[Segment]:
    """Cut text into segments, marking the given spans (offsets relative to text + offset)."""
    result: list[Segment] = []
    cursor = 0
    for start, end in sorted(spans):
        start, end = max(start - offset, cursor), min(end - offset, len(text))
        if start >= end:
            continue
        if start > cursor:
            result.append(Segment(text[cursor:start]))
        result.append(Segment(text[start:end], marked=True))
        cursor = end
    if cursor < len(text):
        result.append(Segment(text[cursor:]))
    return result
