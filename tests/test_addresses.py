"""The address students are given: PUBLIC_URL, the teacher's own address, serve's LAN addresses, and the warning."""

from __future__ import annotations

import pytest

from quizapp import addresses

from .conftest import create_class


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:5000/", True),
        ("http://127.8.0.1/", True),
        ("http://localhost:5000/", True),
        ("http://LOCALHOST./", True),
        ("http://app.localhost/", True),
        ("http://[::1]:5000/", True),
        ("http://0.0.0.0:5000/", True),
        ("http://192.168.1.23:5000/", False),
        ("http://10.0.0.5/", False),
        ("https://quiz.school.example/", False),
        ("http://[fd00::5]:5000/", False),
        ("http://teacher-laptop.local/", False),
    ],
)
def test_is_loopback(url, loopback):
    assert addresses.is_loopback(url) is loopback


@pytest.mark.parametrize(
    ("configured", "base"),
    [
        ("https://quiz.school.example", "https://quiz.school.example/"),
        ("https://quiz.school.example/", "https://quiz.school.example/"),
        (" quiz.school.example:8000 ", "http://quiz.school.example:8000/"),
        ("https://school.example/quiz//", "https://school.example/quiz/"),
    ],
)
def test_public_url_is_normalised(configured, base):
    assert addresses.normalise(configured) == base


def pages(client, class_id: int, host: str) -> tuple[str, str]:
    """Return the overview and a page of login cards for one new student, as a browser at host sees them."""
    client.post("/login", data={"username": "ms-lee", "password": "teacher pass"}, headers={"Host": host})
    overview = client.get(f"/teacher/classes/{class_id}", headers={"Host": host}).data.decode()
    cards = client.post(
        f"/teacher/classes/{class_id}/students", data={"names": "Student"}, headers={"Host": host}
    ).data.decode()
    return overview, cards.replace("<wbr>", "")


WARNING = "Students cannot open this address."


def test_a_loopback_address_comes_with_a_warning_on_the_overview_and_the_cards(loaded, teacher, client):
    class_id, _ = create_class(client)
    overview, cards = pages(client, class_id, "127.0.0.1:5000")
    assert "http://127.0.0.1:5000/join" in overview and WARNING in overview and "make run HOST=0.0.0.0" in overview
    assert "http://127.0.0.1:5000/login" in cards and WARNING in cards


def test_the_address_the_teacher_used_is_given_when_others_can_reach_it(loaded, teacher, client):
    class_id, _ = create_class(client)
    overview, cards = pages(client, class_id, "192.168.1.23:5000")
    assert "http://192.168.1.23:5000/join" in overview and "http://192.168.1.23:5000/login" in cards
    assert WARNING not in overview and WARNING not in cards


def test_the_lan_addresses_serve_printed_replace_the_teachers_loopback(loaded, teacher, client):
    loaded.config["SERVE_URLS"] = ["http://192.168.1.23:5000/", "http://10.0.0.7:5000/"]
    class_id, _ = create_class(client)
    overview, cards = pages(client, class_id, "127.0.0.1:5000")
    assert "http://192.168.1.23:5000/join" in overview and "also answers at http://10.0.0.7:5000/" in overview
    assert "http://192.168.1.23:5000/login" in cards and WARNING not in overview + cards


def test_public_url_wins(loaded, teacher, client):
    loaded.config["PUBLIC_URL"] = "https://quiz.school.example"
    loaded.config["SERVE_URLS"] = ["http://192.168.1.23:5000/"]
    class_id, _ = create_class(client)
    overview, cards = pages(client, class_id, "127.0.0.1:5000")
    assert "https://quiz.school.example/join" in overview and "https://quiz.school.example/login" in cards
    assert WARNING not in overview + cards
    screen = client.get(f"/teacher/classes/{class_id}/join-screen").data.decode().replace("<wbr>", "")
    assert "https://quiz.school.example/join" in screen and WARNING not in screen
