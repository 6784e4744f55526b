"""The rules of an attempt, in one place: may it take this answer now, and what may it show.

Pure: the caller gathers the facts into a ``Situation`` and gets back a reason code (or None)
that the web layer turns into words, so no rule is decided inside a view. Each attempt mode has
one ``Mode`` object here; a new mode (a later issue's mastery practice, say) is one more class
and one more entry in ``MODES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import schedule

PRACTICE, ASSIGNMENT = "practice", "assignment"
MASTERY = "mastery"  # mastery practice: items drawn one at a time across quizzes (core/mastery.py)

# Why an answer is not taken (the web layer words each one)
NOT_FOUND = "not found"  # no such item, or not the student's attempt: 404
ANSWERED = "answered"  # answered already: the first answer is kept
NOT_IN_ORDER = "not in order"  # an earlier item is still unanswered
CLOSED = "closed"  # the assignment's due date has passed
NOT_MEMBER = "not a member"  # the student left (or was removed from) the assignment's class
CLASS_CLOSED = "class closed"  # the teacher archived the class
UNASSIGNED = "unassigned"  # the teacher took the quiz off the class's list
PRACTICE_CLOSED = "practice closed"  # the quiz is assigned somewhere with its answers still hidden
# Why an attempt cannot start
NOT_OPEN = "not open"
NO_ATTEMPTS_LEFT = "no attempts left"


@dataclass(frozen=True)
class Situation:
    """What the rules need to know about one attempt, now."""

    mode: str
    now: datetime
    finished: bool = False
    feedback: str | None = None  # the assignment's feedback mode (schedule.EACH, END, AFTER_DUE)
    opens_at: datetime | None = None
    due_at: datetime | None = None
    # Why the attempt takes no answers whatever its item: NOT_MEMBER, CLASS_CLOSED, UNASSIGNED for an
    # assignment; PRACTICE_CLOSED for practice of a quiz whose answers an assignment still hides.
    standing: str | None = None
    max_attempts: int | None = None
    attempts_used: int = 0


class Mode:
    """The rules of one attempt mode; the base class is practice on one's own."""

    name = PRACTICE
    counts_for_class = False  # whether its answers enter a class's results

    def question_refusal(
        self, situation: Situation, position: int, answered: set[int], next_position: int | None
    ) -> str | None:
        """Return why the item at position is not asked now (answered, or not its turn), or None to ask it."""
        if position in answered:
            return ANSWERED
        if next_position != position:
            return NOT_IN_ORDER
        return None

    def answer_refusal(
        self, situation: Situation, position: int, answered: set[int], next_position: int | None
    ) -> str | None:
        """Return why an answer to the item at position is not taken now, or None to take it."""
        return self.question_refusal(situation, position, answered, next_position) or situation.standing

    def start_refusal(self, situation: Situation) -> str | None:
        """Return why a new attempt cannot start now, or None."""
        return situation.standing

    def feedback_now(self, situation: Situation) -> bool:
        """Return whether the right answer shows right after each answer."""
        return True

    def results_now(self, situation: Situation) -> bool:
        """Return whether the finished attempt's score and review show."""
        return True


class AssignmentMode(Mode):
    """An attempt at a class's assignment: its dates, attempts limit and feedback rule apply."""

    name = ASSIGNMENT
    counts_for_class = True

    def answer_refusal(
        self, situation: Situation, position: int, answered: set[int], next_position: int | None
    ) -> str | None:
        """Refuse answers once the due date has passed or the student has left the class."""
        refusal = super().answer_refusal(situation, position, answered, next_position)
        if refusal is not None:
            return refusal
        if schedule.window(None, situation.due_at, situation.now) == schedule.CLOSED:
            return CLOSED
        return situation.standing

    def start_refusal(self, situation: Situation) -> str | None:
        """Refuse a start before the opening, after the due date, or beyond the attempts limit."""
        if situation.standing is not None:
            return situation.standing
        state = schedule.window(situation.opens_at, situation.due_at, situation.now)
        if state == schedule.NOT_OPEN:
            return NOT_OPEN
        if state == schedule.CLOSED:
            return CLOSED
        if schedule.attempts_left(situation.max_attempts, situation.attempts_used) == 0:
            return NO_ATTEMPTS_LEFT
        return None

    def feedback_now(self, situation: Situation) -> bool:
        """Follow the assignment's feedback rule."""
        return schedule.answer_feedback_visible(situation.feedback, situation.due_at, situation.now)

    def results_now(self, situation: Situation) -> bool:
        """Follow the assignment's feedback rule."""
        return schedule.results_visible(situation.feedback, situation.due_at, situation.now)


class MasteryMode(Mode):
    """Mastery practice: a position is a step of the session; feedback after each answer; never a class's.

    Which item a step asks is core/mastery.py's draw; the items of quizzes whose answers an
    assignment still hides are never drawn (mastery_practice.pool), so no step waits on a standing.
    """

    name = MASTERY


MODES: dict[str, Mode] = {mode.name: mode for mode in (Mode(), AssignmentMode(), MasteryMode())}


def mode(name: str) -> Mode:
    """Return the rules of an attempt mode."""
    return MODES[name]


def visible(situation: Situation) -> bool:
    """Return whether an attempt's answers and score may be shown now (history, best scores)."""
    rules = mode(situation.mode)
    if situation.finished and rules.results_now(situation):
        return True
    return rules.feedback_now(situation)
