"""Mastery practice through the test client: start, answer, progress, the stop rule, what it never touches."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quizapp import catalog, mastery_practice
from quizapp.extensions import db
from quizapp.models import Item, PracticeAnswer, PracticeSession, Response, User

from .conftest import answer, assign, create_class, make_user, quiz_id, start_quiz

SESSION = re.compile(r"/practice/(\d+)")
TOKEN = re.compile(rb'name="csrf_token" value="[^"]*"')


def labels_of(app) -> dict[int, str]:
    """Return item id -> right label of every labelled item of the current quizzes."""
    with app.app_context():
        return {
            item.id: item.checked.label
            for version in catalog.current_versions()
            for item in catalog.version(version.id).items
            if item.kind == "label"
        }


def current_item(app, session_id: int) -> int:
    """Return the id of the item the session asks now."""
    with app.app_context():
        return db.session.get(PracticeSession, session_id).item_id


def start(client, focus: str = "") -> int:
    """Start mastery practice; return the session id."""
    response = client.post("/practice", data={"focus": focus})
    assert response.status_code == 302, response.status_code
    return int(SESSION.search(response.location).group(1))


def practise(app, client, session_id: int, choose, limit: int = 80) -> list[tuple[str, str]]:
    """Answer the session until it ends, choosing with choose(right label); return (right, chosen) per step."""
    labels, asked = labels_of(app), []
    for step in range(1, limit + 1):
        page = client.get(f"/practice/{session_id}")
        if "Practice finished" in page.data.decode():
            return asked
        right = labels[current_item(app, session_id)]
        chosen = choose(right)
        response = client.post(f"/practice/{session_id}/steps/{step}", data={"label": chosen})
        assert response.location.endswith(f"/practice/{session_id}/steps/{step}/feedback")
        asked.append((right, chosen))
    raise AssertionError("practice did not stop")


def test_home_page_offers_practice_and_a_session_stops_after_four_of_five_right(loaded, client, auth):
    auth.signup()
    assert "Practise what I mix up" in client.get("/").data.decode()
    session_id = start(client)
    page = client.get(f"/practice/{session_id}").data.decode()
    assert "Practice question 1" in page and "Your progress" in page
    assert 'name="label"' in page and "Correct!" not in page  # the answer is not in the question page
    asked = practise(loaded, client, session_id, choose=lambda right: right)
    # Nothing known, so every label is a target; all right: four of each, plus a few drawn unseen of a
    # label already done (over 3,000 seeds of the pure draw: 12 to 17 items).
    with loaded.app_context():
        goal = db.session.get(PracticeSession, session_id).goal
    assert set(goal) == {"fact", "opinion", "speculation"}
    assert 12 <= len(asked) <= 20
    done = client.get(f"/practice/{session_id}").data.decode()
    assert "Well done!" in done and done.count("Done: ") == 3  # 4 or 5 of the last 5 right


def test_confusing_speculation_with_fact_practises_speculation_and_shows_progress(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    with loaded.app_context():
        version = catalog.current_version("trump-lukashenko")
        items = list(catalog.version(version.id).items)
    for item in items:
        said = {"speculation": "fact"}.get(item.labels[0], item.labels[0])
        answer(client, attempt, item.position, said)
    results = client.get(f"/attempts/{attempt}/results").data.decode()
    assert "Practise speculation" in results
    response = client.post("/practice", data={"focus": "speculation"})
    session_id = int(SESSION.search(response.location).group(1))
    with loaded.app_context():
        assert db.session.get(PracticeSession, session_id).goal == ["speculation"]
    labels = labels_of(loaded)
    right = labels[current_item(loaded, session_id)]
    client.post(f"/practice/{session_id}/steps/1", data={"label": right})
    feedback = client.get(f"/practice/{session_id}/steps/1/feedback").data.decode()
    assert "Correct!" in feedback and "of your last 5 right" in feedback
    # A replayed answer changes nothing and goes to its feedback.
    again = client.post(f"/practice/{session_id}/steps/1", data={"label": "opinion"})
    assert again.location.endswith(f"/practice/{session_id}/steps/1/feedback")
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(PracticeAnswer)) == 1


def test_practice_never_changes_assignment_scores_class_statistics_or_exports(loaded, client, auth):
    make_user(loaded, "ms-lee", role="teacher", password="teacher pass")
    auth.login("ms-lee", "teacher pass")
    class_id, code = create_class(client)
    assign(client, class_id, quiz_id(loaded))
    auth.logout()
    auth.signup("kim")
    client.post("/join", data={"code": code})
    page = client.get("/").data.decode()
    assignment_id = int(re.search(r"/assignments/(\d+)/start", page).group(1))
    response = client.post(f"/assignments/{assignment_id}/start")
    attempt = int(re.search(r"/attempts/(\d+)", response.location).group(1))
    for position in range(1, 4):
        answer(client, attempt, position, "fact")
    auth.logout()

    def teacher_view() -> list[bytes]:
        """Return the teacher's class pages and exports."""
        auth.login("ms-lee", "teacher pass")
        with loaded.app_context():
            kim = db.session.scalar(select(User.id).where(User.username == "kim"))
        pages = [
            TOKEN.sub(b"", client.get(url).data)  # each page has a fresh CSRF token
            for url in (
                f"/teacher/classes/{class_id}",
                f"/teacher/classes/{class_id}/assignments/{assignment_id}",
                f"/teacher/classes/{class_id}/students/{kim}",
                f"/teacher/classes/{class_id}/export/results.csv",
                f"/teacher/classes/{class_id}/export/responses.csv",
            )
        ]
        auth.logout()
        return pages

    before = teacher_view()
    with loaded.app_context():
        responses = db.session.scalar(select(func.count()).select_from(Response))
    auth.login("kim")
    session_id = start(client)
    practise(loaded, client, session_id, choose=lambda right: "fact")  # wrong on every non-fact item
    auth.logout()
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(PracticeAnswer)) > 4
        assert db.session.scalar(select(func.count()).select_from(Response)) == responses
    assert teacher_view() == before


