"""Classes: join codes, joining, rosters and login cards, removing students, assignments and their rules."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quizapp.core import codes
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Membership, User, utcnow

from .conftest import SEED, answer, assign, create_class, quiz_id, seed_item_count


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


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"code": "ZZZZZZ", "display_name": "Ann", "password": "a long password", "confirm": "a long password"},
            "No class has that code. Check it with your teacher.",
        ),
        (
            {"code": "", "display_name": "Ann", "password": "a long password", "confirm": "a long password"},
            "Type the class code your teacher gave you.",
        ),
        (
            {"code": "CODE", "display_name": "", "password": "a long password", "confirm": "a long password"},
            "Type your name or a nickname your teacher will recognise.",
        ),
        (
            {"code": "CODE", "display_name": "Ann", "password": "short", "confirm": "short"},
            "A password has at least 8 characters.",
        ),
    ],
)
def test_join_validation(loaded, teacher, client, auth, data, message):
    _, code = create_class(client)
    auth.logout()
    data = {**data, "code": data["code"].replace("CODE", code)}
    response = client.post("/join", data=data)
    assert response.status_code == 200 and message in response.data.decode()


def students_in_database(app) -> list[str]:
    """Return every student's username, sorted."""
    with app.app_context():
        return sorted(db.session.scalars(select(User.username).where(User.role == "student")))


@pytest.mark.parametrize("again", ["Sam T.", "sam t.", "  SAM   T. "])
def test_joining_again_with_the_same_name_asks_before_making_an_account(loaded, teacher, client, auth, again):
    _, code = create_class(client)
    auth.logout()
    join(client, code, "Sam T.")
    auth.logout()
    refused = join(client, code, again)
    page = refused.data.decode()
    assert refused.status_code == 200
    assert "Someone called" in page and "is in 8B English already" in page and "log in with your username" in page
    assert 'name="different_person"' in page
    assert students_in_database(loaded) == ["sam.t"]  # nothing made yet
    response = client.post(
        "/join",
        data={
            "code": code,
            "display_name": again,
            "password": "a long password",
            "confirm": "a long password",
            "different_person": "y",
        },
    )
    assert response.status_code == 302
    assert students_in_database(loaded) == ["sam.t", "sam.t2"]


def test_a_removed_student_of_the_same_name_does_not_stop_a_join(loaded, teacher, client, auth):
    class_id, code = create_class(client)
    [(username, _)] = roster(client, class_id, "Sam")
    with loaded.app_context():
        sam = db.session.scalar(select(User.id).where(User.username == username))
    client.post(f"/teacher/classes/{class_id}/students/{sam}/remove")
    auth.logout()
    assert join(client, code, "Sam").status_code == 302
    assert students_in_database(loaded) == ["sam", "sam2"]


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


def card_values(page: str) -> list[tuple[str, str]]:
    """Return (username, password) pairs from a page of login cards."""
    page = page.replace("<wbr>", "")
    return re.findall(
        r"<dt>Username</dt><dd><code>([^<]+)</code></dd>\s*<dt>Password</dt><dd><code>([^<]+)</code>", page
    )


def roster(client, class_id: int, names: str) -> list[tuple[str, str]]:
    """Paste names into the roster form; return (username, password) pairs from the login cards."""
    response = client.post(f"/teacher/classes/{class_id}/students", data={"names": names})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", response.data[:3000]
    return card_values(response.data.decode())


def test_roster_creates_accounts_and_login_cards(loaded, teacher, client, auth):
    class_id, _ = create_class(client)
    cards = roster(client, class_id, "Ann Smith\n\n  Bo   Li \nJosé Núñez\n")
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
    new = card_values(page)[0][1]
    assert new != old
    auth.logout()
    assert b"do not match" in auth.login(username, old).data
    assert auth.login(username, new).status_code == 302


def finish(client, attempt_id: int, label: str = "fact", count: int | None = None) -> None:
    """Answer every passage of an attempt with one label."""
    for position in range(1, (count or seed_item_count()) + 1):
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
    assert "You have used all 2 attempts" in client.get(refused.location).data.decode()
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
    # No page per answer: straight on to the next passage, which says the answer was saved.
    response = answer(client, attempt, 1, "fact")
    assert response.location.endswith(f"/attempts/{attempt}/passages/2#current")
    page = client.get(response.location).data.decode()
    assert "Your answer to passage 1 is saved: Reported fact." in page and f"Passage 2 of {seed_item_count()}" in page
    assert "shows the right answers when you finish" in page
    assert "Correct" not in page and "Not quite" not in page and "Why" not in page
    page = client.get(f"/attempts/{attempt}/passages/1/feedback").data.decode()  # the back button, say
    assert "Answer recorded" in page and "Correct" not in page and "Not quite" not in page and "Why" not in page
    assert f'href="/attempts/{attempt}">Go on with the quiz' in page  # to passage 2, not to each answered page
    finish(client, attempt)
    assert "You got <strong>" in client.get(f"/attempts/{attempt}/results").data.decode()


