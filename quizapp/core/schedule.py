"""When an assignment is open, and when its feedback shows; pure rules, no Flask, no database.

Feedback modes: ``each`` shows the right answer after every answer (the default); ``end``
records answers quietly and shows everything once the attempt is finished; ``after_due`` shows
nothing, not even the score, until the due date has passed.
"""

from __future__ import annotations

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
