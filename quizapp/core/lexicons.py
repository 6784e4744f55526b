"""The word lists behind the cues: the house phrase list, Pattern's and VADER's lexicons, places.

Files live in ``lexicons/`` beside this module, each with its source and licence (see README,
"Suggestions"). Each list is read once per process and kept (``lru_cache``): they are small and
never change while the app runs.
"""

from __future__ import annotations

import re
import statistics
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).with_name("lexicons")
WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’.][A-Za-z0-9]+)*\.?")
# Thresholds chosen by reading what each list marks in NewsSD-ENG's train split and the seed
# article: lower ones mark "different", "far", "war", "crisis" in plain reports.
PATTERN_MIN_SUBJECTIVITY = 0.6
VADER_MIN_VALENCE = 2.0


@dataclass(frozen=True)
class Entry:
    """What a cue phrase signals: its kind, the label it points to and the list it came from."""

    kind: str
    label: str
    source: str


def proper(token: str) -> str:
    """Return a word as written, less a possessive 's and a final full stop ("U.S." keeps its own)."""
    token = token.replace("’", "'")
    if token.lower().endswith("'s"):
        token = token[:-2]
    if token.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.){2,}", token):
        token = token[:-1]
    return token


def normalize(token: str) -> str:
    """Return the case-blind form of a word that the phrase lists are keyed by."""
    return proper(token).lower()


def phrase_key(phrase: str) -> tuple[str, ...]:
    """Return the words of a phrase as the tuple the matcher looks up."""
    return tuple(normalize(match.group()) for match in WORD.finditer(phrase))


def _lines(name: str) -> list[str]:
    """Return the non-comment, non-blank lines of one list file."""
    text = (FOLDER / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def not_evaluative() -> frozenset[str]:
    """Return the words never marked as evaluative, whatever the lexicons say."""
    return frozenset(line.strip().lower() for line in _lines("not-evaluative.txt"))


@lru_cache(maxsize=1)
def pattern_adjectives() -> dict[str, float]:
    """Return Pattern's single-word adjectives with mean subjectivity at or above the threshold."""
    senses: dict[str, list[float]] = defaultdict(list)
    root = ET.parse(FOLDER / "pattern-en-sentiment.xml").getroot()
    for word in root.iter("word"):
        form = word.get("form", "")
        if " " not in form and word.get("pos", "JJ").startswith(("JJ", "RB")):
            senses[form.lower()].append(float(word.get("subjectivity", "0")))
    return {
        form: round(statistics.mean(values), 3)
        for form, values in senses.items()
        if statistics.mean(values) >= PATTERN_MIN_SUBJECTIVITY
    }


@lru_cache(maxsize=1)
def vader_words() -> dict[str, float]:
    """Return VADER's alphabetic words whose mean valence is strong, emoticons and slang aside."""
    words = {}
    for line in _lines("vader_lexicon.txt"):
        token, valence, *_ = line.split("\t")
        if re.fullmatch(r"[a-z][a-z'-]+[a-z]", token) and abs(float(valence)) >= VADER_MIN_VALENCE:
            words[token] = float(valence)
    return words


@lru_cache(maxsize=1)
def phrases() -> dict[tuple[str, ...], Entry]:
    """Return every cue phrase by its word tuple: lexicon words first, the house list over them."""
    table: dict[tuple[str, ...], Entry] = {}
    skip = not_evaluative()
    for word in vader_words():
        if word not in skip:
            table[(word,)] = Entry("evaluative", "opinion", "VADER")
    for word in pattern_adjectives():
        if word not in skip:
            table[(word,)] = Entry("evaluative", "opinion", "Pattern")
    for line in _lines("house-cues.tsv"):
        phrase, kind, label = line.split("\t")
        table[phrase_key(phrase)] = Entry(kind, label, "house")
    return table


@lru_cache(maxsize=1)
def places() -> dict[tuple[str, ...], str]:
    """Return the named places by their word tuple (case kept, since places are proper nouns)."""
    return {
        tuple(proper(match.group()) for match in WORD.finditer(line)): line.strip() for line in _lines("places.txt")
    }


@lru_cache(maxsize=1)
def longest_phrase() -> int:
    """Return the number of words in the longest phrase of any list."""
    return max(len(key) for key in (*phrases(), *places()))