def test_feedback_after_due_date_hides_the_score_until_then(loaded, classroom, client):
    set_assignment(loaded, classroom["assignment"], feedback="after_due", due_at=utcnow() + timedelta(hours=1))
    attempt = int(re.search(r"/attempts/(\d+)", start_assignment(client, classroom["assignment"]).location).group(1))
    finish(client, attempt)
    page = client.get(f"/attempts/{attempt}/results").data.decode()
    assert "Your answers are in" in page and "You got <strong>" not in page
    assert "best score" not in client.get("/").data.decode()
    set_assignment(loaded, classroom["assignment"], due_at=utcnow() - timedelta(minutes=1))
    assert "You got <strong>" in client.get(f"/attempts/{attempt}/results").data.decode()
    assert (
        "Correct" in client.get(f"/attempts/{attempt}/passages/1/feedback").data.decode()
        or "Not quite" in client.get(f"/attempts/{attempt}/passages/1/feedback").data.decode()
    )


def test_assign_form_validation(loaded, teacher, client):
    class_id, _ = create_class(client)
    response = client.post(
        f"/teacher/classes/{class_id}/assignments", data={"quiz": str(quiz_id(loaded)), "feedback": "after_due"}
    )
    assert "Set a due date to show the answers after it." in response.data.decode()
    response = client.post(
        f"/teacher/classes/{class_id}/assignments",
        data={
            "quiz": str(quiz_id(loaded)),
            "feedback": "each",
            "opens_at": "2026-12-02T09:00",
            "due_at": "2026-12-01T09:00",
        },
    )
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
    overview = client.get(f"/teacher/classes/{classroom['class_id']}/scores").data.decode()
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
    assert (
        refused.status_code == 302 and "You can practise this quiz from" in client.get(refused.location).data.decode()
    )
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
        racer = Attempt(
            user_id=db.session.get(Attempt, first).user_id, version_id=version.id, assignment_id=assignment.id
        )  # what a second, simultaneous Start inserts
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


def check_page(client, class_id: int, names: str):
    """Paste names that need a check; return the confirmation page's response."""
    response = client.post(f"/teacher/classes/{class_id}/students", data={"names": names})
    assert response.status_code == 200 and "Check these names first" in response.data.decode(), response.data[:2000]
    return response


def confirm(client, class_id: int, page: str, **counts: int):
    """Post the confirmation form of page, choosing counts per name (by legend) and defaults elsewhere."""
    names = re.search(r'name="names" type="hidden" value="([^"]*)"', page).group(1)
    import html

    data = {"names": html.unescape(names)}
    for legend, field in re.findall(r'<legend>([^<]+)</legend>.*?name="(n[0-9a-f]{16})"', page, re.DOTALL):
        chosen = counts.get(legend)
        if chosen is None:
            chosen = re.search(rf'name="{field}" type="radio" value="(\d+)" checked', page) or re.search(
                rf'checked[^>]*name="{field}"[^>]*value="(\d+)"', page
            )
            chosen = chosen.group(1)
        data[field] = str(chosen)
    return client.post(f"/teacher/classes/{class_id}/students/confirm", data=data)


def students_of(app, class_id: int) -> list[str]:
    """Return the usernames of a class's members, sorted."""
    with app.app_context():
        return sorted(
            db.session.scalars(
                select(User.username)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.classroom_id == class_id)
            )
        )


def test_a_repeated_name_is_checked_before_any_account_is_made(loaded, teacher, client):
    class_id, _ = create_class(client)
    page = check_page(client, class_id, "Ann B.\nBo\nann  b.\n").data.decode()
    assert "This name is in your list 2 times." in page and "No account has been made yet." in page
    assert "<p>Bo gets one account too.</p>" in page
    assert students_of(loaded, class_id) == []
    cards = card_values(confirm(client, class_id, page).data.decode())  # the default: one account
    assert [u for u, _ in cards] == ["ann.b", "bo"]


def test_two_students_of_the_same_name_get_two_accounts_when_the_teacher_says_so(loaded, teacher, client):
    class_id, _ = create_class(client)
    page = check_page(client, class_id, "Ann B.\nAnn B.").data.decode()
    cards = card_values(confirm(client, class_id, page, **{"Ann B.": 2}).data.decode())
    assert [u for u, _ in cards] == ["ann.b", "ann.b2"]
    roster_page = client.get(f"/teacher/classes/{class_id}/students").data.decode()
    assert roster_page.count("<code>ann.b</code>") == 1 and roster_page.count("<code>ann.b2</code>") == 1


def test_a_name_already_in_the_class_is_skipped_unless_the_teacher_adds_another(loaded, teacher, client):
    class_id, _ = create_class(client)
    roster(client, class_id, "Kai")
    page = check_page(client, class_id, "Kai\nLea").data.decode()
    assert "is in this class already" in page and "<code>kai</code>" in page
    assert re.search(r'checked[^>]*value="0"|value="0"[^>]*checked', page)  # the safe default: no new account
    cards = card_values(confirm(client, class_id, page).data.decode())
    assert [u for u, _ in cards] == ["lea"]
    page = check_page(client, class_id, "Kai").data.decode()
    skipped = confirm(client, class_id, page)
    assert skipped.status_code == 302
    assert "No accounts were made" in client.get(skipped.location).data.decode()
    page = check_page(client, class_id, "Kai").data.decode()
    assert [u for u, _ in card_values(confirm(client, class_id, page, Kai=1).data.decode())] == ["kai2"]
    assert students_of(loaded, class_id) == ["kai", "kai2", "lea"]


