"""Attempts and responses: start or resume, record an answer exactly once, score.

An answer is inserted under a unique (attempt, item) constraint, so a double click, the back
button or a replayed POST can never store a second answer or change the first. The item's kind
checks and grades the answer (core/kinds/); the response keeps the answer as data, its score,
and one row per judged part for the dashboards to count.
"""

from __future__ import annotations

import random
from dataclasses import replace

from sqlalchemy import bindparam, delete, func, literal, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import selectinload

from . import catalog
from .core import grading, rules, schedule
from .core.kinds import LABEL
from .core.kinds.base import Labelled
from .extensions import db
from .models import AcceptedLabel, Assignment, Attempt, Item, QuizVersion, Response, ResponsePart, utcnow


def start_or_resume(user_id: int, version: QuizVersion) -> Attempt:
    """Return the user's unfinished attempt at this quiz, or a new one at this version.

    An unfinished attempt at an older version is resumed on that version: the student goes on
    with the article and passages they started with, and the next attempt gets the new version.
    """
    attempt = _unfinished(user_id, version.quiz_id, None)
    if attempt is None:
        attempt = _add_single(Attempt(user_id=user_id, version_id=version.id, order=_order(version)), version.quiz_id)
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
        db.session.execute(
            delete(Attempt).where(
                Attempt.id == attempt.id,
                ~Attempt.id.in_(select(Response.attempt_id).where(Response.attempt_id == attempt.id)),
            )
        )
        db.session.commit()
        return keep
    return attempt


def _unfinished(user_id: int, quiz_id: int, assignment_id: int | None, oldest: bool = False) -> Attempt | None:
    """Return the user's newest unfinished attempt at a quiz, for an assignment or for practice."""
    return db.session.scalar(
        select(Attempt)
        .join(QuizVersion, QuizVersion.id == Attempt.version_id)
        .where(
            Attempt.user_id == user_id,
            QuizVersion.quiz_id == quiz_id,
            Attempt.finished_at.is_(None),
            Attempt.assignment_id.is_(None) if assignment_id is None else Attempt.assignment_id == assignment_id,
        )
        .order_by(Attempt.id if oldest else Attempt.id.desc())
        .limit(1)
    )


class NotAllowed(Exception):
    """The student may not start this assignment now; ``reason`` is one of the codes in core/rules.py."""

    def __init__(self, reason: str, assignment: Assignment):
        super().__init__(reason)
        self.reason, self.assignment = reason, assignment


def start_assignment(
    user_id: int, assignment: Assignment, version: QuizVersion, standing: str | None = None
) -> Attempt:
    """Resume the student's unfinished attempt at an assignment, or start one if the rules allow it."""
    attempt = _unfinished(user_id, assignment.quiz_id, assignment.id)
    used = (
        0
        if attempt is not None
        else db.session.scalar(
            select(func.count()).where(Attempt.assignment_id == assignment.id, Attempt.user_id == user_id)
        )
    )
    now = rules.Situation(
        rules.ASSIGNMENT,
        utcnow(),
        feedback=assignment.feedback,
        opens_at=assignment.opens_at,
        due_at=assignment.due_at,
        max_attempts=None if attempt is not None else assignment.max_attempts,
        attempts_used=used,
        standing=standing,
    )
    refusal = rules.mode(rules.ASSIGNMENT).start_refusal(now)
    if refusal is not None:
        raise NotAllowed(refusal, assignment)
    if attempt is not None:
        return attempt
    return _add_single(
        Attempt(user_id=user_id, version_id=version.id, assignment_id=assignment.id, order=_order(version)),
        assignment.quiz_id,
    )


def _order(version: QuizVersion) -> list[int] | None:
    """Return a new attempt's order of positions: shuffled for a version that shuffles, else None (the file's)."""
    if not version.shuffle:
        return None
    order = list(range(1, version.item_count + 1))
    random.SystemRandom().shuffle(order)
    return order


def order_of(attempt: Attempt) -> list[int]:
    """Return the positions in the order the attempt asks them (kept, so a reload or resume asks the same)."""
    return list(attempt.order) if attempt.order else list(range(1, version_of(attempt).item_count + 1))


def step_of(attempt: Attempt, position: int) -> int:
    """Return the how-manyth question of the attempt an item's position is (1-based)."""
    order = order_of(attempt)
    return order.index(position) + 1 if position in order else position


def after(attempt: Attempt, position: int) -> int | None:
    """Return the position asked after this one, or None after the last."""
    order = order_of(attempt)
    index = order.index(position) if position in order else len(order)
    return order[index + 1] if index + 1 < len(order) else None


def situation(attempt: Attempt, standing: str | None = None) -> rules.Situation:
    """Return what the rules need to know about an attempt now (standing: classes.standing, when it matters)."""
    assignment = attempt.assignment
    if assignment is None:
        return rules.Situation(rules.PRACTICE, utcnow(), finished=attempt.finished_at is not None, standing=standing)
    return rules.Situation(
        rules.ASSIGNMENT,
        utcnow(),
        finished=attempt.finished_at is not None,
        feedback=assignment.feedback,
        opens_at=assignment.opens_at,
        due_at=assignment.due_at,
        standing=standing,
        max_attempts=assignment.max_attempts,
    )


