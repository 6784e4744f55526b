"""Classes: join codes, joining, rosters and login cards, removing students, assignments and their rules."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quizapp import codes
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Membership, User, utcnow

from .conftest import SEED, answer, assign, create_class, quiz_id


def join(client, code: str, name: str = "Ann B.", password: str = "a long password"):
    """Join a class as a new student."""
    return client.post("/join", data={"code": code, "display_name": name, "password": password, "confirm": password})


def test_teacher_creates_a_class_with_an_unambiguous_code(teacher, client):
    class_id, code = create_class(client)
    assert len(code) == codes.CODE_LENGTH and set(code) <= set(codes.CODE_ALPHABET)
    assert "8B English" in client.get("/teacher/").data.decode()


@pytest.mark.parametrize(("typed", "expected"), [("abc-def", "ABCDEF"), (" ab cd ef ", "ABCDEF"), ("ABCDEF", "ABCDEF")])
def test_codes_are_read_forgivingly(typed, expected):
    assert codes.normalise_code(typed) == expected


def test_student_joins_with_code_name_and_password(loaded, teacher, client, auth):
    class_id, code = create_class(client)
    auth.logout()
    response = join(client, code.lower(), "Ann B.")
    assert response.status_code == 302
    page = client.get("/").data.decode()
    assert "Your username is ann.b." in page
    auth.logout()
    assert auth.login("ann.b", "a long password").status_code == 302
    with loaded.app_context():
        user = db.session.scalar(select(User).where(User.username == "ann.b"))
        assert user.display_name == "Ann B." and user.role == "student"
        assert db.session.scalar(select(func.count()).select_from(Membership)) == 1


@pytest.mark.parametrize(("data", "message"), [
    ({"code": "ZZZZZZ", "display_name": "Ann", "password": "a long password", "confirm": "a long password"},
     "No class has that code. Check it with your teacher."),
    ({"code": "", "display_name": "Ann", "password": "a long password", "confirm": "a long password"},
     "Type the class code your teacher gave you."),
    ({"code": "CODE", "display_name": "", "password": "a long password", "confirm": "a long password"},
     "Type your name or a nickname your teacher will recognise."),
    ({"code": "CODE", "display_name": "Ann", "password": "short", "confirm": "short"},
     "A password has at least 8 characters."),
])
def test_join_validation(loaded, teacher, client, auth, data, message):
    _, code = create_class(client)
    auth.logout()
    data = {**data, "code": data["code"].replace("CODE", code)}
    response = client.post("/join", data=data)
    assert response.status_code == 200 and message in response.data.decode()


def test_same_name_gets_a_different_username(loaded, teacher, client, auth):
    _, code = create_class(client)
    auth.logout()
    join(client, code, "Sam")
    auth.logout()
    join(client, code, "Sam")
    with loaded.app_context():
        assert sorted(db.session.scalars(select(User.username).where(User.role == "student"))) == ["sam", "sam2"]


def test_signed_in_student_joins_with_just_the_code_once(loaded, teacher, client, auth):
    _, code = create_class(client)
    auth.logout()
    auth.signup("kim")
    for _ in range(2):
        assert client.post("/join", data={"code": code}).status_code == 302
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(Membership)) == 1


def test_new_code_replaces_the_old_one(loaded, teacher, client, auth):
    class_id, old = create_class(client)
    client.post(f"/teacher/classes/{class_id}/code")
    page = client.get(f"/teacher/classes/{class_id}").data.decode()
    new = re.search(r'<code class="join-code">([A-Z0-9]+)</code>', page).group(1)
    assert new != old
    auth.logout()
    assert "No class has that code" in join(client, old).data.decode()
    assert join(client, new).status_code == 302


def roster(client, class_id: int, names: str) -> list[tuple[str, str]]:
    """Paste names into the roster form; return (username, password) pairs from the login cards."""
    response = client.post(f"/teacher/classes/{class_id}/students", data={"names": names})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.data.decode()
    return re.findall(r"<dt>Username</dt><dd><code>([^<]+)</code></dd><dt>Password</dt><dd><code>([^<]+)</code>", page)


def test_roster_creates_accounts_and_login_cards(loaded, teacher, client, auth):
    class_id, _ = create_class(client)
    cards = roster(client, class_id, "Ann Smith\n\n  Bo   Li \nAnn Smith\nJosé Núñez\n")
    assert [u for u, _ in cards] == ["ann.smith", "bo.li", "jose.nunez"]
    auth.logout()
    for username, password in cards:
        assert auth.login(username, password).status_code == 302
        auth.logout()


def test_reset_password_shows_a_new_one_that_works(loaded, teacher, client, auth):
    class_id, _ = create_class(client)
    [(username, old)] = roster(client, class_id, "Ann")
    with loaded.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
    page = client.post(f"/teacher/classes/{class_id}/students/{user_id}/password").data.decode()
    new = re.search(r"<dt>Password</dt><dd><code>([^<]+)</code>", page).group(1)
    assert new != old
    auth.logout()
    assert b"do not match" in auth.login(username, old).data
    assert auth.login(username, new).status_code == 302


def finish(client, attempt_id: int, label: str = "fact", count: int = 27) -> None:
    """Answer every passage of an attempt with one label."""
    for position in range(1, count + 1):
        answer(client, attempt_id, position, label)


def start_assignment(client, assignment_id: int):
    """Post the start button of an assignment."""
    return client.post(f"/assignments/{assignment_id}/start")


def only_assignment(app) -> int:
    """Return the id of the only assignment."""
    with app.app_context():
        return db.session.scalar(select(Assignment.id))


@pytest.fixture
def classroom(loaded, teacher, client, auth):
    """A class with the seed quiz assigned and one joined student, Ann; leaves Ann signed in."""
    class_id, code = create_class(client)
    assign(client, class_id, quiz_id(loaded), max_attempts=2)
    auth.logout()
    join(client, code, "Ann")
    return {"class_id": class_id, "code": code, "assignment": only_assignment(loaded)}


def test_assigned_quizzes_come_first_with_status(classroom, client):
    page = client.get("/").data.decode()
    assert page.index("Assigned to you") < page.index("All quizzes, for practice")
    assert "Not started" in page and "2 attempts left" in page
    attempt = start_assignment(client, classroom["assignment"])
    assert attempt.status_code == 302
    answer(client, 1, 1, "fact")
    assert "In progress" in client.get("/").data.decode()


def test_attempts_limit_is_enforced(loaded, classroom, client):
    for _ in range(2):
        location = start_assignment(client, classroom["assignment"]).location
        finish(client, int(re.search(r"/attempts/(\d+)", location).group(1)))
    page = client.get("/").data.decode()
    assert "0 attempts left" in page and f"/assignments/{classroom['assignment']}/start" not in page
    refused = start_assignment(client, classroom["assignment"])
    assert "You have used all 2 attempt(s)" in client.get(refused.location).data.decode()
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2


def set_assignment(app, assignment_id: int, **values) -> None:
    """Change an assignment's columns directly."""
    with app.app_context():
        row = db.session.get(Assignment, assignment_id)
        for key, value in values.items():
            setattr(row, key, value)
        db.session.commit()


