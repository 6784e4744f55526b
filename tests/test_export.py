"""CSV exports: attempt numbers per student, file names that read well, RFC 6266 headers, name order."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from quizapp import attempts, export
from quizapp.extensions import db
from quizapp.models import Attempt, Classroom, QuizVersion, User

from .test_dashboards import ANSWERS, build_class


def parse(response) -> list[dict]:
    """Parse a CSV download."""
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8").lstrip("\ufeff"))))


def add_attempt(app, username: str, assignment_id: int, chosen: tuple[str, ...]) -> None:
    """Store one more finished attempt of a student at an assignment."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        version = db.session.scalar(select(QuizVersion).where(QuizVersion.title == "Tiny 0"))
        attempt = Attempt(
            user_id=user.id, version_id=version.id, assignment_id=assignment_id, finished_at=db.func.now()
        )
        db.session.add(attempt)
        db.session.flush()
        for item, label in zip(version.items, chosen, strict=False):
            db.session.add(
                attempts.new_response(attempt.id, item, {"label": label}, ("fact", "opinion", "speculation"))
            )
        db.session.commit()


def test_the_attempt_column_counts_each_students_attempts(teacher, loaded, tmp_path, client):
    built = build_class(loaded, tmp_path, ANSWERS)
    add_attempt(loaded, "bo", built["assignments"][0], ANSWERS["ann"])  # Bo's second go, after everyone's first
    rows = parse(client.get(f"/teacher/classes/{built['class_id']}/export/responses.csv"))
    numbers: dict[str, list[str]] = {}
    for row in rows:
        numbers.setdefault(row["username"], []).append(row["attempt"])
    assert numbers == {"ann": ["1"] * 3, "bo": ["1"] * 3 + ["2"] * 3, "cy": ["1"] * 3, "di": ["1"] * 3}
    second = [row for row in rows if row["username"] == "bo" and row["attempt"] == "2"]
    assert [row["answer given"] for row in second] == list(ANSWERS["ann"])


def test_exports_list_students_by_name_ignoring_case_and_accents(teacher, loaded, tmp_path, client):
    built = build_class(loaded, tmp_path, {"zed": ANSWERS["ann"], "emile": ANSWERS["bo"], "amy": ANSWERS["cy"]})
    with loaded.app_context():
        names = {"zed": "zed", "emile": "Émile", "amy": "Amy"}
        for user in db.session.scalars(select(User).where(User.username.in_(names))):
            user.display_name = names[user.username]
        db.session.commit()
    for kind in ("results", "responses"):
        rows = parse(client.get(f"/teacher/classes/{built['class_id']}/export/{kind}.csv"))
        assert list(dict.fromkeys(row["student"] for row in rows)) == ["Amy", "Émile", "zed"], kind


def test_download_names_say_class_subject_kind_and_date(teacher, loaded, tmp_path, client):
    built = build_class(loaded, tmp_path, ANSWERS)
    with loaded.app_context():
        db.session.get(Classroom, built["class_id"]).name = "7B English"
        db.session.commit()
        from quizapp import dates
        from quizapp.models import utcnow

        today = dates.to_local(utcnow()).date().isoformat()
    for kind, words in (("results", "results"), ("responses", "every answer")):
        header = client.get(f"/teacher/classes/{built['class_id']}/export/{kind}.csv").headers["Content-Disposition"]
        expected = f"7B English – media literacy – {words} – {today}.csv"
        fallback = expected.replace("–", "-")
        assert header == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{export.quote(expected, safe='')}"
        assert unquote(header.split("UTF-8''")[1]) == expected


@pytest.mark.parametrize(
    ("filename", "fallback", "full"),
    [
        ("Plain.csv", "Plain.csv", None),
        (
            "7B English – media literacy – results – 2026-12-01.csv",
            "7B English - media literacy - results - 2026-12-01.csv",
            "7B English – media literacy – results – 2026-12-01.csv",
        ),
        ("Zoë’s “class”.csv", "Zoe's 'class'.csv", "Zoë’s “class”.csv"),
        ('Say "hi".csv', "Say 'hi'.csv", None),
        ("a/b\\c:d*e?f<g>h|i.csv", "a-b-c-d-e-f-g-h-i.csv", None),
        ("tab\there\nnew\x07bell.csv", "tab here new bell.csv", None),
        ("Класс 7Б – results.csv", "7 - results.csv", "Класс 7Б – results.csv"),
        ("...hidden.csv", "hidden.csv", None),
        ("日本語.csv", "export.csv", "日本語.csv"),
    ],
)
def test_content_disposition_has_a_safe_ascii_fallback(filename, fallback, full):
    header = export.content_disposition(filename)
    expected = f'attachment; filename="{fallback}"'
    if full is not None:
        expected += "; filename*=UTF-8''" + export.quote(full, safe="")
    assert header == expected
    ascii_part = header.split("; filename*=")[0]
    assert ascii_part.isascii() and ascii_part.count('"') == 2 and "\\" not in ascii_part


def test_download_name():
    assert export.download_name("8B", "results", date(2026, 12, 1)) == "8B – media literacy – results – 2026-12-01.csv"
