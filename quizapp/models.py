"""Typed SQLAlchemy 2 models.

A quiz is one question file; each change to the file that a student would see is a new
``QuizVersion`` with its own items and label set, so an attempt keeps pointing at exactly what
its student was shown. An item is a question of any kind (core/kinds/): its kind and its checked
spec are stored as they were read, and an answer is stored as data with its score and the parts
that made it up, so the dashboards can count every kind in the database.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from .core import kinds, passwords, provenance, schedule, usernames
from .extensions import db

STUDENT, TEACHER = "student", "teacher"
# How an account was made (User.origin): the rule for who may reset its password reads it (accounts.py).
SIGNUP, ROSTER, JOIN, COMMAND_LINE = "signup", "roster", "join", "command line"
EARLIER = "earlier"  # made before release 0004 recorded how, by an unknown way
DELETED_NAME = "deleted student"


def utcnow() -> datetime:
    """Return the current time in UTC, without tzinfo, as SQLite stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


class User(UserMixin, db.Model):
    """A student or a teacher; no e-mail and no other personal data.

    ``username_key`` (NFKC + casefold of the username, unique) makes ``Ann`` and ``ann`` one name.
    ``origin`` and ``created_by_id`` say how the account was made and by which teacher (her
    roster, or a join with her class's code). A deleted account stays as a row with no name and
    no password (``deleted_at`` set), so a class's records can say "deleted student".
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    username_key: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")  # what a teacher sees in a class
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=STUDENT)
    origin: Mapped[str] = mapped_column(String(16), default=SIGNUP)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(
        String(16)
    )  # chosen in the language menu (i18n.py); None: ask the browser

    session_token = None  # this request's session token (sessions.py): a plain attribute, not a column

    @validates("username")
    def _keep_key(self, _field: str, value: str) -> str:
        """Keep username_key in step with the username."""
        self.username_key = usernames.key(value)
        return value

    def get_id(self) -> str | None:
        """Return what Flask-Login keeps in the cookie: this browser's session token, not the user id."""
        return self.session_token

    @property
    def is_teacher(self) -> bool:
        """Return whether this user may manage classes."""
        return self.role == TEACHER

    @property
    def shown_name(self) -> str:
        """Return the display name, or the username when there is none ("deleted student" once deleted)."""
        if self.deleted_at is not None:
            return DELETED_NAME
        return self.display_name or self.username

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password, normalised as passwords.py reads it."""
        self.password_hash = generate_password_hash(passwords.normalise(password))

    def check_password(self, password: str) -> bool:
        """Return whether password matches the stored hash (typed in any Unicode form)."""
        if not self.password_hash or self.deleted_at is not None:
            return False
        if check_password_hash(self.password_hash, passwords.normalise(password)):
            return True
        # Hashes made before passwords were normalised hold the password as it was typed.
        return passwords.normalise(password) != password and check_password_hash(self.password_hash, password)


class Quiz(db.Model):
    """One question file across all its versions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    sort_key: Mapped[str] = mapped_column(String(200), default="")  # the file name: lists follow it
    current_number: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)


