"""Attempts and responses: start or resume, record an answer exactly once, score.

An answer is inserted under a unique (attempt, passage) constraint, so a double click, the back
button or a replayed POST can never store a second answer or change the first.
"""

from __future__ import annotations

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import selectinload

from . import catalog, grading, schedule
from .extensions import db
from .models import Assignment, Attempt, Passage, QuizVersion, Response, utcnow


def start_or_resume(user_id: int, version: QuizVersion) -> Attempt:
    """Return the user's unfinished attempt at this quiz, or a new one at this version.

    An unfinished attempt at an older version is resumed on that version: the student goes on
    with the article and passages they started with, and the next attempt gets the new version.
    """
    attempt = _unfinished(user_id, version.quiz_id, None)
    if attempt is None:
        attempt = _add_single(Attempt(user_id=user_id, version_id=version.id), version.quiz_id)
    return attempt


def _add_single(attempt: Attempt, quiz_id: int) -> Attempt:
    """Store a new unfinished attempt, then keep only the oldest if a double click made two.

    Two submits of Start can both find no unfinished attempt and both insert one. Each then sees
    both, and the newer one (which has no answers yet) is deleted, so exactly one goes on.
    """
    db.session.add(attempt)
    db.session.commit()
    keep = _unfinished(attempt.user_id, quiz_id, attempt.assignment_id, oldest=True)
    if keep is not None and keep.id != attempt.id:
        db.session.execute(delete(Attempt).where(Attempt.id == attempt.id, ~Attempt.id.in_(
            select(Response.attempt_id).where(Response.attempt_id == attempt.id))))
        db.session.commit()
        return keep
    return attempt


def _unfinished(user_id: int, quiz_id: int, assignment_id: int | None, oldest: bool = False) -> Attempt | None:
    """Return the user's newest unfinished attempt at a quiz, for an assignment or for practice."""
    return db.session.scalar(
        select(Attempt).join(QuizVersion, QuizVersion.id == Attempt.version_id)
        .where(Attempt.user_id == user_id, QuizVersion.quiz_id == quiz_id, Attempt.finished_at.is_(None),
               Attempt.assignment_id.is_(None) if assignment_id is None else Attempt.assignment_id == assignment_id)
        .order_by(Attempt.id if oldest else Attempt.id.desc()).limit(1)
    )


class NotAllowed(Exception):
    """The student may not start this assignment now; the message says why."""


def start_assignment(user_id: int, assignment: Assignment, version: QuizVersion) -> Attempt:
    """Resume the student's unfinished attempt at an assignment, or start one if allowed."""
    attempt = _unfinished(user_id, assignment.quiz_id, assignment.id)
    state = schedule.window(assignment.opens_at, assignment.due_at, utcnow())
    if state != schedule.OPEN:
        raise NotAllowed("This assignment is not open yet." if state == schedule.NOT_OPEN
                         else "This assignment is closed: its due date has passed.")
    if attempt is not None:
        return attempt
    used = db.session.scalar(select(func.count()).where(
        Attempt.assignment_id == assignment.id, Attempt.user_id == user_id))
    if schedule.attempts_left(assignment.max_attempts, used) == 0:
        raise NotAllowed(f"You have used all {assignment.max_attempts} attempt(s) at this assignment.")
    return _add_single(Attempt(user_id=user_id, version_id=version.id, assignment_id=assignment.id),
                       assignment.quiz_id)


def unfinished_quiz_ids(user_id: int) -> set[int]:
    """Return the ids of the quizzes the user has an unfinished practice attempt at."""
    return set(db.session.scalars(
        select(QuizVersion.quiz_id).join(Attempt, Attempt.version_id == QuizVersion.id)
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_(None), Attempt.assignment_id.is_(None))
    ))


def feedback_now(attempt: Attempt) -> bool:
    """Return whether this attempt shows the right answer after each answer, now."""
    assignment = attempt.assignment
    if assignment is None:
        return True
    return schedule.answer_feedback_visible(assignment.feedback, assignment.due_at, utcnow())


def results_now(attempt: Attempt) -> bool:
    """Return whether this attempt's score and review show, now."""
    assignment = attempt.assignment
    if assignment is None:
        return True
    return schedule.results_visible(assignment.feedback, assignment.due_at, utcnow())


def answered_positions(attempt: Attempt) -> set[int]:
    """Return the positions of the passages this attempt has answered."""
    # Positions come from the cached version, so the query reads one table, and the statement is
    # built once: building it anew cost a tenth of the question page's own time.
    positions = {p.id: p.position for p in version_of(attempt).passages}
    return {positions[passage_id] for passage_id in db.session.scalars(_ANSWERED, {"attempt_id": attempt.id})}


_ANSWERED = select(Response.passage_id).where(Response.attempt_id == bindparam("attempt_id"))


def with_answers(attempt_id: int) -> tuple[Attempt | None, set[int]]:
    """Return an attempt and the positions it has answered, in one query."""
    rows = db.session.execute(_WITH_ANSWERS, {"attempt_id": attempt_id}).all()
    if not rows:
        return None, set()
    attempt = rows[0][0]
    positions = {p.id: p.position for p in version_of(attempt).passages}
    return attempt, {positions[passage_id] for _, passage_id in rows if passage_id is not None}


_WITH_ANSWERS = (select(Attempt, Response.passage_id).outerjoin(Response, Response.attempt_id == Attempt.id)
                 .where(Attempt.id == bindparam("attempt_id")))


