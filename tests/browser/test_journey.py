"""A student's whole journey in Chromium: sign up, take the seed quiz to the end, see results and history.

Once with the mouse and JavaScript on, once with JavaScript off (every flow is plain HTML forms),
and once with the keyboard alone.
"""

from __future__ import annotations

import re

import pytest

from .support import LABEL_NAMES, PASSWORD, answer, expect, screenshot, seed_key, sign_up, start_quiz

LABEL_ORDER = ["fact", "opinion", "speculation"]


def planned_answer(position: int, right: str) -> str:
    """Answer every third passage wrong, starting with passage 2 (the inaccurate 'former President')."""
    if position % 3 == 2:
        return LABEL_ORDER[(LABEL_ORDER.index(right) + 1) % len(LABEL_ORDER)]
    return right


def expected_score(key: list[str]) -> int:
    """Return how many passages the plan answers right."""
    return sum(planned_answer(n, right) == right for n, right in enumerate(key, start=1))


def test_the_seed_quiz_has_27_passages_and_the_plan_mixes_right_and_wrong():
    key = seed_key()
    assert len(key) == 27
    assert 0 < expected_score(key) < 27


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_student_takes_the_seed_quiz_to_the_end(new_context, username, javascript):
    page = new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 800}).new_page()
    # Screenshots once, from the JavaScript run: without JavaScript the pages are the same.
    shoot = screenshot if javascript else (lambda page, name: None)
    page.goto("/")
    shoot(page, "index-anonymous")
    sign_up(page, username)
    start_quiz(page)
    key = seed_key()
    for position, right in enumerate(key, start=1):
        expect(page).to_have_url(re.compile(rf"/passages/{position}#current$"))  # opened at the passage
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Passage {position} of 27")
        if position == 1:
            shoot(page, "question")
        chosen = planned_answer(position, right)
        answer(page, LABEL_NAMES[chosen])
        verdict = page.locator("h1.verdict")
        expect(verdict).to_have_text("✓ Correct!" if chosen == right else "✗ Not quite.")
        expect(page.locator("#answer-summary")).to_contain_text(f"You answered {LABEL_NAMES[chosen]}.")
        expect(page.locator("#answer-summary")).to_contain_text(LABEL_NAMES[right])
        if position in (1, 2):
            shoot(page, "feedback-correct" if position == 1 else "feedback-wrong-accuracy-note")
        if position == 2:
            expect(page.locator(".accuracy-note")).to_contain_text("Checkable, but not accurate")
        page.get_by_role("link", name="See your results" if position == 27 else "Next passage").click()

    score = expected_score(key)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    expect(page.locator(".score")).to_have_text(f"You got {score} out of 27 right ({round(100 * score / 27)}%).")
    expect(page.locator("ol.review > li")).to_have_count(27)
    shoot(page, "results")

    page.get_by_role("link", name="See my history").first.click()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Trump and Lukashenko")
    expect(row).to_contain_text(f"{score}/27 ({round(100 * score / 27)}%)")
    shoot(page, "history")

    page.goto("/")
    expect(page.locator(".quiz-card").first).to_contain_text(f"Your best score: {round(100 * score / 27)}%")


def focused(page) -> str:
    """Describe the focused element: its tag, type or class, and its text or value."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        return [e.localName, e.type || e.className || '', (e.innerText || e.value || '').trim()].join('|');
    }""")


def tab_to(page, pattern: str, limit: int = 40) -> str:
    """Press Tab until the focused element's description matches pattern; return it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        description = focused(page)
        if re.search(pattern, description):
            return description
    raise AssertionError(f"Tab never reached {pattern!r}; focus is on {focused(page)!r}")


def test_keyboard_only_sign_up_quiz_and_results(new_context, username):
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto("/")
    tab_to(page, r"^a\|.*\|Sign up$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    tab_to(page, r"^input\|text\|")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text(f"Welcome, {username}!")

    tab_to(page, r"^button\|submit\|Start\s*Trump and Lukashenko")
    page.keyboard.press("Enter")
    key = seed_key()
    for position, right in enumerate(key, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Passage {position} of 27")
        chosen = planned_answer(position, right)
        # Tab lands on the first radio of an unchecked group; arrow keys move and check,
        # Space checks the first one without moving.
        tab_to(page, r"^input\|radio\|")
        steps = LABEL_ORDER.index(chosen)
        if steps == 0:
            page.keyboard.press("Space")
        for _ in range(steps):
            page.keyboard.press("ArrowDown")
        expect(page.get_by_role("radio", name=LABEL_NAMES[chosen], exact=True)).to_be_checked()
        tab_to(page, r"^input\|submit\|Check my answer$")
        page.keyboard.press("Enter")
        # Focus starts on the verdict, so a screen reader announces it first.
        expect(page.locator("h1.verdict")).to_be_focused()
        expect(page.locator("h1.verdict")).to_have_text("✓ Correct!" if chosen == right else "✗ Not quite.")
        tab_to(page, r"^a\|button\|(Next passage|See your results)$")
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    expect(page.locator(".score")).to_contain_text(f"You got {expected_score(key)} out of 27 right")
    tab_to(page, r"^a\|.*\|See my history$", limit=200)
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr")).to_contain_text("Trump and Lukashenko")
