"""Classes: create them, join them, manage rosters and assignments.

Every function here acts on rows already checked for ownership by the caller's view; the
queries are per class, never per student, so a class of 60 costs what a class of 5 does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload

from . import accounts
from .core import codes, rules
from .core.messages import Message
from .extensions import db
from .models import JOIN, ROSTER, Assignment, Attempt, Classroom, Membership, Response, User, utcnow


class ClassError(Exception):
    """A request about a class that cannot be done, with a message for the person."""


def create_class(teacher: User, name: str) -> Classroom:
    """Create a class with a fresh join code."""
    classroom = Classroom(teacher_id=teacher.id, name=name.strip())
    _store_with_new_code(classroom)
    return classroom


def regenerate_code(classroom: Classroom) -> str:
    """Give the class a new join code; the old one stops working."""
    _store_with_new_code(classroom)
    return classroom.join_code


def _store_with_new_code(classroom: Classroom) -> None:
    """Commit the class with a random join code, retrying the rare collision."""
    for _ in range(10):
        classroom.join_code = codes.join_code()
        db.session.add(classroom)
        try:
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()
    raise ClassError(Message("Could not make a unique join code; try again."))


def class_for_code(code: str) -> Classroom | None:
    """Return the open class with this join code, ignoring case, spaces and dashes; archived classes take no one."""
    return db.session.scalar(
        select(Classroom).where(Classroom.join_code == codes.normalise_code(code), Classroom.archived_at.is_(None))
    )


def enrol(classroom: Classroom, user: User) -> Membership:
    """Add a student to a class, or bring a removed one back; joining twice changes nothing."""
    membership = db.session.scalar(
        select(Membership).where(Membership.classroom_id == classroom.id, Membership.user_id == user.id)
    )
    if membership is None:
        membership = Membership(classroom_id=classroom.id, user_id=user.id)
        db.session.add(membership)
    membership.removed_at = None
    db.session.commit()
    return membership


def join_new_student(classroom: Classroom, display_name: str, password: str) -> User:
    """Create a student account in a class; retry if another join took the username meanwhile."""
    for _ in range(5):
        try:
            user = accounts.new_named_student(display_name, password, JOIN, classroom.teacher_id)
            db.session.add(Membership(classroom_id=classroom.id, user_id=user.id))
            db.session.commit()
            return user
        except IntegrityError:
            db.session.rollback()
    raise ClassError(Message("Could not create the account; try again."))


@dataclass(frozen=True)
class Card:
    """A printed login card: the only time a generated password is shown."""

    display_name: str
    username: str
    password: str


@dataclass(frozen=True)
class RosterName:
    """One name of a pasted roster, with what the teacher must know before accounts are made for it."""

    name: str  # as first pasted
    key: str  # codes.name_key(name): "Ann B." and "ann  b." are one name
    times: int  # how many lines of the paste carry it
    in_class: tuple[Membership, ...]  # members of this class (removed ones too) with the same name
    username_taken: str | None  # the username it would get belongs to an account outside this class

    @property
    def needs_choice(self) -> bool:
        """Return whether the teacher must say how many accounts to make for this name."""
        return self.times > 1 or bool(self.in_class) or self.username_taken is not None

    @property
    def default(self) -> int:
        """Return the safe number of new accounts: none for a name in the class already, else one."""
        return 0 if self.in_class else 1


def roster_plan(classroom: Classroom, names: list[str]) -> list[RosterName]:
    """Group pasted names and find the repeated and existing ones, in two queries whatever the class size."""
    grouped: dict[str, list] = {}
    for name in names:
        grouped.setdefault(codes.name_key(name), [name, 0])[1] += 1
    in_class: dict[str, list[Membership]] = {}
    for membership in members(classroom):
        in_class.setdefault(codes.name_key(membership.user.shown_name), []).append(membership)
    bases = {key: codes.username_base(first) for key, (first, _) in grouped.items()}
    taken = (
        set(db.session.scalars(select(User.username_key).where(User.username_key.in_(set(bases.values())))))
        if bases
        else set()
    )
    mine = {m.user.username for found in in_class.values() for m in found}
    return [
        RosterName(
            first,
            key,
            times,
            tuple(in_class.get(key, ())),
            bases[key] if bases[key] in taken and bases[key] not in mine else None,
        )
        for key, (first, times) in grouped.items()
    ]


def add_roster(classroom: Classroom, names: list[tuple[str, int]]) -> list[Card]:
    """Create the given number of accounts and memberships for each name, in one transaction."""
    cards = []
    for name, count in names:
        for _ in range(count):
            password = codes.memorable_password()
            user = accounts.new_named_student(name, password, ROSTER, classroom.teacher_id)
            db.session.add(Membership(classroom_id=classroom.id, user_id=user.id))
            cards.append(Card(user.display_name, user.username, password))
    db.session.commit()
    return cards


def members_named(classroom: Classroom, name: str) -> list[Membership]:
    """Return the class's current members whose name is name, ignoring case, accents and spacing."""
    key = codes.name_key(name)
    return [m for m in members(classroom) if m.removed_at is None and codes.name_key(m.user.shown_name) == key]


