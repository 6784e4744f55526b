"""Every registered URL rule, walked as five people: the status each gets, and nothing changed.

The world: teacher A owns a class with student S1, who has an attempt at A's assignment;
teacher B owns another class with student S2. A new route fails this test until it is given
its expected statuses here, so no route ships unchecked.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp import classes
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Classroom, Draft, Membership, Quiz, Response, User

from ..conftest import SEED, answer, make_user

PEOPLE = ("anon", "s1", "s2", "teacher_a", "teacher_b")
TEACHER_PAGE = {"anon": 302, "s1": 403, "s2": 403, "teacher_a": 200, "teacher_b": 404}
OWN_ATTEMPT = {"anon": 302, "s2": 404, "teacher_a": 404, "teacher_b": 404}

GET = {
    "quiz.index": dict.fromkeys(PEOPLE, 200),
    "health.healthz": dict.fromkeys(PEOPLE, 200),
    "static": dict.fromkeys(PEOPLE, 200),
    "auth.login": {"anon": 200, "s1": 302, "s2": 302, "teacher_a": 302, "teacher_b": 302},
    "auth.signup": {"anon": 200, "s1": 302, "s2": 302, "teacher_a": 302, "teacher_b": 302},
    "auth.join": {"anon": 200, "s1": 200, "s2": 200, "teacher_a": 302, "teacher_b": 302},
    "quiz.history": {"anon": 302, "s1": 200, "s2": 200, "teacher_a": 200, "teacher_b": 200},
    "account.show": {**dict.fromkeys(PEOPLE, 200), "anon": 302},
    "account.download": {**dict.fromkeys(PEOPLE, 200), "anon": 302},
    "account.delete": {**dict.fromkeys(PEOPLE, 200), "anon": 302},
    "quiz.resume": {**OWN_ATTEMPT, "s1": 302},
    "quiz.question": {**OWN_ATTEMPT, "s1": 302},  # answered already: on to its feedback
    "quiz.feedback": {**OWN_ATTEMPT, "s1": 200},
    "quiz.results": {**OWN_ATTEMPT, "s1": 302},  # unfinished: back to the quiz
    "teacher.home": {**TEACHER_PAGE, "teacher_b": 200},
    "teacher.overview": TEACHER_PAGE,
    "teacher.students": TEACHER_PAGE,
    "teacher.assign": TEACHER_PAGE,
    "teacher.quiz_stats": TEACHER_PAGE,
    "teacher.student": TEACHER_PAGE,
    "teacher.export_results": TEACHER_PAGE,
    "teacher.export_responses": TEACHER_PAGE,
    "teacher.delete_answers": {**TEACHER_PAGE, "teacher_a": 302},  # S1 is not removed: remove first
    "teacher.new_code": TEACHER_PAGE,  # the confirmation pages
    "teacher.remove_student": TEACHER_PAGE,
    "teacher.settings": TEACHER_PAGE,
    "teacher.delete_class": TEACHER_PAGE,
    "teacher.unassign": TEACHER_PAGE,
    "teacher.join_screen": TEACHER_PAGE,
    "author.index": {**TEACHER_PAGE, "teacher_b": 200},
    "author.edit": TEACHER_PAGE,  # A's draft
}
TEACHER_POST = {"anon": 302, "s1": 403, "s2": 403, "teacher_b": 404}
# In this order, so the owner's changes come last; all are posted with an empty form.
POST = {
    "auth.login": {"anon": 200, "s1": 302, "s2": 302, "teacher_a": 302, "teacher_b": 302},
    "auth.signup": {"anon": 200, "s1": 302, "s2": 302, "teacher_a": 302, "teacher_b": 302},
    "auth.join": {"anon": 200, "s1": 200, "s2": 200, "teacher_a": 302, "teacher_b": 302},
    "quiz.question": {**OWN_ATTEMPT, "s1": 302},
    "quiz.start_assignment": {"anon": 302, "s1": 302, "s2": 404, "teacher_a": 404, "teacher_b": 404},
    "teacher.home": {**TEACHER_POST, "teacher_a": 200, "teacher_b": 200},
    "teacher.students": {**TEACHER_POST, "teacher_a": 200},
    "teacher.confirm_roster": {**TEACHER_POST, "teacher_a": 400},  # no names carried over from the first step
    "teacher.settings": {**TEACHER_POST, "teacher_a": 200},  # no name: the form says so
    "teacher.delete_class": {**TEACHER_POST, "teacher_a": 200},  # the box is not ticked: nothing deleted
    "teacher.assign": {**TEACHER_POST, "teacher_a": 200},
    "teacher.delete_answers": {**TEACHER_POST, "teacher_a": 302},
    "teacher.reset_password": {**TEACHER_POST, "teacher_a": 200},
    "teacher.new_code": {**TEACHER_POST, "teacher_a": 302},
    "teacher.remove_student": {**TEACHER_POST, "teacher_a": 302},
    "teacher.archive": {**TEACHER_POST, "teacher_a": 302},
    "teacher.unarchive": {**TEACHER_POST, "teacher_a": 302},
    "teacher.unassign": {**TEACHER_POST, "teacher_a": 302},
    "author.index": {**TEACHER_POST, "teacher_a": 200, "teacher_b": 200},  # no title: the form says so
    "author.edit": {**TEACHER_POST, "teacher_a": 302},  # an empty form keeps the draft as it was
    "author.save": {**TEACHER_POST, "teacher_a": 302},
    # the seed has items of other kinds, which the workbench does not edit: not found, for every teacher
    "author.open_quiz": {
        **TEACHER_POST,
        "teacher_a": 404,
        "teacher_b": 404,
    },  # every sentence dropped: not saved, back to the draft
    "account.change_password": {**dict.fromkeys(PEOPLE, 200), "anon": 302},  # an empty form is refused
    "account.delete": {**dict.fromkeys(PEOPLE, 200), "anon": 302},
    "quiz.start": {"anon": 302, "s1": 302, "s2": 302, "teacher_a": 302, "teacher_b": 302},
    "language.choose": dict.fromkeys(PEOPLE, 302),  # an empty form changes nothing and goes back
    "account.logout_everywhere": dict.fromkeys(PEOPLE, 302),  # last but one: it signs the person out
    "auth.logout": dict.fromkeys(PEOPLE, 302),
}


@pytest.fixture
def world(loaded, client, auth):
    """Build the two classes, sign S1 up into A's class and give S1 an attempt with one answer."""
    ids = {
        name: make_user(
            loaded, name, role="teacher" if name.startswith("teacher") else "student", password="a long password"
        )
        for name in PEOPLE[1:]
    }
    with loaded.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == SEED))
        for teacher, student in (("teacher_a", "s1"), ("teacher_b", "s2")):
            classroom = classes.create_class(db.session.get(User, ids[teacher]), f"class of {teacher}")
            classes.enrol(classroom, db.session.get(User, ids[student]))
            db.session.get(User, ids[student]).created_by_id = ids[teacher]  # as if her roster made it
            db.session.add(Assignment(classroom_id=classroom.id, quiz_id=quiz.id))
        db.session.commit()
        class_a = db.session.scalar(select(Classroom.id).where(Classroom.teacher_id == ids["teacher_a"]))
        assignment_a = db.session.scalar(select(Assignment.id).where(Assignment.classroom_id == class_a))
        draft = Draft(
            teacher_id=ids["teacher_a"],
            slug="a-draft",
            title="A draft",
            source={},
            article="It rained.",
            items=[
                {
                    "key": "it-rained",
                    "text": "It rained.",
                    "label": "",
                    "suggested": "fact",
                    "confidence": 0.9,
                    "cues": [],
                    "explanation": "",
                }
            ],
        )
        db.session.add(draft)
        db.session.commit()
        draft_id = draft.id
    auth.login("s1", "a long password")
    started = client.post(f"/assignments/{assignment_a}/start")
    attempt = int(started.location.rstrip("/").split("/")[-1])
    answer(client, attempt, 1, "fact")
    auth.logout()
    return {
        "ids": ids,
        "args": {
            "attempt_id": attempt,
            "position": 1,
            "class_id": class_a,
            "user_id": ids["s1"],
            "assignment_id": assignment_a,
            "slug": SEED,
            "filename": "style.css",
            "kind": "json",
            "draft_id": draft_id,
        },
    }


