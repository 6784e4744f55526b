"""The "why this matters" start: the three labels, Pew's finding, in words an 11-year-old reads."""

from __future__ import annotations

import re

from ..conftest import start_quiz
from ..readability import grade


def main_text(page: str) -> str:
    """Return the words of a page's article, without markup and without the source line."""
    article = page[page.index('<article class="why">') : page.index("</article>")]
    article = article[: article.index('<p class="muted">')]
    return " ".join(re.sub(r"<[^>]+>", " ", article).split())


def test_why_names_the_three_labels_with_an_example_each_and_pew(loaded, client):
    page = client.get("/why").data.decode()
    text = main_text(page)
    for name in ("Reported fact", "Opinion", "Speculation"):
        assert f'">{name}</span>' in page
    assert text.count("Example:") == 3
    assert "26 out of every 100" in text and "35 out of every 100" in text and "5,035" in text
    assert "Pew Research Center" in page


def test_why_reads_at_grade_8_or_below(loaded, client):
    """An 11-year-old (grade 6) should manage it; the bar is the same as for the quizzes' explanations."""
    assert grade(main_text(client.get("/why").data.decode())) <= 8


def test_the_quiz_list_offers_why_until_the_first_attempt(loaded, client, auth):
    assert 'href="/why"' in client.get("/").data.decode()  # a visitor
    auth.signup()
    assert 'href="/why"' in client.get("/").data.decode()  # signed up, no quiz yet
    start_quiz(client)
    assert 'href="/why"' not in client.get("/").data.decode()
