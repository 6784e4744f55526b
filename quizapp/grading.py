"""Score answers: one response, one attempt, many attempts; no Flask and no database here.

Grading works on plain (expected, chosen) pairs so that the same code scores a student's
attempt, their history and, later, a whole class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """A student's choice for one passage, and the right label."""

    expected: str
    chosen: str

    @property
    def correct(self) -> bool:
        """Return whether the choice is the right label."""
        return is_correct(self.expected, self.chosen)


def is_correct(expected: str, chosen: str) -> bool:
    """Return whether a chosen label is the expected one."""
    return expected == chosen


@dataclass(frozen=True)
class LabelScore:
    """How a student did on the passages whose right answer is one label."""

    label: str
    answered: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        """Return the share answered correctly, or None when none were answered."""
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class Summary:
    """The score, the per-label accuracy and the confusion matrix of a set of answers."""

    total: int
    answered: int
    correct: int
    per_label: tuple[LabelScore, ...]
    confusion: dict[str, dict[str, int]]

    @property
    def percent(self) -> int:
        """Return the score as a whole percentage of all passages."""
        return round(100 * self.correct / self.total) if self.total else 0

    def confused(self) -> list[tuple[str, str, int]]:
        """Return (right label, chosen label, count) for each mistake made, most frequent first."""
        mistakes = [(expected, chosen, count) for expected, row in self.confusion.items()
                    for chosen, count in row.items() if chosen != expected and count]
        return sorted(mistakes, key=lambda item: -item[2])


def summarize(answers: Iterable[Answer], labels: Sequence[str], total: int | None = None) -> Summary:
    """Summarise answers over the given label keys; total is the number of passages asked."""
    answers = list(answers)
    keys = list(labels) + sorted({a.expected for a in answers} | {a.chosen for a in answers} - set(labels))
    confusion = {expected: {chosen: 0 for chosen in keys} for expected in keys}
    for answer in answers:
        confusion[answer.expected][answer.chosen] += 1
    per_label = tuple(
        LabelScore(key, sum(confusion[key].values()), confusion[key][key]) for key in keys
    )
    correct = sum(1 for a in answers if a.correct)
    return Summary(len(answers) if total is None else total, len(answers), correct, per_label, confusion)
