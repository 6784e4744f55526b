"""The figures on a teacher's pages, each in a fixed number of queries whatever the class size.

Queries gather rows per class or per assignment; grading.py does the arithmetic. Scores come
from each response's score (0 to 1, whatever the item's kind); labels and confusions from the
labelled parts of the answers (``response_part`` rows of kind "label"), so an item of any kind,
and every sentence of a paragraph, is counted the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, literal_column, select

from . import catalog
from .core import grading
from .core.kinds import LABEL
from .extensions import db
from .models import Assignment, Attempt, Classroom, Item, Membership, QuizVersion, Response, ResponsePart


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
class Standing:
    """How far a class is with one assignment: students finished, in progress, and the median best score."""

    finished: int = 0
    in_progress: int = 0
    median_best: float | None = None


@dataclass
class Overview:
    """A class's grid of students by assignments, and its accuracy per label."""

    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    labels: list[LabelRow] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def standing(self, assignment_id: int, members: set[int]) -> Standing:
        """Return the class's summary on one assignment, over these students (the class's current members)."""
        best = sorted(
            cell.best
            for (user_id, of), cell in self.cells.items()
            if of == assignment_id and user_id in members and cell.best is not None
        )
        result = Standing(finished=len(best))
        result.in_progress = sum(
            1
            for (user_id, of), cell in self.cells.items()
            if of == assignment_id and user_id in members and cell.best is None and cell.in_progress
        )
        if best:
            middle = len(best) // 2
            result.median_best = best[middle] if len(best) % 2 else (best[middle - 1] + best[middle]) / 2
        return result


def attempt_scores(classroom: Classroom):
    """Return one row per attempt at the class's assignments: ids, finish, items, answered, points."""
    return db.session.execute(
        select(
            Attempt.id,
            Attempt.user_id,
            Attempt.assignment_id,
            Attempt.finished_at,
            QuizVersion.item_count,
            func.count(Response.id),
            func.coalesce(func.sum(Response.score), 0.0),
        )
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(QuizVersion, QuizVersion.id == Attempt.version_id)
        .outerjoin(Response, Response.attempt_id == Attempt.id)
        .where(Assignment.classroom_id == classroom.id)
        .group_by(Attempt.id, Attempt.user_id, Attempt.assignment_id, Attempt.finished_at, QuizVersion.item_count)
        .order_by(Attempt.id)
    ).all()


# Written as literals, not bound parameters: PostgreSQL matches a GROUP BY expression to the
# selected one only if both are the same text, and each bound parameter gets its own number.
_EARNED = case((ResponsePart.score >= literal_column("1"), literal_column("1")), else_=literal_column("0"))


