"""Taking a quiz through the views: list, question, feedback, results, history, and the rules."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Item, QuizVersion, Response

from ..conftest import SEED, answer, start_quiz


def passages(app, slug: str = SEED) -> list[tuple[str, str, list[str], str]]:
    """Return (label, text, cues, explanation) of a quiz's passages in order."""
    with app.app_context():
        version = db.session.scalar(select(QuizVersion).join(QuizVersion.quiz).where(QuizVersion.quiz.has(slug=slug)))
        return [(p.labels[0], p.text, list(p.checked.cues), p.checked.explanation_html) for p in version.items]


def test_index_lists_quizzes_to_anyone(loaded, client):
    page = client.get("/").data.decode()
    assert "Trump and Lukashenko" in page and "27 passages" in page and "grades 8-12" in page
    assert "Log in</a> or" in page
    assert page.count('class="quiz-card"') == 3
    assert page.index("Trump and Lukashenko") < page.index("Cedar Hollow")  # file-name order: the seed first


def test_taking_a_quiz_needs_an_account(loaded, client):
    response = client.post(f"/quizzes/{SEED}/start")
    assert response.status_code == 302 and "/login" in response.location


def test_question_page_shows_passage_in_context_without_the_answer(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    page = client.get(f"/attempts/{attempt}/passages/1").data.decode()
    label, text, cues, explanation = passages(loaded)[0]
    assert "Passage 1 of 27" in page
    assert re.search(r'<mark id="current" class="current">' + re.escape(text) + "</mark>", page)
    assert page.count("<mark") == 1  # no other passage is marked
    assert 'type="radio"' in page and "Reported fact" in page and "Speculation" in page
    assert explanation not in page and "Why" not in page
    for cue in cues:
        assert f'class="cue"' not in page and f"<q>{cue}</q>" not in page


def test_no_page_before_an_answer_contains_the_answer_key(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    rows = passages(loaded)
    for position, (label, _, _, explanation) in enumerate(rows, start=1):
        page = client.get(f"/attempts/{attempt}/passages/{position}").data.decode()
        assert explanation not in page and "accuracy-note" not in page
        answer(client, attempt, position, "opinion")


def test_answer_then_feedback_in_words(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    label, text, cues, explanation = passages(loaded)[0]
    wrong = "fact" if label != "fact" else "opinion"
    response = answer(client, attempt, 1, wrong)
    assert response.status_code == 302 and response.location.endswith(f"/attempts/{attempt}/passages/1/feedback")
    page = client.get(response.location).data.decode()
    assert "Not quite." in page and "The answer is" in page
    assert explanation in page
    assert all(f'<mark class="cue">' in page for _ in cues)
    assert "Next passage" in page and f"/attempts/{attempt}/passages/2" in page


def test_correct_answer_says_so(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    label = passages(loaded)[0][0]
    page = client.get(answer(client, attempt, 1, label).location).data.decode()
    assert "Correct!" in page and "That is right" in page


def test_missing_choice_asks_again(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    response = client.post(f"/attempts/{attempt}/passages/1", data={})
    assert response.status_code == 200 and b"Choose one of the labels" in response.data
    response = client.post(f"/attempts/{attempt}/passages/1", data={"label": "nonsense"})
    assert response.status_code == 200 and b"Not a valid choice" in response.data


def count_responses(app) -> int:
    """Return how many responses are stored."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Response))


def test_second_answer_to_a_passage_keeps_the_first(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    label = passages(loaded)[0][0]
    wrong = "speculation" if label != "speculation" else "fact"
    answer(client, attempt, 1, wrong)
    replay = answer(client, attempt, 1, label)
    assert replay.status_code == 302 and replay.location.endswith("/passages/1/feedback")
    page = client.get(replay.location).data.decode()
    assert "Your first answer is kept." in page and "Not quite." in page
    assert count_responses(loaded) == 1


def test_record_answer_is_idempotent_under_the_unique_constraint(loaded, client, auth):
    """Two submits racing past the 'already answered?' check still store one answer."""
    from quizapp import attempts
    from quizapp.models import Attempt

    auth.signup()
    attempt_id = start_quiz(client)
    with loaded.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        item = attempts.item_at(attempt, 1)
        assert attempts.record_answer(attempt, item, {"label": "fact"}) is True
        assert attempts.record_answer(attempt, item, {"label": "opinion"}) is False
        assert attempts.response_to(attempt, item).answer == {"label": "fact"}
    assert count_responses(loaded) == 1


def test_cannot_skip_ahead(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    assert client.get(f"/attempts/{attempt}/passages/5").location.endswith(f"/attempts/{attempt}/passages/1")
    assert answer(client, attempt, 5, "fact").location.endswith(f"/attempts/{attempt}/passages/1")
    assert count_responses(loaded) == 0
    assert client.get(f"/attempts/{attempt}/passages/99").status_code == 404


def finish(client, app, attempt: int, choose) -> list[str]:
    """Answer every passage with choose(right_label); return the right labels."""
    rows = passages(app)
    for position, (label, *_rest) in enumerate(rows, start=1):
        assert answer(client, attempt, position, choose(label)).status_code == 302
    return [label for label, *_ in rows]


def test_results_show_score_per_label_confusion_and_review(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    labels = finish(client, loaded, attempt, lambda right: "fact")  # everything called a fact
    page = client.get(f"/attempts/{attempt}/results").data.decode()
    facts = labels.count("fact")
    assert f"You scored <strong>{facts} out of {len(labels)}</strong>" in page
    assert re.search(rf"Reported fact</th>\s*<td>{facts} of {facts}</td><td>100%</td>", page)
    assert re.search(rf"Opinion</th>\s*<td>0 of {labels.count('opinion')}</td><td>0%</td>", page)
    # confusion row for speculation: all taken for fact
    assert re.search(rf'Speculation</th>\s*<td class="miss">{labels.count("speculation")}</td>', page)
    assert page.count('<li class="review-item">') == len(labels)
    assert "Checkable, but not accurate" in page


def test_resume_after_leaving_returns_to_the_next_passage(loaded, client, auth):
    auth.signup()
    attempt = start_quiz(client)
    answer(client, attempt, 1, "fact")
    answer(client, attempt, 2, "fact")
    assert start_quiz(client) == attempt  # the same attempt, not a new one
    assert client.get(f"/attempts/{attempt}").location.endswith(f"/attempts/{attempt}/passages/3")
    assert b"Resume" in client.get("/").data


def test_history_lists_attempts_with_per_label_accuracy(loaded, client, auth):
    auth.signup()
    first = start_quiz(client)
    finish(client, loaded, first, lambda right: right)
    second = start_quiz(client)
    assert second != first
    answer(client, second, 1, "fact")
    page = client.get("/history").data.decode()
    assert page.count("<tr>") == 3  # header + two attempts
    assert "(100%)" in page and "1 of 27 answered" in page and "in progress" in page
    assert "Your best score: <strong>100%</strong>" in client.get("/").data.decode()


def test_students_see_only_their_own_attempts(loaded, client, auth):
    auth.signup("ann")
    attempt = start_quiz(client)
    answer(client, attempt, 1, "fact")
    auth.logout()
    auth.signup("bob")
    for url in (f"/attempts/{attempt}", f"/attempts/{attempt}/passages/2", f"/attempts/{attempt}/passages/1/feedback",
                f"/attempts/{attempt}/results"):
        assert client.get(url).status_code == 404, url
    assert answer(client, attempt, 2, "fact").status_code == 404
    assert count_responses(loaded) == 1


def test_unknown_quiz_is_404(loaded, client, auth):
    auth.signup()
    assert client.post("/quizzes/no-such-quiz/start").status_code == 404


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"


@pytest.mark.parametrize("header", ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"])
def test_security_headers(client, header):
    assert header in client.get("/").headers
