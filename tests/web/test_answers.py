"""Answering items of every kind through the real forms: stored once, graded, explained, counted."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from sqlalchemy import select

from quizapp import catalog
from quizapp.extensions import db
from quizapp.models import Response

from ..conftest import QUESTIONS, assign, create_class, quiz_id, start_quiz, write

KINDS_QUIZ = """\
title: Kinds quiz
article: |
  The council voted 5-2 on Monday. It was a wise decision.

  Analysts suggest the park may draw visitors. The mayor said it should open soon.
passages:
  - id: vote
    kind: cues
    text: The council voted 5-2 on Monday
    label: fact
    cues: [voted 5-2, on Monday]
    explanation: A vote count and a day anyone can check.
  - id: wise
    kind: cues
    ask_label: true
    text: It was a wise decision
    label: opinion
    cues: [wise]
    explanation: "*Wise* is the writer's judgment."
  - id: second
    kind: paragraph
    parts:
      - text: Analysts suggest the park may draw visitors.
        label: speculation
        also_accepted: [fact]
        cues: [may]
        explanation: A guess about visitors; as a report of what analysts say it is also a fact.
      - text: The mayor said it should open soon.
        label: fact
        cues: [said]
        explanation: That the mayor said it can be checked.
"""


@pytest.fixture
def kinds_app(app, tmp_path):
    """Return the app with the kinds quiz loaded beside the label set."""
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(QUESTIONS / "labels.yaml", folder)
    write(folder / "kinds.yaml", KINDS_QUIZ)
    with app.app_context():
        assert [r.status for r in catalog.import_directory(folder)] == ["new"]
    return app


def words_of(page: str) -> dict[str, str]:
    """Return word -> checkbox value from a mark-the-cues page."""
    return {
        word: value
        for value, word in re.findall(r'name="words" value="(\d+)"[^>]*><label for="word-\d+">([^<]+)</label>', page)
    }


def responses(app) -> list[tuple[float, list[tuple[str, str, str, str, float]]]]:
    """Return every stored response's score and its parts."""
    with app.app_context():
        return [
            (r.score, [(p.name, p.kind, p.expected, p.given, p.score) for p in r.parts])
            for r in db.session.scalars(select(Response).order_by(Response.id))
        ]


def test_cues_paragraph_flow_stores_grades_and_explains(kinds_app, client, auth):
    auth.signup()
    attempt = start_quiz(client, "kinds")
    page = client.get(f"/attempts/{attempt}/passages/1").data.decode()
    assert "This passage is" in page and "Which words show it?" in page and 'name="label"' not in page
    words = words_of(page)
    assert list(words)[:3] == ["The", "council", "voted"]
    assert client.post(f"/attempts/{attempt}/passages/1", data={}).status_code == 200  # nothing marked: asked again
    marked = [words["voted"], words["5-2"], words["council"]]
    response = client.post(f"/attempts/{attempt}/passages/1", data={"words": marked})
    assert response.status_code == 302 and response.location.endswith("/passages/1/feedback")
    feedback = client.get(response.location).data.decode()
    assert "Partly right: 33%" in feedback and "Missed:" in feedback and "Not a cue:" in feedback
    assert "(found)" in feedback and "(missed)" in feedback and "(not a cue)" in feedback

    page = client.get(f"/attempts/{attempt}/passages/2").data.decode()
    assert 'name="label"' in page and "First: what kind of statement" in page
    client.post(f"/attempts/{attempt}/passages/2", data={"label": "opinion", "words": [words_of(page)["wise"]]})
    assert "Correct!" in client.get(f"/attempts/{attempt}/passages/2/feedback").data.decode()

    page = client.get(f"/attempts/{attempt}/passages/3").data.decode()
    assert "Sentence 1 is…" in page and "Sentence 2 is…" in page and "The mayor said it should open soon." in page
    refused = client.post(f"/attempts/{attempt}/passages/3", data={"part_1": "fact"}).data.decode()
    assert "Choose a label for sentence 2." in refused
    client.post(f"/attempts/{attempt}/passages/3", data={"part_1": "fact", "part_2": "opinion"})
    feedback = client.get(f"/attempts/{attempt}/passages/3/feedback").data.decode()
    assert "You labelled 1 of 2 sentences right." in feedback and "a fair reading too" in feedback
    assert "A borderline passage" in feedback

    stored = responses(kinds_app)
    assert stored[0] == (
        pytest.approx(1 / 3),
        [
            ("cue-1", "cue", "voted 5-2", "found", 1.0),
            ("cue-2", "cue", "on Monday", "missed", 0.0),
            ("stray-1", "stray", "", "council", 0.0),
        ],
    )
    assert stored[1][0] == 1.0 and stored[1][1][0] == ("label", "label", "opinion", "opinion", 1.0)
    assert stored[2] == (
        0.5,
        [("part-1", "label", "speculation", "fact", 1.0), ("part-2", "label", "fact", "opinion", 0.0)],
    )

    results = client.get(f"/attempts/{attempt}/results").data.decode()
    assert "You got <strong>1.8 out of 3</strong> right (61%)" in results
    assert results.count('<li class="review-item">') == 3


