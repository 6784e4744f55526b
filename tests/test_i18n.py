"""Languages: the choice of a page's language, the menu that saves it, numbers and dates per language."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from quizapp import create_app, i18n
from quizapp.extensions import db
from quizapp.models import User

from .conftest import QUESTIONS, make_user


def page_language(response) -> str:
    """Return the lang attribute of a page's html element."""
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


# (saved preference, cookie, Accept-Language, LANGUAGE setting) -> the page's language
NEGOTIATION = [
    (None, None, None, "en", "en"),
    (None, None, None, "es", "es"),
    (None, None, None, "xx", "en"),  # an unknown setting falls back to English
    (None, None, "es-MX,es;q=0.9,en;q=0.5", "en", "es"),
    (None, None, "fr-FR,fr;q=0.9", "es", "es"),  # no language the app has: the setting
    (None, None, "fr-FR,en;q=0.5,es;q=0.4", "es", "en"),
    (None, "es", "en-GB,en", "en", "es"),  # the menu's cookie beats the browser
    (None, "zz", "es", "en", "es"),  # an unknown cookie is ignored
    ("es", None, "en", "en", "es"),  # the saved choice beats the browser
    ("en", "es", "es", "es", "en"),  # ... and the cookie and the setting
    ("zz", None, "es", "en", "es"),
]


@pytest.mark.parametrize(("saved", "cookie", "header", "setting", "expected"), NEGOTIATION)
def test_the_page_language_is_saved_choice_then_cookie_then_header_then_setting(
    database_url, saved, cookie, header, setting, expected
):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "QUESTIONS_DIR": str(QUESTIONS),
            "WTF_CSRF_ENABLED": False,
            "LANGUAGE": setting,
        }
    )
    with app.app_context():
        db.create_all()
    client = app.test_client()
    if saved:
        user_id = make_user(app, "ana")
        with app.app_context():
            db.session.get(User, user_id).language = saved
            db.session.commit()
        client.post("/login", data={"username": "ana", "password": "correct horse"})
    if cookie:
        client.set_cookie(i18n.COOKIE, cookie)
    headers = {"Accept-Language": header} if header else {}
    assert page_language(client.get("/", headers=headers)) == expected
    with app.app_context():
        db.engine.dispose()


def test_the_menu_saves_an_anonymous_choice_in_a_cookie_and_goes_back(client):
    response = client.post("/language", data={"language": "es", "next": "/login?next=/account/"})
    assert response.status_code == 302 and response.location == "/login?next=/account/"
    assert page_language(client.get("/login")) == "es"
    client.post("/language", data={"language": "en", "next": "/"})
    assert page_language(client.get("/", headers={"Accept-Language": "es"})) == "en"


def test_the_menu_saves_a_signed_in_choice_on_the_account(app, client, auth):
    user_id = make_user(app, "ana")
    auth.login("ana")
    client.post("/language", data={"language": "es", "next": "/"})
    with app.app_context():
        assert db.session.get(User, user_id).language == "es"
    other = app.test_client()  # another computer: the account's choice follows her
    other.post("/login", data={"username": "ana", "password": "correct horse"})
    assert page_language(other.get("/")) == "es"


@pytest.mark.parametrize(
    ("posted", "location"),
    [
        ({"language": "es", "next": "//evil.example/"}, "/"),
        ({"language": "es", "next": "https://evil.example/"}, "/"),
        ({"language": "es"}, "/"),
        ({"language": "xx", "next": "/login"}, "/login"),  # an unknown language changes nothing
    ],
)
def test_the_menu_goes_back_only_to_this_site(client, posted, location):
    response = client.post("/language", data=posted)
    assert response.status_code == 302 and response.location == location
    expected = "es" if posted["language"] == "es" else "en"
    assert page_language(client.get("/")) == expected


def test_every_page_has_the_menu_and_its_direction(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'dir="ltr"' in page
    assert re.search(r'<form method="post" action="/language"', page)
    assert '<option value="es" lang="es">Español</option>' in page


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [("en", 1234.5, "1,234.5"), ("es", 1234.5, "1.234,5"), ("es", 12345.5, "12.345,5"), ("en", 3, "3")],
)
def test_numbers_follow_the_language(app, language, value, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert i18n.number(value) == expected


@pytest.mark.parametrize(
    ("language", "share", "expected"),
    [("en", 0.75, "75%"), ("es", 0.75, "75\xa0%"), ("en", None, "–"), ("en", 0.666, "67%"), ("es", 1, "100\xa0%")],
)
def test_percentages_follow_the_language(app, language, share, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert i18n.percent(share) == expected


@pytest.mark.parametrize(
    ("language", "with_year", "expected"),
    [
        ("en", True, "Tue 01 Dec 2026, 09:05"),
        ("en", False, "Tue 01 Dec, 09:05"),
        ("es", True, "mar 01 dic 2026, 09:05"),
    ],
)
def test_dates_follow_the_language(app, language, with_year, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert i18n.datetime_text(datetime(2026, 12, 1, 9, 5), with_year) == expected


@pytest.mark.parametrize(
    ("environment", "expected"),
    [({"LANG": "es_MX.UTF-8"}, "es"), ({"QUIZAPP_LANGUAGE": "en", "LANG": "es_ES.UTF-8"}, "en"), ({"LANG": "C"}, "en")],
)
def test_the_command_line_language_is_the_setting_then_lang(monkeypatch, environment, expected):
    monkeypatch.delenv("QUIZAPP_LANGUAGE", raising=False)
    monkeypatch.delenv("LANG", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.command_line_language() == expected
