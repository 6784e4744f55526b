"""CSV exports of a class's results, safe to open in a spreadsheet.

Files are UTF-8 with a byte-order mark (so Excel reads accents right) and a header row. A cell
that starts with = + - @ or a tab or carriage return would be run as a formula by spreadsheets,
so it gets a leading apostrophe (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from urllib.parse import quote

from sqlalchemy import case, select

from .core import grading
from .core.codes import name_key
from .dashboards import attempt_scores
from .extensions import db
from .models import Assignment, Attempt, Classroom, Item, Membership, Quiz, QuizVersion, Response, ResponsePart, User

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ASCII_PUNCTUATION = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": "'", "”": "'"})

RESULTS_HEADER = [
    "class",
    "student",
    "username",
    "status in class",
    "quiz",
    "attempts",
    "finished attempts",
    "best score %",
    "latest score %",
]
RESPONSES_HEADER = [
    "class",
    "student",
    "username",
    "quiz",
    "quiz version",
    "attempt",
    "attempt started (UTC)",
    "passage number",
    "passage id",
    "kind",
    "part",
    "right answer",
    "answer given",
    "part score",
    "passage score",
    "answered at (UTC)",
]


def safe_cell(value: object) -> str:
    """Return a value as CSV text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Return rows as CSV text with a BOM and a header row, every cell made safe."""
    return "".join(csv_chunks(header, rows))


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[object]], size: int = 200) -> Iterator[str]:
    """Yield the CSV text of to_csv in pieces of about size rows, so a download streams in flat memory."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for number, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(value) for value in row])
        if number % size == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def download_name(class_name: str, kind: str, day: date) -> str:
    """Return the file name of an export: '7B English – media literacy – results – 2026-12-01.csv'."""
    return f"{class_name} – media literacy – {kind} – {day.isoformat()}.csv"


def content_disposition(filename: str) -> str:
    """Return an RFC 6266 attachment header: an ASCII filename fallback, and filename* in UTF-8 when it differs.

    Control characters become spaces and the characters file systems refuse (/ \\ : * ? < > |)
    dashes, in both (a double quote becomes a single one); the fallback spells accents without
    them, and drops what ASCII cannot say.
    """
    cleaned = "".join(" " if unicodedata.category(c).startswith("C") else c for c in filename)
    cleaned = " ".join(re.sub(r"[\\/:*?<>|]", "-", cleaned.replace('"', "'")).split()).lstrip(". ") or "export.csv"
    fallback = unicodedata.normalize("NFKD", cleaned.translate(_ASCII_PUNCTUATION))
    fallback = re.sub(r"[^A-Za-z0-9 ._()&,+=#@!~'-]", "", fallback.encode("ascii", "ignore").decode())
    fallback = re.sub(r"(\s-)+\s", " - ", " ".join(fallback.split()))
    stem, dot, extension = fallback.rpartition(".")
    if not re.search(r"[A-Za-z0-9]", stem if dot else fallback):  # nothing of the name was ASCII
        fallback = "export." + (extension if dot else "csv")
    fallback = re.sub(r"^[\s.-]+", "", fallback)
    header = f'attachment; filename="{fallback}"'
    if fallback != cleaned:
        header += "; filename*=UTF-8''" + quote(cleaned, safe="")
    return header


def _students(classroom: Classroom) -> list[tuple[Membership, User]]:
    """Return the class's memberships with users, by name (ignoring case and accents), in one query."""
    rows = db.session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.classroom_id == classroom.id)
    )
    return sorted(rows, key=lambda row: (name_key(row[1].shown_name), row[1].username))


