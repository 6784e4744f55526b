"""The account page, and the username a join made, shown for as long as the student is signed in."""

from __future__ import annotations

import re

from .conftest import create_class


def text_of(html: str) -> str:
    """Return a page's words without tags, whitespace folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_joined_student_sees_their_username_on_the_home_and_account_pages(teacher, client, auth):
    _, code = create_class(client, "7B English")
    create_class(client, "Another class")
    auth.logout()
    joined = client.post(
        "/join",
        data={"code": code, "display_name": "Sam T.", "password": "a long password", "confirm": "a long password"},
    )
    assert joined.status_code == 302
    assert "Your username is sam.t." in client.get("/").data.decode()  # the flash, once
    for _ in range(2):  # and still there on every later visit, not only after the join
        home = text_of(client.get("/").data.decode())
        assert "You are logged in as sam.t (Sam T.). Use this username to log in next time." in home
    page = text_of(client.get("/account").data.decode())
    assert "Username sam.t You log in with this and your password." in page
    assert "Name Sam T. Your teacher sees this name." in page
    assert "Your classes 7B English with Ms-Lee" in page and "Another class" not in page
    assert "My account" in client.get("/history").data.decode()  # in the header of every page


def test_a_teacher_account_page_lists_the_classes_they_teach(teacher, client):
    create_class(client, "8B English")
    page = text_of(client.get("/account").data.decode())
    assert "Username ms-lee" in page and "Classes you teach 8B English" in page


def test_a_student_in_no_class_is_told_how_to_join(loaded, client, auth):
    auth.signup("kai")
    page = text_of(client.get("/account").data.decode())
    assert "Name None: teachers see your username." in page
    assert "Your classes None yet. Got a class code from your teacher? Join your class ." in page


def test_the_account_page_needs_a_login(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.location