def test_not_open_yet_and_closed(loaded, classroom, client):
    set_assignment(loaded, classroom["assignment"], opens_at=utcnow() + timedelta(days=1))
    assert "not open yet" in client.get(start_assignment(client, classroom["assignment"]).location).data.decode()
    set_assignment(loaded, classroom["assignment"], opens_at=None)
    attempt = int(re.search(r"/attempts/(\d+)", start_assignment(client, classroom["assignment"]).location).group(1))
    answer(client, attempt, 1, "fact")
    set_assignment(loaded, classroom["assignment"], due_at=utcnow() - timedelta(minutes=1))
    refused = answer(client, attempt, 2, "fact")
    assert "its due date has passed" in client.get(refused.location).data.decode()
    with loaded.app_context():
        assert db.session.get(Attempt, attempt) is not None
        from quizapp.models import Response

        assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_feedback_at_the_end_hides_the_key_until_finished(loaded, classroom, client):
    set_assignment(loaded, classroom["assignment"], feedback="end")
    attempt = int(re.search(r"/attempts/(\d+)", start_assignment(client, classroom["assignment"]).location).group(1))
    page = client.get(answer(client, attempt, 1, "fact").location).data.decode()
    assert "Answer recorded" in page and "Correct" not in page and "Not quite" not in page and "Why" not in page
    finish(client, attempt)
    assert "You scored" in client.get(f"/attempts/{attempt}/results").data.decode()


