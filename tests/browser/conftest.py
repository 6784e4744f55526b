"""Fixtures for the browser tests: Chromium through Playwright, and the real app on a loopback port."""

from __future__ import annotations

import itertools
import re

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
    from playwright.sync_api import sync_playwright

    from playwright.sync_api import expect

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
