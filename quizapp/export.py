"""CSV exports of a class's results, safe to open in a spreadsheet.

Files are UTF-8 with a byte-order mark (so Excel reads accents right) and a header row. A cell
that starts with = + - @ or a tab or carriage return would be run as a formula by spreadsheets,
so it gets a leading apostrophe (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from sqlalchemy import select

from .dashboards import attempt_scores
from .extensions import db
from .core import grading
from .models import Assignment, Attempt, Classroom, Item, Membership, Quiz, QuizVersion, Response, ResponsePart, User

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

RESULTS_HEADER = ["class", "student", "username", "status in class", "quiz", "attempts", "finished attempts",
                  "best score %", "latest score %"]
RESPONSES_HEADER = ["class", "student", "username", "quiz", "quiz version", "attempt", "attempt started (UTC)",
                    "passage number", "passage id", "kind", "part", "right answer", "answer given", "part score",
                    "passage score", "answered at (UTC)"]


def safe_cell(value: object) -> str:
    """Return a value as CSV text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Return rows as CSV text with a BOM and a header row, every cell made safe."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def _students(classroom: Classroom) -> list[tuple[Membership, User]]:
    """Return the class's memberships with users, in one query."""
    return list(db.session.execute(
        select(Membership, User).join(User, User.id == Membership.user_id)
        .where(Membership.classroom_id == classroom.id).order_by(User.display_name, User.username)))


def results_rows(classroom: Classroom) -> list[list[object]]:
    """Return one row per student and assigned quiz."""
    assignments = list(db.session.execute(
        select(Assignment.id, QuizVersion.title).join(Quiz, Quiz.id == Assignment.quiz_id)
        .join(QuizVersion, (QuizVersion.quiz_id == Quiz.id) & (QuizVersion.number == Quiz.current_number))
        .where(Assignment.classroom_id == classroom.id).order_by(Assignment.id)))
    scores: dict[tuple[int, int], list[int | None]] = {}
    for _id, user_id, assignment_id, finished_at, total, _answered, points in attempt_scores(classroom):
        percent = None if finished_at is None else grading.percent(points, total)
        scores.setdefault((user_id, assignment_id), []).append(percent)
    rows = []
    for membership, user in _students(classroom):
        for assignment_id, title in assignments:
            tried = scores.get((user.id, assignment_id), [])
            finished = [p for p in tried if p is not None]
            rows.append([classroom.name, user.shown_name, user.username,
                         "removed" if membership.removed_at else "member", title, len(tried), len(finished),
                         max(finished) if finished else "", finished[-1] if finished else ""])
    return rows


def responses_rows(classroom: Classroom) -> list[list[object]]:
    """Return one row per answered part (a label chosen, a cue found or missed) for the class's assignments."""
    query = (
        select(User.display_name, User.username, QuizVersion.title, QuizVersion.number, Attempt.id,
               Attempt.started_at, Item.position, Item.key, Item.kind, ResponsePart.name, ResponsePart.expected,
               ResponsePart.given, ResponsePart.score, Response.score, Response.answered_at)
        .join(Response, Response.id == ResponsePart.response_id)
        .join(Attempt, Attempt.id == Response.attempt_id).join(User, User.id == Attempt.user_id)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(QuizVersion, QuizVersion.id == Attempt.version_id).join(Item, Item.id == Response.item_id)
        .where(Assignment.classroom_id == classroom.id)
        .order_by(User.username, Attempt.id, Item.position, ResponsePart.id)
    )
    return [[classroom.name, name or username, username, title, number, attempt_id, started.isoformat(" ", "seconds"),
             position, key, kind, part, expected, given, _score(part_score), _score(item_score),
             answered.isoformat(" ", "seconds")]
            for name, username, title, number, attempt_id, started, position, key, kind, part, expected, given,
            part_score, item_score, answered in db.session.execute(query)]


def _score(value: float) -> str:
    """Return a score from 0 to 1 as a spreadsheet reads it: 1, 0 or 0.5 (two decimals at most)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