def test_feedback_after_due_date_hides_the_score_until_then(loaded, classroom, client):
    set_assignment(loaded, classroom["assignment"], feedback="after_due", due_at=utcnow() + timedelta(hours=1))
    attempt = int(re.search(r"/attempts/(\d+)", start_assignment(client, classroom["assignment"]).location).group(1))
    finish(client, attempt)
    page = client.get(f"/attempts/{attempt}/results").data.decode()
    assert "Your answers are in" in page and "You scored" not in page
    assert "best score" not in client.get("/").data.decode()
    set_assignment(loaded, classroom["assignment"], due_at=utcnow() - timedelta(minutes=1))
    assert "You scored" in client.get(f"/attempts/{attempt}/results").data.decode()
    assert "Correct" in client.get(f"/attempts/{attempt}/passages/1/feedback").data.decode() or \
        "Not quite" in client.get(f"/attempts/{attempt}/passages/1/feedback").data.decode()


def test_assign_form_validation(loaded, teacher, client):
    class_id, _ = create_class(client)
    response = client.post(f"/teacher/classes/{class_id}/assignments", data={
        "quiz": str(quiz_id(loaded)), "feedback": "after_due"})
    assert "Set a due date to show the answers after it." in response.data.decode()
    response = client.post(f"/teacher/classes/{class_id}/assignments", data={
        "quiz": str(quiz_id(loaded)), "feedback": "each", "opens_at": "2026-12-02T09:00", "due_at": "2026-12-01T09:00"})
    assert "The due date must be after the opening date." in response.data.decode()


def test_removed_student_keeps_answers_until_the_teacher_deletes_them(loaded, classroom, client, auth):
    attempt = int(re.search(r"/attempts/(\d+)", start_assignment(client, classroom["assignment"]).location).group(1))
    answer(client, attempt, 1, "fact")
    with loaded.app_context():
        ann = db.session.scalar(select(User.id).where(User.username == "ann"))
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    base = f"/teacher/classes/{classroom['class_id']}/students/{ann}"
    client.post(f"{base}/remove")
    overview = client.get(f"/teacher/classes/{classroom['class_id']}").data.decode()
    assert "(removed)" in overview and "in progress" in overview
    refused = client.post(f"{base}/delete", data={})
    assert refused.status_code == 200 and "Tick the box to confirm." in refused.data.decode()
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
    assert client.post(f"{base}/delete", data={"confirm": "y"}).status_code == 302
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
        assert db.session.scalar(select(func.count()).select_from(Membership)) == 0
    auth.logout()
    auth.login("ann", "a long password")
    assert "Assigned to you" not in client.get("/").data.decode()


def test_non_member_cannot_start_an_assignment(loaded, classroom, client, auth):
    auth.logout()
    auth.signup("outsider")
    assert start_assignment(client, classroom["assignment"]).status_code == 404


def test_practice_cannot_reveal_an_assignment_whose_answers_come_later(loaded, classroom, client):
    due = utcnow() + timedelta(days=2)
    set_assignment(loaded, classroom["assignment"], feedback="end", due_at=due)
    page = client.get("/").data.decode()
    assert "You can practise this quiz from" in page and f'/quizzes/{SEED}/start"' not in page
    refused = client.post(f"/quizzes/{SEED}/start")
    assert "You can practise this quiz from" in client.get(refused.location).data.decode()
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
    set_assignment(loaded, classroom["assignment"], due_at=utcnow() - timedelta(minutes=1))
    assert "/attempts/" in client.post(f"/quizzes/{SEED}/start").location  # after the due date: practice opens


def test_practice_stays_closed_for_everyone_else_too(loaded, classroom, client, auth):
    """A second, self-made account in no class must not read the key either."""
    set_assignment(loaded, classroom["assignment"], feedback="after_due", due_at=utcnow() + timedelta(days=2))
    auth.logout()
    auth.signup("second-account")
    assert f'/quizzes/{SEED}/start"' not in client.get("/").data.decode()
    refused = client.post(f"/quizzes/{SEED}/start")
    assert refused.status_code == 302 and "/attempts/" not in refused.location
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_with_no_due_date_practice_is_closed_and_the_words_say_so(loaded, classroom, client, auth):
    set_assignment(loaded, classroom["assignment"], feedback="end", due_at=None)
    page = client.get("/").data.decode()
    assert "after the due date" not in page and "You can practise this quiz from" not in page
    assert "Practice opens when their teacher ends the assignment." in page
    refused = client.post(f"/quizzes/{SEED}/start")
    assert "Practice opens when their teacher ends the assignment." in client.get(refused.location).data.decode()


