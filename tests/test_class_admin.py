"""Managing a class: rename, archive and bring back, delete with its results, unassign a quiz, the join screen."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Classroom, Membership, Response, User

from .conftest import SEED, answer, assign, create_class, quiz_id


def join(client, code: str, name: str):
    """Join a class as a new student (and stay signed in as them)."""
    return client.post(
        "/join", data={"code": code, "display_name": name, "password": "a long password", "confirm": "a long password"}
    )


def count(app, model) -> int:
    """Return the number of rows of a model."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def busy_class(loaded, teacher, client, auth):
    """Ms Lee's class with the seed quiz assigned, Ann with one answer, and Bo with a practice attempt."""
    class_id, code = create_class(client)
    assign(client, class_id, quiz_id(loaded))
    with loaded.app_context():
        assignment = db.session.scalar(select(Assignment.id))
    auth.logout()
    join(client, code, "Ann")
    attempt = int(re.search(r"/attempts/(\d+)", client.post(f"/assignments/{assignment}/start").location).group(1))
    answer(client, attempt, 1, "fact")
    auth.logout()
    join(client, code, "Bo")
    client.post(f"/quizzes/{SEED}/start")  # practice, outside the class
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    return {"class_id": class_id, "code": code, "assignment": assignment, "attempt": attempt}


def as_student(client, auth, name: str = "ann"):
    """Sign in as one of the class's students."""
    auth.logout()
    auth.login(name, "a long password")


def test_rename(busy_class, client):
    url = f"/teacher/classes/{busy_class['class_id']}/settings"
    assert 'value="8B English"' in client.get(url).data.decode()
    refused = client.post(url, data={"name": ""})
    assert refused.status_code == 200 and "Give the class a name" in refused.data.decode()
    done = client.post(url, data={"name": "  9B English "})
    assert done.status_code == 302
    assert "8B English is now called 9B English." in client.get(done.location).data.decode()
    assert "9B English" in client.get("/teacher/").data.decode()


def test_archive_hides_the_class_and_closes_it_to_students_until_unarchived(loaded, busy_class, client, auth):
    class_id, code = busy_class["class_id"], busy_class["code"]
    done = client.post(f"/teacher/classes/{class_id}/archive")
    assert done.location.endswith("/teacher/")
    home = client.get("/teacher/").data.decode()
    listed, archived = home.split("Archived classes (1)")
    assert ">8B English</a>" not in listed and ">8B English</a>" in archived
    assert "8B English is archived. Its results are kept" in listed
    overview = client.get(f"/teacher/classes/{class_id}").data.decode()
    assert "This class is archived" in overview and "Un-archive 8B English" in overview
    scores = client.get(f"/teacher/classes/{class_id}/scores").data.decode()
    assert ">Ann</a>" in scores and "in progress" in scores  # its results are still there
    as_student(client, auth)
    assert "Assigned to you" not in client.get("/").data.decode()
    refused = client.post(f"/assignments/{busy_class['assignment']}/start")
    assert "Your teacher has closed this class" in client.get(refused.location).data.decode()
    refused = answer(client, busy_class["attempt"], 2, "fact")
    assert "Your teacher has closed this class" in client.get(refused.location).data.decode()
    assert count(loaded, Response) == 1
    auth.logout()
    assert "No class has that code" in join(client, code, "Cy").data.decode()
    auth.login("ms-lee", "teacher pass")
    client.post(f"/teacher/classes/{class_id}/unarchive")
    assert "Archived classes" not in client.get("/teacher/").data.decode()
    as_student(client, auth)
    assert "Assigned to you" in client.get("/").data.decode()
    assert answer(client, busy_class["attempt"], 2, "fact").location.endswith("/passages/2/feedback")


def test_delete_asks_says_what_goes_and_keeps_accounts_and_practice(loaded, busy_class, client, auth):
    class_id = busy_class["class_id"]
    other, _ = create_class(client, "Other class")
    page = " ".join(client.get(f"/teacher/classes/{class_id}/delete").data.decode().split())
    assert "Delete 8B English?" in page
    assert "the places of its 2 students" in page and "its 1 assignment" in page
    body = page[page.index("<h1>") : page.index("</main>")]
    assert "the 1 attempt and 1 answer students gave" in page and "keeps the students' accounts" in page, body
    assert 'aria-describedby="None"' not in page
    refused = client.post(f"/teacher/classes/{class_id}/delete", data={})
    assert refused.status_code == 200 and "Tick the box to confirm." in refused.data.decode()
    assert 'aria-describedby="confirm-error"' in refused.data.decode()
    assert count(loaded, Classroom) == 2 and count(loaded, Attempt) == 2
    done = client.post(f"/teacher/classes/{class_id}/delete", data={"confirm": "y"})
    assert done.location.endswith("/teacher/")
    assert (
        "Deleted 8B English: 2 student place(s), 1 assignment(s), 1 attempt(s) and 1 answer(s)."
        in client.get(done.location).data.decode()
    )
    with loaded.app_context():
        assert db.session.scalars(select(Classroom.id)).all() == [other]
        assert count(loaded, Membership) == 0 and count(loaded, Assignment) == 0 and count(loaded, Response) == 0
        assert db.session.scalars(select(Attempt.assignment_id)).all() == [None]  # Bo's practice
        assert {"ann", "bo"} <= set(db.session.scalars(select(User.username)))
    assert client.get(f"/teacher/classes/{class_id}").status_code == 404


def test_unassign_asks_keeps_the_answers_and_assigning_again_brings_them_back(loaded, busy_class, client, auth):
    class_id, assignment = busy_class["class_id"], busy_class["assignment"]
    url = f"/teacher/classes/{class_id}/assignments/{assignment}/unassign"
    page = " ".join(client.get(url).data.decode().split())
    assert "Unassign Trump and Lukashenko" in page and "The 1 attempt by 1 student and their 1 answer are kept" in page
    assert f'href="{url}"' in client.get(f"/teacher/classes/{class_id}").data.decode()
    done = client.post(url)
    overview = client.get(done.location).data.decode()
    assert "is no longer assigned to 8B English" in overview and "Unassigned quizzes" in overview
    assert "No quiz is assigned yet" in overview
    stats = client.get(f"/teacher/classes/{class_id}/assignments/{assignment}").data.decode()
    assert "Unassigned" in stats and "1 attempt" in stats
    assert count(loaded, Response) == 1
    as_student(client, auth)
    assert "Assigned to you" not in client.get("/").data.decode()
    refused = client.post(f"/assignments/{assignment}/start")
    assert "taken this quiz off your class&#39;s list" in client.get(refused.location).data.decode()
    refused = answer(client, busy_class["attempt"], 2, "fact")
    assert "taken this quiz off your class&#39;s list" in client.get(refused.location).data.decode()
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    assign(client, class_id, quiz_id(loaded))
    with loaded.app_context():
        assert db.session.scalars(select(Assignment.id)).all() == [assignment]  # the same one, with its answers
    overview = client.get(f"/teacher/classes/{class_id}").data.decode()
    assert "Unassigned quizzes" not in overview and "in progress" in overview


def test_the_join_screen_shows_the_address_and_code_large(busy_class, client):
    page = client.get(f"/teacher/classes/{busy_class['class_id']}/join-screen").data.decode()
    code = busy_class["code"]
    assert "Join 8B English" in page and f'{code[:3]}<span class="code-gap"> </span>{code[3:]}' in page
    assert "http://localhost/<wbr>join" in page
    assert 'class="site-header"' not in page  # nothing else on a projected page
    assert "Students cannot open this address." in page  # the test client's localhost is loopback
