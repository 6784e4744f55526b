"""The rules of an attempt: what each mode takes and shows, as a table of situations and reasons."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from quizapp.core import rules, schedule

NOW = datetime(2026, 12, 2, 9, 0)
PAST, FUTURE = NOW - timedelta(days=1), NOW + timedelta(days=1)


def practice(**facts) -> rules.Situation:
    """Return a practice attempt's situation."""
    return rules.Situation(rules.PRACTICE, NOW, **facts)


def assignment(**facts) -> rules.Situation:
    """Return an assignment attempt's situation (feedback after each answer unless given)."""
    return rules.Situation(rules.ASSIGNMENT, NOW, **{"feedback": schedule.EACH, **facts})


# (situation, position, answered, next position, posting an answer?, reason)
@pytest.mark.parametrize(
    ("situation", "position", "answered", "next_position", "posting", "reason"),
    [
        (practice(), 1, set(), 1, True, None),
        (practice(), 1, {1}, 2, True, rules.ANSWERED),
        (practice(), 3, {1}, 2, False, rules.NOT_IN_ORDER),
        (practice(due_at=PAST), 2, {1}, 2, True, None),  # practice has no due date
        (practice(standing=rules.PRACTICE_CLOSED), 2, {1}, 2, True, rules.PRACTICE_CLOSED),
        (practice(standing=rules.PRACTICE_CLOSED), 2, {1}, 2, False, None),
        (assignment(), 2, {1}, 2, True, None),
        (assignment(due_at=PAST), 2, {1}, 2, True, rules.CLOSED),
        (assignment(due_at=PAST), 2, {1}, 2, False, None),  # the page may still be read
        (assignment(due_at=PAST), 1, {1}, 2, True, rules.ANSWERED),  # answered first, closed second
        (assignment(standing=rules.NOT_MEMBER), 2, {1}, 2, True, rules.NOT_MEMBER),
        (assignment(standing=rules.CLASS_CLOSED), 2, {1}, 2, True, rules.CLASS_CLOSED),
        (assignment(standing=rules.UNASSIGNED), 2, {1}, 2, False, None),
        (assignment(due_at=FUTURE, standing=rules.NOT_MEMBER), 3, {1}, 2, True, rules.NOT_IN_ORDER),
    ],
)
def test_may_this_answer_be_taken(situation, position, answered, next_position, posting, reason):
    mode = rules.mode(situation.mode)
    check = mode.answer_refusal if posting else mode.question_refusal
    assert check(situation, position, answered, next_position) == reason


@pytest.mark.parametrize(
    ("situation", "reason"),
    [
        (practice(), None),
        (practice(standing=rules.PRACTICE_CLOSED), rules.PRACTICE_CLOSED),
        (assignment(), None),
        (assignment(opens_at=FUTURE), rules.NOT_OPEN),
        (assignment(due_at=PAST), rules.CLOSED),
        (assignment(max_attempts=2, attempts_used=2), rules.NO_ATTEMPTS_LEFT),
        (assignment(max_attempts=2, attempts_used=1), None),
        (assignment(standing=rules.UNASSIGNED), rules.UNASSIGNED),
    ],
)
def test_may_an_attempt_start(situation, reason):
    assert rules.mode(situation.mode).start_refusal(situation) == reason


# (situation, answer after each item?, results when finished?, visible in history?)
@pytest.mark.parametrize(
    ("situation", "feedback", "results", "visible"),
    [
        (practice(), True, True, True),
        (assignment(feedback=schedule.EACH), True, True, True),
        (assignment(feedback=schedule.END), False, True, False),
        (assignment(feedback=schedule.END, finished=True), False, True, True),
        (assignment(feedback=schedule.AFTER_DUE, due_at=FUTURE, finished=True), False, False, False),
        (assignment(feedback=schedule.AFTER_DUE, due_at=PAST, finished=True), True, True, True),
    ],
)
def test_what_may_be_shown_now(situation, feedback, results, visible):
    mode = rules.mode(situation.mode)
    assert (mode.feedback_now(situation), mode.results_now(situation), rules.visible(situation)) == (
        feedback,
        results,
        visible,
    )


def test_only_assignments_count_for_the_class():
    assert [rules.mode(name).counts_for_class for name in (rules.PRACTICE, rules.ASSIGNMENT)] == [False, True]
