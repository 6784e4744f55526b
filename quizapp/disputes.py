"""Disputes: a student challenges the answer to an item; a teacher replies, accepts or declines.

Who sees a dispute: the teacher of every class the student is in now. A student in no class at
all (signed up alone, or removed from every class) is no teacher's, so their disputes show to
every teacher account: whoever runs the app has one, and a school's teachers share the queue.

Accepting a dispute accepts its label for the item version, for everyone: every stored answer
of that item that gave the label is graded again with it (score and parts), so every class's
results, statistics and exports count it from then on, and the pages grade it the same way
(catalog.version adds the accepted labels to the item, as if its file said ``also_accepted``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from . import catalog
from .core import sanitize
from .core.kinds.base import LABEL, Labelled
from .extensions import db
from .models import (
    AcceptedLabel,
    Attempt,
    Classroom,
    Dispute,
    Item,
    Membership,
    PracticeAnswer,
    Quiz,
    QuizVersion,
    Response,
    ResponsePart,
    User,
    utcnow,
)

MAX_REASON = 500  # a few sentences: saying why is the skill, not writing an essay
MAX_REPLY = 1000
OPEN, REPLIED, ACCEPTED, DECLINED = "open", "replied", "accepted", "declined"
REPLY, ACCEPT, DECLINE = "reply", "accept", "decline"


def can_dispute(item: Item, response: Response | PracticeAnswer) -> bool:
    """Return whether an answer may be challenged: a label was given for the item, and it did not earn the mark."""
    return isinstance(item.checked, Labelled) and "label" in response.answer and response.score < 1 - 1e-9


def of_practice(answer: PracticeAnswer) -> Dispute | None:
    """Return the challenge of a practice answer, if any."""
    return db.session.scalar(select(Dispute).where(Dispute.practice_answer_id == answer.id))


def open_dispute(user: User, item: Item, response: Response | PracticeAnswer, reason: str) -> Dispute | None:
    """Store a student's challenge of one answer (a quiz's or practice's); None if it was challenged already."""
    dispute = Dispute(
        user_id=user.id,
        item_id=item.id,
        given=response.answer["label"],
        reason=sanitize.plain_text(reason, MAX_REASON),
    )
    if isinstance(response, PracticeAnswer):
        dispute.practice_answer_id = response.id
    else:
        dispute.response_id = response.id
    db.session.add(dispute)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return dispute


def for_user(user_id: int) -> list[Dispute]:
    """Return a student's disputes, newest first."""
    return list(db.session.scalars(select(Dispute).where(Dispute.user_id == user_id).order_by(Dispute.id.desc())))


def _visible(teacher: User):
    """Return the condition on Dispute.user_id for the disputes a teacher sees."""
    in_class = select(Membership.user_id).where(Membership.removed_at.is_(None))
    mine = in_class.join(Classroom, Classroom.id == Membership.classroom_id).where(Classroom.teacher_id == teacher.id)
    return or_(Dispute.user_id.in_(mine), Dispute.user_id.not_in(in_class))


def may_handle(teacher: User, dispute: Dispute) -> bool:
    """Return whether a teacher sees (and may answer) a dispute."""
    return teacher.is_teacher and bool(
        db.session.scalar(select(func.count()).where(Dispute.id == dispute.id, _visible(teacher)))
    )


@dataclass
class Group:
    """The disputes of one item, with the item, its quiz, and the answers the teacher's classes gave it."""

    item: Item
    slug: str
    title: str
    disputes: list[Dispute]
    answers: dict[str, int]  # label -> how many of the teacher's students gave it
    accepted: list[str]