def test_items_of_quizzes_whose_answers_are_still_hidden_are_never_drawn(loaded, client, auth):
    make_user(loaded, "ms-lee", role="teacher", password="teacher pass")
    auth.login("ms-lee", "teacher pass")
    class_id, _ = create_class(client)
    hidden = quiz_id(loaded)
    assign(client, class_id, hidden, feedback="end")
    auth.logout()
    auth.signup("someone-else")  # in no class at all: the rule is for everyone
    with loaded.app_context():
        user = db.session.scalar(select(User).where(User.username == "someone-else"))
        drawable = mastery_practice.pool(user)
        assert drawable and all(item.version.quiz_id != hidden for item in drawable.values())
        teacher = db.session.scalar(select(User).where(User.username == "ms-lee"))
        assert any(item.version.quiz_id == hidden for item in mastery_practice.pool(teacher).values())
    session_id = start(client)
    asked = practise(loaded, client, session_id, choose=lambda right: right)
    with loaded.app_context():
        drawn = db.session.scalars(select(PracticeAnswer).where(PracticeAnswer.session_id == session_id)).all()
        assert len(drawn) == len(asked)
        assert all(db.session.get(Item, a.item_id).version.quiz_id != hidden for a in drawn)


def test_someone_elses_session_is_not_found(loaded, client, auth):
    auth.signup("ann")
    session_id = start(client)
    auth.logout()
    make_user(loaded, "bo", password="bo password")
    auth.login("bo", "bo password")
    assert client.get(f"/practice/{session_id}").status_code == 404
    assert client.post(f"/practice/{session_id}/steps/1", data={"label": "fact"}).status_code == 404
    assert client.get(f"/practice/{session_id}/steps/1/feedback").status_code == 404


def test_download_my_data_has_the_practice_and_the_challenges(loaded, client, auth):
    import json

    auth.signup()
    session_id = start(client)
    practise(loaded, client, session_id, choose=lambda right: right)
    data = json.loads(client.get("/account/data.json").data)
    (session,) = data["practice"]
    assert session["finished"] and len(session["answers"]) >= 12
    assert all(answer["right"] == answer["given"] for answer in session["answers"])
    assert data["challenges"] == []