def mode_of(attempt: Attempt) -> rules.Mode:
    """Return the rules of the attempt's mode."""
    return rules.mode(rules.PRACTICE if attempt.assignment_id is None else rules.ASSIGNMENT)


def feedback_now(attempt: Attempt) -> bool:
    """Return whether this attempt shows the right answer after each answer, now."""
    return mode_of(attempt).feedback_now(situation(attempt))


def results_now(attempt: Attempt) -> bool:
    """Return whether this attempt's score and review show, now."""
    return mode_of(attempt).results_now(situation(attempt))


def answered_positions(attempt: Attempt) -> set[int]:
    """Return the positions of the items this attempt has answered."""
    # Positions come from the cached version, so the query reads one table, and the statement is
    # built once: building it anew cost a tenth of the question page's own time.
    positions = {item.id: item.position for item in version_of(attempt).items}
    return {positions[item_id] for item_id in db.session.scalars(_ANSWERED, {"attempt_id": attempt.id})}


_ANSWERED = select(Response.item_id).where(Response.attempt_id == bindparam("attempt_id"))


def with_answers(attempt_id: int) -> tuple[Attempt | None, set[int]]:
    """Return an attempt and the positions it has answered, in one query."""
    rows = db.session.execute(_WITH_ANSWERS, {"attempt_id": attempt_id}).all()
    if not rows:
        return None, set()
    attempt = rows[0][0]
    positions = {item.id: item.position for item in version_of(attempt).items}
    return attempt, {positions[item_id] for _, item_id in rows if item_id is not None}


_WITH_ANSWERS = (
    select(Attempt, Response.item_id)
    .outerjoin(Response, Response.attempt_id == Attempt.id)
    .where(Attempt.id == bindparam("attempt_id"))
)


def next_position(attempt: Attempt, answered: set[int] | None = None) -> int | None:
    """Return the first unanswered position, or None when every item is answered."""
    if answered is None:
        answered = answered_positions(attempt)
    for position in order_of(attempt):
        if position not in answered:
            return position
    return None


def version_of(attempt: Attempt) -> QuizVersion:
    """Return the attempt's version with its items, from the app's cache (read only)."""
    return catalog.version(attempt.version_id)


def item_at(attempt: Attempt, position: int) -> Item | None:
    """Return the item at a position in the attempt's version (read only)."""
    return next((item for item in version_of(attempt).items if item.position == position), None)


def response_to(attempt: Attempt, item: Item) -> Response | None:
    """Return the attempt's answer to an item, if any."""
    return db.session.scalar(select(Response).where(Response.attempt_id == attempt.id, Response.item_id == item.id))


def grade(item: Item, answer: dict):
    """Return the grade of a stored answer to an item (the kind grades it again, the same way)."""
    return item.rules.grade(item.checked, item.text, answer)


def new_response(attempt_id: int, item: Item, answer: dict, labels: tuple[str, ...]) -> Response:
    """Return a response (not yet added) with the answer checked and graded by the item's kind, and its parts.

    Raises AnswerError for an answer that does not fit the item.
    """
    checked = item.rules.check_answer(item.checked, item.text, answer, labels)
    graded = item.rules.grade(item.checked, item.text, checked)
    return Response(
        attempt_id=attempt_id,
        item_id=item.id,
        answer=checked,
        score=graded.score,
        parts=[
            ResponsePart(
                name=part.name, kind=part.kind, expected=part.expected[:300], given=part.given[:300], score=part.score
            )
            for part in graded.parts
        ],
    )


def record_answer(attempt: Attempt, item: Item, answer: dict, answered_before: int | None = None) -> bool:
    """Check, grade and store an answer once; return False, changing nothing, if one was already stored.

    answered_before, the answers the caller read with the attempt, spares the count of answers
    while the attempt is far from its end: the count decides only whether this answer finishes it.
    The margin of one allows for another item answered at the same moment. Raises AnswerError,
    storing nothing, for an answer that does not fit the item.
    """
    version = version_of(attempt)
    response = new_response(attempt.id, item, answer, tuple(label["key"] for label in version.labels))
    db.session.add(response)
    try:
        db.session.flush()  # the unique (attempt, item) constraint refuses a second answer here
        # Whether a teacher accepted the label given since this process read the version
        # (disputes.py), and near the attempt's end the count, in one query: asked for right labels
        # too, so that every answer costs the same statements (tests/test_queries.py).
        label = str(response.answer.get("label", ""))
        accepted = (
            select(func.count()).where(AcceptedLabel.item_id == item.id, AcceptedLabel.label == label).scalar_subquery()
        )
        ask_accepted = bool(label)
        near_end = answered_before is None or answered_before + 2 >= version.item_count
        answered, newly_accepted = 0, 0
        if near_end:
            answered, newly_accepted = db.session.execute(
                select(func.count(), accepted if ask_accepted else literal(0))
                .select_from(Response)
                .where(Response.attempt_id == attempt.id)
            ).one()
        elif ask_accepted:
            newly_accepted = db.session.scalar(select(accepted))
        if newly_accepted and not response.correct:
            _grade_accepted(item, response)
        if answered >= version.item_count and attempt.finished_at is None:
            attempt.finished_at = utcnow()
        db.session.commit()
    except IntegrityError:  # the unique (attempt, passage) constraint: answered already
        db.session.rollback()
        return False
    except SQLAlchemyError:
        db.session.rollback()  # a failed COMMIT must not leave the row pending on a pooled connection
        raise
    return True


