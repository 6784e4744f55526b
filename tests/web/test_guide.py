"""The teacher's guide page: what the question file's guide says, and the answer key made from the items."""

from __future__ import annotations

import re
import shutil

from quizapp.core import questions

from ..conftest import QUESTIONS, SEED


def text_of(page: str) -> str:
    """Return a page's words without markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_the_seed_guide_shows_every_part(loaded, client, teacher):
    page = client.get(f"/teacher/quizzes/{SEED}/guide").data.decode()
    words = text_of(page)
    for heading in ("Objectives", "Standards it meets", "Vocabulary", "Discussion questions", "Answer key"):
        assert f">{heading}</h2>" in page
    assert "CCSS.ELA-LITERACY.RH.6-8.8" in words and "bilateral Between two countries only." in words
    assert "Why might a writer leave out their names?" in words
    quiz = questions.load_quiz(next(QUESTIONS.glob(f"*{SEED}.yaml")), questions.load_labels(QUESTIONS / "labels.yaml"))
    rows = sum(len(item.labels) for item in quiz.items)
    assert page.count('<th scope="row">') == rows
    assert page.count('class="borderline-row"') == 4 and words.count("Borderline. Also right:") == 4
    assert "4 passages are borderline" in words
    assert words.count("Checkable but not accurate.") == 3  # former President twice, the election once


def test_the_guide_is_linked_from_the_teacher_home(loaded, client, teacher):
    page = client.get("/teacher/").data.decode()
    assert f'href="/teacher/quizzes/{SEED}/guide"' in page


def test_a_quiz_without_a_guide_still_has_its_answer_key(app, client, auth, tmp_path):
    from quizapp import catalog

    from ..conftest import make_user

    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(QUESTIONS / "labels.yaml", folder)
    source = (QUESTIONS / "02-cedar-hollow-skate-park.yaml").read_text(encoding="utf-8")
    (folder / "02-cedar-hollow-skate-park.yaml").write_text(source.split("\nguide:\n")[0] + "\n", encoding="utf-8")
    app.config["QUESTIONS_DIR"] = str(folder)
    with app.app_context():
        catalog.import_directory(folder)
    make_user(app, "ms-lee", role="teacher", password="teacher pass")
    auth.login("ms-lee", "teacher pass")
    page = client.get("/teacher/quizzes/cedar-hollow-skate-park/guide").data.decode()
    assert ">Answer key</h2>" in page and ">Vocabulary</h2>" not in page


def test_an_unknown_quiz_has_no_guide(loaded, client, teacher):
    assert client.get("/teacher/quizzes/no-such-quiz/guide").status_code == 404


def test_the_guide_prints_without_the_menus():
    """The print stylesheet hides the site's menus and lets the key's table run over pages."""
    css = (QUESTIONS.parent / "static" / "style.css").read_text(encoding="utf-8")
    assert re.search(r"@media print \{[^}]*\.site-header", css)
    assert ".guide .answer-key tr { break-inside: avoid; }" in css


def test_the_quiz_list_starts_with_the_easiest(loaded, client, auth):
    auth.signup()
    page = client.get("/").data.decode()
    levels = re.findall(r"grades (\d+)-(\d+)", text_of(page))
    assert levels and [tuple(map(int, pair)) for pair in levels] == sorted(tuple(map(int, p)) for p in levels)
