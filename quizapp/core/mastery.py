"""Mastery practice: which item to ask next, from what a student has answered; no Flask, no database.

History in, next item out. A label's weakness is the student's share of wrong answers on its
items, each answer weighted by how recent it is (an answer ``HALF_LIFE`` answers back weighs
half as much as the latest), starting from a prior of one wrong in two, so a label never
answered counts as half known. The labels to practise (the targets) are those at least ``WEAK``
wrong; most items are drawn from them, weighted by weakness. A share of the items is drawn from
items the student has never seen and another share from labels they are good at, chosen by how
often the student gives that label to a target's items (the confusion, seen from the other side):
were every item a weak label's, the selection itself would give the answer away. Practice stops
when each target has ``RUN`` of its last ``OUT_OF`` answers right, or after ``MAX_ITEMS``.

Every draw is decided by ``random.Random`` seeded with the session's seed and the number of
answers so far, so a seed and a history always give the same item.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

HALF_LIFE = 10  # answers back at which an answer weighs half as much as the newest
PRIOR_WRONG, PRIOR_ANSWERS = 1.0, 2.0  # a label with no answers counts as one wrong in two
WEAK = 0.3  # a label with at least this weighted share wrong is practised (two right answers clear the prior)
RUN, OUT_OF = 4, 5  # stop rule: each target label has RUN of its last OUT_OF answers right
UNSEEN_SHARE = 0.2  # share of draws from items the student has never answered
STRONG_SHARE = 0.2  # share of draws from labels that are not targets, so the label is not given away
MAX_ITEMS = 60  # a session stops here even if a label is not mastered: another day is better than a slog


@dataclass(frozen=True)
class Candidate:
    """An item that may be drawn: a reference stable across versions ("quiz/item-key") and its right label."""

    ref: str
    label: str


@dataclass(frozen=True)
class Answered:
    """One labelled answer of the student's, oldest first in a history."""

    ref: str
    expected: str
    chosen: str
    correct: bool


@dataclass(frozen=True)
class Progress:
    """How a target label stands in a session: right answers among its last OUT_OF, and whether mastered."""

    label: str
    right: int  # right answers among the last OUT_OF of this label
    asked: int  # answers of this label in the session
    mastered: bool


def _weights(history: Sequence[Answered]) -> list[float]:
    """Return each answer's weight: 1 for the newest, halving every HALF_LIFE answers back."""
    newest = len(history) - 1
    return [0.5 ** ((newest - index) / HALF_LIFE) for index in range(len(history))]


def weakness(history: Sequence[Answered], labels: Sequence[str]) -> dict[str, float]:
    """Return per label the weighted share of wrong answers on its items, from the prior when unanswered."""
    wrong = dict.fromkeys(labels, PRIOR_WRONG)
    total = dict.fromkeys(labels, PRIOR_ANSWERS)
    for answer, weight in zip(history, _weights(history), strict=True):
        if answer.expected in total:
            total[answer.expected] += weight
            wrong[answer.expected] += 0.0 if answer.correct else weight
    return {label: wrong[label] / total[label] for label in labels}


def confusions(history: Sequence[Answered]) -> dict[tuple[str, str], float]:
    """Return the weighted confusion matrix of mistakes: (right label, chosen label) -> weight."""
    matrix: dict[tuple[str, str], float] = {}
    for answer, weight in zip(history, _weights(history), strict=True):
        if not answer.correct:
            key = (answer.expected, answer.chosen)
            matrix[key] = matrix.get(key, 0.0) + weight
    return matrix


def targets(history: Sequence[Answered], labels: Sequence[str], focus: str | None = None) -> tuple[str, ...]:
    """Return the labels a session practises: the focus if one is asked for, else the weak ones.

    A student weak at nothing practises their weakest label, so a session always has a goal.
    """
    if focus in labels:
        return (focus,)
    weak = weakness(history, labels)
    chosen = tuple(label for label in labels if weak[label] >= WEAK)
    if chosen or not labels:
        return chosen
    return (max(labels, key=lambda label: weak[label]),)  # max() keeps the first of equals


def progress(session: Sequence[Answered], goal: Sequence[str]) -> list[Progress]:
    """Return each target label's standing in the session, in the order of goal."""
    result = []
    for label in goal:
        answers = [answer.correct for answer in session if answer.expected == label]
        right = sum(answers[-OUT_OF:])
        result.append(Progress(label, right, len(answers), right >= RUN))
    return result


def finished(session: Sequence[Answered], goal: Sequence[str]) -> bool:
    """Return whether the session stops: every target mastered, or MAX_ITEMS asked."""
    return len(session) >= MAX_ITEMS or all(entry.mastered for entry in progress(session, goal))


def next_item(
    pool: Sequence[Candidate],
    history: Sequence[Answered],
    session: Sequence[Answered],
    goal: Sequence[str],
    seed: int | str,
) -> Candidate | None:
    """Return the item to ask next, or None when the session is finished or nothing can be drawn.

    history is every answer before the session, session the session's own answers, both oldest
    first; goal the session's target labels (``targets``).
    """
    if not pool or finished(session, goal):
        return None
    rng = random.Random(f"{seed}:{len(session)}")
    everything = [*history, *session]
    seen = {answer.ref for answer in everything}
    last = session[-1].ref if session else None
    # Never the item just answered again, unless it is the only one.
    available = sorted((c for c in pool if c.ref != last), key=lambda c: c.ref) or list(pool)
    labels = sorted({c.label for c in available})
    open_goal = [entry.label for entry in progress(session, goal) if not entry.mastered]
    roll = rng.random()
    unseen = [c for c in available if c.ref not in seen]
    if roll < UNSEEN_SHARE and unseen:
        return _pick(unseen, session, rng)
    others = [label for label in labels if label not in goal]
    if roll < UNSEEN_SHARE + STRONG_SHARE and others:
        # The label the student gives a target's items (fact, for one who calls speculation fact)
        # is the one to tell it apart from, so it weighs more; every other label a little.
        matrix = confusions(everything)
        weights = [0.25 + sum(matrix.get((target, label), 0.0) for target in goal) for label in others]
        label = rng.choices(others, weights)[0]
        return _pick([c for c in available if c.label == label], session, rng)
    weak = weakness(everything, labels)
    drawable = [label for label in open_goal if label in labels] or labels
    label = rng.choices(drawable, [max(weak.get(label, 0.0), 0.05) for label in drawable])[0]
    return _pick([c for c in available if c.label == label], session, rng)


def _pick(candidates: Sequence[Candidate], session: Sequence[Answered], rng: random.Random) -> Candidate:
    """Return one of candidates: one not yet asked in the session if any, else the one asked longest ago."""
    asked = {answer.ref: index for index, answer in enumerate(session)}
    fresh = [c for c in candidates if c.ref not in asked]
    if fresh:
        return rng.choice(fresh)
    return min(candidates, key=lambda c: (asked[c.ref], c.ref))