def results_rows(classroom: Classroom) -> list[list[object]]:
    """Return one row per student and currently assigned quiz (as the overview shows them)."""
    assignments = list(
        db.session.execute(
            select(Assignment.id, QuizVersion.title)
            .join(Quiz, Quiz.id == Assignment.quiz_id)
            .join(QuizVersion, (QuizVersion.quiz_id == Quiz.id) & (QuizVersion.number == Quiz.current_number))
            .where(Assignment.classroom_id == classroom.id, Assignment.unassigned_at.is_(None))
            .order_by(Assignment.id)
        )
    )
    scores: dict[tuple[int, int], list[int | None]] = {}
    for _id, user_id, assignment_id, finished_at, total, _answered, points in attempt_scores(classroom):
        percent = None if finished_at is None else grading.percent(points, total)
        scores.setdefault((user_id, assignment_id), []).append(percent)
    rows = []
    for membership, user in _students(classroom):
        for assignment_id, title in assignments:
            tried = scores.get((user.id, assignment_id), [])
            finished = [p for p in tried if p is not None]
            rows.append(
                [
                    classroom.name,
                    user.shown_name,
                    user.username,
                    "removed" if membership.removed_at else "member",
                    title,
                    len(tried),
                    len(finished),
                    max(finished) if finished else "",
                    finished[-1] if finished else "",
                ]
            )
    return rows


def responses_rows(classroom: Classroom) -> Iterator[list[object]]:
    """Return the rows of _responses for this class, reading its id and name now (the rows come later)."""
    return _responses(classroom.id, classroom.name)


def _responses(class_id: int, class_name: str) -> Iterator[list[object]]:
    """Yield one row per answered part (a label chosen, a cue found or missed) for the class's assignments.

    Unassigned quizzes' answers are included. The attempt column counts each student's attempts at
    each quiz (1, 2, ...), in the order they were started, rather than showing the database's id.
    Rows come by student name (ignoring case and accents), then attempt, item and part, in two
    queries whatever the class's size: the students are read and put in order first (folding a
    name is Python's work), and the answers then arrive from the database in that order, a few
    hundred rows at a time, so the export's memory does not grow with the class.
    """
    in_class = (
        select(Attempt.user_id)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(Assignment.classroom_id == class_id)
    )
    people = db.session.execute(select(User.id, User.display_name, User.username).where(User.id.in_(in_class))).all()
    ranked = sorted(people, key=lambda person: (name_key(person.display_name or person.username), person.username))
    if not ranked:
        return
    rank = case({person.id: number for number, person in enumerate(ranked)}, value=Attempt.user_id)
    query = (
        select(
            User.display_name,
            User.username,
            QuizVersion.title,
            QuizVersion.number,
            Attempt.id,
            Attempt.user_id,
            Attempt.assignment_id,
            Attempt.started_at,
            Item.position,
            Item.key,
            Item.kind,
            ResponsePart.name,
            ResponsePart.expected,
            ResponsePart.given,
            ResponsePart.score,
            Response.score,
            Response.answered_at,
        )
        .join(Response, Response.id == ResponsePart.response_id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(User, User.id == Attempt.user_id)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(QuizVersion, QuizVersion.id == Attempt.version_id)
        .join(Item, Item.id == Response.item_id)
        .where(Assignment.classroom_id == class_id)
        .order_by(rank, Attempt.id, Item.position, ResponsePart.id)
        .execution_options(yield_per=500)
    )
    numbers: dict[int, int] = {}
    counted: dict[tuple[int, int], int] = {}
    for (
        name,
        username,
        title,
        number,
        attempt_id,
        user_id,
        assignment_id,
        started,
        position,
        key,
        kind,
        part,
        expected,
        given,
        part_score,
        item_score,
        answered,
    ) in db.session.execute(query):
        if attempt_id not in numbers:  # a student's attempts arrive in id order, the order they were started
            counted[user_id, assignment_id] = numbers[attempt_id] = counted.get((user_id, assignment_id), 0) + 1
            started_text = started.isoformat(" ", "seconds")
        yield [
            class_name,
            name or username,
            username,
            title,
            number,
            numbers[attempt_id],
            started_text,
            position,
            key,
            kind,
            part,
            expected,
            given,
            _score(part_score),
            _score(item_score),
            answered.isoformat(" ", "seconds"),
        ]


def _score(value: float) -> str:
    """Return a score from 0 to 1 as a spreadsheet reads it: 1, 0 or 0.5 (two decimals at most)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
