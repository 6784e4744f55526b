"""A student's whole journey in Chromium: sign up, take the seed quiz to the end, see results and history.

Once with the mouse and JavaScript on, once with JavaScript off (every flow is plain HTML forms),
and once with the keyboard alone.
"""

from __future__ import annotations

import re

import pytest

from .support import (
    LABEL_NAMES,
    LABEL_ORDER,
    PASSWORD,
    answer_item,
    expect,
    screenshot,
    seed_items,
    sign_up,
    start_quiz,
)


def planned_right(position: int) -> bool:
    """Answer every third item wrong, starting with item 2 (the inaccurate 'former President')."""
    return position % 3 != 2


def expected_score(items) -> int:
    """Return how many items the plan answers right (each right answer scores 1, each wrong one 0)."""
    return sum(planned_right(item.position) for item in items)


def test_the_seed_quiz_mixes_kinds_and_the_plan_mixes_right_and_wrong():
    items = seed_items()
    assert {item.kind for item in items} == {"label", "cues", "paragraph"}
    assert 0 < expected_score(items) < len(items)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_student_takes_the_seed_quiz_to_the_end(new_context, username, javascript):
    page = new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 800}).new_page()
    # Screenshots once, from the JavaScript run: without JavaScript the pages are the same.
    shoot = screenshot if javascript else (lambda page, name: None)
    page.goto("/")
    shoot(page, "index-anonymous")
    sign_up(page, username)
    start_quiz(page)
    items = seed_items()
    total = len(items)
    for item in items:
        position, right = item.position, planned_right(item.position)
        expect(page).to_have_url(re.compile(rf"/passages/{position}#current$"))  # opened at the passage
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Passage {position} of {total}")
        if position == 1:
            shoot(page, "question")
        answer_item(page, item, right)
        verdict = page.locator("h1.verdict")
        expect(verdict).to_have_text("✓ Correct!" if right else "✗ Not quite.")
        if item.kind == "label":
            chosen = item.chosen(right)[0]
            expect(page.locator(".answer-summary").first).to_contain_text(f"You answered {LABEL_NAMES[chosen]}.")
            expect(page.locator(".answer-summary").first).to_contain_text(LABEL_NAMES[item.labels[0]])
        if position in (1, 2):
            shoot(page, "feedback-correct" if position == 1 else "feedback-wrong-accuracy-note")
        if position == 2:
            expect(page.locator(".accuracy-note")).to_contain_text("Checkable, but not accurate")
        page.get_by_role("link", name="See your results" if position == total else "Next passage").click()

    score = expected_score(items)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    expect(page.locator(".score")).to_have_text(
        f"You got {score} out of {total} right ({round(100 * score / total)}%)."
    )
    expect(page.locator("ol.review > li")).to_have_count(total)
    shoot(page, "results")

    page.get_by_role("link", name="See my history").first.click()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Trump and Lukashenko")
    expect(row).to_contain_text(f"{score}/{total} ({round(100 * score / total)}%)")
    shoot(page, "history")

    page.goto("/")
    expect(page.locator(".quiz-card").filter(has_text="Trump and Lukashenko")).to_contain_text(
        f"Your best score: {round(100 * score / total)}%"
    )


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


def keyboard_label(page, label: str) -> None:
    """Choose a label in the next radio group with the keyboard alone.

    Tab lands on the first radio of an unchecked group; arrow keys move and check, Space checks
    the first one without moving.
    """
    tab_to(page, r"^input\|radio\|")
    steps = LABEL_ORDER.index(label)
    if steps == 0:
        page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def keyboard_answer(page, item, right: bool) -> None:
    """Answer one item with the keyboard alone and submit it."""
    chosen = item.chosen(right)
    if item.kind == "cues":
        if item.ask_label:
            keyboard_label(page, chosen[0])
        # One Tab stop for the passage's words; the arrow keys move between them, Space marks.
        tab_to(page, r"^input\|checkbox\|")
        at = 0
        for index in item.marks(right):
            for _ in range(index - at):
                page.keyboard.press("ArrowRight")
            at = index
            page.keyboard.press("Space")
            expect(page.locator(f"#word-{index}")).to_be_checked()
    else:
        for label in chosen:
            keyboard_label(page, label)
        expect(page.locator("input[type=radio]:checked")).to_have_count(len(chosen))
        for number, label in enumerate(chosen):
            expect(page.locator("input[type=radio]:checked").nth(number)).to_have_attribute("value", label)
    tab_to(page, r"^input\|submit\|Check my answers?$")
    page.keyboard.press("Enter")


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
    items = seed_items()
    for item in items:
        position, right = item.position, planned_right(item.position)
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Passage {position} of {len(items)}")
        keyboard_answer(page, item, right)
        # Focus starts on the verdict, so a screen reader announces it first.
        expect(page.locator("h1.verdict")).to_be_focused()
        expect(page.locator("h1.verdict")).to_have_text("✓ Correct!" if right else "✗ Not quite.")
        tab_to(page, r"^a\|button\|(Next passage|See your results)$")
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    expect(page.locator(".score")).to_contain_text(f"You got {expected_score(items)} out of {len(items)} right")
    tab_to(page, r"^a\|.*\|See my history$", limit=200)
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr")).to_contain_text("Trump and Lukashenko")