def queue(teacher: User) -> list[Group]:
    """Return the disputes a teacher sees, grouped per item, items with open disputes first."""
    disputes = list(db.session.scalars(select(Dispute).where(_visible(teacher)).order_by(Dispute.item_id, Dispute.id)))
    by_item: dict[int, list[Dispute]] = {}
    for dispute in disputes:
        by_item.setdefault(dispute.item_id, []).append(dispute)
    students = (
        select(Membership.user_id)
        .join(Classroom, Classroom.id == Membership.classroom_id)
        .where(Classroom.teacher_id == teacher.id)
    )
    counts: dict[int, dict[str, int]] = {}
    for item_id, given, count in db.session.execute(
        select(Response.item_id, ResponsePart.given, func.count())
        .join(ResponsePart, ResponsePart.response_id == Response.id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Response.item_id.in_(by_item), ResponsePart.kind == LABEL, ResponsePart.name == "label")
        .where(Attempt.user_id.in_(students))
        .group_by(Response.item_id, ResponsePart.given)
    ):
        counts.setdefault(item_id, {})[given] = count
    accepted: dict[int, list[str]] = {}
    for item_id, label in db.session.execute(
        select(AcceptedLabel.item_id, AcceptedLabel.label).where(AcceptedLabel.item_id.in_(by_item))
    ):
        accepted.setdefault(item_id, []).append(label)
    quizzes = dict(
        db.session.execute(
            select(Item.id, Quiz.slug)
            .join(QuizVersion, QuizVersion.id == Item.version_id)
            .join(Quiz, Quiz.id == QuizVersion.quiz_id)
            .where(Item.id.in_(by_item))
        ).all()
    )
    groups = []
    for item_id, found in by_item.items():
        item = found[0].item
        groups.append(
            Group(
                item,
                quizzes[item_id],
                item.version.title,
                found,
                counts.get(item_id, {}),
                accepted.get(item_id, []),
            )
        )
    groups.sort(key=lambda group: (not any(d.status in (OPEN, REPLIED) for d in group.disputes), group.item.id))
    return groups


def answer(teacher: User, dispute: Dispute, action: str, reply: str) -> int:
    """Reply to, accept or decline a dispute; return how many stored answers were graded again (accept)."""
    dispute.reply = sanitize.plain_text(reply, MAX_REPLY)
    dispute.replied_by_id, dispute.replied_at = teacher.id, utcnow()
    dispute.status = {REPLY: REPLIED, ACCEPT: ACCEPTED, DECLINE: DECLINED}[action]
    changed = 0
    if action == ACCEPT:
        changed = accept(teacher, dispute.item, dispute.given)
        # The same label, argued by others: settled with the same reply.
        for other in db.session.scalars(
            select(Dispute).where(
                Dispute.item_id == dispute.item_id,
                Dispute.given == dispute.given,
                Dispute.status.in_((OPEN, REPLIED)),
                Dispute.id != dispute.id,
            )
        ):
            other.status, other.reply = ACCEPTED, dispute.reply
            other.replied_by_id, other.replied_at = teacher.id, dispute.replied_at
    db.session.commit()
    return changed


def accept(teacher: User, item: Item, label: str) -> int:
    """Accept a label for an item version and grade again every stored answer that gave it; return how many changed."""
    exists = select(AcceptedLabel.id).where(AcceptedLabel.item_id == item.id, AcceptedLabel.label == label)
    if db.session.scalar(exists) is None:
        db.session.add(AcceptedLabel(item_id=item.id, label=label, accepted_by_id=teacher.id))
    spec = item.rules.load(item.spec)
    if not isinstance(spec, Labelled) or label == spec.label:
        return 0
    spec = replace(spec, also_accepted=tuple(dict.fromkeys((*spec.also_accepted, label))))
    changed = 0
    for response in db.session.scalars(select(Response).where(Response.item_id == item.id)):
        if response.answer.get("label") != label:
            continue
        graded = item.rules.grade(spec, item.text, response.answer)
        if abs(graded.score - response.score) < 1e-9:
            continue
        response.score = graded.score
        by_name = {part.name: part for part in graded.parts}
        for part in response.parts:
            if part.name in by_name:
                part.score = by_name[part.name].score
        changed += 1
    db.session.flush()
    catalog.forget(item.version_id)
    return changed
