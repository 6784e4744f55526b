"""Accounts: who made each one, who may reset its password, and a person's own account page."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import COMMAND_LINE, JOIN, ROSTER, SIGNUP, Attempt, Membership, Response, User, utcnow

from .conftest import SEED, answer, assign, create_class, login_cards, make_user, quiz_id, start_quiz


def user(app, username: str) -> User:
    """Return a user row (detached) by username."""
    with app.app_context():
        found = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(found)
        return found


def join(client, code: str, name: str = "Sam"):
    """Join a class as a new student."""
    return client.post(
        "/join", data={"code": code, "display_name": name, "password": "a long password", "confirm": "a long password"}
    )


def test_each_way_of_making_an_account_is_recorded(loaded, teacher, client, auth, runner):
    class_id, code = create_class(client)
    [_] = login_cards(client.post(f"/teacher/classes/{class_id}/students", data={"names": "Bo"}).data.decode())
    auth.logout()
    join(client, code, "Sam")
    auth.logout()
    auth.signup("kim")
    runner.invoke(args=["create-teacher", "mr-roe", "--password", "a teachers password"])
    made = {
        name: (user(loaded, name).origin, user(loaded, name).created_by_id) for name in ("bo", "sam", "kim", "mr-roe")
    }
    assert made == {
        "bo": (ROSTER, teacher),
        "sam": (JOIN, teacher),
        "kim": (SIGNUP, None),
        "mr-roe": (COMMAND_LINE, None),
    }


@pytest.fixture
def two_teachers(loaded, teacher, client, auth):
    """Ms Lee (A) and Mr Roe (B), each with a class; leaves Ms Lee signed in."""
    class_a, code_a = create_class(client, "A's class")
    make_user(loaded, "mr-roe", role="teacher", password="teacher pass")
    auth.logout()
    auth.login("mr-roe", "teacher pass")
    class_b, code_b = create_class(client, "B's class")
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    return {"a": class_a, "code_a": code_a, "b": class_b, "code_b": code_b}


def reset(client, class_id: int, user_id: int):
    """Press New password for a student."""
    return client.post(f"/teacher/classes/{class_id}/students/{user_id}/password")


def test_b_removes_a_student_and_a_still_cannot_reset_the_password(loaded, two_teachers, client, auth):
    """The reported attack: B removes Sam, A (Sam is still in A's class) resets, logs in as Sam, reads B's feedback."""
    [(sam, _)] = login_cards(
        client.post(f"/teacher/classes/{two_teachers['a']}/students", data={"names": "Sam"}).data.decode()
    )
    sam_id, before = user(loaded, sam).id, user(loaded, sam).password_hash
    with loaded.app_context():
        db.session.add(Membership(classroom_id=two_teachers["b"], user_id=sam_id, removed_at=utcnow()))
        db.session.commit()  # Sam joined B's class, answered there, and B then removed Sam (answers kept)
    refused = reset(client, two_teachers["a"], sam_id)
    assert refused.status_code == 302
    assert "class has them on record" in client.get(refused.location).data.decode()
    assert user(loaded, sam).password_hash == before


def test_a_resets_an_account_her_class_made_while_no_other_class_has_it(loaded, two_teachers, client, auth):
    [(sam, old)] = login_cards(
        client.post(f"/teacher/classes/{two_teachers['a']}/students", data={"names": "Sam"}).data.decode()
    )
    page = reset(client, two_teachers["a"], user(loaded, sam).id)
    assert page.status_code == 200
    [(_, new)] = login_cards(page.data.decode())
    assert new != old and user(loaded, sam).check_password(new)


def test_a_resets_an_account_made_by_joining_her_class(loaded, two_teachers, client, auth):
    auth.logout()
    join(client, two_teachers["code_a"], "Sam")
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    assert reset(client, two_teachers["a"], user(loaded, "sam").id).status_code == 200


def test_a_cannot_reset_an_account_the_student_made_and_brought_to_her_class(loaded, two_teachers, client, auth):
    auth.logout()
    auth.signup("kim")
    client.post("/join", data={"code": two_teachers["code_a"]})
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    before = user(loaded, "kim").password_hash
    assert reset(client, two_teachers["a"], user(loaded, "kim").id).status_code == 302
    assert user(loaded, "kim").password_hash == before


def test_b_cannot_reset_an_account_a_made_even_once_it_is_in_bs_class(loaded, two_teachers, client, auth):
    [(sam, _)] = login_cards(
        client.post(f"/teacher/classes/{two_teachers['a']}/students", data={"names": "Sam"}).data.decode()
    )
    with loaded.app_context():
        db.session.add(Membership(classroom_id=two_teachers["b"], user_id=user(loaded, sam).id))
        db.session.commit()
    auth.logout()
    auth.login("mr-roe", "teacher pass")
    assert reset(client, two_teachers["b"], user(loaded, sam).id).status_code == 302


@pytest.fixture
def student_with_answers(loaded, teacher, client, auth):
    """Sam joins Ms Lee's class, answers her assignment and practises; leaves Sam signed in."""
    class_id, code = create_class(client)
    assign(client, class_id, quiz_id(loaded))
    auth.logout()
    join(client, code, "Sam")
    with loaded.app_context():
        from quizapp.models import Assignment

        assignment = db.session.scalar(select(Assignment.id))
    started = client.post(f"/assignments/{assignment}/start")
    attempt = int(re.search(r"/attempts/(\d+)", started.location).group(1))
    answer(client, attempt, 1, "fact")
    answer(client, attempt, 2, "opinion")
    practice = start_quiz(client)
    answer(client, practice, 1, "speculation")
    return {"class_id": class_id, "assignment": assignment, "attempt": attempt}


def test_download_my_data_as_json(loaded, student_with_answers, client):
    response = client.get("/account/data.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert re.match(r'attachment; filename="sam-data-\d{4}-\d\d-\d\d\.json"', response.headers["Content-Disposition"])
    data = json.loads(response.data)
    assert data["account"]["username"] == "sam" and data["account"]["name"] == "Sam"
    assert [c["class"] for c in data["classes"]] == ["8B English"]
    assert [(a["for"], len(a["answers"])) for a in data["attempts"]] == [("class 8B English", 2), ("practice", 1)]
    first = data["attempts"][0]["answers"][0]
    assert first["passage number"] == 1 and first["your answer"] == "Reported fact" and first["score"] in (0, 1)


def test_download_my_data_as_csv(loaded, student_with_answers, client):
    response = client.get("/account/data.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["quiz", "quiz version", "for"] and len(rows) == 1 + 3
    assert [r[7] for r in rows[1:]] == ["Reported fact", "Opinion", "Speculation"]


def test_download_hides_what_the_assignment_still_hides(loaded, student_with_answers, client):
    from quizapp.models import Assignment

    with loaded.app_context():
        assignment = db.session.get(Assignment, student_with_answers["assignment"])
        assignment.feedback, assignment.due_at = "after_due", utcnow() + timedelta(days=1)
        db.session.commit()
    data = json.loads(client.get("/account/data.json").data)
    hidden = data["attempts"][0]["answers"][0]
    assert hidden["right answer"] == hidden["score"] == "shown later by your teacher"
    assert data["attempts"][1]["answers"][0]["right answer"] != "shown later by your teacher"  # practice shows it


def test_delete_my_account_asks_first(loaded, student_with_answers, client):
    assert "cannot be undone" in client.get("/account/delete").data.decode()
    unticked = client.post("/account/delete", data={"password": "a long password"})
    assert unticked.status_code == 200 and "Tick the box to confirm." in unticked.data.decode()
    wrong = client.post("/account/delete", data={"confirm": "y", "password": "not my password"})
    assert wrong.status_code == 200 and "That is not your password." in wrong.data.decode()
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2


def test_delete_my_account_removes_it_with_its_answers_and_the_teacher_sees_deleted_student(
    loaded, student_with_answers, client, auth
):
    sam_id = user(loaded, "sam").id
    response = client.post("/account/delete", data={"confirm": "y", "password": "a long password"})
    assert response.status_code == 302
    assert "Your account and all your answers are deleted." in client.get("/").data.decode()
    assert client.get("/history").status_code == 302  # signed out
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0
        gone = db.session.get(User, sam_id)
        assert gone.deleted_at is not None and gone.display_name == "deleted student" and gone.password_hash == ""
        assert "sam" not in gone.username.lower()
    assert auth.login("sam", "a long password").status_code == 200  # no such account any more
    auth.signup("sam")  # the name is free again
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    class_id = student_with_answers["class_id"]
    scores = client.get(f"/teacher/classes/{class_id}/scores").data.decode()  # every student's row
    assert "deleted student" in scores and "Sam<" not in scores
    results = client.get(f"/teacher/classes/{class_id}/export/results.csv").data.decode("utf-8-sig")
    assert "deleted student" in results and ",Sam," not in results


def test_a_teacher_with_classes_cannot_delete_her_account(loaded, teacher, client):
    create_class(client)
    response = client.post("/account/delete", data={"confirm": "y", "password": "teacher pass"})
    assert response.status_code == 200 and "still has classes" in response.data.decode()
    with loaded.app_context():
        assert db.session.get(User, teacher).deleted_at is None


def test_the_account_page_shows_the_username_and_every_action(app, client, auth):
    auth.signup("ann")
    page = client.get("/account").data.decode()
    for words in (
        '<strong class="username">ann</strong>',
        "Change my password",
        "Log out everywhere",
        "/account/data.json",
        "/account/data.csv",
        "Delete my account",
    ):
        assert words in page
    assert 'href="/account"' in client.get("/").data.decode()  # in the site's menu


def test_practice_quiz_still_works_for_a_new_account_with_the_old_name(loaded, client, auth):
    auth.signup("sam")
    attempt = start_quiz(client, SEED)
    assert client.get(f"/attempts/{attempt}/passages/1").status_code == 200
