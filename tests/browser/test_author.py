"""The workbench in Chromium, with JavaScript and without: paste an article, review it, save a quiz; axe on its pages.

The test runs its own server on a copy of the shipped questions, because saving writes a question
file into the questions folder. Screenshots at 1280 px, 1366x768 and 375 px go with the test's
artefacts.
"""

from __future__ import annotations

import shutil

import pytest

from .support import ROOT, axe_violations, expect, live_server, screenshot
from .test_teacher import create_teacher, log_in

ARTICLE = (
    "Council Votes on Park\n\n"
    "The council voted 5-2 on Tuesday to build a skate park, the mayor announced.\n\n"
    "The park could open as early as April. Officials should fund the lights too."
)


@pytest.fixture(scope="module")
def author_server(tmp_path_factory, browser):
    """Serve the app on a copy of the shipped questions, which the workbench may write to."""
    workdir = tmp_path_factory.mktemp("author")
    questions = workdir / "questions"
    shutil.copytree(ROOT / "questions", questions)
    with live_server(workdir / "server", questions) as running:
        running.questions = questions
        yield running


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_teacher_turns_an_article_into_a_quiz(browser, author_server, javascript):
    teacher = f"wb-{'js' if javascript else 'nojs'}"
    create_teacher(author_server, teacher)
    context = browser.new_context(
        base_url=author_server.url, java_script_enabled=javascript, viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    try:
        log_in(page, teacher)
        page.get_by_role("link", name="Workbench").click()
        assert not javascript or axe_violations(page) == []  # axe runs as JavaScript in the page
        title = f"Park vote {'js' if javascript else 'no js'}"
        page.get_by_label("Title").fill(title)
        page.get_by_label("Published by (newspaper or website)").fill("Cedar Hollow Courier")
        page.get_by_label("Date published").fill("2025-08-15")
        page.get_by_label("Article text").fill(ARTICLE)
        page.get_by_role("button", name="Split into sentences").click()
        expect(page.locator(".draft-item")).to_have_count(3)
        assert not javascript or axe_violations(page) == []  # axe runs as JavaScript in the page
        if javascript:
            for width, height, name in ((1280, 800, "1280"), (1366, 768, "1366x768"), (375, 812, "375")):
                page.set_viewport_size({"width": width, "height": height})
                screenshot(page, f"author-edit-{name}")
            page.set_viewport_size({"width": 1280, "height": 800})
        items = page.locator(".draft-item")
        items.nth(0).get_by_label("Label").select_option("fact")
        items.nth(0).get_by_label("Why (students see this after answering)").fill("A vote anyone can check.")
        items.nth(1).get_by_label("Label").select_option("speculation")
        items.nth(1).get_by_label("Why (students see this after answering)").fill("**could** marks a guess.")
        items.nth(2).get_by_label("Label").select_option("")
        page.get_by_role("button", name="Keep my choices").click()
        expect(page.get_by_text("Your choices are kept.")).to_be_visible()
        page.get_by_role("button", name="Save the quiz").click()
        expect(page.get_by_text("and loaded (version 1)")).to_be_visible()
        slug = title.lower().replace(" ", "-")
        assert (author_server.questions / f"{slug}.yaml").exists()
        expect(page.get_by_role("heading", name=title)).to_be_visible()  # on the quiz list, for students too
    finally:
        context.close()