def _grade_accepted(item: Item, response: Response) -> None:
    """Grade a new answer again with its label accepted, as every answer before it was when it was accepted."""
    spec = item.checked
    if not isinstance(spec, Labelled):
        return
    graded = item.rules.grade(
        replace(spec, also_accepted=(*spec.also_accepted, response.answer["label"])), item.text, response.answer
    )
    response.score = graded.score
    by_name = {part.name: part.score for part in graded.parts}
    for part in response.parts:
        part.score = by_name.get(part.name, part.score)


def review(attempt: Attempt) -> list[tuple[Item, Response | None]]:
    """Return every item of the attempt with its answer, in order."""
    responses = {r.item_id: r for r in db.session.scalars(select(Response).where(Response.attempt_id == attempt.id))}
    return [(item, responses.get(item.id)) for item in version_of(attempt).items]


def summarize(version: QuizVersion, responses: list[Response]) -> grading.Summary:
    """Summarise an attempt's responses: points from their scores, labelled parts from their grades."""
    items = {item.id: item for item in version.items}
    answers = [
        grading.Answer(part.expected, part.given, part.accepted)
        for response in responses
        for part in grade(items[response.item_id], response.answer).of(LABEL)
    ]
    return grading.summarize(
        answers,
        [label["key"] for label in version.labels],
        total=version.item_count,
        points=sum(r.score for r in responses),
        answered=len(responses),
    )


def history(user_id: int) -> list[tuple[Attempt, grading.Summary]]:
    """Return the user's attempts, oldest first, each with its summary, in five queries."""
    attempts = list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user_id)
            .order_by(Attempt.started_at, Attempt.id)
            .options(selectinload(Attempt.version), selectinload(Attempt.assignment))
        )
    )
    scores: dict[int, tuple[int, float]] = {
        attempt_id: (count, points or 0.0)
        for attempt_id, count, points in db.session.execute(
            select(Response.attempt_id, func.count(), func.sum(Response.score))
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(Attempt.user_id == user_id)
            .group_by(Response.attempt_id)
        )
    }
    parts: dict[int, list[grading.Answer]] = {a.id: [] for a in attempts}
    for attempt_id, expected, given, score in db.session.execute(
        select(Response.attempt_id, ResponsePart.expected, ResponsePart.given, ResponsePart.score)
        .join(Response, Response.id == ResponsePart.response_id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.user_id == user_id, ResponsePart.kind == LABEL)
    ):
        parts[attempt_id].append(grading.Answer(expected, given, accepted=score >= 1 and expected != given))
    result = []
    for attempt in attempts:
        answered, points = scores.get(attempt.id, (0, 0.0))
        summary = grading.summarize(
            parts[attempt.id],
            [label["key"] for label in attempt.version.labels],
            total=attempt.version.item_count,
            points=points,
            answered=answered,
        )
        result.append((attempt, summary))
    return result


def best_percent(entries: list[tuple[Attempt, grading.Summary]], key) -> dict[int, int]:
    """Return the best finished, visible score per key(attempt), as a percentage."""
    best: dict[int, int] = {}
    for attempt, summary in entries:
        if attempt.finished_at is not None and results_now(attempt) and key(attempt) is not None:
            best[key(attempt)] = max(best.get(key(attempt), 0), summary.percent)
    return best


def practice_closures(quiz_id: int | None = None) -> dict[int, schedule.PracticeClosed]:
    """Return, per quiz, why practice is closed, for quizzes assigned anywhere with answers shown later.

    One rule for everyone, not only the class's students: a second account would otherwise
    practise the quiz and read every answer (schedule.practice_closed).
    """
    now = utcnow()
    query = select(Assignment.quiz_id, Assignment.feedback, Assignment.due_at).where(
        Assignment.feedback != schedule.EACH,
        Assignment.unassigned_at.is_(None),
        (Assignment.due_at.is_(None)) | (Assignment.due_at > now),
    )
    if quiz_id is not None:
        query = query.where(Assignment.quiz_id == quiz_id)
    by_quiz: dict[int, list[tuple[str, object]]] = {}
    for quiz, mode, due in db.session.execute(query):
        by_quiz.setdefault(quiz, []).append((mode, due))
    return {quiz: schedule.practice_closed(rows, now) for quiz, rows in by_quiz.items()}


def visible_summary(attempt: Attempt, summary: grading.Summary) -> grading.Summary | None:
    """Return the summary if this attempt's answers may be shown now, else None."""
    return summary if rules.visible(situation(attempt)) else None
