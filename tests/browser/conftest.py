"""Fixtures for the browser tests: Chromium through Playwright, and the real app on a loopback port."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest

from .support import CHROMIUM, CHROMIUM_ARGS, ROOT, browser_missing, live_server, skip_or_fail

# Filled in by the tests, printed at the end: the closing note of issue 4 quotes these numbers.
TALLY: dict[str, int] = {}
ACTION_TIMEOUT_MS = 10_000
_names = itertools.count(1)


def pytest_terminal_summary(terminalreporter):
    """Print how many page states axe checked and how many XSS payload x field pairs were tried."""
    if TALLY:
        terminalreporter.section("browser suite tally")
        for key, value in sorted(TALLY.items()):
            terminalreporter.write_line(f"{key}: {value}")
        xss = sum(value for key, value in TALLY.items() if key.startswith("xss:"))
        if xss:
            terminalreporter.write_line(f"xss: payload x field combinations tried in all: {xss}")


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium headless once for the whole run."""
    reason = browser_missing()
    if reason:
        skip_or_fail(reason)
    from playwright.sync_api import expect, sync_playwright

    # A broken page should fail in seconds, not after Playwright's default 30 s per step.
    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Serve the app with the shipped questions on a fresh SQLite database for the whole run."""
    with live_server(tmp_path_factory.mktemp("server"), ROOT / "questions") as running:
        yield running


@pytest.fixture
def new_context(browser, server):
    """Return a factory for browser contexts on the server; each is closed after the test."""
    contexts = []

    def make(**options):
        """Open a context with base_url set to the server."""
        context = browser.new_context(base_url=server.url, **options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """Return a page in a fresh context (JavaScript on, 1280x800)."""
    return new_context(viewport={"width": 1280, "height": 800}).new_page()


@pytest.fixture
def username(request):
    """Return a username no other test in this run uses."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", f"s{next(_names)}-{request.node.name}")[:40]


@dataclass
class StudentWorld:
    """Students and a teacher in several states, set up over HTTP, for the student-page tests.

    ``practiser`` signed up on their own: the seed finished once (results, feedback) and the otters
    quiz once (a history chart of two), then the seed again, answered up to passage 23, so passage
    24 is open. ``joiner`` joined the teacher's class with its code and is two passages into an
    assignment of the skate-park quiz that shows the answers at the end.
    """

    url: str
    practiser: dict
    joiner: dict
    joiner_username: str
    teacher: dict
    finished: int  # the practiser's finished seed attempt
    open_attempt: int  # the practiser's seed attempt with passage 24 open
    assignment_attempt: int  # the joiner's attempt at the assignment
    class_id: int
    assignment_id: int
    student_user_id: int  # the joiner, as the teacher's pages name them


def _post(context, url: str, form: dict):
    """Post a form with the session's CSRF token; return the response after redirects."""
    response = context.request.post(url, form=form)
    assert response.ok, (url, response.status, response.text()[:500])
    return response


@pytest.fixture(scope="session")
def student_world(browser, server) -> StudentWorld:
    """Build the StudentWorld on the session's server."""
    from .support import PASSWORD, request_answer, request_sign_up, request_start, seed_items, session_token
    from .test_teacher import create_teacher

    base = server.url
    items = seed_items()
    teacher = browser.new_context(base_url=base)
    create_teacher(server, "ms-world")
    page = teacher.new_page()
    page.goto("/login")
    login_token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    page.close()
    _post(teacher, base + "/login", {"csrf_token": login_token, "username": "ms-world", "password": PASSWORD})
    token = session_token(teacher, base)
    created = _post(teacher, base + "/teacher/", {"csrf_token": token, "name": "7B English"})
    class_id = int(re.search(r"/teacher/classes/(\d+)", created.url).group(1))
    code = re.search(r'<code class="join-code">([A-Z0-9]+)</code>', created.text()).group(1)
    assign_page = teacher.request.get(f"{base}/teacher/classes/{class_id}/assignments").text()
    skate = re.search(r'<option value="(\d+)">Cedar Hollow', assign_page).group(1)
    _post(
        teacher,
        f"{base}/teacher/classes/{class_id}/assignments",
        {"csrf_token": token, "quiz": skate, "feedback": "end"},
    )
    overview = teacher.request.get(f"{base}/teacher/classes/{class_id}").text()
    assignment_id = int(re.search(rf"/teacher/classes/{class_id}/assignments/(\d+)", overview).group(1))

    practiser = browser.new_context(base_url=base)
    request_sign_up(practiser, base, "pat.practice")
    token = session_token(practiser, base)
    finished = request_start(practiser, base, "trump-lukashenko", token)
    for item in items:  # every third passage wrong
        request_answer(practiser, base, finished, item.position, item.form(item.position % 3 != 0), token)
    otters = request_start(practiser, base, "harlow-river-otters", token)
    for position in range(1, 40):
        response = practiser.request.post(
            f"{base}/attempts/{otters}/passages/{position}", form={"csrf_token": token, "label": "fact"}
        )
        if "/results" in response.url:
            break
    open_attempt = request_start(practiser, base, "trump-lukashenko", token)
    for item in items[:23]:
        request_answer(practiser, base, open_attempt, item.position, item.form(), token)

    joiner = browser.new_context(base_url=base)
    page = joiner.new_page()
    page.goto("/join")
    join_token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    page.close()
    joined = _post(
        joiner,
        base + "/join",
        {"csrf_token": join_token, "code": code, "display_name": "Sam T.", "password": PASSWORD, "confirm": PASSWORD},
    )
    joiner_username = re.search(r"Your username is ([a-z0-9.]+[a-z0-9])\.", joined.text()).group(1)
    token = session_token(joiner, base)
    started = _post(joiner, f"{base}/assignments/{assignment_id}/start", {"csrf_token": token})
    assignment_attempt = int(re.search(r"/attempts/(\d+)/", started.url).group(1))
    for position in (1, 2):
        _post(
            joiner, f"{base}/attempts/{assignment_attempt}/passages/{position}", {"csrf_token": token, "label": "fact"}
        )
    teacher_user = re.search(
        r"/teacher/classes/\d+/students/(\d+)", teacher.request.get(f"{base}/teacher/classes/{class_id}/scores").text()
    )
    world = StudentWorld(
        base,
        practiser.storage_state(),
        joiner.storage_state(),
        joiner_username,
        teacher.storage_state(),
        finished,
        open_attempt,
        assignment_attempt,
        class_id,
        assignment_id,
        int(teacher_user.group(1)),
    )
    for context in (teacher, practiser, joiner):
        context.close()
    return world
