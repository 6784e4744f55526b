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
    counts: dict[tuple[str, str], int] = {}
    for answer in answers:
        counts[answer.expected, answer.chosen] = counts.get((answer.expected, answer.chosen), 0) + 1
    return from_counts(counts, labels, total)


def from_counts(counts: dict[tuple[str, str], int], labels: Sequence[str], total: int | None = None) -> Summary:
    """Summarise answers given as {(expected, chosen): how many}, as a database can count them."""
    seen = {key for pair in counts for key in pair}
    keys = list(labels) + sorted(seen - set(labels))
    confusion = {expected: {chosen: 0 for chosen in keys} for expected in keys}
    for (expected, chosen), count in counts.items():
        confusion[expected][chosen] += count
    per_label = tuple(LabelScore(key, sum(confusion[key].values()), confusion[key][key]) for key in keys)
    answered = sum(counts.values())
    correct = sum(count for (expected, chosen), count in counts.items() if is_correct(expected, chosen))
    return Summary(answered if total is None else total, answered, correct, per_label, confusion)


@dataclass(frozen=True)
class ItemStat:
    """How a class did on one passage: facility, the wrong label chosen most, discrimination."""

    item: int
    label: str
    answered: int
    correct: int
    top_wrong: tuple[str, int] | None
    discrimination: float | None

    @property
    def facility(self) -> float | None:
        """Return the share of answers that were correct, or None with no answers."""
        return self.correct / self.answered if self.answered else None


def item_statistics(labels: dict[int, str], attempts: Sequence[dict[int, str]]) -> list[ItemStat]:
    """Return an ItemStat per item (passage) over attempts, each a mapping item -> chosen label.

    The discrimination index is Moodle's: the correlation between the score on this item and the
    score on the rest of the attempt, over the attempts that answered every item. It is None
    when fewer than two such attempts exist or either score does not vary.
    """
    complete = [a for a in attempts if all(item in a for item in labels)]
    totals = [sum(is_correct(labels[i], a[i]) for i in labels) for a in complete]
    stats = []
    for item, label in labels.items():
        chosen = [a[item] for a in attempts if item in a]
        wrong: dict[str, int] = {}
        for choice in chosen:
            if not is_correct(label, choice):
                wrong[choice] = wrong.get(choice, 0) + 1
        top = max(sorted(wrong.items()), key=lambda pair: pair[1]) if wrong else None
        scores = [float(is_correct(label, a[item])) for a in complete]
        rest = [total - score for total, score in zip(totals, scores)]
        stats.append(ItemStat(item, label, len(chosen), sum(is_correct(label, c) for c in chosen), top,
                              correlation(scores, rest)))
    return stats


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Return Pearson's r of two equal-length series, or None if undefined."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / (var_x * var_y) ** 0.5


MIN_ANSWERS = 5  # below this a per-label figure says more about chance than about the student

# The discrimination index is shown from this many complete attempts. Over n attempts a
# correlation whose true value is 0 comes out anywhere within about ±2/sqrt(n-1): from two attempts
# it can only be +100% or -100%; at 10 the noise (±65%) spans the whole scale from "works against
# the quiz" to "excellent"; at 20 it is ±45%, and a passage whose true index is a good 30% shows
# as negative about one time in thirteen (at 30, one in twenty-five). 20 is the smallest count at
# which the figure is more signal than noise, and a class of 25 to 30 reaches it once most have
# finished; a higher bar would hide it from most classes for good.
MIN_COMPLETE_ATTEMPTS = 20


def reliable(score: LabelScore) -> bool:
    """Return whether a per-label figure rests on enough answers to show."""
    return score.answered >= MIN_ANSWERS


def merge(summaries: Iterable[Summary], labels: Sequence[str]) -> Summary:
    """Return one summary of all the answers behind several summaries."""
    counts: dict[tuple[str, str], int] = {}
    for summary in summaries:
        for expected, row in summary.confusion.items():
            for chosen, count in row.items():
                if count:
                    counts[expected, chosen] = counts.get((expected, chosen), 0) + count
    return from_counts(counts, labels)