def test_a_practice_attempt_begun_before_the_assignment_cannot_go_on(loaded, classroom, client, auth):
    from .conftest import start_quiz

    auth.logout()
    auth.signup("early-bird")
    attempt = start_quiz(client)
    answer(client, attempt, 1, "fact")
    set_assignment(loaded, classroom["assignment"], feedback="end", due_at=utcnow() + timedelta(days=2))
    refused = answer(client, attempt, 2, "fact")
    assert refused.status_code == 302 and "You can practise this quiz from" in client.get(refused.location).data.decode()
    with loaded.app_context():
        from quizapp.models import Response

        assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_teachers_may_still_try_the_quiz(loaded, classroom, client, auth):
    set_assignment(loaded, classroom["assignment"], feedback="end", due_at=None)
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    page = client.get("/").data.decode()
    assert "Closed to students' practice while it is assigned" in page
    assert "/attempts/" in client.post(f"/quizzes/{SEED}/start").location


def test_history_hides_what_the_feedback_rule_hides(loaded, classroom, client):
    set_assignment(loaded, classroom["assignment"], feedback="after_due", due_at=utcnow() + timedelta(hours=1))
    attempt = int(re.search(r"/attempts/(\d+)", start_assignment(client, classroom["assignment"]).location).group(1))
    answer(client, attempt, 1, "fact")
    page = client.get("/history").data.decode()
    assert "your teacher shows the results later" in page and "(1/1)" not in page and "(0/1)" not in page


def test_a_double_start_leaves_one_unfinished_attempt(loaded, classroom, client):
    from quizapp import attempts as attempts_module
    from quizapp.models import QuizVersion

    first = int(re.search(r"/attempts/(\d+)", start_assignment(client, classroom["assignment"]).location).group(1))
    with loaded.app_context():
        assignment = db.session.get(Assignment, classroom["assignment"])
        version = db.session.scalar(select(QuizVersion).where(QuizVersion.quiz_id == assignment.quiz_id))
        racer = Attempt(user_id=db.session.get(Attempt, first).user_id, version_id=version.id,
                        assignment_id=assignment.id)  # what a second, simultaneous Start inserts
        kept = attempts_module._add_single(racer, assignment.quiz_id)
        assert kept.id == first
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_results_try_again_stays_in_the_assignment(loaded, classroom, client):
    attempt = int(re.search(r"/attempts/(\d+)", start_assignment(client, classroom["assignment"]).location).group(1))
    finish(client, attempt)
    page = client.get(f"/attempts/{attempt}/results").data.decode()
    assert f'action="/assignments/{classroom["assignment"]}/start"' in page


def test_removed_student_cannot_go_on_answering(loaded, classroom, client, auth):
    attempt = int(re.search(r"/attempts/(\d+)", start_assignment(client, classroom["assignment"]).location).group(1))
    answer(client, attempt, 1, "fact")
    with loaded.app_context():
        db.session.scalar(select(Membership)).removed_at = utcnow()
        db.session.commit()
    refused = answer(client, attempt, 2, "fact")
    assert "no longer in this class" in client.get(refused.location).data.decode()
    with loaded.app_context():
        from quizapp.models import Response

        assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_password_reset_only_for_students_in_this_teachers_classes_alone(loaded, classroom, client, auth):
    from .conftest import make_user

    make_user(loaded, "mr-roe", role="teacher", password="teacher pass")
    auth.logout()
    auth.login("mr-roe", "teacher pass")
    _, other_code = create_class(client, "Other class")
    auth.logout()
    auth.login("ann", "a long password")
    client.post("/join", data={"code": other_code})
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    with loaded.app_context():
        ann = db.session.scalar(select(User).where(User.username == "ann"))
        ann_id, before = ann.id, ann.password_hash
    refused = client.post(f"/teacher/classes/{classroom['class_id']}/students/{ann_id}/password")
    assert refused.status_code == 302
    assert "class has them on record" in client.get(refused.location).data.decode()
    with loaded.app_context():
        assert db.session.get(User, ann_id).password_hash == before
