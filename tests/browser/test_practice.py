"""Mastery practice and disputes in Chromium: a session without JavaScript and by keyboard alone, axe, screenshots."""

from __future__ import annotations

import re

from .support import ROOT, axe_violations, expect, screenshot, sign_up
from .test_teacher import create_teacher, log_in

WIDTHS = {
    "1280": {"width": 1280, "height": 800},
    "1366x768": {"width": 1366, "height": 768},
    "375": {"width": 375, "height": 800},
}


def answer_key() -> dict[str, str]:
    """Return the right label of every labelled passage of the shipped quizzes, by its text (spaces folded)."""
    from quizapp.core import questions, sources

    folder = sources.scan(ROOT / "questions")
    labels = questions.load_labels(folder.labels)
    key = {}
    for entry in folder.entries:
        for item in questions.load_quiz(entry.path, labels).items:
            if item.kind == "label":
                key[" ".join(item.text.split())] = item.spec.label
    return key


def tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the element whose text is name has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if (
            page.evaluate("() => (document.activeElement.innerText || document.activeElement.value || '').trim()")
            == name
        ):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_practice_session_without_javascript_by_keyboard_alone(new_context, server, username):
    page = new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False).new_page()
    sign_up(page, username)
    page.goto("/")
    tab_to(page, "Practise what I mix up")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/practice/\d+$"))
    key, order = answer_key(), ["fact", "opinion", "speculation"]
    for step in range(1, 41):
        if page.get_by_role("heading", name="Practice finished").count():
            break
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Practice question {step}")
        expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
        right = key[" ".join(page.locator("mark#current").inner_text().split())]
        # Focus the first choice, move with the arrow keys (which choose), submit with Enter.
        tab_to(page, "fact")  # the first choice's value: Tab enters the group there
        page.keyboard.press("Space")
        for _ in range(order.index(right)):
            page.keyboard.press("ArrowDown")
        expect(page.locator("input[name=label]:checked")).to_have_value(right)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Correct!"))
        tab_to(page, "Next question" if page.get_by_role("link", name="Next question").count() else "See how you did")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/practice/\d+$"))
    expect(page.get_by_role("heading", name="Practice finished")).to_be_visible()
    expect(page.locator(".practice-progress li")).to_have_count(3)
    expect(page.locator(".practice-progress li", has_text="Done:")).to_have_count(3)  # 4 or 5 of the last 5
    assert 12 <= step <= 21, step


def test_new_pages_have_no_axe_violations_and_are_screenshotted(new_context, server, username):
    teacher = f"t-{username}"[:40]
    create_teacher(server, teacher)
    found: dict[str, list[str]] = {}
    for width, viewport in WIDTHS.items():
        student = new_context(viewport=viewport).new_page()
        sign_up(student, f"{username[:30]}-{width}")
        student.goto("/")
        found[f"home {width}"] = axe_violations(student)
        screenshot(student, f"practice-home-{width}")
        student.get_by_role("button", name="Practise what I mix up").click()
        found[f"practice question {width}"] = axe_violations(student)
        screenshot(student, f"practice-question-{width}")
        # any label: the draw may be from the Spanish quiz, whose labels are Spanish words
        student.get_by_role("radio").first.check()
        student.get_by_role("button", name="Check my answer").click()
        found[f"practice feedback {width}"] = axe_violations(student)
        screenshot(student, f"practice-feedback-{width}")
        # A quiz answer to challenge: the seed quiz's first passage, answered wrong on purpose.
        student.goto("/")
        student.get_by_role("button", name=re.compile("^Start Trump")).click()
        first = student.locator("mark#current").inner_text()
        right = answer_key()[" ".join(first.split())]
        # The first width's challenge is accepted, so the later ones argue for the other wrong label.
        names = {"fact": "Reported fact", "opinion": "Opinion", "speculation": "Speculation"}
        wrong = [name for label, name in names.items() if label != right][0 if width == "1280" else 1]
        student.get_by_role("radio", name=wrong, exact=True).check()
        student.get_by_role("button", name="Check my answer").click()
        student.locator("summary", has_text="Think your answer should count?").click()  # opens the details
        found[f"dispute form {width}"] = axe_violations(student)
        screenshot(student, f"dispute-form-{width}")
        student.get_by_label("Do you think your answer should count? Say why.").fill(
            "The passage <b>reports</b> what was said & that can be checked."
        )
        student.get_by_role("button", name="Send to my teacher").click()
        expect(student.get_by_text("You challenged this answer:")).to_be_visible()
        screenshot(student, f"dispute-sent-{width}")

        page = new_context(viewport=viewport).new_page()
        log_in(page, teacher)
        page.goto("/teacher/disputes")
        expect(page.get_by_text("that can be checked.").first).to_be_visible()
        found[f"teacher queue {width}"] = axe_violations(page)
        screenshot(page, f"dispute-queue-{width}")
        page.get_by_label("Reply to the student").first.fill("Good reading: I agree.")
        if width == "1280":
            page.get_by_role("button", name="Accept this label for everyone").first.click()
            expect(page.locator(".flash")).to_contain_text("now count")
        else:
            page.get_by_role("button", name="Decline").first.click()
            expect(page.locator(".flash")).to_contain_text("Your reply is saved")
        found[f"teacher queue accepted {width}"] = axe_violations(page)
        screenshot(page, f"dispute-accepted-{width}")
        student.goto("/history")
        expect(student.get_by_text("Good reading: I agree.").first).to_be_visible()
        found[f"history with reply {width}"] = axe_violations(student)
        screenshot(student, f"history-disputes-{width}")
    bad = {state: problems for state, problems in found.items() if problems}
    assert not bad, bad
