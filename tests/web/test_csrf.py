"""Every route that accepts POST refuses a request without a valid CSRF token."""

from __future__ import annotations

import re

import pytest

from quizapp import create_app

from ..conftest import QUESTIONS


@pytest.fixture
def csrf_app(database_url):
    """Return an app with CSRF protection on, the questions loaded and a signed-in client."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "QUESTIONS_DIR": str(QUESTIONS),
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )
    with app.app_context():
        from quizapp import catalog
        from quizapp.extensions import db

        db.create_all()
        catalog.import_directory(QUESTIONS)
    yield app
    with app.app_context():
        db.engine.dispose()


def token(page: bytes) -> str:
    """Return the CSRF token in a page."""
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()


def post_rules(app):
    """Return every URL rule that accepts POST, with sample arguments filled in."""
    samples = {
        "slug": "trump-lukashenko",
        "attempt_id": "1",
        "position": "1",
        "class_id": "1",
        "user_id": "1",
        "assignment_id": "1",
        "session_id": "1",
        "step": "1",
        "dispute_id": "1",
        "draft_id": "1",
    }
    rules = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            url = rule.rule
            for name in rule.arguments:
                url = url.replace(f"<int:{name}>", samples[name]).replace(f"<{name}>", samples[name])
            rules.append(url)
    return rules


def test_every_post_route_refuses_a_missing_or_wrong_token(csrf_app):
    client = csrf_app.test_client()
    page = client.get("/signup").data
    client.post(
        "/signup",
        data={
            "csrf_token": token(page),
            "username": "ann",
            "password": "a long password",
            "confirm": "a long password",
        },
    )
    start = client.post("/quizzes/trump-lukashenko/start", data={"csrf_token": token(client.get("/").data)})
    assert start.status_code == 302  # with a token it works, and attempt 1 exists
    urls = post_rules(csrf_app)
    assert len(urls) >= 5, urls
    for url in urls:
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(url, data={**data, "label": "fact", "username": "ann", "password": "x" * 8})
            assert response.status_code == 400, (url, data, response.status_code)
    assert client.get("/attempts/1/passages/1").status_code == 200  # nothing was answered


def test_every_form_page_carries_a_token(csrf_app):
    client = csrf_app.test_client()
    for url in ("/signup", "/login"):
        assert b'name="csrf_token"' in client.get(url).data
