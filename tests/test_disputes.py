"""Disputes end to end in the test client: a student challenges, a teacher accepts, scores change for everyone."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quizapp import catalog
from quizapp.core import sanitize
from quizapp.extensions import db
from quizapp.models import AcceptedLabel, Attempt, Dispute, Item, Response, User

from .conftest import answer, assign, create_class, make_user, quiz_id

PASSWORD = "a long password"


def first_fact_item(app) -> tuple[int, int]:
    """Return (position, item id) of the seed quiz's first labelled item whose answer is fact."""
    with app.app_context():
        version = catalog.current_version("trump-lukashenko")
        item = next(i for i in catalog.version(version.id).items if i.kind == "label" and i.checked.label == "fact")
        return item.position, item.id


def take(client, auth, name: str, assignment: int, position: int, label: str) -> int:
    """Sign in as a student, answer the assignment up to position (the last one with label); return the attempt."""
    auth.login(name, PASSWORD)
    response = client.post(f"/assignments/{assignment}/start")
    attempt = int(re.search(r"/attempts/(\d+)", response.location).group(1))
    for earlier in range(1, position):
        answer(client, attempt, earlier, "fact")
    answer(client, attempt, position, label)
    return attempt


def scores(app, item_id: int) -> dict[str, float]:
    """Return each student's stored score on an item."""
    with app.app_context():
        rows = db.session.execute(
            select(User.username, Response.score)
            .join(Attempt, Attempt.id == Response.attempt_id)
            .join(User, User.id == Attempt.user_id)
            .where(Response.item_id == item_id)
        )
        return dict(rows.all())


@pytest.fixture
def two_classes(loaded, client, auth):
    """Ms Lee's class with ann and bo, Mr Ray's with cy, each assigned the seed quiz; dee is in no class."""
    for name in ("ms-lee", "mr-ray"):
        make_user(loaded, name, role="teacher", password=PASSWORD)
    for name in ("ann", "bo", "cy", "dee"):
        make_user(loaded, name, password=PASSWORD)
    assignments = {}
    for teacher, students in (("ms-lee", ("ann", "bo")), ("mr-ray", ("cy",))):
        auth.login(teacher, PASSWORD)
        class_id, code = create_class(client, f"class of {teacher}")
        assign(client, class_id, quiz_id(loaded))
        auth.logout()
        for student in students:
            auth.login(student, PASSWORD)
            client.post("/join", data={"code": code})
            page = client.get("/").data.decode()
            assignments[student] = int(re.search(r"/assignments/(\d+)/start", page).group(1))
            auth.logout()
    return assignments


def test_student_disputes_teacher_accepts_and_every_class_scores_change(loaded, client, auth, two_classes):
    position, item_id = first_fact_item(loaded)
    attempt = take(client, auth, "ann", two_classes["ann"], position, "opinion")
    feedback = client.get(f"/attempts/{attempt}/passages/{position}/feedback").data.decode()
    assert "Tell your teacher why" in feedback
    too_long = client.post(f"/attempts/{attempt}/passages/{position}/dispute", data={"reason": "x" * 501})
    assert "at most 500 characters" in client.get(too_long.location).data.decode()
    reason = "It says <b>called</b> &amp; that is a judgment\x00 of the mayor's. " + "x" * 420
    client.post(f"/attempts/{attempt}/passages/{position}/dispute", data={"reason": reason})
    auth.logout()
    take(client, auth, "bo", two_classes["bo"], position, "opinion")
    auth.logout()
    take(client, auth, "cy", two_classes["cy"], position, "opinion")  # another teacher's class
    auth.logout()
    assert scores(loaded, item_id) == {"ann": 0.0, "bo": 0.0, "cy": 0.0}
    with loaded.app_context():
        dispute = db.session.scalar(select(Dispute))
        assert dispute.reason.startswith("It says called & that is a judgment of the mayor's.")
        assert dispute.reason.endswith("x" * 420) and "<" not in dispute.reason and "\x00" not in dispute.reason

    auth.login("mr-ray", PASSWORD)  # cy's teacher, not ann's: ann's dispute is not his
    assert "It says called" not in client.get("/teacher/disputes").data.decode()
    assert client.post(f"/teacher/disputes/{dispute.id}", data={"accept": "1"}).status_code == 404
    auth.logout()

    auth.login("ms-lee", PASSWORD)
    queue = client.get("/teacher/disputes").data.decode()
    assert "It says called &amp; that is a judgment" in queue  # escaped once, shown as typed
    assert re.search(r"What your classes answered:.*Opinion</span> 2", queue, re.S)
    response = client.post(f"/teacher/disputes/{dispute.id}", data={"accept": "1", "reply": "Fair point: it is."})
    assert response.status_code == 302
    assert "3 answers now count as right" in client.get(response.location).data.decode()
    queue = client.get("/teacher/disputes").data.decode()
    assert "also_accepted: [opinion]" in queue
    auth.logout()
    assert scores(loaded, item_id) == {"ann": 1.0, "bo": 1.0, "cy": 1.0}

    auth.login("ann", PASSWORD)
    feedback = client.get(f"/attempts/{attempt}/passages/{position}/feedback").data.decode()
    assert "Your teacher agreed" in feedback and "Fair point: it is." in feedback
    assert "Correct!" in feedback  # the page grades with the accepted label too
    assert "Fair point: it is." in client.get("/history").data.decode()
    import json

    (challenge,) = json.loads(client.get("/account/data.json").data)["challenges"]
    assert (challenge["status"], challenge["reply"]) == ("accepted", "Fair point: it is.")