def overview(classroom: Classroom, labels: bool = True) -> Overview:
    """Return the class overview in five queries, grouped in the database (one without the labels)."""
    result = Overview()
    for _id, user_id, assignment_id, finished_at, total, _answered, points in attempt_scores(classroom):
        cell = result.cells.setdefault((user_id, assignment_id), Cell())
        cell.attempts += 1
        if finished_at is None:
            cell.in_progress = True
            continue
        percent = grading.percent(points, total)
        cell.best = percent if cell.best is None else max(cell.best, percent)
        cell.latest = percent
    if not labels:
        return result
    in_class = Assignment.classroom_id == classroom.id
    labelled = (
        select()
        .select_from(ResponsePart)
        .join(Response, Response.id == ResponsePart.response_id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(in_class, ResponsePart.kind == LABEL)
    )
    per_attempt: dict[int, dict[str, tuple[int, int]]] = {}
    for attempt_id, expected, answered, correct in db.session.execute(
        labelled.add_columns(Attempt.id, ResponsePart.expected, func.count(), func.sum(_EARNED))
        .where(Attempt.finished_at.is_not(None))
        .group_by(Attempt.id, ResponsePart.expected)
    ):
        per_attempt.setdefault(attempt_id, {})[expected] = (answered, correct)
    counts = {
        (expected, chosen, bool(earned)): count
        for expected, chosen, earned, count in db.session.execute(
            labelled.add_columns(ResponsePart.expected, ResponsePart.given, _EARNED, func.count()).group_by(
                ResponsePart.expected, ResponsePart.given, _EARNED
            )
        )
    }
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
    used = (
        select(Attempt.version_id)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(Assignment.classroom_id == classroom.id)
    )
    # By id, not DISTINCT on the labels: PostgreSQL cannot compare JSON values.
    for labels in db.session.scalars(select(QuizVersion.labels).where(QuizVersion.id.in_(used))):
        for label in labels:
            names.setdefault(label["key"], label["name"])
    return names or catalog.default_label_names()


@dataclass
class QuizReport:
    """Per-item (and per-part) statistics of one version of an assigned quiz."""

    version: QuizVersion | None
    versions: list[tuple[int, int]]  # (version number, attempts)
    items: list[Item]
    stats: list[grading.ItemStat]
    summary: grading.Summary | None
    attempts: int
    parts: dict[int, list[grading.ItemStat]] = field(default_factory=dict)  # item id -> its parts, if it has several
    complete: int = 0  # attempts that answered every passage: the discrimination index rests on these

    @property
    def discrimination_shown(self) -> bool:
        """Return whether enough complete attempts exist for the discrimination index to mean something."""
        return self.complete >= grading.MIN_COMPLETE_ATTEMPTS


def quiz_report(assignment: Assignment, number: int | None) -> QuizReport:
    """Return the statistics of one version of an assignment's quiz, in five queries."""
    versions = db.session.execute(
        select(QuizVersion.number, func.count(Attempt.id))
        .join(Attempt, Attempt.version_id == QuizVersion.id)
        .where(Attempt.assignment_id == assignment.id)
        .group_by(QuizVersion.number)
        .order_by(QuizVersion.number)
    ).all()
    if number is None:
        number = versions[-1][0] if versions else assignment.quiz.current_number
    version_id = db.session.scalar(
        select(QuizVersion.id).where(QuizVersion.quiz_id == assignment.quiz_id, QuizVersion.number == number)
    )
    version = catalog.version(version_id) if version_id is not None else None
    if version is None:
        return QuizReport(None, [tuple(v) for v in versions], [], [], None, 0)
    items = list(version.items)
    of_version = (Attempt.assignment_id == assignment.id, Attempt.version_id == version.id)
    by_attempt: dict[int, dict[int, grading.Scored]] = {}
    for attempt_id, item_id, score in db.session.execute(
        select(Attempt.id, Response.item_id, Response.score)
        .join(Response, Response.attempt_id == Attempt.id)
        .where(*of_version)
    ):
        by_attempt.setdefault(attempt_id, {})[item_id] = grading.Scored(score)
    part_rows = db.session.execute(
        select(
            Response.attempt_id,
            Response.item_id,
            ResponsePart.name,
            ResponsePart.kind,
            ResponsePart.expected,
            ResponsePart.given,
            ResponsePart.score,
        )
        .join(Response, Response.id == ResponsePart.response_id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(*of_version)
    ).all()
    single = {item.id for item in items if len(item.labels) == 1}
    for attempt_id, item_id, _name, kind, _expected, given, score in part_rows:
        if kind == LABEL and item_id in single and score < 1:  # the wrong label of a one-label item
            by_attempt[attempt_id][item_id] = grading.Scored(by_attempt[attempt_id][item_id].score, given)
    main = {item.id: item.labels[0] if len(item.labels) == 1 else "" for item in items}
    stats = grading.item_statistics(main, list(by_attempt.values()))
    several = {item.id for item in items if item.kind != "label"}
    parts = grading.part_statistics(row[1:] for row in part_rows if row[1] in several and row[3] != "stray")
    answers = [
        grading.Answer(expected, given, accepted=score >= 1 and expected != given)
        for _, _, _, kind, expected, given, score in part_rows
        if kind == LABEL
    ]
    summary = grading.summarize(answers, [label["key"] for label in version.labels])
    complete = sum(all(item.id in answered for item in items) for answered in by_attempt.values())
    return QuizReport(version, [tuple(v) for v in versions], items, stats, summary, len(by_attempt), parts, complete)


def member(classroom: Classroom, user_id: int) -> Membership | None:
    """Return a student's membership of the class, removed or not."""
    return db.session.scalar(
        select(Membership).where(Membership.classroom_id == classroom.id, Membership.user_id == user_id)
    )


def student_report(classroom: Classroom, user_id: int) -> list[tuple[Attempt, grading.Summary]]:
    """Return a student's attempts at this class's assignments, oldest first, with summaries."""
    from . import attempts

    assignment_ids = set(db.session.scalars(select(Assignment.id).where(Assignment.classroom_id == classroom.id)))
    return [(a, s) for a, s in attempts.history(user_id) if a.assignment_id in assignment_ids]
