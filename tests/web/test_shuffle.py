"""Shuffled items: the question-file option, an order kept per attempt, and asking in that order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp import catalog
from quizapp.core import questions
from quizapp.extensions import db
from quizapp.models import Attempt

from ..conftest import QUESTIONS, answer, write
from ..core.test_balance import BALANCED, quiz

LABELS = questions.load_labels(QUESTIONS / "labels.yaml")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", False),
        ("shuffle: true\n", True),
        ("shuffle: false\n", False),
        ("shuffle: yes please\n", "f.yaml:1:10: 'shuffle' must be true or false"),
        ("shuffle: [true]\n", "f.yaml:1:10: 'shuffle' must be true or false"),
    ],
)
def test_shuffle_option(line, expected):
    text = line + quiz(*BALANCED)
    if isinstance(expected, bool):
        assert questions.parse_quiz(text, "f.yaml", LABELS).shuffle is expected
        return
    with pytest.raises(questions.QuestionFileError) as error:
        questions.parse_quiz(text, "f.yaml", LABELS)
    assert str(error.value.problems[0]).split("\n")[0] == expected


def test_setting_shuffle_makes_a_new_version_and_leaving_it_out_does_not():
    plain = questions.parse_quiz(quiz(*BALANCED), "f.yaml", LABELS)
    assert (
        questions.parse_quiz("shuffle: false\n" + quiz(*BALANCED), "f.yaml", LABELS).content_hash == plain.content_hash
    )
    assert (
        questions.parse_quiz("shuffle: true\n" + quiz(*BALANCED), "f.yaml", LABELS).content_hash != plain.content_hash
    )


@pytest.fixture
def shuffled(app, tmp_path):
    """Import one quiz of six passages with shuffle: true."""
    folder = tmp_path / "questions"
    folder.mkdir()
    write(folder / "labels.yaml", (QUESTIONS / "labels.yaml").read_text())
    write(folder / "mixed.yaml", "shuffle: true\n" + quiz(*BALANCED))
    with app.app_context():
        catalog.import_directory(Path(folder))
    return app


def test_an_attempt_keeps_its_order_on_reload_and_resume_and_asks_in_it(shuffled, client, auth):
    auth.signup()
    started = client.post("/quizzes/mixed/start")
    attempt_id = int(re.search(r"/attempts/(\d+)", started.location).group(1))
    with shuffled.app_context():
        order = db.session.get(Attempt, attempt_id).order
    assert sorted(order) == [1, 2, 3, 4, 5, 6]
    first = client.get(f"/attempts/{attempt_id}").location
    assert f"/passages/{order[0]}#current" in first
    assert client.get(f"/attempts/{attempt_id}").location == first  # a reload asks the same
    if order[0] != 1:  # the file's first passage is not its turn
        assert f"/passages/{order[0]}" in client.get(f"/attempts/{attempt_id}/passages/1").location
    answer(client, attempt_id, order[0], "fact")
    feedback = client.get(f"/attempts/{attempt_id}/passages/{order[0]}/feedback").data.decode()
    assert f"/attempts/{attempt_id}/passages/{order[1]}#current" in feedback
    assert 'value="2"' in client.get(f"/attempts/{attempt_id}/passages/{order[1]}").data.decode()  # the bar: 2 of 6
    again = client.post("/quizzes/mixed/start")  # resume: the same attempt, the same order
    assert again.location.endswith(f"/attempts/{attempt_id}")
    for position in order[1:]:
        answer(client, attempt_id, position, "fact")
    last = client.get(f"/attempts/{attempt_id}/passages/{order[-1]}/feedback").data.decode()
    assert "See your results" in last
    with shuffled.app_context():
        assert db.session.get(Attempt, attempt_id).order == order
        assert db.session.get(Attempt, attempt_id).finished_at is not None


def test_shuffled_orders_differ_between_attempts(shuffled, client, auth):
    auth.signup()
    orders = set()
    for _ in range(8):
        attempt_id = int(re.search(r"/attempts/(\d+)", client.post("/quizzes/mixed/start").location).group(1))
        with shuffled.app_context():
            orders.add(tuple(db.session.get(Attempt, attempt_id).order))
        with shuffled.app_context():
            for position in db.session.get(Attempt, attempt_id).order:
                answer(client, attempt_id, position, "fact")
    assert len(orders) > 1  # 720 orders: eight the same would be a one-in-10^20 chance