def test_a_declined_dispute_shows_its_reply_and_changes_no_score(loaded, client, auth, two_classes):
    position, item_id = first_fact_item(loaded)
    attempt = take(client, auth, "bo", two_classes["bo"], position, "speculation")
    client.post(f"/attempts/{attempt}/passages/{position}/dispute", data={"reason": "It could happen."})
    again = client.post(f"/attempts/{attempt}/passages/{position}/dispute", data={"reason": "Twice"})
    assert "already sent" in client.get(again.location).data.decode()
    auth.logout()
    auth.login("ms-lee", PASSWORD)
    with loaded.app_context():
        dispute_id = db.session.scalar(select(Dispute.id))
    client.post(f"/teacher/disputes/{dispute_id}", data={"decline": "1", "reply": "It says it happened."})
    auth.logout()
    assert scores(loaded, item_id) == {"bo": 0.0}
    auth.login("bo", PASSWORD)
    page = client.get(f"/attempts/{attempt}/passages/{position}/feedback").data.decode()
    assert "Your teacher did not agree" in page and "It says it happened." in page


def test_an_unclassed_students_dispute_shows_to_every_teacher(loaded, client, auth, two_classes):
    position, _ = first_fact_item(loaded)
    auth.login("dee", PASSWORD)
    attempt = int(re.search(r"/attempts/(\d+)", client.post("/quizzes/trump-lukashenko/start").location).group(1))
    for earlier in range(1, position):
        answer(client, attempt, earlier, "fact")
    answer(client, attempt, position, "opinion")
    client.post(f"/attempts/{attempt}/passages/{position}/dispute", data={"reason": "Nobody else to ask."})
    auth.logout()
    for teacher in ("ms-lee", "mr-ray"):
        auth.login(teacher, PASSWORD)
        assert "Nobody else to ask." in client.get("/teacher/disputes").data.decode()
        auth.logout()


def test_a_right_answer_has_nothing_to_dispute(loaded, client, auth, two_classes):
    position, _ = first_fact_item(loaded)
    attempt = take(client, auth, "ann", two_classes["ann"], position, "fact")
    assert "Tell your teacher why" not in client.get(f"/attempts/{attempt}/passages/{position}/feedback").data.decode()
    client.post(f"/attempts/{attempt}/passages/{position}/dispute", data={"reason": "Why not"})
    with loaded.app_context():
        assert db.session.scalar(select(Dispute)) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("plain words", "plain words"),
        ("<script>alert(1)</script>hi", "alert(1)hi"),
        ("a &amp; b < c", "a & b < c"),
        ("line\r\nbreak", "line\nbreak"),
        ("zero\u200bwidth\x07bell", "zerowidthbell"),
        ("  spaced  ", "spaced"),
        ("x" * 20, "x" * 10),
    ],
)
def test_plain_text(typed, expected):
    assert sanitize.plain_text(typed, 10 if len(typed) == 20 else 500) == expected


