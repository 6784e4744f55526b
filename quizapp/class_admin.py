"""Managing a class over its life: rename, archive and bring back, delete; unassign a quiz.

Archiving and unassigning keep every attempt and answer (a column records when, and clearing it
undoes it); deleting a class removes its record for good. The counts a confirmation page shows
are read in one query, whatever the class size.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from .extensions import db
from .models import Assignment, Attempt, Classroom, Membership, Response, utcnow


@dataclass(frozen=True)
class Contents:
    """What a class (or one assignment of it) holds: students, assignments, attempts and answers."""

    students: int
    assignments: int
    attempts: int
    answers: int


def rename(classroom: Classroom, name: str) -> None:
    """Give the class a new name."""
    classroom.name = name.strip()
    db.session.commit()


def archive(classroom: Classroom) -> None:
    """Take the class off the teacher's list and close it to students; its results stay."""
    classroom.archived_at = utcnow()
    db.session.commit()


def unarchive(classroom: Classroom) -> None:
    """Put an archived class back on the list and open it to its students again."""
    classroom.archived_at = None
    db.session.commit()


def _attempts_of(classroom: Classroom):
    """Return a subquery of the ids of the attempts made for the class's assignments."""
    return (
        select(Attempt.id)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(Assignment.classroom_id == classroom.id)
    )


def class_contents(classroom: Classroom) -> Contents:
    """Return how many students, assignments, attempts and answers the class has, in one query."""
    attempts = _attempts_of(classroom)
    row = db.session.execute(
        select(
            select(func.count(Membership.id)).where(Membership.classroom_id == classroom.id).scalar_subquery(),
            select(func.count(Assignment.id)).where(Assignment.classroom_id == classroom.id).scalar_subquery(),
            select(func.count()).select_from(attempts.subquery()).scalar_subquery(),
            select(func.count(Response.id)).where(Response.attempt_id.in_(attempts)).scalar_subquery(),
        )
    ).one()
    return Contents(*row)


def delete_class(classroom: Classroom) -> Contents:
    """Delete the class with its memberships, assignments, attempts and answers; return what went.

    Student accounts stay: they may be in other classes, and their practice is their own.
    """
    contents = class_contents(classroom)
    attempts = _attempts_of(classroom)
    db.session.execute(
        delete(Response).where(Response.attempt_id.in_(attempts)), execution_options={"synchronize_session": False}
    )
    db.session.execute(
        delete(Attempt).where(
            Attempt.assignment_id.in_(select(Assignment.id).where(Assignment.classroom_id == classroom.id))
        ),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        delete(Assignment).where(Assignment.classroom_id == classroom.id),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        delete(Membership).where(Membership.classroom_id == classroom.id),
        execution_options={"synchronize_session": False},
    )
    db.session.delete(classroom)
    db.session.commit()
    return contents


def assignment_contents(assignment: Assignment) -> Contents:
    """Return how many students tried an assignment, and its attempts and answers, in one query."""
    mine = Attempt.assignment_id == assignment.id
    row = db.session.execute(
        select(
            select(func.count(func.distinct(Attempt.user_id))).where(mine).scalar_subquery(),
            select(func.count(Attempt.id)).where(mine).scalar_subquery(),
            select(func.count(Response.id))
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(mine)
            .scalar_subquery(),
        )
    ).one()
    return Contents(row[0], 1, row[1], row[2])


def unassign(assignment: Assignment) -> None:
    """Take a quiz off the class's list; attempts and answers stay, and assigning it again brings them back."""
    assignment.unassigned_at = utcnow()
    db.session.commit()