class QuizVersion(db.Model):
    """What students were shown of a quiz between two changes of its file."""

    __table_args__ = (UniqueConstraint("quiz_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(100), default="")
    language: Mapped[str] = mapped_column(String(16), default="")  # the article's language ('es'), '' if unsaid
    source_kind: Mapped[str] = mapped_column(String(100), default="")
    source_note: Mapped[str] = mapped_column(Text, default="")
    source_published: Mapped[str] = mapped_column(String(10), default="")  # 2025-08-15, 2025-08 or 2025
    source_outlet: Mapped[str] = mapped_column(String(200), default="")
    source_author: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(2000), default="")
    source_fictional: Mapped[bool] = mapped_column(default=False)
    article: Mapped[str] = mapped_column(Text)
    labels: Mapped[list] = mapped_column(JSON)  # [{"key", "name", "definition"}], in display order
    item_count: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    quiz: Mapped[Quiz] = relationship()
    items: Mapped[list[Item]] = relationship(order_by="Item.position", back_populates="version")

    @property
    def source(self) -> provenance.Source:
        """Return where the article comes from, as the question file said."""
        return provenance.Source(
            self.source_kind,
            self.source_note,
            self.source_published,
            self.source_outlet,
            self.source_author,
            self.source_url,
            self.source_fictional,
        )

    def label_names(self) -> dict[str, str]:
        """Return label key to display name, in display order."""
        return {label["key"]: label["name"] for label in self.labels}


class Item(db.Model):
    """One question of a version: a stretch of its article, its kind, and the kind's checked spec."""

    __table_args__ = (UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("quiz_version.id"))
    position: Mapped[int]  # 1-based; URLs use it, never the teacher's id, which may hint the answer
    key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="label")
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]
    spec: Mapped[dict] = mapped_column(JSON)  # the kind's spec as data (Kind.dump)

    version: Mapped[QuizVersion] = relationship(back_populates="items")

    @property
    def rules(self) -> kinds.Kind:
        """Return the item's kind: how to check, grade and explain its answers."""
        return kinds.KINDS[self.kind]

    @property
    def checked(self):
        """Return the kind's spec (a frozen dataclass), loaded once per object."""
        loaded = self.__dict__.get("_checked")
        if loaded is None:  # versions are cached read-only (catalog.version), so this is loaded once per app
            loaded = self.__dict__["_checked"] = self.rules.load(self.spec)
        return loaded

    @property
    def labels(self) -> tuple[str, ...]:
        """Return the right label of every labelled part, in order."""
        return self.rules.labels(self.checked)


class Classroom(db.Model):
    """A teacher's group of students, joined with a code."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None]  # archived: off the teacher's list and closed to students, results kept

    teacher: Mapped[User] = relationship()


class Membership(db.Model):
    """A student in a class; a removed student's answers stay until the teacher deletes them."""

    __table_args__ = (UniqueConstraint("classroom_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class Assignment(db.Model):
    """A quiz set for a class, with optional dates, an attempts limit and a feedback rule.

    Unassigning keeps the row (attempts point at it) and sets ``unassigned_at``; assigning the
    quiz again clears it, so the class's earlier answers come back with it.
    """

    __table_args__ = (UniqueConstraint("classroom_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    opens_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    max_attempts: Mapped[int | None]
    feedback: Mapped[str] = mapped_column(String(16), default=schedule.EACH)  # see schedule.py
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    unassigned_at: Mapped[datetime | None]  # taken off the class's list; its attempts and answers stay

    quiz: Mapped[Quiz] = relationship()
    classroom: Mapped[Classroom] = relationship()


class Attempt(db.Model):
    """One student working through one version of a quiz, on their own or for an assignment."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("quiz_version.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    version: Mapped[QuizVersion] = relationship()
    assignment: Mapped[Assignment | None] = relationship()


class Response(db.Model):
    """One answer to one item; the unique constraint makes a second answer impossible."""

    __table_args__ = (UniqueConstraint("attempt_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    answer: Mapped[dict] = mapped_column(JSON)  # as the item's kind stores it: {"label": "fact"}, {"words": [...]}
    score: Mapped[float] = mapped_column(Float)  # 0 to 1
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    parts: Mapped[list[ResponsePart]] = relationship(order_by="ResponsePart.id", cascade="all, delete-orphan")

    @property
    def correct(self) -> bool:
        """Return whether the answer earned full marks."""
        return self.score >= 1.0 - 1e-9


class ResponsePart(db.Model):
    """One judged part of an answer (a label chosen, a cue found or missed), for counting in the database."""

    __table_args__ = (UniqueConstraint("response_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # ON DELETE CASCADE: the parts go with their response however it is deleted (a class, an
    # account, a removed student's answers), by the database itself, in one statement.
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))  # "label", "part-2", "cue-1", "stray-14"
    kind: Mapped[str] = mapped_column(String(10))  # kinds.LABEL, CUE or STRAY
    expected: Mapped[str] = mapped_column(String(300))
    given: Mapped[str] = mapped_column(String(300))
    score: Mapped[float] = mapped_column(Float)


class Draft(db.Model):
    """A teacher's quiz in the workbench, not yet saved as a question file: kept if she leaves and comes back."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(120))  # the question file's name, and the quiz's address
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[dict] = mapped_column(JSON)  # outlet, published, url
    article: Mapped[str] = mapped_column(Text)
    items: Mapped[list] = mapped_column(JSON)  # per sentence: text, label ("" = dropped), confidence, cues, explanation
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
