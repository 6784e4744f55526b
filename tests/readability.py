"""Readability of a short text: Flesch-Kincaid grade for English, Fernández-Huerta ease for Spanish.

grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59 (Kincaid et al., 1975).
The syllable counter is the usual vowel-group rule with English's commonest exceptions (a silent
final "e", "-ed" and "-es" that add no syllable, "-le" after a consonant that does). It is within
a syllable of a dictionary on nearly every word of our texts, which moves a grade by a few tenths
at most; textstat's counter needs a 2 MB dictionary (cmudict), which this test does not need.

Flesch-Kincaid is fitted to English words, and Spanish words are longer in syllables: a plain
Spanish text scores grades too high. Spanish texts use Fernández-Huerta (1959), a Flesch reading
ease for Spanish: ease = 206.84 − 0.60 × (syllables per 100 words) − 1.02 × (words per sentence).
0-100, higher is easier; 70-80 is "bastante fácil", about grade 7. The sentence term is words per
sentence, as in textstat and Law's (2011) reading of the original: with sentences per 100 words
(one transcription of the formula), shorter sentences would lower the ease, the wrong way round.
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


_WORD_ES = re.compile(r"[^\W_][\w'’.,-]*[^\W_]|[^\W_]")
_STRONG_ES = set("aeoáéíóú")  # an accented i or u is strong too: "día", "país" break the diphthong
_VOWELS_ES = _STRONG_ES | set("iuü")


def syllables_es(word: str) -> int:
    """Return how many syllables a Spanish word (or a number read aloud) has: vowel groups, hiatus counted."""
    if any(ch.isdigit() for ch in word):
        return max(1, min(4, sum(ch.isdigit() for ch in word)))
    total = 0
    previous = ""
    for ch in word.lower():
        if ch in _VOWELS_ES:
            # A new group starts a syllable; two strong vowels side by side are two (hiatus: "le-er").
            if not previous or (previous in _STRONG_ES and ch in _STRONG_ES):
                total += 1
            previous = ch
        else:
            previous = ""
    return max(1, total)  # "y" alone is a word of one syllable


def words_es(text: str) -> list[str]:
    """Return the words of a Spanish text, accented letters kept, Markdown marks removed."""
    return _WORD_ES.findall(_MARKUP.sub(" ", text))


def fernandez_huerta(text: str) -> float:
    """Return the Fernández-Huerta reading ease of a Spanish text (higher is easier; 70 and up is fairly easy)."""
    found = words_es(text)
    if not found:
        return 100.0
    count = len(found)
    per_hundred = 100 * sum(syllables_es(w) for w in found) / count
    return 206.84 - 0.60 * per_hundred - 1.02 * count / sentence_count(text)
