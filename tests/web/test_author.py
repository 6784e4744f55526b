"""The workbench in the test client: paste an article, review the sentences, save a quiz that checks and loads."""

from __future__ import annotations

import re
import shutil

import pytest
from sqlalchemy import select

from quizapp import catalog
from quizapp.extensions import db
from quizapp.models import Draft

from ..conftest import QUESTIONS, answer, make_user, start_quiz

ARTICLE = (
    "Council Votes on Park\n\n"
    "The council voted 5-2 on Tuesday to build a skate park, the mayor announced.\n\n"
    "The park could open as early as April. Officials should fund the lights too."
)


@pytest.fixture
def folder(app, tmp_path):
    """Point the app at a questions folder of its own, with the shipped labels."""
    path = tmp_path / "questions"
    path.mkdir()
    shutil.copy(QUESTIONS / "labels.yaml", path / "labels.yaml")
    app.config["QUESTIONS_DIR"] = str(path)
    return path


@pytest.fixture
def author(app, client, auth, folder):
    """Sign in as a teacher."""
    make_user(app, "ms-lee", role="teacher", password="teacher pass")
    auth.login("ms-lee", "teacher pass")


def new_draft(client, **extra) -> str:
    """Start a draft from the article; return its page's address."""
    response = client.post(
        "/author/",
        data={
            "title": "Council votes on a skate park",
            "outlet": "Cedar Hollow Courier",
            "published": "2025-08-15",
            "article": ARTICLE,
            **extra,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location


def test_an_article_becomes_one_row_a_sentence_with_its_suggestion(author, client):
    page = client.get(new_draft(client)).get_data(as_text=True)
    assert page.count('class="draft-item"') == 3  # the heading is left out
    assert '<mark class="cue">should</mark>' in page
    assert re.search(r"Suggested: opinion, confidence \d+%", page)
    assert "**should** marks what the writer thinks ought to happen" in page  # the drafted explanation


def test_a_draft_is_kept_with_the_teachers_choices(author, client, app):
    address = new_draft(client)
    response = client.post(
        address,
        data={
            "label_1": "fact",
            "explanation_1": "A vote anyone can check.",
            "label_2": "speculation",
            "explanation_2": "**could** marks a guess.",
            "label_3": "",
        },
    )
    assert response.status_code == 302 and response.location == address
    page = client.get(address).get_data(as_text=True)
    assert "A vote anyone can check." in page
    assert re.search(r'<option selected value="">Leave this sentence out', page)
    with app.app_context():
        assert [item["label"] for item in db.session.get(Draft, 1).items] == ["fact", "speculation", ""]


def test_saving_writes_a_file_that_checks_and_loads_and_students_take_it(author, client, app, auth, folder):
    address = new_draft(client)
    client.post(
        address,
        data={
            "label_1": "fact",
            "explanation_1": "A vote anyone can check.",
            "label_2": "speculation",
            "explanation_2": "**could** marks a guess.",
            "label_3": "",
        },
    )
    response = client.post(address + "/save")
    assert response.status_code == 302 and response.location == "/"
    saved = folder / "council-votes-on-a-skate-park.yaml"
    from click.testing import CliRunner

    from quizapp.cli import main

    assert CliRunner().invoke(main, ["check", str(saved)]).exit_code == 0
    with app.app_context():
        assert catalog.current_version("council-votes-on-a-skate-park") is not None
        assert db.session.query(Draft).count() == 0  # saved: no longer a draft
    auth.logout()
    auth.signup()
    attempt = start_quiz(client, "council-votes-on-a-skate-park")
    answer(client, attempt, 1, "fact")
    page = client.get(answer(client, attempt, 2, "speculation").location).get_data(as_text=True)
    assert "<strong>could</strong> marks a guess." in page


def test_a_draft_that_would_not_check_is_not_saved(author, client, folder):
    address = new_draft(client)
    client.post(address, data={"label_1": "fact", "explanation_1": "", "label_2": "", "label_3": ""})
    response = client.post(address + "/save", follow_redirects=True)
    assert "Not saved yet" in response.get_data(as_text=True)
    assert not list(folder.glob("council*.yaml"))


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"title": "", "article": ARTICLE}, "Give the quiz a title."),
        ({"title": "T", "article": ""}, "Paste the article&#39;s text, or upload it as a .txt file."),
        ({"title": "T", "article": ARTICLE, "published": "15 Aug"}, "Write the date as 2025-08-15."),
    ],
)
def test_the_new_draft_form_says_what_is_missing(author, client, form, message):
    response = client.post("/author/", data=form)
    assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_another_teachers_draft_is_not_found(author, client, app, auth):
    address = new_draft(client)
    auth.logout()
    make_user(app, "mr-roe", role="teacher", password="teacher pass")
    auth.login("mr-roe", "teacher pass")
    assert client.get(address).status_code == 404
    assert client.post(address + "/save").status_code == 404


def test_an_existing_quiz_opens_in_the_workbench_and_saves_as_its_next_version(app, client, auth, tmp_path):
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    app.config["QUESTIONS_DIR"] = str(folder)
    with app.app_context():
        catalog.import_directory(folder)
    make_user(app, "ms-lee", role="teacher", password="teacher pass")
    auth.login("ms-lee", "teacher pass")
    assert "Open in the workbench" in client.get("/author/").get_data(as_text=True)
    response = client.post("/author/quizzes/cedar-hollow-skate-park/open")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "The Cedar Hollow Town Council" in page
    with app.app_context():
        items = db.session.scalar(select(Draft)).items
    form = {f"label_{n}": item["label"] for n, item in enumerate(items, start=1)}
    form |= {f"explanation_{n}": item["explanation"] for n, item in enumerate(items, start=1)}
    form["explanation_1"] = "A vote count anyone can check."
    assert client.post(response.location, data=form).status_code == 302
    assert client.post(response.location + "/save").location == "/"
    saved = (folder / "02-cedar-hollow-skate-park.yaml").read_text(encoding="utf-8")
    assert "A vote count anyone can check." in saved and "fictional: true" in saved and "level: " in saved
    with app.app_context():
        assert catalog.current_version("cedar-hollow-skate-park").number == 2
    assert client.post("/author/quizzes/trump-lukashenko/open").status_code == 404  # other kinds: not editable here


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("The park", "open", "The park could open"),
        ("could", "", "could open as early as April."),
        ("", "", "The park could open as early as April."),
        ("not there", "April", "The park could open as early as April."),  # a typo never loses the passage
    ],
)
def test_a_passage_narrows_to_its_first_and_last_words(first, last, expected):
    from quizapp.drafts import narrow

    assert narrow("The park could open as early as April.", first, last) == expected


def test_narrowing_in_the_form_changes_the_saved_passage(author, client, folder):
    address = new_draft(client)
    client.post(
        address,
        data={
            "label_1": "fact",
            "explanation_1": "A vote anyone can check.",
            "first_1": "The council",
            "last_1": "Tuesday",
            "label_2": "",
            "label_3": "",
        },
    )
    assert client.post(address + "/save").location == "/"
    saved = (folder / "council-votes-on-a-skate-park.yaml").read_text(encoding="utf-8")
    assert 'text: "The council voted 5-2 on Tuesday"' in saved
