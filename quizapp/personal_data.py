"""Everything the app keeps about one person, for "download my data", as JSON or CSV.

A school that holds children's data must be able to hand it over on request. The JSON file has
it all: the account, the classes (joined or taught), every attempt and every answer. The CSV file
has one row per answer, for a spreadsheet. An answer's right label and score are left out while the
assignment still hides them (answers shown later), so a download cannot reveal them early.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from . import attempts
from .core.kinds import CUE, LABEL, STRAY
from .export import to_csv
from .extensions import db
from .models import (
    Assignment,
    Attempt,
    Classroom,
    Dispute,
    Item,
    Membership,
    PracticeAnswer,
    PracticeSession,
    Response,
    User,
)

CSV_HEADER = [
    "quiz",
    "quiz version",
    "for",
    "attempt started (UTC)",
    "attempt finished (UTC)",
    "passage number",
    "passage",
    "your answer",
    "right answer",
    "score",
    "answered at (UTC)",
]
HIDDEN = "shown later by your teacher"


def _when(value: datetime | None) -> str | None:
    """Return a stored UTC time as text, or None."""
    return value.isoformat(" ", "seconds") if value else None


def collect(user: User) -> dict:
    """Return the person's data as plain values, in a fixed number of queries."""
    classes = [
        {"class": name, "teacher": teacher.username, "joined": _when(joined), "removed": _when(removed)}
        for name, teacher, joined, removed in db.session.execute(
            select(Classroom.name, User, Membership.joined_at, Membership.removed_at)
            .join(Membership, Membership.classroom_id == Classroom.id)
            .join(User, User.id == Classroom.teacher_id)
            .where(Membership.user_id == user.id)
            .order_by(Membership.joined_at)
        )
    ]
    taught = [
        {"class": name, "created": _when(created)}
        for name, created in db.session.execute(
            select(Classroom.name, Classroom.created_at).where(Classroom.teacher_id == user.id).order_by(Classroom.id)
        )
    ]
    rows = list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id)
            .order_by(Attempt.started_at, Attempt.id)
            .options(selectinload(Attempt.version), selectinload(Attempt.assignment).selectinload(Assignment.classroom))
        )
    )
    answers: dict[int, list] = {a.id: [] for a in rows}
    for response, item in db.session.execute(
        select(Response, Item)
        .join(Item, Item.id == Response.item_id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.user_id == user.id)
        .order_by(Response.attempt_id, Item.position)
        .options(selectinload(Response.parts))
    ):
        answers[response.attempt_id].append((response, item))
    return {
        "account": {
            "username": user.username,
            "name": user.display_name,
            "role": user.role,
            "created": _when(user.created_at),
        },
        "classes": classes,
        "classes taught": taught,
        "attempts": [_attempt(attempt, answers[attempt.id]) for attempt in rows],
        "practice": _practice(user),
        "challenges": [
            {
                "item": dispute.item.key,
                "label given": dispute.given,
                "reason": dispute.reason,
                "status": dispute.status,
                "reply": dispute.reply,
                "sent": _when(dispute.created_at),
                "replied": _when(dispute.replied_at),
            }
            for dispute in db.session.scalars(select(Dispute).where(Dispute.user_id == user.id).order_by(Dispute.id))
        ],
    }


def _practice(user: User) -> list[dict]:
    """Return the user's mastery practice sessions with every answer (their own answers: nothing hidden)."""
    sessions = db.session.scalars(
        select(PracticeSession).where(PracticeSession.user_id == user.id).order_by(PracticeSession.id)
    )
    return [
        {
            "started": _when(session.started_at),
            "finished": _when(session.finished_at),
            "labels practised": list(session.goal),
            "answers": [
                {"item": answer.item_id, "right": answer.expected, "given": answer.chosen, "score": answer.score}
                for answer in db.session.scalars(
                    select(PracticeAnswer).where(PracticeAnswer.session_id == session.id).order_by(PracticeAnswer.step)
                )
            ],
        }
        for session in sessions
    ]


def _attempt(attempt: Attempt, answered: list) -> dict:
    """Return one attempt with its answers, hiding what its assignment still hides."""
    names = attempt.version.label_names()
    finished = attempt.finished_at is not None
    shown = attempts.feedback_now(attempt) or (finished and attempts.results_now(attempt))
    assignment = attempt.assignment
    return {
        "quiz": attempt.version.title,
        "quiz version": attempt.version.number,
        "for": f"class {assignment.classroom.name}" if assignment else "practice",
        "started": _when(attempt.started_at),
        "finished": _when(attempt.finished_at),
        "answers": [
            {
                "passage number": item.position,
                "passage": item.text,
                "your answer": _given(response, names),
                "right answer": _right(response, names) if shown else HIDDEN,
                "score": round(response.score, 2) if shown else HIDDEN,
                "answered": _when(response.answered_at),
            }
            for response, item in answered
        ],
    }


def _given(response: Response, names: dict[str, str]) -> str:
    """Say what a person answered, in words: the labels chosen and the words marked."""
    labels = [names.get(p.given, p.given) for p in response.parts if p.kind == LABEL]
    marked = [p.given for p in response.parts if p.kind == STRAY]
    found = [p.expected for p in response.parts if p.kind == CUE and p.given != "missed"]
    said = "; ".join(labels)
    if found or marked:
        said += ("; " if said else "") + "marked: " + ", ".join(found + marked)
    return said


def _right(response: Response, names: dict[str, str]) -> str:
    """Say what the right answer was: the labels, and the cues to find."""
    labels = [names.get(p.expected, p.expected) for p in response.parts if p.kind == LABEL]
    cues = [p.expected for p in response.parts if p.kind == CUE]
    return "; ".join(labels + (["cues: " + ", ".join(cues)] if cues else []))


def as_json(data: dict) -> str:
    """Return the data as indented JSON text."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_csv(data: dict) -> str:
    """Return one CSV row per answer, safe to open in a spreadsheet."""
    rows = []
    for attempt in data["attempts"]:
        for answer in attempt["answers"]:
            rows.append(
                [
                    attempt["quiz"],
                    attempt["quiz version"],
                    attempt["for"],
                    attempt["started"],
                    attempt["finished"],
                    answer["passage number"],
                    answer["passage"],
                    answer["your answer"],
                    answer["right answer"],
                    answer["score"],
                    answer["answered"],
                ]
            )
    return to_csv(CSV_HEADER, rows)
