"""When an assignment is open, and when its feedback shows; pure rules, no Flask, no database.

Feedback modes: ``each`` shows the right answer after every answer (the default); ``end``
records answers quietly and shows everything once the attempt is finished; ``after_due`` shows
nothing, not even the score, until the due date has passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

EACH, END, AFTER_DUE = "each", "end", "after_due"
MODES = {
    EACH: "After each answer",
    END: "At the end of the attempt",
    AFTER_DUE: "After the due date",
}
NOT_OPEN, OPEN, CLOSED = "not open yet", "open", "closed"


def window(opens_at: datetime | None, due_at: datetime | None, now: datetime) -> str:
    """Return whether an assignment is not open yet, open, or closed at time now."""
    if opens_at is not None and now < opens_at:
        return NOT_OPEN
    if due_at is not None and now >= due_at:
        return CLOSED
    return OPEN


def answer_feedback_visible(mode: str | None, due_at: datetime | None, now: datetime) -> bool:
    """Return whether the right answer shows right after each answer."""
    if mode in (None, EACH):
        return True
    return mode == AFTER_DUE and due_at is not None and now >= due_at


def results_visible(mode: str | None, due_at: datetime | None, now: datetime) -> bool:
    """Return whether a finished attempt's score and review show."""
    if mode == AFTER_DUE:
        return due_at is None or now >= due_at
    return True


def attempts_left(max_attempts: int | None, used: int) -> int | None:
    """Return how many more attempts are allowed, or None for no limit."""
    return None if max_attempts is None else max(0, max_attempts - used)


@dataclass(frozen=True)
class PracticeClosed:
    """Practice of a quiz is closed, because somewhere it is assigned with its answers shown later.

    ``until`` is when it opens again: the last such due date. None means one of those assignments
    has no due date, so practice stays closed while it is assigned (until its teacher sets a due
    date or stops assigning it). Every message about it reads ``sentence()``, so none can promise
    "after the due date" when there is none.
    """

    until: datetime | None

    def sentence(self, when: str = "") -> str:
        """Say when practice opens, in words for an 11-year-old; when is ``until`` formatted for people."""
        if self.until is None:
            return (
                "You cannot practise this quiz for now: a class is doing it as an assignment and will "
                "see the answers later. Practice opens when their teacher ends the assignment."
            )
        return (
            f"You can practise this quiz from {when}: a class is doing it as an assignment until then "
            "and will see the answers later."
        )


def practice_closed(assignments: Iterable[tuple[str, datetime | None]], now: datetime) -> PracticeClosed | None:
    """Return whether practising a quiz would show answers that an assignment of it still hides.

    assignments are (feedback mode, due date) of the quiz's assignments in every class: practice
    shows every answer at once, so a student with a second account could read the key of any
    class's assignment that shows its answers later (at the end, or after the due date).
    """
    hiding = [due for mode, due in assignments if mode != EACH and (due is None or now < due)]
    if not hiding:
        return None
    return PracticeClosed(None if any(due is None for due in hiding) else max(hiding))
