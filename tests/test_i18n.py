"""Languages: the choice of a page's language, the menu that saves it, numbers and dates per language."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from quizapp import create_app, i18n
from quizapp.extensions import db
from quizapp.models import User

from .conftest import QUESTIONS, SEED, answer, assign, create_class, finish, make_user, quiz_id, start_quiz


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


SPANISH = {"Accept-Language": "es-MX,es;q=0.9"}
# English words that no Spanish sentence of these pages contains (not 'a', 'no' or 'con', which Spanish shares).
ENGLISH = re.compile(
    r"\b(the|and|you|your|of|with|this|that|for|is|are|what|which|answer|answers|passage|quiz|quizzes|score|"
    r"log|sign|teacher|right|wrong|next|back|results|history|account|class|student|students|every|not|yet)\b",
    re.IGNORECASE,
)
# What the quiz itself says (its article, title, labels, explanations, source words) and people's names
# stay in the quiz's language: a student reads an English article in English whatever the menus say.
QUIZ_CONTENT = re.compile(
    r'<(section|blockquote|div|span|h3|p)\b[^>]*class="(?:[^"]*\s)?(article|passage|explanation|label[^"]*|'
    r'eyebrow|source|definition|username|passage words|accuracy-note)(?:\s[^"]*)?"[^>]*>.*?</\1>'
    r"|<h1>[^<]*</h1>|<h3>[^<]*</h3>|<option[^>]*>[^<]*</option>|<cite>[^<]*</cite>|<q>[^<]*</q>",  # <q>: a cue, quoted
    re.S,
)


def visible_english(page: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """Return the English words left in a page's visible text, outside the quiz's own content."""
    page = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = QUIZ_CONTENT.sub(" ", page)
    text = re.sub(r"<[^>]+>", " ", page)
    for words in allowed:
        text = text.replace(words, " ")
    return ENGLISH.findall(text)


def test_a_spanish_quiz_shows_spanish_labels_and_its_language_whatever_the_interface(loaded, client, auth):
    auth.signup()
    attempt = client.post("/quizzes/huerto-comunitario-san-miguel/start").location
    page = client.get(attempt, follow_redirects=True).get_data(as_text=True)
    assert page_language(client.get("/")) == "en"
    assert '<section aria-labelledby="article-heading" lang="es">' in page
    assert "Hecho informado" in page and "Especulación" in page and ">Reported fact<" not in page
    assert "What kind of statement is the highlighted passage?" in page  # the interface stays English


def test_an_english_quiz_is_marked_english_on_a_spanish_page(loaded, client, auth):
    auth.signup()
    client.post("/language", data={"language": "es", "next": "/"})
    attempt = client.post(f"/quizzes/{SEED}/start").location
    page = client.get(attempt, follow_redirects=True).get_data(as_text=True)
    assert '<html lang="es"' in page and '<section aria-labelledby="article-heading" lang="en">' in page
    assert '<h2 id="article-heading" lang="es">El artículo</h2>' in page


def test_student_pages_in_spanish_have_no_english_left(loaded, client, auth):
    pages = {"/login": client.get("/login", headers=SPANISH), "/signup": client.get("/signup", headers=SPANISH)}
    pages["/join"] = client.get("/join", headers=SPANISH)
    client.post("/language", data={"language": "es", "next": "/"})
    auth.signup("ana")
    attempt = start_quiz(client, "huerto-comunitario-san-miguel")
    pages["question"] = client.get(f"/attempts/{attempt}/passages/1")
    answer(client, attempt, 1, "opinion")
    pages["feedback"] = client.get(f"/attempts/{attempt}/passages/1/feedback")
    finish(client, loaded, attempt, lambda right: right, slug="huerto-comunitario-san-miguel")
    pages["results"] = client.get(f"/attempts/{attempt}/results")
    practice = "/practice/" + client.post("/practice").location.rstrip("/").split("/")[-1]
    pages["practice question"] = client.get(practice)
    client.post(f"{practice}/steps/1", data={"label": "opinion"})
    pages["practice feedback"] = client.get(f"{practice}/steps/1/feedback")
    pages["/"] = client.get("/")
    pages["history"] = client.get("/history")
    pages["account"] = client.get("/account/")
    pages["/why"] = client.get("/why")
    with loaded.app_context():
        from quizapp import catalog

        titles = tuple(v.title for v in catalog.current_versions())  # a quiz's title is its own words
    left = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.get_data(as_text=True)
        assert '<html lang="es"' in page, name
        found = visible_english(page, allowed=("English", *titles))  # the menu names each language in itself
        if found:
            left[name] = found
    assert left == {}


def test_teacher_pages_in_spanish_have_no_english_left(loaded, client, teacher):
    client.post("/language", data={"language": "es", "next": "/"})
    class_id, _code = create_class(client, "8B Lengua")
    assign(client, class_id, quiz_id(loaded, "huerto-comunitario-san-miguel"))
    with loaded.app_context():
        from quizapp import catalog

        titles = tuple(v.title for v in catalog.current_versions())  # the guides list names every quiz
    left = {}
    for url in (
        "/teacher/",
        f"/teacher/classes/{class_id}",
        f"/teacher/classes/{class_id}/students",
        f"/teacher/classes/{class_id}/assignments",
        f"/teacher/classes/{class_id}/settings",
        f"/teacher/classes/{class_id}/scores",
        "/teacher/disputes",
        "/teacher/quizzes/huerto-comunitario-san-miguel/guide",
        "/author/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(str(class_id)):  # no answers yet: the labels come from labels.yaml, in Spanish
            assert "Hecho informado" in response.get_data(as_text=True)
        found = visible_english(
            response.get_data(as_text=True), allowed=("English", "CSV", "QUIZAPP_PUBLIC_URL", *titles)
        )
        if found:
            left[url] = found
    assert left == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            {"kind": "noticia local", "fictional": True},
            "Inventado: noticia local. Se escribió para practicar: sus personas y lugares no son reales.",
        ),
        (
            {"kind": "news report", "author": "Sam Writer", "outlet": "The Daily Example", "published": "2025-08-15"},
            "News report. Escrito por Sam Writer. Publicado en The Daily Example. Fecha: 15 de agosto de 2025.",
        ),
        ({"published": "2025-08"}, "Artículo. Fecha: agosto 2025. No dice quién lo publicó o quién lo escribió."),
        ({}, "Artículo. No dice quién lo publicó, quién lo escribió o cuándo se publicó."),
    ],
)
def test_where_an_article_comes_from_is_said_in_spanish(app, source, expected):
    from quizapp.core.provenance import Source
    from quizapp.web import sources

    with app.test_request_context(headers=SPANISH):
        assert "".join(part.text for part in sources.describe(Source(**source))) == expected


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"username": "ana", "password": "short", "confirm": "short"}, "Una contraseña tiene al menos 8 caracteres."),
        ({"username": "a b", "password": "a long password", "confirm": "a long password"}, "Usa solo letras"),
        ({"username": "ana", "password": "password", "confirm": "password"}, "de las más comunes"),
    ],
)
def test_the_core_s_refusals_are_said_in_spanish(client, form, expected):
    page = client.post("/signup", data=form, headers=SPANISH).get_data(as_text=True)
    assert expected in page


def test_a_core_message_is_english_text_with_a_template_and_fields():
    from quizapp.core import passwords

    refused = passwords.problem("short")
    assert refused == "A password has at least 8 characters."
    assert (refused.template, refused.fields) == ("A password has at least %(count)s characters.", {"count": 8})


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        (
            {"QUIZAPP_LANGUAGE": "es"},
            [
                "bad.yaml:1:1: el cuestionario no tiene 'passages'",
                "    sugerencia: agrega una línea 'passages: ...'",
                "2 problema(s) en 1 de 1 archivo(s).",
            ],
        ),
        (
            {"LANG": "es_MX.UTF-8"},
            ["bad.yaml:1:1: el cuestionario no tiene 'article'", "2 problema(s) en 1 de 1 archivo(s)."],
        ),
        (
            {"LANG": "C.UTF-8"},
            ["bad.yaml:1:1: the quiz has no 'passages'", "    hint: add a line 'passages: ...'"],
        ),
    ],
)
def test_the_checker_speaks_the_command_line_s_language(tmp_path, monkeypatch, environment, expected):
    from click.testing import CliRunner

    from quizapp.cli import main

    monkeypatch.delenv("QUIZAPP_LANGUAGE", raising=False)
    monkeypatch.delenv("LANG", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "bad.yaml").write_text("title: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 1
    for line in expected:
        assert line in result.output


def test_the_checker_s_spanish_messages_keep_their_fields(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from quizapp.cli import main

    monkeypatch.setenv("QUIZAPP_LANGUAGE", "es")
    text = (QUESTIONS / "06-huerto-comunitario-san-miguel.yaml").read_text(encoding="utf-8")
    (tmp_path / "labels.yaml").write_text((QUESTIONS / "labels.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "q.yaml").write_text(text.replace("cues: [quizá]", "cues: [acaso]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "q.yaml")])
    assert "fragmento 'escuela': la pista 'acaso' no está en el texto del fragmento" in result.output, result.output


def test_the_log_in_prompt_is_said_in_the_page_s_language(client):
    response = client.get("/history", headers=SPANISH, follow_redirects=True)
    assert "Inicia sesión para hacer un cuestionario." in response.get_data(as_text=True)
