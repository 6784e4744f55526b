"""Sessions end when they should: a cookie copied before logout, a password change or reset, a role change."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Classroom, User

from .conftest import create_class, login_cards, make_user


def copy_session(client) -> str:
    """Return the session cookie's value, as an attacker who saw it would keep it."""
    return client.get_cookie("session").value


def replay(app, value: str):
    """Return a new client (another computer) carrying a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief


def test_a_cookie_copied_before_logout_is_refused_after_it(app, client, auth):
    auth.signup("ann", "a long password")
    copied = copy_session(client)
    assert replay(app, copied).get("/history").status_code == 200  # a live session works from anywhere
    auth.logout()
    refused = replay(app, copied).get("/history")
    assert refused.status_code == 302 and "/login" in refused.location


def test_a_teachers_replayed_cookie_neither_exports_nor_creates(loaded, teacher, client, auth):
    class_id, _ = create_class(client)
    copied = copy_session(client)
    auth.logout()
    thief = replay(loaded, copied)
    assert thief.get(f"/teacher/classes/{class_id}/export/results.csv").status_code == 302
    assert thief.post("/teacher/", data={"name": "Planted"}).status_code == 302
    with loaded.app_context():
        assert db.session.scalar(select(func.count()).select_from(Classroom)) == 1


def test_logging_out_ends_only_this_browser(app, auth, client):
    auth.signup("ann", "a long password")
    laptop = app.test_client()
    laptop.post("/login", data={"username": "ann", "password": "a long password"})
    auth.logout()
    assert laptop.get("/history").status_code == 200


def test_log_out_everywhere_ends_every_browser(app, auth, client):
    auth.signup("ann", "a long password")
    laptop = app.test_client()
    laptop.post("/login", data={"username": "ann", "password": "a long password"})
    copied = copy_session(laptop)
    response = client.post("/account/logout-everywhere")
    assert response.status_code == 302
    assert "logged out everywhere" in client.get("/").data.decode()
    assert laptop.get("/history").status_code == 302 and client.get("/history").status_code == 302
    assert replay(app, copied).get("/history").status_code == 302


def test_changing_the_password_keeps_this_browser_and_ends_the_others(app, auth, client):
    auth.signup("ann", "a long password")
    laptop = app.test_client()
    laptop.post("/login", data={"username": "ann", "password": "a long password"})
    response = client.post(
        "/account/password",
        data={"current": "a long password", "password": "another long one", "confirm": "another long one"},
    )
    assert response.status_code == 302
    assert client.get("/history").status_code == 200
    assert laptop.get("/history").status_code == 302


def test_a_teachers_reset_ends_the_students_sessions(loaded, teacher, client, auth):
    class_id, _ = create_class(client)
    page = client.post(f"/teacher/classes/{class_id}/students", data={"names": "Sam"}).data.decode()
    [(username, password)] = login_cards(page)
    student = loaded.test_client()
    student.post("/login", data={"username": username, "password": password})
    assert student.get("/history").status_code == 200
    with loaded.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
    assert client.post(f"/teacher/classes/{class_id}/students/{user_id}/password").status_code == 200
    assert student.get("/history").status_code == 302


def test_a_role_change_ends_the_accounts_sessions(app, client, auth, runner):
    auth.signup("kim", "a long password")
    result = runner.invoke(args=["create-teacher", "kim", "--password", "a teachers password"])
    assert result.exit_code == 0, result.output
    assert client.get("/history").status_code == 302  # the student session of before is over
    auth.login("kim", "a teachers password")
    assert client.get("/teacher/").status_code == 200


def test_a_cookie_of_the_old_kind_is_refused(app, client, auth):
    user_id = make_user(app, "ann")
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)  # what the cookie held before sessions were stored
        session["_fresh"] = True
    assert client.get("/history").status_code == 302


def test_a_session_older_than_the_limit_is_refused(app, client, auth, monkeypatch):
    from datetime import timedelta

    from quizapp import sessions

    auth.signup("ann", "a long password")
    later = sessions.now() + timedelta(days=app.config["SESSION_DAYS"], seconds=1)
    monkeypatch.setattr(sessions, "now", lambda: later)
    assert client.get("/history").status_code == 302


def test_the_database_keeps_no_session_token(app, client, auth):
    from quizapp.sessions import UserSession

    auth.signup("ann", "a long password")
    with client.session_transaction() as session:
        token = session["_user_id"]
    with app.app_context():
        stored = db.session.scalar(select(UserSession.token_digest))
    assert token not in stored and len(stored) == 64
