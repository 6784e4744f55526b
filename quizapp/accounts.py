"""Accounts: the one place that creates users, sets passwords, and deletes accounts.

Every way an account is made goes through here and records how (``User.origin``) and, for a
teacher's roster or a join with her class's code, which teacher (``created_by_id``): sign-up,
a teacher's roster, a join, the ``create-teacher`` command. Every password set here passes
``passwords.problem`` (generated ones too), and every change of password or role ends the
account's sessions (sessions.py).

Who may give a student a new password (``may_reset``): only the teacher whose class made the
account (her roster, or a join with her code; she is the person who can help a student who lost
it, since there is no e-mail), and only while no other teacher's class has the student on record,
even as removed. Otherwise teacher B could remove a student, and teacher A, whose class the
student is still in, could reset the password, log in as the student and read B's feedback.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from . import sessions
from .core import codes, passwords, usernames
from .core.messages import Message
from .extensions import db
from .models import (
    COMMAND_LINE,
    DELETED_NAME,
    JOIN,
    ROSTER,
    SIGNUP,
    STUDENT,
    TEACHER,
    Attempt,
    Classroom,
    Membership,
    PracticeAnswer,
    PracticeSession,
    Response,
    User,
    utcnow,
)

TAKEN = Message("That username is taken; try another.")


class AccountError(Exception):
    """A request about an account that cannot be done, with a message for the person."""


def find(username: str) -> User | None:
    """Return the live account a typed username names: its exact spelling first, then ignoring case."""
    name = usernames.normalise(username)
    exact = db.session.scalar(select(User).where(User.username == name, User.deleted_at.is_(None)))
    if exact is not None:
        return exact
    # Exact first: two accounts that differed only in case before 0004 both keep logging in.
    return db.session.scalar(select(User).where(User.username_key == usernames.key(name), User.deleted_at.is_(None)))


def taken(username: str) -> bool:
    """Return whether a username, in any case, belongs to an account."""
    return db.session.scalar(select(User.id).where(User.username_key == usernames.key(username))) is not None


def _checked(password: str, username: str = "") -> str:
    """Return password if it passes the password rule, else raise AccountError."""
    refused = passwords.problem(password, username)
    if refused:
        raise AccountError(refused)
    return password


def _add(user: User, password: str) -> User:
    """Hash the password (after the rule), add the user and flush, so it has an id."""
    user.set_password(_checked(password, user.username))
    db.session.add(user)
    db.session.flush()
    return user


def sign_up(username: str, password: str) -> User:
    """Create and commit a student's own account; raise AccountError if the name is taken."""
    name = usernames.normalise(username)
    if taken(name):
        raise AccountError(TAKEN)
    try:
        user = _add(User(username=name, role=STUDENT, origin=SIGNUP), password)
        db.session.commit()
    except IntegrityError:  # someone took the name between the check and the insert
        db.session.rollback()
        raise AccountError(TAKEN) from None
    return user


def free_username(name: str) -> str:
    """Return an unused username made from a display name (compared ignoring case)."""
    base = codes.username_base(name)
    keys = set(db.session.scalars(select(User.username_key).where(User.username_key.like(f"{base}%"))))
    return codes.unique_username(name, keys)


def new_named_student(display_name: str, password: str, origin: str, teacher_id: int) -> User:
    """Create (flush, not commit) a student named by a teacher's roster or a join with her code."""
    assert origin in (ROSTER, JOIN)
    user = User(
        username=free_username(display_name),
        display_name=display_name.strip(),
        role=STUDENT,
        origin=origin,
        created_by_id=teacher_id,
    )
    return _add(user, password)


def make_teacher(username: str, password: str) -> tuple[User, bool]:
    """Create a teacher account, or make an existing one a teacher with this password; return (user, created).

    Raises AccountError for a username or password that the rules refuse. Changing an account's
    role or password ends its sessions, so a browser signed in before cannot carry on as before.
    """
    name = usernames.normalise(username)
    refused = usernames.problem(name)
    if refused:
        raise AccountError(refused)
    user = find(name)
    created = user is None
    if created:
        user = User(username=name, origin=COMMAND_LINE)
    else:
        sessions.end_all(user)
    user.role = TEACHER
    _add(user, password)
    db.session.commit()
    return user, created


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one; end every other session of the account."""
    if not user.check_password(current):
        raise AccountError(Message("That is not your current password."))
    user.set_password(_checked(new, user.username))
    sessions.end_all(user, keep=user.session_token)
    db.session.commit()


def may_reset(teacher: User, student: User) -> bool:
    """Return whether teacher may give student a new password (see the module docstring)."""
    if student.deleted_at is not None or student.is_teacher or student.created_by_id != teacher.id:
        return False
    elsewhere = db.session.scalar(
        select(Membership.id)
        .join(Classroom, Classroom.id == Membership.classroom_id)
        .where(Membership.user_id == student.id, Classroom.teacher_id != teacher.id)
        .limit(1)
    )
    return elsewhere is None


def reset_password(student: User) -> str:
    """Give a student a new memorable password, end all their sessions, and return the password."""
    password = codes.memorable_password()
    student.set_password(_checked(password, student.username))
    sessions.end_all(student)
    db.session.commit()
    return password


def delete_account(user: User) -> int:
    """Delete an account with its attempts and answers; return how many attempts went.

    The row stays with no name and no password, so the classes it was in show "deleted student"
    (as removed) rather than a gap. A teacher who still has classes cannot delete her account:
    her classes hold her students' results.
    """
    teaching = select(Classroom.id).where(Classroom.teacher_id == user.id).limit(1)
    if user.is_teacher and db.session.scalar(teaching):
        raise AccountError(
            Message(
                "Your account still has classes, which hold your students' results. "
                "Ask whoever runs this app to hand them over or remove them first."
            )
        )
    attempt_ids = list(db.session.scalars(select(Attempt.id).where(Attempt.user_id == user.id)))
    db.session.execute(delete(Response).where(Response.attempt_id.in_(attempt_ids)))
    db.session.execute(delete(Attempt).where(Attempt.id.in_(attempt_ids)))
    practice = select(PracticeSession.id).where(PracticeSession.user_id == user.id)
    db.session.execute(delete(PracticeAnswer).where(PracticeAnswer.session_id.in_(practice)))
    db.session.execute(delete(PracticeSession).where(PracticeSession.user_id == user.id))
    db.session.execute(
        update(Membership)
        .where(Membership.user_id == user.id, Membership.removed_at.is_(None))
        .values(removed_at=utcnow())
    )
    sessions.end_all(user)
    user.username = f"deleted#{user.id}"  # '#' is refused in usernames, so no one can take this name
    user.display_name, user.password_hash, user.deleted_at = DELETED_NAME, "", utcnow()
    db.session.commit()
    return len(attempt_ids)
