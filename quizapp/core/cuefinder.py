"""Find the cue words of any sentence: what signals a reported fact, an opinion or a speculation.

``find_cues(sentence)`` returns every cue with its span, its kind and the label it points to:
hedges and future markers (speculation), obligations and evaluative words (opinion), reporting
verbs and checkable specifics such as dates, numbers and named places (fact), and vague sources
("experts", "is seen as"), whose label comes with the phrase. Phrases are matched as wholes, the
longest first. Modal words pass sense rules: "the will of the people", "students may leave early"
(permission), "Theresa May" and "May 5" are not hedges. A cue in quoted or reported speech
("the ministry said it may...") is kept but marked ``embedded``: it is someone else's, so it does
not make the sentence the writer's opinion or speculation (see suggest.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicons

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)s?"
DATE = re.compile(
    rf"\b(?:(?:{MONTHS})\s+{DAY}(?:,?\s+{YEAR})?(?!\d)|{DAY}\s+(?:{MONTHS})(?:,?\s+{YEAR})?"
    rf"|(?:{MONTHS})\s+{YEAR}|(?:in|since|until|by|early|late|last|next|this|mid-)\s+(?:{MONTHS})"
    rf"|(?:since\s+)?{YEAR}(?!\d)"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))(?![\w])"
)
NUMBER = re.compile(
    r"(?<![\w.,-])[$€£]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:%| percent| per cent| million| billion)?(?![\w])"
    r"|(?<![\w.,-])[$€£]?\d+(?:\.\d+)?(?:%| percent| per cent| million| billion| thousand)?(?![\w,])"
)
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|(?<![\w])‘[^’]*’(?![\w])")
MODALS = {"may", "might", "will", "must", "could"}
NOUN_WILL_BEFORE = {
    "the",
    "a",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "political",
    "free",
    "good",
    "ill",
    "own",
    "popular",
    "public",
    "people's",
    "people",
    "collective",
    "iron",
}
NOUN_MIGHT_BEFORE = {
    "military",
    "economic",
    "naval",
    "financial",
    "its",
    "his",
    "her",
    "their",
    "our",
    "all",
    "with",
    "sheer",
}
PERMITTED = {
    "you",
    "students",
    "pupils",
    "children",
    "visitors",
    "guests",
    "members",
    "employees",
    "staff",
    "residents",
    "passengers",
    "participants",
    "applicants",
    "users",
    "customers",
    "teachers",
    "voters",
    "drivers",
    "players",
    "patients",
    "parents",
    "anyone",
    "everyone",
}
PERMISSION_VERBS = {
    "leave",
    "go",
    "use",
    "take",
    "bring",
    "enter",
    "apply",
    "attend",
    "keep",
    "ask",
    "submit",
    "choose",
    "borrow",
    "come",
    "sit",
    "eat",
    "drink",
    "park",
    "stay",
    "join",
    "register",
    "vote",
    "wear",
    "visit",
    "return",
    "opt",
    "request",
    "not",
    "now",
    "also",
}
SPEECH = {
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "announced",
    "announces",
    "announced that",
    "claimed",
    "claims",
    "added",
    "noted",
    "confirmed",
    "confirms",
    "insisted",
    "wrote",
    "argued",
    "argues",
    "warned",
    "predicted",
    "believes",
    "denied",
    "denies",
    "reported",
    "according to",
    "in a statement",
}


@dataclass(frozen=True)
class Cue:
    """One cue in a sentence: offsets, the words, what kind of cue, the label it points to."""

    start: int
    end: int
    text: str
    kind: str  # hedge, future, obligation, evaluative, reporting, vague source, date, number, place
    label: str  # fact, opinion or speculation
    source: str  # house (our list), Pattern, VADER, or pattern (dates, numbers, places)
    embedded: bool = False  # in quoted or reported speech: says what someone else thinks


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    raw: str

    @property
    def norm(self) -> str:
        """Return the case-blind key of the word."""
        return lexicons.normalize(self.raw)


def _token(start: int, raw: str) -> _Token:
    """Make a token of a matched word, less a final full stop that ends the sentence."""
    word = lexicons.proper(raw) if raw.endswith(".") else raw
    return _Token(start, start + len(word), word)


def _specifics(sentence: str) -> list[Cue]:
    """Find dates and numbers, dates first where both match."""
    found: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in ((DATE, "date"), (NUMBER, "number")):
        for match in pattern.finditer(sentence):
            if not any(match.start() < end and start < match.end() for start, end in taken):
                taken.append(match.span())
                found.append(Cue(match.start(), match.end(), match.group(), kind, "fact", "pattern"))
    return found


def _modal_counts(tokens: list[_Token], i: int, sentence: str) -> bool:
    """Tell whether the modal word at tokens[i] is a modal here, not a noun, a name or a permission."""
    word, raw = tokens[i].norm, tokens[i].raw
    before = tokens[i - 1].norm if i else ""
    after = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    if raw[0].isupper() and i and not sentence[: tokens[i].start].rstrip().endswith(('"', "“", ":")):
        return False  # "Theresa May", "Will Smith": a capital inside a sentence is a name
    if word == "will":
        tail = sentence[tokens[i].end :].lstrip()
        return before not in NOUN_WILL_BEFORE and after not in {"of", "and"} and tail[:1] not in (".", ",", ";")
    if word == "might":
        return before not in NOUN_MIGHT_BEFORE
    if word == "may":
        # "May the best team win", "May I ask?": a wish or a request opens the sentence, never a hedge
        return i > 0 and not (before in PERMITTED and after in PERMISSION_VERBS)
    if word == "could":
        return after != "not"
    return True


def _phrases(sentence: str, tokens: list[_Token], busy: list[tuple[int, int]]) -> list[Cue]:
    """Match the phrase lists and places over the words, the longest phrase first."""
    table, places, longest = lexicons.phrases(), lexicons.places(), lexicons.longest_phrase()
    found, i = [], 0
    while i < len(tokens):
        if any(start <= tokens[i].start < end for start, end in busy):
            i += 1
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            words = tokens[i : i + size]
            start, end = words[0].start, words[-1].end
            place = places.get(tuple(lexicons.proper(t.raw) for t in words))
            entry = table.get(tuple(t.norm for t in words))
            if place and words[0].raw[0].isupper():
                end = start + len(" ".join([*(t.raw for t in words[:-1]), lexicons.proper(words[-1].raw)]))
                found.append(Cue(start, end, sentence[start:end], "place", "fact", "pattern"))
            elif entry and (words[0].norm not in MODALS or _modal_counts(tokens, i, sentence)):
                found.append(Cue(start, end, sentence[start:end], entry.kind, entry.label, entry.source))
            else:
                continue
            i += size
            break
        else:
            i += 1
    return found


def _embedding_spans(sentence: str, cues: list[Cue]) -> list[tuple[int, int]]:
    """Return the spans of quoted and reported speech: after a speech verb, or before ", X said"."""
    spans = [match.span() for match in QUOTED.finditer(sentence)]
    for index, cue in enumerate(cues):
        if cue.kind != "reporting" or " ".join(lexicons.phrase_key(cue.text)) not in SPEECH:
            continue
        if index and cues[index - 1].kind == "vague source" and cue.start - cues[index - 1].end <= 12:
            continue  # "experts said": a vague source's claim stays the writer's own
        clause_end = sentence.find(";", cue.end)
        spans.append((cue.end, clause_end if clause_end >= 0 else len(sentence)))
        comma = sentence.rfind(",", 0, cue.start)
        if comma >= 0 and len(sentence[cue.end :].split()) <= 3 and len(sentence[comma : cue.start].split()) <= 5:
            spans.append((0, comma))  # "Talks may resume, officials said."
    return spans


def cues_for(text: str, label: str, most: int = 4) -> tuple[str, ...]:
    """Return the words of text that point to label (the writer's own, not quoted speech), for feedback."""
    found = [cue for cue in find_cues(text) if cue.label == label and not cue.embedded]
    return tuple(dict.fromkeys(cue.text for cue in found))[:most]


def find_cues(sentence: str) -> list[Cue]:
    """Return every cue in sentence in reading order, those in quoted or reported speech marked."""
    tokens = [_token(m.start(), m.group()) for m in lexicons.WORD.finditer(sentence)]
    specifics = _specifics(sentence)
    cues = sorted(
        specifics + _phrases(sentence, tokens, [(c.start, c.end) for c in specifics]),
        key=lambda cue: cue.start,
    )
    spans = _embedding_spans(sentence, cues)
    return [
        Cue(
            c.start,
            c.end,
            c.text,
            c.kind,
            c.label,
            c.source,
            embedded=c.kind != "reporting" and any(s <= c.start and c.end <= e for s, e in spans),
        )
        for c in cues
    ]