@pytest.mark.parametrize(
    ("position", "form"),
    [
        (1, {"words": ["999"]}),  # a word the passage does not have
        (2, {"label": "rumour", "words": ["0"]}),  # a label the quiz does not offer
        (3, {"part_1": "fact", "part_2": "gossip"}),
    ],
)
def test_forged_answers_store_nothing(kinds_app, client, auth, position, form):
    auth.signup()
    attempt = start_quiz(client, "kinds")
    for earlier in range(1, position):
        client.post(
            f"/attempts/{attempt}/passages/{earlier}",
            data={"label": "fact", "words": ["0"], "part_1": "fact", "part_2": "fact"},
        )
    before = len(responses(kinds_app))
    page = client.post(f"/attempts/{attempt}/passages/{position}", data=form)
    text = page.data.decode()
    assert page.status_code == 200 and ("Not a valid choice" in text or "not a valid choice" in text), text
    assert len(responses(kinds_app)) == before


def test_teacher_sees_every_part_counted(kinds_app, client, auth):
    from ..conftest import make_user

    make_user(kinds_app, "ms-lee", role="teacher", password="teacher pass")
    auth.login("ms-lee", "teacher pass")
    class_id, code = create_class(client)
    assign(client, class_id, quiz_id(kinds_app, "kinds"))
    auth.logout()
    client.post(
        "/join", data={"code": code, "display_name": "Ann", "password": "correct horse", "confirm": "correct horse"}
    )
    page = client.get("/").data.decode()
    assignment = re.search(r"/assignments/(\d+)/start", page).group(1)
    attempt = int(re.search(r"/attempts/(\d+)", client.post(f"/assignments/{assignment}/start").location).group(1))
    words = words_of(client.get(f"/attempts/{attempt}/passages/1").data.decode())
    client.post(f"/attempts/{attempt}/passages/1", data={"words": [words["voted"], words["5-2"]]})
    client.post(f"/attempts/{attempt}/passages/2", data={"label": "fact", "words": ["3"]})
    client.post(f"/attempts/{attempt}/passages/3", data={"part_1": "speculation", "part_2": "fact"})
    auth.logout()
    auth.login("ms-lee", "teacher pass")
    stats = client.get(f"/teacher/classes/{class_id}/assignments/{assignment}").data.decode()
    assert stats.count('class="part-row"') == 2 + 2 + 2  # two cues, one cue and a stray-free label, two sentences
    assert "Mark the cues" in stats and "Label the paragraph" in stats
    text = client.get(f"/teacher/classes/{class_id}/export/responses.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["passage id"], r["kind"], r["part"], r["answer given"], r["part score"]) for r in rows] == [
        ("vote", "cues", "cue-1", "found", "1"),
        ("vote", "cues", "cue-2", "missed", "0"),
        ("wise", "cues", "label", "fact", "0"),
        ("wise", "cues", "cue-1", "found", "1"),
        ("second", "paragraph", "part-1", "speculation", "1"),
        ("second", "paragraph", "part-2", "fact", "1"),
    ]
    overview = client.get(f"/teacher/classes/{class_id}").data.decode()
    assert "Kinds quiz" in overview