def url(app, endpoint: str, args: dict) -> str:
    """Build the URL of an endpoint with the world's arguments."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **{name: args[name] for name in rule.arguments})


def snapshot(app) -> tuple:
    """Return the counts, codes, names and states that no refused request may change."""
    with app.app_context():
        counts = tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Membership, Attempt, Response))
        classrooms = tuple(
            db.session.execute(
                select(Classroom.join_code, Classroom.name, Classroom.archived_at).order_by(Classroom.id)
            )
        )
        assignments = tuple(db.session.scalars(select(Assignment.unassigned_at).order_by(Assignment.id)))
        hashes = tuple(db.session.scalars(select(User.password_hash).order_by(User.id)))
        return counts, classrooms, assignments, hashes


def test_every_rule_has_expectations(app):
    rules = {(r.endpoint, m) for r in app.url_map.iter_rules() for m in r.methods & {"GET", "POST"}}
    listed = {(e, "GET") for e in GET} | {(e, "POST") for e in POST}
    assert rules == listed


@pytest.mark.parametrize("person", PEOPLE)
def test_authorisation_matrix(loaded, client, auth, world, person):
    if person != "anon":
        auth.login(person, "a long password")
    for endpoint, expected in GET.items():
        response = client.get(url(loaded, endpoint, world["args"]))
        assert response.status_code == expected[person], (endpoint, "GET", person, response.status_code)
    before = snapshot(loaded)
    for endpoint, expected in POST.items():
        if endpoint == "auth.logout":
            continue
        response = client.post(url(loaded, endpoint, world["args"]), data={})
        assert response.status_code == expected[person], (endpoint, "POST", person, response.status_code)
        if endpoint.startswith("quiz.start"):
            before = snapshot(loaded)  # starting practice is allowed to add an attempt
        elif person != "teacher_a":
            assert snapshot(loaded) == before, (endpoint, person)
    response = client.post("/logout")
    assert response.status_code == POST["auth.logout"][person]
