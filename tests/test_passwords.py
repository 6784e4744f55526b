"""The one password rule and the one username rule, and every form that sets a password using them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.core import codes, passwords, usernames
from quizapp.extensions import db
from quizapp.models import User

from .conftest import create_class

COMMON = "That password is one of the most common ones"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", COMMON),
        ("Password", COMMON),
        ("PASSWORD1", COMMON),
        ("12345678", COMMON),
        ("iloveyou", COMMON),
        ("qwertyuiop", COMMON),
        ("Fact Or Opinion", COMMON),  # this app's own name
        ("ｐａｓｓｗｏｒｄ", COMMON),  # full-width letters are 'password' after NFKC
        (" " * 8, "only spaces or invisible characters"),
        ("\u200b" * 8, "only spaces or invisible characters"),  # zero-width spaces
        ("\u00a0\u2003\u3000\t" * 2, "only spaces or invisible characters"),
        ("\ufeff\u2060" * 4, "only spaces or invisible characters"),
        ("short", "at least 8 characters"),
        ("seven77", "at least 8 characters"),
        ("", "only spaces or invisible characters"),
        ("x" * 201, "at most 200 characters"),
        ("aaaaaaaa", "too easy to guess"),
        ("abcdefgh", "too easy to guess"),
        ("87654321", "too easy to guess"),
        ("zyxwvuts", "too easy to guess"),
    ],
)
def test_refused(password, message):
    assert message in (passwords.problem(password) or "")


@pytest.mark.parametrize(
    "password",
    [
        "correct horse",
        "a long password",
        "otter-tulip-10",
        "Mi contraseña 7",
        "пароль ученика",
        "猫が好きな生徒です",
        "😀 happy cat 😀",
        "tr0ub4dor&3x",
        "\ufb01\ufb02\ufb01\ufb02",  # four ligatures: eight letters after NFKC
    ],
)
def test_accepted_with_no_composition_rules(password):
    assert passwords.problem(password) is None


def test_the_password_cannot_be_the_username():
    assert "cannot be your username" in passwords.problem("ann.smith99", "Ann.Smith99")


def test_generated_passwords_pass_the_rule():
    assert all(passwords.problem(codes.memorable_password()) is None for _ in range(200))


def test_the_shipped_list_has_its_source_and_licence_and_is_large():
    header = passwords.COMMON_FILE.read_text(encoding="utf-8").split("\n", 40)
    text = "\n".join(header)
    assert "zxcvbn" in text and "MIT License" in text and "Copyright (c) 2016 Daniel Wolf" in text
    assert len(passwords.common_passwords()) > 11_000


def test_a_password_typed_in_another_unicode_form_still_logs_in(app, client, auth):
    decomposed, composed = "cafe\u0301 au lait", "caf\u00e9 au lait"  # é as e + accent, and as one letter
    auth.signup("ann", decomposed)
    auth.logout()
    assert auth.login("ann", composed).status_code == 302


def test_a_hash_made_before_normalising_still_logs_in(app, client, auth):
    from werkzeug.security import generate_password_hash

    with app.app_context():
        db.session.add(User(username="old", password_hash=generate_password_hash("ｆｕｌｌ ｗｉｄｔｈ ｏｋ")))
        db.session.commit()
    assert auth.login("old", "ｆｕｌｌ ｗｉｄｔｈ ｏｋ").status_code == 302


@pytest.mark.parametrize(
    ("typed", "key"), [("TeacherA", "teachera"), ("ＴｅａｃｈｅｒＡ", "teachera"), ("straße", "strasse")]
)
def test_username_keys(typed, key):
    assert usernames.key(typed) == key


def signup(client, username: str, password: str = "a long password"):
    """Post the sign-up form."""
    return client.post("/signup", data={"username": username, "password": password, "confirm": password})


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", COMMON),
        ("12345678", COMMON),
        (" " * 8, "only spaces"),
        ("\u200b" * 8, "only spaces"),
        ("newstudent", "cannot be your username"),
    ],
)
def test_signup_refuses_weak_passwords(app, client, password, message):
    response = signup(client, "newstudent", password)
    assert response.status_code == 200 and message in response.data.decode()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("second", ["teachera", "teacherA", "TEACHERA", "ＴｅａｃｈｅｒＡ"])
def test_usernames_are_unique_ignoring_case(app, client, auth, second):
    assert signup(client, "TeacherA").status_code == 302
    auth.logout()
    response = signup(client, second)
    assert response.status_code == 200 and "That username is taken" in response.data.decode()
    assert auth.login(second, "a long password").status_code == 302  # any case logs in to the one account


def test_a_full_width_username_is_stored_as_plain_letters(app, client):
    assert signup(client, "ＡｎｎＢ").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.username)) == "AnnB"


def test_the_database_refuses_a_second_name_in_another_case(app):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        db.session.add(User(username="Kim", password_hash="x"))
        db.session.commit()
        db.session.add(User(username="kim", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_join_refuses_weak_passwords(loaded, teacher, client, auth):
    _, code = create_class(client)
    auth.logout()
    response = client.post(
        "/join", data={"code": code, "display_name": "Sam", "password": "password", "confirm": "password"}
    )
    assert response.status_code == 200 and COMMON in response.data.decode()


def test_joining_names_never_clash_in_another_case(loaded, teacher, client, auth):
    _, code = create_class(client)
    auth.logout()
    signup(client, "Sam")
    auth.logout()
    client.post(
        "/join", data={"code": code, "display_name": "sam", "password": "a long password", "confirm": "a long password"}
    )
    with loaded.app_context():
        assert sorted(db.session.scalars(select(User.username))) == ["Sam", "ms-lee", "sam2"]


def test_change_password_refuses_weak_passwords_and_a_wrong_current_one(app, client, auth):
    auth.signup("ann", "a long password")
    weak = client.post(
        "/account/password", data={"current": "a long password", "password": "12345678", "confirm": "12345678"}
    )
    assert weak.status_code == 200 and COMMON in weak.data.decode()
    wrong = client.post(
        "/account/password",
        data={"current": "not it at all", "password": "a fine new one", "confirm": "a fine new one"},
    )
    assert wrong.status_code == 200 and "That is not your current password." in wrong.data.decode()
    with app.app_context():
        assert db.session.scalar(select(User)).check_password("a long password")


def test_the_rule_is_stated_before_the_password_field(client):
    page = client.get("/signup").data.decode()
    hint = page.index("At least 8 characters")
    assert page.index('for="password"') < hint < page.index('id="password"')
    assert re.search(
        r'id="password"[^>]*aria-describedby="password-hint"|aria-describedby="password-hint"[^>]*id="password"', page
    )
