"""Feedback on an item whose file lists no cues shows the cues the app finds, marked as found automatically."""

from __future__ import annotations

import shutil

import pytest

from quizapp import catalog
from quizapp.core import questions

from ..conftest import QUESTIONS, answer, start_quiz, write

QUIZ = """\
title: Park
article: |
  The park could open in April. The council voted on Tuesday.
passages:
  - id: open
    text: The park could open in April
    label: speculation
    explanation: A guess about later.
  - id: vote
    text: The council voted on Tuesday
    label: fact
    cues: [voted]
    explanation: Anyone can check the vote.
"""


@pytest.fixture
def park(app, tmp_path):
    """Load a quiz whose first item lists no cues; return its folder."""
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(QUESTIONS / "labels.yaml", folder / "labels.yaml")
    write(folder / "park.yaml", QUIZ)
    with app.app_context():
        (result,) = catalog.import_directory(folder)
    assert result.status == "new", result.problems
    return folder


def test_cues_may_be_left_out_of_a_label_item():
    quiz = questions.parse_quiz(QUIZ, "park.yaml", questions.load_labels(QUESTIONS / "labels.yaml"))
    assert quiz.items[0].spec.cues == ()


def test_feedback_shows_cues_found_automatically_when_the_file_lists_none(park, client, auth):
    auth.signup()
    attempt = start_quiz(client, "park")
    page = client.get(answer(client, attempt, 1, "fact").location).get_data(as_text=True)
    assert "cues the app found automatically" in page
    assert '<mark class="cue">could</mark>' in page


def test_feedback_keeps_the_teachers_cues_unmarked_as_automatic(park, client, auth):
    auth.signup()
    attempt = start_quiz(client, "park")
    answer(client, attempt, 1, "fact")
    page = client.get(answer(client, attempt, 2, "fact").location).get_data(as_text=True)
    assert "The highlighted words are the cues:" in page and "<q>voted</q>" in page
    assert "found automatically" not in page
