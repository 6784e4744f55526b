"""Mastery practice sessions: gather a student's history and the items they may see, draw, record.

The draw itself is core/mastery.py. Here: the pool is every labelled passage (kind ``label``) of
every current quiz, except quizzes whose answers an assignment still hides (the same rule as
practising a quiz, attempts.practice_closures; teachers are never shut out); the history is every
labelled answer of the student's whose feedback they have been shown (an assignment's answers
hidden until the due date are not used, or the draw would hint at them), with earlier sessions'
answers. Answers are stored as ``PracticeAnswer`` rows only, so assignment scores and class
statistics never see them.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from . import attempts, catalog
from .core import mastery, rules
from .core.kinds import LABEL
from .extensions import db
from .models import Attempt, Item, PracticeAnswer, PracticeSession, QuizVersion, Response, ResponsePart, User, utcnow

KIND = "label"  # the kind drawn: one label per item is what the confusion matrix measures


def ref(quiz_id: int, key: str) -> str:
    """Return an item's reference across versions: its quiz and its id in the file."""
    return f"{quiz_id}/{key}"


def pool(user: User) -> dict[str, Item]:
    """Return the items the user may be asked, by reference, from the current version of every open quiz."""
    closed = set() if user.is_teacher else set(attempts.practice_closures())
    items: dict[str, Item] = {}
    for current in catalog.current_versions():
        if current.quiz_id in closed:
            continue
        for item in catalog.version(current.id).items:
            if item.kind == KIND:
                items[ref(current.quiz_id, item.key)] = item
    return items


def labels() -> list[str]:
    """Return the label keys of the current quizzes, in the order of their label sets."""
    keys: dict[str, None] = {}
    for current in catalog.current_versions():
        keys.update(dict.fromkeys(label["key"] for label in current.labels))
    return list(keys)


def history(user_id: int, before: int | None = None) -> list[mastery.Answered]:
    """Return the user's labelled answers whose feedback was shown, oldest first (sessions before ``before``)."""
    shown = {
        attempt.id
        for attempt in db.session.scalars(
            select(Attempt).where(Attempt.user_id == user_id).options(selectinload(Attempt.assignment))
        )
        if rules.visible(attempts.situation(attempt))
    }
    rows = [
        (when, row_id, mastery.Answered(ref(quiz_id, key), expected, given, score >= 1))
        for attempt_id, when, row_id, quiz_id, key, expected, given, score in db.session.execute(
            select(
                Response.attempt_id,
                Response.answered_at,
                Response.id,
                QuizVersion.quiz_id,
                Item.key,
                ResponsePart.expected,
                ResponsePart.given,
                ResponsePart.score,
            )
            .join(ResponsePart, ResponsePart.response_id == Response.id)
            .join(Item, Item.id == Response.item_id)
            .join(QuizVersion, QuizVersion.id == Item.version_id)
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(Attempt.user_id == user_id, ResponsePart.kind == LABEL)
        )
        if attempt_id in shown
    ]
    earlier = (
        select(PracticeAnswer.answered_at, PracticeAnswer.id, QuizVersion.quiz_id, Item.key, PracticeAnswer)
        .join(PracticeSession, PracticeSession.id == PracticeAnswer.session_id)
        .join(Item, Item.id == PracticeAnswer.item_id)
        .join(QuizVersion, QuizVersion.id == Item.version_id)
        .where(PracticeSession.user_id == user_id)
    )
    if before is not None:
        earlier = earlier.where(PracticeSession.id < before)
    for when, row_id, quiz_id, key, answer in db.session.execute(earlier):
        rows.append((when, row_id, _answered(quiz_id, key, answer)))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [answer for _, _, answer in rows]


def _answered(quiz_id: int, key: str, answer: PracticeAnswer) -> mastery.Answered:
    """Return a stored practice answer as the draw reads it."""
    return mastery.Answered(ref(quiz_id, key), answer.expected, answer.chosen, answer.score >= 1)


def answers(session: PracticeSession) -> list[PracticeAnswer]:
    """Return the session's answers in order."""
    return list(
        db.session.scalars(
            select(PracticeAnswer).where(PracticeAnswer.session_id == session.id).order_by(PracticeAnswer.step)
        )
    )


def session_answers(session: PracticeSession) -> list[mastery.Answered]:
    """Return the session's answers as the draw reads them."""
    rows = answers(session)
    items = {item.id: item for item in db.session.scalars(select(Item).where(Item.id.in_({a.item_id for a in rows})))}
    return [_answered(items[a.item_id].version.quiz_id, items[a.item_id].key, a) for a in rows]


def unfinished(user_id: int) -> PracticeSession | None:
    """Return the user's newest unfinished session, if any."""
    return db.session.scalar(
        select(PracticeSession)
        .where(PracticeSession.user_id == user_id, PracticeSession.finished_at.is_(None))
        .order_by(PracticeSession.id.desc())
        .limit(1)
    )


def start(user: User, focus: str | None = None) -> PracticeSession:
    """Resume the user's unfinished session, or start one (practising ``focus`` if given); draw its first item.

    Asking for a focus the unfinished session does not have ends that session and starts anew.
    """
    session = unfinished(user.id)
    if session is not None and (not focus or focus == session.focus):
        return session
    if session is not None:
        session.finished_at = utcnow()
    known = labels()
    session = PracticeSession(
        user_id=user.id,
        seed=secrets.randbelow(2**31),
        focus=focus if focus in known else "",
        goal=list(mastery.targets(history(user.id), known, focus)),
    )
    db.session.add(session)
    db.session.flush()
    draw(user, session)
    return session


def draw(user: User, session: PracticeSession) -> Item | None:
    """Draw the session's next item (or finish it when nothing is left to practise), and commit."""
    items = pool(user)
    done = session_answers(session)
    drawn = mastery.next_item(
        [mastery.Candidate(key, item.checked.label) for key, item in items.items()],
        history(user.id, before=session.id),
        done,
        session.goal,
        session.seed,
    )
    session.item_id = items[drawn.ref].id if drawn else None
    if drawn is None and session.finished_at is None:
        session.finished_at = utcnow()
    db.session.commit()
    return items[drawn.ref] if drawn else None


def current(user: User, session: PracticeSession) -> Item | None:
    """Return the item being asked, drawing again if its quiz has since closed to practice."""
    if session.finished_at is not None:
        return None
    items = pool(user)
    item = next((item for item in items.values() if item.id == session.item_id), None)
    return item if item is not None else draw(user, session)


def record(user: User, session: PracticeSession, step: int, item: Item, answer: dict) -> PracticeAnswer | None:
    """Check, grade and store the answer to step once, then draw the next item; None if step was answered.

    Raises AnswerError for an answer that does not fit the item.
    """
    version = catalog.version(item.version_id)
    checked = item.rules.check_answer(item.checked, item.text, answer, tuple(label["key"] for label in version.labels))
    graded = item.rules.grade(item.checked, item.text, checked)
    row = PracticeAnswer(
        session_id=session.id,
        step=step,
        item_id=item.id,
        answer=checked,
        expected=item.checked.label,
        chosen=checked["label"],
        score=graded.score,
    )
    db.session.add(row)
    try:
        db.session.flush()  # the unique (session, step) constraint refuses a second answer here
    except IntegrityError:
        db.session.rollback()
        return None
    draw(user, session)
    return row


def progress(session: PracticeSession) -> list[mastery.Progress]:
    """Return each target label's standing in the session."""
    return mastery.progress(session_answers(session), session.goal)
