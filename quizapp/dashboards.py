"""The figures on a teacher's pages, each in a fixed number of queries whatever the class size.

Queries gather rows per class or per assignment; grading.py does the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from . import grading
from .extensions import db
from .models import Assignment, Attempt, Classroom, Membership, Passage, QuizVersion, Response


@dataclass
class Cell:
    """One student's standing on one assignment."""

    attempts: int = 0
    best: int | None = None
    latest: int | None = None
    in_progress: bool = False

    @property
    def status(self) -> str:
        """Return 'not started', 'in progress' or 'finished'."""
        if self.in_progress:
            return "in progress"
        return "finished" if self.best is not None else "not started"


@dataclass
class LabelRow:
    """The class's accuracy on one label, and how often every passage of it was right."""

    label: str
    score: grading.LabelScore
    all_right: int = 0
    attempts: int = 0

    @property
    def all_right_share(self) -> float | None:
        """Return the share of finished attempts that got every passage of this label right."""
        return self.all_right / self.attempts if self.attempts else None


@dataclass
class Overview:
    """A class's grid of students by assignments, and its accuracy per label."""

    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    labels: list[LabelRow] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


def attempt_scores(classroom: Classroom):
    """Return one row per attempt at the class's assignments: ids, finish, total, correct."""
    return db.session.execute(
        select(Attempt.id, Attempt.user_id, Attempt.assignment_id, Attempt.finished_at,
               QuizVersion.passage_count, func.count(Response.id),
               func.coalesce(func.sum(case((Response.correct, 1), else_=0)), 0))
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(QuizVersion, QuizVersion.id == Attempt.version_id)
        .outerjoin(Response, Response.attempt_id == Attempt.id)
        .where(Assignment.classroom_id == classroom.id)
        .group_by(Attempt.id, Attempt.user_id, Attempt.assignment_id, Attempt.finished_at, QuizVersion.passage_count)
        .order_by(Attempt.id)
    ).all()


def overview(classroom: Classroom) -> Overview:
    """Return the class overview in five queries, grouped in the database."""
    result = Overview()
    for _id, user_id, assignment_id, finished_at, total, _answered, correct in attempt_scores(classroom):
        cell = result.cells.setdefault((user_id, assignment_id), Cell())
        cell.attempts += 1
        if finished_at is None:
            cell.in_progress = True
            continue
        percent = round(100 * correct / total) if total else 0
        cell.best = percent if cell.best is None else max(cell.best, percent)
        cell.latest = percent
    in_class = Assignment.classroom_id == classroom.id
    per_attempt: dict[int, dict[str, tuple[int, int]]] = {}
    for attempt_id, expected, answered, correct in db.session.execute(
        select(Attempt.id, Passage.label, func.count(), func.sum(case((Response.correct, 1), else_=0)))
        .join(Response, Response.attempt_id == Attempt.id).join(Passage, Passage.id == Response.passage_id)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(in_class, Attempt.finished_at.is_not(None)).group_by(Attempt.id, Passage.label)
    ):
        per_attempt.setdefault(attempt_id, {})[expected] = (answered, correct)
    counts = {(expected, chosen): count for expected, chosen, count in db.session.execute(
        select(Passage.label, Response.chosen, func.count())
        .join(Response, Response.passage_id == Passage.id).join(Attempt, Attempt.id == Response.attempt_id)
        .join(Assignment, Assignment.id == Attempt.assignment_id).where(in_class)
        .group_by(Passage.label, Response.chosen)
    )}
    result.names = label_names(classroom)
    summary = grading.from_counts(counts, list(result.names))
    for score in summary.per_label:
        row = LabelRow(score.label, score)
        for labels in per_attempt.values():
            if score.label in labels:
                row.attempts += 1
                row.all_right += labels[score.label][0] == labels[score.label][1]
        result.labels.append(row)
    return result


def label_names(classroom: Classroom) -> dict[str, str]:
    """Return label key to name over the versions this class's assignments used, in one query."""
    names: dict[str, str] = {}
    used = (select(Attempt.version_id).join(Assignment, Assignment.id == Attempt.assignment_id)
            .where(Assignment.classroom_id == classroom.id))
    # By id, not DISTINCT on the labels: PostgreSQL cannot compare JSON values.
    for labels in db.session.scalars(select(QuizVersion.labels).where(QuizVersion.id.in_(used))):
        for label in labels:
            names.setdefault(label["key"], label["name"])
    return names or {"fact": "Reported fact", "opinion": "Opinion", "speculation": "Speculation"}


@dataclass
class QuizReport:
    """Per-passage statistics of one version of an assigned quiz."""

    version: QuizVersion | None
    versions: list[tuple[int, int]]  # (version number, attempts)
    passages: list[Passage]
    items: list[grading.ItemStat]
    summary: grading.Summary | None
    attempts: int
    complete: int = 0  # attempts that answered every passage: the discrimination index rests on these

    @property
    def discrimination_shown(self) -> bool:
        """Return whether enough complete attempts exist for the discrimination index to mean something."""
        return self.complete >= grading.MIN_COMPLETE_ATTEMPTS


def quiz_report(assignment: Assignment, number: int | None) -> QuizReport:
    """Return the statistics of one version of an assignment's quiz, in four queries."""
    versions = db.session.execute(
        select(QuizVersion.number, func.count(Attempt.id)).join(Attempt, Attempt.version_id == QuizVersion.id)
        .where(Attempt.assignment_id == assignment.id).group_by(QuizVersion.number).order_by(QuizVersion.number)
    ).all()
    if number is None:
        number = versions[-1][0] if versions else assignment.quiz.current_number
    version = db.session.scalar(select(QuizVersion).where(
        QuizVersion.quiz_id == assignment.quiz_id, QuizVersion.number == number))
    if version is None:
        return QuizReport(None, [tuple(v) for v in versions], [], [], None, 0)
    passages = list(db.session.scalars(
        select(Passage).where(Passage.version_id == version.id).order_by(Passage.position)))
    by_attempt: dict[int, dict[int, str]] = {}
    for attempt_id, passage_id, chosen in db.session.execute(
        select(Attempt.id, Response.passage_id, Response.chosen).join(Response, Response.attempt_id == Attempt.id)
        .where(Attempt.assignment_id == assignment.id, Attempt.version_id == version.id)
    ):
        by_attempt.setdefault(attempt_id, {})[passage_id] = chosen
    labels = {p.id: p.label for p in passages}
    items = grading.item_statistics(labels, list(by_attempt.values()))
    answers = [grading.Answer(labels[pid], chosen) for a in by_attempt.values() for pid, chosen in a.items()]
    summary = grading.summarize(answers, [label["key"] for label in version.labels], total=len(answers))
    complete = sum(all(p.id in answered for p in passages) for answered in by_attempt.values())
    return QuizReport(version, [tuple(v) for v in versions], passages, items, summary, len(by_attempt), complete)


def member(classroom: Classroom, user_id: int) -> Membership | None:
    """Return a student's membership of the class, removed or not."""
    return db.session.scalar(select(Membership).where(
        Membership.classroom_id == classroom.id, Membership.user_id == user_id))


def student_report(classroom: Classroom, user_id: int) -> list[tuple[Attempt, grading.Summary]]:
    """Return a student's attempts at this class's assignments, oldest first, with summaries."""
    from . import attempts

    assignment_ids = set(db.session.scalars(select(Assignment.id).where(Assignment.classroom_id == classroom.id)))
    return [(a, s) for a, s in attempts.history(user_id) if a.assignment_id in assignment_ids]