def next_position(attempt: Attempt, answered: set[int] | None = None) -> int | None:
    """Return the first unanswered position, or None when every passage is answered."""
    if answered is None:
        answered = answered_positions(attempt)
    for position in range(1, version_of(attempt).passage_count + 1):
        if position not in answered:
            return position
    return None


def version_of(attempt: Attempt) -> QuizVersion:
    """Return the attempt's version with its passages, from the app's cache (read only)."""
    return catalog.version(attempt.version_id)


def passage_at(attempt: Attempt, position: int) -> Passage | None:
    """Return the passage at a position in the attempt's version (read only)."""
    return next((p for p in version_of(attempt).passages if p.position == position), None)


def response_to(attempt: Attempt, passage: Passage) -> Response | None:
    """Return the attempt's answer to a passage, if any."""
    return db.session.scalar(
        select(Response).where(Response.attempt_id == attempt.id, Response.passage_id == passage.id)
    )


def record_answer(attempt: Attempt, passage: Passage, chosen: str) -> bool:
    """Store an answer once; return False, changing nothing, if one was already stored."""
    response = Response(attempt_id=attempt.id, passage_id=passage.id, chosen=chosen,
                        correct=grading.is_correct(passage.label, chosen))
    db.session.add(response)
    try:
        db.session.flush()
        answered = db.session.scalar(select(func.count()).where(Response.attempt_id == attempt.id))
        if answered >= version_of(attempt).passage_count and attempt.finished_at is None:
            attempt.finished_at = utcnow()
        db.session.commit()
    except IntegrityError:  # the unique (attempt, passage) constraint: answered already
        db.session.rollback()
        return False
    except SQLAlchemyError:
        db.session.rollback()  # a failed COMMIT must not leave the row pending on a pooled connection
        raise
    return True


def review(attempt: Attempt) -> list[tuple[Passage, Response | None]]:
    """Return every passage of the attempt with its answer, in order."""
    passages = db.session.scalars(
        select(Passage).where(Passage.version_id == attempt.version_id).order_by(Passage.position)
    )
    responses = {r.passage_id: r for r in db.session.scalars(select(Response).where(Response.attempt_id == attempt.id))}
    return [(passage, responses.get(passage.id)) for passage in passages]


def summarize(version: QuizVersion, rows: list[tuple[str, str]]) -> grading.Summary:
    """Summarise (expected, chosen) rows over a version's labels."""
    answers = [grading.Answer(expected, chosen) for expected, chosen in rows]
    return grading.summarize(answers, [label["key"] for label in version.labels], total=version.passage_count)


def history(user_id: int) -> list[tuple[Attempt, grading.Summary]]:
    """Return the user's attempts, oldest first, each with its summary, in four queries."""
    attempts = list(db.session.scalars(
        select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.started_at, Attempt.id)
        .options(selectinload(Attempt.version), selectinload(Attempt.assignment))
    ))
    rows: dict[int, list[tuple[str, str]]] = {a.id: [] for a in attempts}
    for attempt_id, expected, chosen in db.session.execute(
        select(Response.attempt_id, Passage.label, Response.chosen)
        .join(Passage, Passage.id == Response.passage_id)
        .join(Attempt, Attempt.id == Response.attempt_id).where(Attempt.user_id == user_id)
    ):
        rows[attempt_id].append((expected, chosen))
    return [(a, summarize(a.version, rows[a.id])) for a in attempts]


def best_percent(entries: list[tuple[Attempt, grading.Summary]], key) -> dict[int, int]:
    """Return the best finished, visible score per key(attempt), as a percentage."""
    best: dict[int, int] = {}
    for attempt, summary in entries:
        if attempt.finished_at is not None and results_now(attempt) and key(attempt) is not None:
            best[key(attempt)] = max(best.get(key(attempt), 0), summary.percent)
    return best


def accepting_answers(attempt: Attempt) -> bool:
    """Return whether the attempt may still take answers (its assignment is not closed)."""
    assignment = attempt.assignment
    return assignment is None or schedule.window(None, assignment.due_at, utcnow()) != schedule.CLOSED


def practice_closures(quiz_id: int | None = None) -> dict[int, schedule.PracticeClosed]:
    """Return, per quiz, why practice is closed, for quizzes assigned anywhere with answers shown later.

    One rule for everyone, not only the class's students: a second account would otherwise
    practise the quiz and read every answer (schedule.practice_closed).
    """
    now = utcnow()
    query = select(Assignment.quiz_id, Assignment.feedback, Assignment.due_at).where(
        Assignment.feedback != schedule.EACH, (Assignment.due_at.is_(None)) | (Assignment.due_at > now))
    if quiz_id is not None:
        query = query.where(Assignment.quiz_id == quiz_id)
    by_quiz: dict[int, list[tuple[str, object]]] = {}
    for quiz, mode, due in db.session.execute(query):
        by_quiz.setdefault(quiz, []).append((mode, due))
    return {quiz: schedule.practice_closed(rows, now) for quiz, rows in by_quiz.items()}


def visible_summary(attempt: Attempt, summary: grading.Summary) -> grading.Summary | None:
    """Return the summary if this attempt's answers may be shown now, else None."""
    if attempt.finished_at is not None and results_now(attempt):
        return summary
    return summary if feedback_now(attempt) else None