def test_an_answer_after_an_accept_counts_even_where_the_version_was_read_before(loaded, client, auth, two_classes):
    position, item_id = first_fact_item(loaded)
    with loaded.app_context():
        stale = catalog.version(catalog.current_version("trump-lukashenko").id)  # as another server process has it
    attempt = take(client, auth, "ann", two_classes["ann"], position, "opinion")
    client.post(f"/attempts/{attempt}/passages/{position}/dispute", data={"reason": "It is a judgment."})
    auth.logout()
    auth.login("ms-lee", PASSWORD)
    with loaded.app_context():
        dispute_id = db.session.scalar(select(Dispute.id))
    client.post(f"/teacher/disputes/{dispute_id}", data={"accept": "1", "reply": "Yes."})
    auth.logout()
    with loaded.app_context():
        loaded.extensions[catalog.VERSION_CACHE][stale.id] = stale  # that process has not read it again yet
        assert "opinion" not in catalog.version(stale.id).items[position - 1].checked.also_accepted
    take(client, auth, "bo", two_classes["bo"], position, "opinion")
    assert scores(loaded, item_id) == {"ann": 1.0, "bo": 1.0}


def test_answers_shown_at_the_end_are_challenged_from_the_results_and_not_before(loaded, client, auth):
    make_user(loaded, "ms-lee", role="teacher", password=PASSWORD)
    make_user(loaded, "ann", password=PASSWORD)
    auth.login("ms-lee", PASSWORD)
    class_id, code = create_class(client)
    assign(client, class_id, quiz_id(loaded), feedback="end")
    auth.logout()
    auth.login("ann", PASSWORD)
    client.post("/join", data={"code": code})
    assignment = int(re.search(r"/assignments/(\d+)/start", client.get("/").data.decode()).group(1))
    attempt = int(re.search(r"/attempts/(\d+)", client.post(f"/assignments/{assignment}/start").location).group(1))
    with loaded.app_context():
        count = catalog.current_version("trump-lukashenko").item_count
    answer(client, attempt, 1, "speculation")
    client.post(f"/attempts/{attempt}/passages/1/dispute", data={"reason": "Too early"})  # no feedback yet
    with loaded.app_context():
        assert db.session.scalar(select(Dispute)) is None
    for position in range(2, count + 1):
        answer(client, attempt, position, "speculation")
    results = client.get(f"/attempts/{attempt}/results").data.decode()
    assert "Tell your teacher why" in results and 'id="reason-1"' in results
    sent = client.post(f"/attempts/{attempt}/passages/1/dispute", data={"reason": "Now I can see why."})
    assert sent.location.endswith(f"/attempts/{attempt}/results")
    assert "Now I can see why." in client.get(sent.location).data.decode()


def test_a_practice_answer_can_be_challenged_and_accepting_it_counts_for_the_class(loaded, client, auth, two_classes):
    from quizapp.models import PracticeSession

    auth.login("bo", PASSWORD)
    session_id = int(re.search(r"/practice/(\d+)", client.post("/practice").location).group(1))
    with loaded.app_context():
        item_id = db.session.get(PracticeSession, session_id).item_id
        spec = db.session.get(Item, item_id).spec
    # a label the item does not accept at all: a borderline item drawn may also accept one of them
    counted = {spec["label"], *spec.get("also_accepted", ())}
    wrong = next(label for label in ("opinion", "fact", "speculation") if label not in counted)
    client.post(f"/practice/{session_id}/steps/1", data={"label": wrong})
    feedback = client.get(f"/practice/{session_id}/steps/1/feedback").data.decode()
    assert "Tell your teacher why" in feedback
    sent = client.post(f"/practice/{session_id}/steps/1/dispute", data={"reason": "Read it again."})
    assert "You challenged this answer:" in client.get(sent.location).data.decode()
    auth.logout()
    auth.login("ms-lee", PASSWORD)
    assert "Read it again." in client.get("/teacher/disputes").data.decode()
    with loaded.app_context():
        dispute_id = db.session.scalar(select(Dispute.id))
    client.post(f"/teacher/disputes/{dispute_id}", data={"accept": "1", "reply": "Agreed."})
    auth.logout()
    with loaded.app_context():
        assert db.session.scalar(select(AcceptedLabel.label).where(AcceptedLabel.item_id == item_id)) == wrong
