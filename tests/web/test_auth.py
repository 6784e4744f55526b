"""Accounts: sign up, log in, log out; passwords hashed; teachers made on the command line."""

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import STUDENT, TEACHER, User


def test_signup_creates_a_student_with_a_hashed_password(app, client, auth):
    response = auth.signup("ann", "a long password")
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ann"))
        assert user.role == STUDENT
        assert "a long password" not in user.password_hash and user.check_password("a long password")
    assert b"ann" in client.get("/").data


@pytest.mark.parametrize(
    ("username", "password", "confirm", "message"),
    [
        ("", "a long password", "a long password", b"Choose a username."),
        ("ab", "a long password", "a long password", b"A username has 3 to 40 characters."),
        ("bad name!", "a long password", "a long password", b"Use only letters, digits, dots, dashes and underscores."),
        ("ann", "short", "short", b"A password has at least 8 characters."),
        ("ann", "a long password", "another password", b"The two passwords are not the same."),
    ],
)
def test_signup_validation(client, username, password, confirm, message):
    response = client.post("/signup", data={"username": username, "password": password, "confirm": confirm})
    assert response.status_code == 200 and message in response.data


def test_signup_refuses_a_taken_username(client, auth):
    auth.signup("ann")
    auth.logout()
    response = auth.signup("ann")
    assert response.status_code == 200 and b"That username is taken" in response.data


def test_login_says_the_same_for_unknown_user_and_wrong_password(client, auth):
    auth.signup("ann", "a long password")
    auth.logout()
    wrong = auth.login("ann", "wrong password")
    unknown = auth.login("nobody", "wrong password")
    message = b"That username and password do not match an account."
    assert message in wrong.data and message in unknown.data


def test_login_and_logout(client, auth):
    auth.signup("ann", "a long password")
    auth.logout()
    assert client.get("/history").status_code == 302
    assert auth.login("ann", "a long password").status_code == 302
    assert client.get("/history").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/history").status_code == 302


def test_login_renews_the_session(client, auth):
    auth.signup("ann", "a long password")
    auth.logout()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login("ann", "a long password")
    with client.session_transaction() as session:
        assert "planted" not in session


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/history", "/history"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
    ],
)
def test_login_redirects_only_within_the_site(client, auth, next_url, location):
    auth.signup("ann", "a long password")
    auth.logout()
    response = client.post(f"/login?next={next_url}", data={"username": "ann", "password": "a long password"})
    assert response.location == location


def test_create_teacher_command(app, runner):
    result = runner.invoke(args=["create-teacher", "ms-lee", "--password", "teacher pass"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ms-lee"))
        assert user.role == TEACHER and user.check_password("teacher pass")


def test_create_teacher_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-teacher", "ms-lee", "--password", "short"])
    assert result.exit_code != 0 and "at least 8 characters" in result.output
