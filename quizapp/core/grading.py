"""Sum up graded answers: one attempt, many attempts, a class; no Flask and no database here.

A kind (core/kinds/) grades one answer into a score from 0 to 1 and its parts. Here, an attempt's
points are the sum of its items' scores, and every labelled part (a passage's label, each
sentence of a paragraph) is one ``Answer``: a right label and a chosen one, counted per label and
in the confusion matrix. The same code sums a student's attempt, their history and a whole class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Answer:
    """A label chosen for one labelled part, the right label, and whether it earned the mark."""

    expected: str
    chosen: str
    accepted: bool = False  # a label the item also accepts (a borderline passage)

    @property
    def correct(self) -> bool:
        """Return whether the choice is the right label, or one also accepted."""
        return self.accepted or is_correct(self.expected, self.chosen)


def is_correct(expected: str, chosen: str) -> bool:
    """Return whether a chosen label is the expected one."""
    return expected == chosen


def percent(points: float, total: float) -> int:
    """Return points out of total as a whole percentage (0 when there is nothing to score)."""
    return round(100 * points / total) if total else 0


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


Counts = dict[tuple[str, str, bool], int]  # (right label, chosen label, earned the mark) -> how many


@dataclass(frozen=True)
class Summary:
    """The score, the per-label accuracy and the confusion matrix of a set of answers.

    ``total`` and ``answered`` count items; ``correct`` is the points scored, the sum of the items'
    scores (a whole number unless an item gave partial credit); ``per_label`` and ``confusion``
    count labelled parts.
    """

    total: int
    answered: int
    correct: float
    per_label: tuple[LabelScore, ...]
    confusion: dict[str, dict[str, int]]
    counts: Counts = field(default_factory=dict, compare=False, repr=False)

    @property
    def percent(self) -> int:
        """Return the score as a whole percentage of all items."""
        return percent(self.correct, self.total)

    def confused(self) -> list[tuple[str, str, int]]:
        """Return (right label, chosen label, count) for each mistake made, most frequent first."""
        mistakes = [
            (expected, chosen, count)
            for expected, row in self.confusion.items()
            for chosen, count in row.items()
            if chosen != expected and count
        ]
        return sorted(mistakes, key=lambda item: -item[2])

    def to_practise(self) -> LabelScore | None:
        """Return the label the student got wrong most often (by share, then count), or None if none."""
        wrong = [score for score in self.per_label if score.answered and score.correct < score.answered]
        if not wrong:
            return None
        # min() keeps the first of equals, so ties go to the label set's order, not to chance.
        return min(wrong, key=lambda score: (score.accuracy, score.correct - score.answered))


def summarize(
    answers: Iterable[Answer],
    labels: Sequence[str],
    total: int | None = None,
    points: float | None = None,
    answered: int | None = None,
) -> Summary:
    """Summarise labelled parts over the given label keys.

    total and answered count the items asked and answered, points their summed scores; each
    defaults to what the parts alone say (one part per item, as in a quiz of labelled passages).
    """
    counts: Counts = {}
    for answer in answers:
        key = (answer.expected, answer.chosen, answer.correct)
        counts[key] = counts.get(key, 0) + 1
    return from_counts(counts, labels, total, points, answered)


def from_counts(
    counts: dict,
    labels: Sequence[str],
    total: int | None = None,
    points: float | None = None,
    answered: int | None = None,
) -> Summary:
    """Summarise parts given as {(expected, chosen[, earned]): how many}, as a database can count them."""
    exact: Counts = {}
    for key, count in counts.items():
        expected, chosen = key[0], key[1]
        earned = key[2] if len(key) > 2 else is_correct(expected, chosen)
        exact[expected, chosen, bool(earned)] = exact.get((expected, chosen, bool(earned)), 0) + count
    seen = {label for expected, chosen, _ in exact for label in (expected, chosen)}
    keys = list(labels) + sorted(seen - set(labels))
    confusion = {expected: {chosen: 0 for chosen in keys} for expected in keys}
    right = dict.fromkeys(keys, 0)
    for (expected, chosen, earned), count in exact.items():
        confusion[expected][chosen] += count
        right[expected] += count if earned else 0
    per_label = tuple(LabelScore(key, sum(confusion[key].values()), right[key]) for key in keys)
    parts = sum(exact.values())
    if points is None:
        points = sum(right.values())
    if answered is None:
        answered = parts
    return Summary(answered if total is None else total, answered, points, per_label, confusion, exact)


@dataclass(frozen=True)
class ItemStat:
    """How a class did on one item (or one part of it): facility, the commonest wrong answer, discrimination."""

    item: int
    label: str  # the right label ("" for a part that is a cue)
    answered: int
    correct: float  # the summed scores of the answers
    top_wrong: tuple[str, int] | None
    discrimination: float | None = None
    part: str = ""  # for a part: its name ("part-2", "cue-1", "label")

    @property
    def facility(self) -> float | None:
        """Return the mean score of the answers (the share right, without partial credit), or None with none."""
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class Scored:
    """One answer to one item (or part) as statistics see it: its score and the wrong answer given, if any."""

    score: float
    wrong: str | None = None  # the label (or mark) given when it did not earn full marks


def item_statistics(labels: dict[int, str], attempts: Sequence[dict[int, Scored]]) -> list[ItemStat]:
    """Return an ItemStat per item over attempts, each a mapping item -> Scored.

    The discrimination index is Moodle's: the correlation between the score on this item and the
    score on the rest of the attempt, over the attempts that answered every item. It is None
    when fewer than two such attempts exist or either score does not vary.
    """
    complete = [a for a in attempts if all(item in a for item in labels)]
    totals = [sum(a[i].score for i in labels) for a in complete]
    stats = []
    for item, label in labels.items():
        answers = [a[item] for a in attempts if item in a]
        wrong: dict[str, int] = {}
        for answer in answers:
            if answer.wrong is not None:
                wrong[answer.wrong] = wrong.get(answer.wrong, 0) + 1
        top = max(sorted(wrong.items()), key=lambda pair: pair[1]) if wrong else None
        scores = [a[item].score for a in complete]
        rest = [total - score for total, score in zip(totals, scores, strict=True)]
        stats.append(ItemStat(item, label, len(answers), sum(a.score for a in answers), top, correlation(scores, rest)))
    return stats


def part_statistics(rows: Iterable[tuple[int, str, str, str, str, float]]) -> dict[int, list[ItemStat]]:
    """Return per item the statistics of each of its parts, from (item, part, kind, expected, given, score) rows.

    A part is a sentence of a paragraph or a cue to find; its facility is its mean score (a cue's
    find rate), its commonest wrong answer the label (or mark) given most when it fell short.
    """
    grouped: dict[tuple[int, str], list[tuple[str, str, float]]] = {}
    for item, name, _kind, expected, given, score in rows:
        grouped.setdefault((item, name), []).append((expected, given, score))
    result: dict[int, list[ItemStat]] = {}
    for (item, name), answers in sorted(grouped.items(), key=lambda pair: (pair[0][0], _part_order(pair[0][1]))):
        wrong: dict[str, int] = {}
        for _, given, score in answers:
            if score < 1:
                wrong[given] = wrong.get(given, 0) + 1
        top = max(sorted(wrong.items()), key=lambda pair: pair[1]) if wrong else None
        result.setdefault(item, []).append(
            ItemStat(item, answers[0][0], len(answers), sum(score for _, _, score in answers), top, part=name)
        )
    return result


def _part_order(name: str) -> tuple[str, int]:
    """Sort parts as the item lists them: "part-2" before "part-10"."""
    prefix, _, number = name.rpartition("-")
    return (prefix, int(number)) if number.isdigit() else (name, 0)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Return Pearson's r of two equal-length series, or None if undefined."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=False))
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
    counts: Counts = {}
    total = answered = 0
    points = 0.0
    for summary in summaries:
        for key, count in summary.counts.items():
            counts[key] = counts.get(key, 0) + count
        total, answered, points = total + summary.total, answered + summary.answered, points + summary.correct
    return from_counts(counts, labels, total, points, answered)