def remove_student(membership: Membership) -> None:
    """Take a student out of the class; their answers stay in the class record."""
    membership.removed_at = utcnow()
    db.session.commit()


def delete_student_answers(classroom: Classroom, membership: Membership) -> int:
    """Delete a removed student's attempts at this class's assignments; return how many."""
    attempt_ids = (
        select(Attempt.id)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(Assignment.classroom_id == classroom.id, Attempt.user_id == membership.user_id)
    )
    ids = list(db.session.scalars(attempt_ids))
    db.session.execute(delete(Response).where(Response.attempt_id.in_(ids)))
    db.session.execute(delete(Attempt).where(Attempt.id.in_(ids)))
    db.session.delete(membership)
    db.session.commit()
    return len(ids)


def members(classroom: Classroom) -> list[Membership]:
    """Return the class's memberships, removed ones too, with their users, by name, in one query."""
    query = (
        select(Membership)
        .join(Membership.user)
        .where(Membership.classroom_id == classroom.id)
        .options(contains_eager(Membership.user))
    )
    # Sorted here, not by the database: SQLite and PostgreSQL's C locale put "ann" after "Zoe".
    return sorted(db.session.scalars(query), key=lambda m: (codes.name_key(m.user.shown_name), m.user.username))


def assignments(classroom: Classroom) -> list[Assignment]:
    """Return the class's current assignments (not the unassigned ones), oldest first."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.classroom_id == classroom.id, Assignment.unassigned_at.is_(None))
            .order_by(Assignment.id)
            .options(selectinload(Assignment.quiz))
        )
    )


def unassigned(classroom: Classroom) -> list[Assignment]:
    """Return the quizzes taken off the class's list, whose answers are kept, most recently unassigned first."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.classroom_id == classroom.id, Assignment.unassigned_at.is_not(None))
            .order_by(Assignment.unassigned_at.desc())
            .options(selectinload(Assignment.quiz))
        )
    )


def assign(
    classroom: Classroom,
    quiz_id: int,
    opens_at: datetime | None,
    due_at: datetime | None,
    max_attempts: int | None,
    feedback: str,
) -> Assignment:
    """Assign a quiz to the class, or update its settings if it is assigned already."""
    assignment = db.session.scalar(
        select(Assignment).where(Assignment.classroom_id == classroom.id, Assignment.quiz_id == quiz_id)
    )
    if assignment is None:
        assignment = Assignment(classroom_id=classroom.id, quiz_id=quiz_id)
        db.session.add(assignment)
    assignment.unassigned_at = None  # assigning an unassigned quiz again brings back its answers
    assignment.opens_at, assignment.due_at = opens_at, due_at
    assignment.max_attempts, assignment.feedback = max_attempts, feedback
    db.session.commit()
    return assignment


def is_member(user: User, classroom_id: int) -> bool:
    """Return whether the user is in the class (and not removed from it)."""
    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.classroom_id == classroom_id, Membership.removed_at.is_(None)
            )
        )
        is not None
    )


def assignments_for_student(user: User) -> list[Assignment]:
    """Return the current assignments of every open class the student is in, due soonest first."""
    rows = db.session.scalars(
        select(Assignment)
        .join(Membership, Membership.classroom_id == Assignment.classroom_id)
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .where(
            Membership.user_id == user.id,
            Membership.removed_at.is_(None),
            Classroom.archived_at.is_(None),
            Assignment.unassigned_at.is_(None),
        )
    )
    return sorted(rows, key=lambda a: (a.due_at is None, a.due_at or datetime.max, a.id))


def standing(user: User, assignment: Assignment) -> str | None:
    """Return why this assignment takes no answers from the student now (a reason of core/rules.py), or None."""
    member, archived = db.session.execute(
        select(Membership.id, Classroom.archived_at)
        .select_from(Classroom)
        .outerjoin(
            Membership,
            (Membership.classroom_id == Classroom.id)
            & (Membership.user_id == user.id)
            & Membership.removed_at.is_(None),
        )
        .where(Classroom.id == assignment.classroom_id)
    ).one()
    if member is None:
        return rules.NOT_MEMBER
    if archived is not None:
        return rules.CLASS_CLOSED
    if assignment.unassigned_at is not None:
        return rules.UNASSIGNED
    return None
