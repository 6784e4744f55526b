"""Mark the cues: the student marks the words that give a passage's label away.

File fields: those of a labelled passage (``label``, ``cues``, ``explanation``...), plus
``ask_label: true`` to have the student choose the label in the same form; otherwise they are told
it. Each place where a cue stands in the passage is one thing to find (overlapping cues count as
one), however many words it has. Answer: ``{"words": [3, 4], "label": "speculation"}`` with the
indexes of the marked words (see core/words.py).

Score, stated for students in the README: a cue scores the share of its words marked (all of
"could signal" is a find, "could" alone half of one); the cue score is the sum of those shares
divided by the number of cues plus the number of marked words that are in no cue, so marking
everything scores low. With ``ask_label`` the item scores the mean of the label's score and the cue
score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .. import words as wordlist
from ..cues import cue_spans
from ..messages import Message
from .base import CUE, FOUND, MISSED, PARTIAL, STRAY, AnswerError, Grade, Part
from .label import LabelKind, LabelSpec, check_label, read_labelled

MAX_WORDS = 400  # a passage to mark is a sentence or two; this bounds the form and the answer


@dataclass(frozen=True)
class CuesSpec(LabelSpec):
    """A passage whose cue words the student marks; the words and the cues' words are fixed here."""

    ask_label: bool = False
    words: tuple[tuple[int, int], ...] = ()  # (start, end) of each word in the passage text
    targets: tuple[tuple[int, ...], ...] = ()  # the word indexes of each cue to find, in reading order


def targets_of(text: str, spans: list[tuple[int, int]], cues: tuple[str, ...]) -> tuple[tuple[int, ...], ...]:
    """Return the word indexes of every place a cue stands in text, overlapping places merged."""
    found = (wordlist.covering(spans, start, end) for start, end in cue_spans(text, cues))
    return tuple(indexes for indexes in found if indexes)


class CuesKind(LabelKind):
    """Find the words that give the label away (and, with ask_label, choose the label too)."""

    name = "cues"
    title = "Mark the cues"
    fields = LabelKind.fields | {"ask_label"}
    required = LabelKind.required | {"cues"}  # the cues are what the student must find
    spec_type = CuesSpec

    def read(self, item) -> CuesSpec | None:
        """Check the passage's fields and fix its words and cue targets."""
        base = read_labelled(item)
        ask = item.flag("ask_label")
        spans = wordlist.words(item.text_value)
        if len(spans) > MAX_WORDS:
            item.add(
                item.value_node("text"),
                Message("%(item_what)s has %(len)s words, too many to mark", item_what=item.what, len=len(spans)),
                Message("quote at most %(max_words)s words: a sentence or two", max_words=MAX_WORDS),
            )
            return None
        targets = targets_of(item.text_value, spans, base["cues"])
        if base["cues"] and not targets and item.text_value:
            item.add(
                item.value_node("cues"),
                Message("%(item_what)s: its cues contain no words to mark", item_what=item.what),
                Message("a cue must be one or more words of the passage"),
            )
        return CuesSpec(**base, ask_label=ask, words=tuple(spans), targets=targets)

    def check_answer(self, spec: CuesSpec, text: str, answer: Mapping[str, Any], labels: tuple[str, ...]) -> dict:
        """Return the marked word indexes (sorted, unique) and, with ask_label, the label."""
        marked = answer.get("words", [])
        if not isinstance(marked, (list, tuple)) or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(spec.words) for i in marked
        ):
            raise AnswerError("mark words of the passage")
        result: dict[str, Any] = {"words": sorted(set(marked))}
        if spec.ask_label:
            result["label"] = check_label(answer, labels)
        return result

    def grade(self, spec: CuesSpec, text: str, answer: Mapping[str, Any]) -> Grade:
        """Score the cues found (partly, for part of a cue) against the words marked in no cue."""
        marked = set(answer.get("words", ()))
        parts: list[Part] = []
        credit = 0.0
        for number, target in enumerate(spec.targets, start=1):
            share = len(marked.intersection(target)) / len(target)
            credit += share
            state = FOUND if share == 1 else PARTIAL if share else MISSED
            parts.append(Part(f"cue-{number}", CUE, wordlist.joined(text, list(spec.words), target), state, share))
        in_cues = {index for target in spec.targets for index in target}
        strays = sorted(marked - in_cues)
        for index in strays:
            start, end = spec.words[index]
            parts.append(Part(f"stray-{index}", STRAY, "", text[start:end], 0.0))
        denominator = len(spec.targets) + len(strays)
        cue_score = credit / denominator if denominator else 1.0
        if not spec.ask_label:
            return Grade(cue_score, tuple(parts))
        label = spec.grade_label("label", answer["label"])
        return Grade((label.score + cue_score) / 2, (label, *parts))

    def load(self, data: Mapping[str, Any]) -> CuesSpec:
        """Return the spec from stored data."""
        return CuesSpec(
            **{
                **data,
                "also_accepted": tuple(data.get("also_accepted", ())),
                "cues": tuple(data.get("cues", ())),
                "words": tuple(tuple(w) for w in data.get("words", ())),
                "targets": tuple(tuple(t) for t in data.get("targets", ())),
            }
        )

    def dump(self, spec: CuesSpec) -> dict:
        """Return the spec as data."""
        return asdict(spec)


def word_states(spec: CuesSpec, answer: Mapping[str, Any]) -> list[str]:
    """Return each word's state after an answer: FOUND, MISSED, STRAY or "" (neither cue nor marked)."""
    marked = set(answer.get("words", ()))
    in_cues = {index for target in spec.targets for index in target}
    states = []
    for index in range(len(spec.words)):
        if index in in_cues:
            states.append(FOUND if index in marked else MISSED)
        else:
            states.append(STRAY if index in marked else "")
    return states


KIND = CuesKind()
