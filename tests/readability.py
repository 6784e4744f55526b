"""Flesch-Kincaid grade of a short English text: the formula and a syllable counter, no dependencies.

grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59 (Kincaid et al., 1975).
The syllable counter is the usual vowel-group rule with English's commonest exceptions (a silent
final "e", "-ed" and "-es" that add no syllable, "-le" after a consonant that does). It is within
a syllable of a dictionary on nearly every word of our texts, which moves a grade by a few tenths
at most; textstat's counter needs a 2 MB dictionary (cmudict), which this test does not need.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'”’)]|$)")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’,.-]*[A-Za-z0-9]|[A-Za-z0-9]")
_VOWELS = re.compile(r"[aeiouy]+")
_MARKUP = re.compile(r"[*_`#>\[\]]|\(https?://[^)]*\)")


def syllables(word: str) -> int:
    """Return about how many syllables an English word (or a number read aloud) has."""
    if any(ch.isdigit() for ch in word):
        return max(1, min(4, sum(ch.isdigit() for ch in word)))  # "1994" is read in about four beats
    total = 0
    for part in re.split(r"[-’']", word.lower()):
        part = re.sub(r"[^a-z]", "", part)
        if not part:
            continue
        count = len(_VOWELS.findall(part))
        if len(part) > 2 and part.endswith("e") and not part.endswith(("le", "ee", "ye")):
            count -= 1  # silent final e: "made", "write"
        elif (
            len(part) > 3
            and part.endswith(("ed", "es"))
            and part[-3] not in "aeiouydt" + ("sxzch" if part.endswith("es") else "")
        ):
            count -= 1  # "talked", "names": no extra syllable
        if part.endswith("le") and len(part) > 2 and part[-3] not in "aeiouy":
            count = max(count, 1)  # "table", "little"
        total += max(1, count)
    return max(1, total)


def words(text: str) -> list[str]:
    """Return the words of a text, Markdown marks removed."""
    return _WORD.findall(_MARKUP.sub(" ", text))


def sentence_count(text: str) -> int:
    """Return how many sentences a text has (at least one)."""
    return max(1, len(_SENTENCE_END.findall(_MARKUP.sub(" ", text).strip())))


def grade(text: str) -> float:
    """Return the Flesch-Kincaid grade level of a text."""
    found = words(text)
    if not found:
        return 0.0
    count = len(found)
    return 0.39 * count / sentence_count(text) + 11.8 * sum(syllables(w) for w in found) / count - 15.59