def test_a_username_taken_outside_the_class_is_said_before_it_gets_a_number(loaded, teacher, client):
    from .conftest import make_user

    make_user(loaded, "kai")  # a student of the school, in no class of Ms Lee's
    class_id, _ = create_class(client)
    page = check_page(client, class_id, "Kai").data.decode()
    assert "belongs to an account outside this class" in page and "join with the class code" in page
    assert [u for u, _ in card_values(confirm(client, class_id, page).data.decode())] == ["kai2"]


def test_a_name_that_needs_a_check_since_the_first_step_is_checked_again(loaded, teacher, client, auth):
    class_id, code = create_class(client)
    page = check_page(client, class_id, "Ann\nAnn\nZed").data.decode()
    auth.logout()
    join(client, code, "Zed")  # joins while the teacher reads the check
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    again = confirm(client, class_id, page)
    text = again.data.decode()
    assert again.status_code == 200 and "Choose how many accounts to make for Zed." in text
    assert students_of(loaded, class_id) == ["zed"]


def test_change_the_list_goes_back_to_the_names_and_a_tampered_list_is_refused(loaded, teacher, client):
    class_id, _ = create_class(client)
    page = check_page(client, class_id, "Ann\nAnn").data.decode()
    names = re.search(r'name="names" type="hidden" value="([^"]*)"', page).group(1)
    import html

    back = client.post(
        f"/teacher/classes/{class_id}/students/confirm", data={"names": html.unescape(names), "edit": "Change the list"}
    ).data.decode()
    assert "Ann\nAnn</textarea>" in back and students_of(loaded, class_id) == []
    for tampered in ("not json", "[]", '{"a": 1}', '["' + "x" * 61 + '"]'):
        response = client.post(f"/teacher/classes/{class_id}/students/confirm", data={"names": tampered})
        assert response.status_code == 400, tampered


def test_make_a_new_code_asks_first_and_says_what_it_does(loaded, teacher, client):
    class_id, code = create_class(client)
    page = client.get(f"/teacher/classes/{class_id}/code").data.decode()
    assert "Make a new join code for 8B English?" in page and code in page
    assert "stops working at once" in page and "Students who have joined already stay in the class" in page
    assert create_code(client, class_id) == code  # looking changed nothing
    overview = client.get(f"/teacher/classes/{class_id}").data.decode()
    assert (
        f'href="/teacher/classes/{class_id}/code"' in overview
        and f'action="/teacher/classes/{class_id}/code"' not in overview
    )  # the overview links to the question; it has no one-click button


def create_code(client, class_id: int) -> str:
    """Return the class's join code as its overview shows it."""
    page = client.get(f"/teacher/classes/{class_id}").data.decode()
    return re.search(r'<code class="join-code">([A-Z0-9]+)</code>', page).group(1)


def test_remove_from_class_asks_first_and_says_what_it_does(loaded, classroom, client, auth):
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    with loaded.app_context():
        ann = db.session.scalar(select(User.id).where(User.username == "ann"))
    url = f"/teacher/classes/{classroom['class_id']}/students/{ann}/remove"
    page = client.get(url).data.decode()
    assert "Remove Ann from 8B English?" in page and "<code>ann</code>" in page
    assert "Their answers stay in your results" in page
    with loaded.app_context():
        assert db.session.scalar(select(Membership.removed_at)) is None
    students_page = client.get(f"/teacher/classes/{classroom['class_id']}/students").data.decode()
    assert f'href="{url}"' in students_page and f'action="{url}"' not in students_page
    done = client.post(url)
    assert done.status_code == 302
    assert "Ann (ann) is removed from the class." in client.get(done.location).data.decode()
    with loaded.app_context():
        assert db.session.scalar(select(Membership.removed_at)) is not None
    assert "was removed from the class already" in client.get(client.get(url).location).data.decode()


def test_names_are_sorted_ignoring_case_and_accents(loaded, teacher, client):
    class_id, _ = create_class(client)
    roster(client, class_id, "bob\nZoë\nÉmile\nann\nCarl")
    page = client.get(f"/teacher/classes/{class_id}/students").data.decode()
    shown = re.findall(r'/students/\d+">([^<]+)</a>', page)
    assert shown == ["ann", "bob", "Carl", "Émile", "Zoë"]


def test_the_name_check_shows_pasted_markup_as_text(loaded, teacher, client):
    class_id, _ = create_class(client)
    payload = '"><script>alert(1)</script>'
    page = check_page(client, class_id, f"{payload}\n{payload}").data.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    cards = confirm(client, class_id, page).data.decode()
    assert "<script>alert(1)</script>" not in cards and 'class="card"' in cards
