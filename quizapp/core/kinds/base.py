"""What every kind of item shares: the graded parts of an answer, and the interface a kind provides.

A kind is one module of this package with one ``Kind`` object in it. The question file's reader
hands a kind the fields of one item; the kind checks them (recording located problems) and returns
its *spec*, a frozen dataclass holding everything needed to ask, grade and explain the item. The
spec is stored as JSON with the item, so an old attempt is graded and explained with what its
student saw. Grading returns a ``Grade``: a score from 0 to 1 and one ``Part`` per thing that was
judged, which the dashboards count (a label chosen for a sentence, a cue found or missed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

# What a part judged: a label chosen, a cue found, or a word marked that is not a cue.
LABEL, CUE, STRAY = "label", "cue", "stray"
# How a cue was marked: every word of it, some of them, none.
FOUND, PARTIAL, MISSED = "found", "partial", "missed"


@dataclass(frozen=True)
class Part:
    """One judged part of an answer: what was expected, what was given, and its score."""

    name: str  # stable within the item: "label", "part-2", "cue-1", "stray-14"
    kind: str  # LABEL, CUE or STRAY
    expected: str  # the right label, or the cue's words; "" for a stray word
    given: str  # the label chosen; FOUND, PARTIAL or MISSED for a cue; the word, for a stray one
    score: float  # 0 to 1
    accepted: bool = False  # a label given that the file also accepts (a borderline item)

    @property
    def correct(self) -> bool:
        """Return whether this part earned full marks."""
        return self.score >= 1.0


@dataclass(frozen=True)
class Grade:
    """The score of one answer, from 0 to 1, with the parts that make it up."""

    score: float
    parts: tuple[Part, ...] = field(default=())

    @property
    def correct(self) -> bool:
        """Return whether the answer earned full marks."""
        return self.score >= 1.0 - 1e-9

    def of(self, kind: str) -> tuple[Part, ...]:
        """Return the parts of one kind (LABEL, CUE or STRAY)."""
        return tuple(p for p in self.parts if p.kind == kind)


class AnswerError(ValueError):
    """An answer that does not fit the item (a label it does not offer, a word it does not have)."""


@dataclass(frozen=True)
class Labelled:
    """A stretch of text with the label it should get: an item, or one part of a paragraph."""

    label: str
    also_accepted: tuple[str, ...] = ()

    def grade_label(self, name: str, given: str) -> Part:
        """Return the part for a label chosen for this stretch."""
        if given == self.label:
            return Part(name, LABEL, self.label, given, 1.0)
        accepted = given in self.also_accepted
        return Part(name, LABEL, self.label, given, 1.0 if accepted else 0.0, accepted=accepted)


class Kind:
    """The interface of one kind of item; each kind module defines one subclass and one instance."""

    name: ClassVar[str]  # the value of `kind:` in a question file
    title: ClassVar[str]  # what a teacher's pages call it
    fields: ClassVar[frozenset[str]]  # the item fields this kind reads, beyond id, kind, text and occurrence
    required: ClassVar[frozenset[str]]
    spec_type: ClassVar[type]

    def read(self, item: Any) -> Any | None:
        """Check an item's fields (an ItemReader) and return its spec, or None after recording problems."""
        raise NotImplementedError

    def grade(self, spec: Any, text: str, answer: Mapping[str, Any]) -> Grade:
        """Return the grade of an answer (already checked by ``check_answer``)."""
        raise NotImplementedError

    def check_answer(self, spec: Any, text: str, answer: Mapping[str, Any], labels: tuple[str, ...]) -> dict:
        """Return the answer as stored data, or raise AnswerError if it does not fit the item."""
        raise NotImplementedError

    def labels(self, spec: Any) -> tuple[str, ...]:
        """Return the right label of every labelled part, in order (for counts and balance)."""
        raise NotImplementedError

    def load(self, data: Mapping[str, Any]) -> Any:
        """Return the spec stored as data (the JSON of ``dump``)."""
        raise NotImplementedError

    def dump(self, spec: Any) -> dict:
        """Return the spec as JSON-ready data."""
        raise NotImplementedError
