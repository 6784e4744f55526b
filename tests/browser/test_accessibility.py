"""Accessibility in Chromium: axe-core on every page a student can reach, and reflow at 360 px and 200% zoom.

axe checks WCAG 2.1 A and AA rules only (tags wcag2a, wcag2aa, wcag21a, wcag21aa). The number of
page states it checked is printed at the end of the run.
"""

from __future__ import annotations

import re

import pytest

from .conftest import TALLY
from .support import (
    LABEL_NAMES,
    answer,
    answer_item,
    axe_violations,
    csrf_token,
    expect,
    request_answer,
    request_sign_up,
    request_start,
    screenshot,
    seed_items,
    session_token,
    sign_up,
    start_quiz,
)

SEED = "trump-lukashenko"


def count_axe(states: int) -> None:
    """Add to the number of page states axe checked in this run."""
    TALLY["axe: page states checked"] = TALLY.get("axe: page states checked", 0) + states


def attempt_of(page) -> int:
    """Return the attempt id in the current page's URL."""
    return int(re.search(r"/attempts/(\d+)", page.url).group(1))


def test_axe_reports_a_violation_on_a_broken_page(page):
    page.set_content("<html><body><img src='x.png'><input type='text'><p style='color:#ccc'>faint</p></body></html>")
    found = " ".join(axe_violations(page))
    for rule in ("image-alt", "label", "html-has-lang", "document-title", "color-contrast"):
        assert rule in found


def test_every_page_a_student_can_reach_has_no_axe_violations(new_context, server, username):
    context = new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    found: dict[str, list[str]] = {}

    def check(state: str) -> None:
        """Run axe on the page as it is now, under the name state."""
        assert state not in found
        found[state] = axe_violations(page)

    page.goto("/")
    check("quiz list, signed out")
    page.goto("/login")
    check("log in")
    page.get_by_label("Username").fill("nobody-here")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".error-summary")).to_have_text("That username and password do not match an account.")
    expect(page.locator(".error-summary")).to_be_focused()
    check("log in, wrong password")
    screenshot(page, "login-error")
    page.goto("/signup")
    check("sign up")
    page.get_by_label("Username").fill("a b")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("other")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".field .error")).to_have_count(3)
    expect(page.get_by_label("Username")).to_be_focused()
    check("sign up, an error on every field")
    screenshot(page, "signup-errors")

    sign_up(page, username)
    check("quiz list, signed in, welcome message")
    page.goto("/history")
    expect(page.get_by_text("You have not taken a quiz yet.")).to_be_visible()
    check("history, empty")

    start_quiz(page)
    check("question")
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#label-error")).to_have_text("Choose one of the labels, then check your answer.")
    expect(page.get_by_role("radio").first).to_be_focused()
    check("question, no label chosen")
    screenshot(page, "question-choose-a-label")
    items = seed_items()
    key = [item.labels[0] for item in items]
    answer(page, LABEL_NAMES[key[0]])
    expect(page.locator("h1.verdict")).to_have_text("✓ Correct!")
    check("feedback, right")
    page.get_by_role("link", name="Next passage").click()
    wrong = "opinion" if key[1] != "opinion" else "fact"
    answer(page, LABEL_NAMES[wrong])
    expect(page.locator("h1.verdict")).to_have_text("✗ Not quite.")
    expect(page.locator(".accuracy-note")).to_be_visible()
    check("feedback, wrong, with an accuracy note")

    attempt, token = attempt_of(page), csrf_token(page)
    # A second answer to the same passage: the flash message stays in the session until the
    # next page shows it, so do not follow the redirect here.
    context.request.post(
        f"{server.url}/attempts/{attempt}/passages/2", form={"csrf_token": token, "label": "fact"}, max_redirects=0
    )
    page.goto(f"/attempts/{attempt}/passages/2/feedback")
    expect(page.locator(".flash")).to_contain_text("Your first answer is kept.")
    check("feedback, with 'already answered' message")

    seen_kinds = set()
    for item in items[2:-1]:
        label = f"{item.kind}, asking the label" if item.ask_label else item.kind
        if item.kind == "label" or label in seen_kinds:
            request_answer(context, server.url, attempt, item.position, item.form(), token)
            continue
        seen_kinds.add(label)  # each kind of item once by hand, its question and its feedback checked
        page.goto(f"/attempts/{attempt}/passages/{item.position}")
        check(f"question, {label}")
        answer_item(page, item, right=len(seen_kinds) % 2 == 1)
        check(f"feedback, {label}")
    assert seen_kinds == {"cues", "cues, asking the label"}
    last = items[-1]
    assert last.kind == "paragraph"  # the last paragraph, with its inaccurate 'upcoming election'
    page.goto(f"/attempts/{attempt}/passages/{last.position}")
    check("question, paragraph")
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator(".error").first).to_have_text("Choose a label for sentence 1.")
    check("question, paragraph, no label chosen")
    answer_item(page, last)
    expect(page.locator("h1.verdict")).to_have_text("✓ Correct!")
    expect(page.locator(".accuracy-note")).to_be_visible()
    expect(page.get_by_role("link", name="See your results")).to_be_visible()
    check("feedback, last passage: a paragraph, with an accuracy note")
    page.get_by_role("link", name="See your results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    check("results")
    page.get_by_role("link", name="See my history").first.click()
    expect(page.locator("tbody tr")).to_have_count(1)
    check("history, one attempt")
    page.goto("/")
    expect(page.locator(".quiz-card").filter(has_text="Trump and Lukashenko")).to_contain_text("Your best score")
    check("quiz list, with a best score")
    page.get_by_role("button", name=re.compile("^Try again")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Passage 1 of {len(items)}")
    page.goto("/")
    expect(page.get_by_role("button", name=re.compile("^Resume"))).to_be_visible()
    check("quiz list, with a quiz to resume")
    page.goto("/history")
    expect(page.locator("tbody tr")).to_have_count(2)
    check("history, one finished and one in progress")
    response = page.goto("/attempts/999999")
    assert response.status == 404
    check("page not found (404)")
    screenshot(page, "not-found")
    page.goto("/")
    page.get_by_role("button", name=re.compile("^Log out")).click()
    expect(page.locator(".flash")).to_have_text("You are logged out.")
    check("quiz list, logged out message")

    count_axe(len(found))
    print(f"axe checked {len(found)} page states: {', '.join(found)}")
    problems = {state: lines for state, lines in found.items() if lines}
    assert not problems, "\n".join(f"{state}:\n  " + "\n  ".join(lines) for state, lines in problems.items())


# (username, password, again, the field focus should start on after the form is refused)
REFUSED_SIGNUPS = [
    ("a b", "a long password", "a long password", "Username"),
    ("fine-name", "short", "short", "Password"),
    ("fine-name", "a long password", "another password", "Password again"),
]


@pytest.mark.parametrize("name, password, again, focused", REFUSED_SIGNUPS)
def test_a_refused_signup_puts_focus_on_the_first_field_with_an_error(page, name, password, again, focused):
    page.goto("/signup")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(again)
    page.get_by_role("button", name="Create account").click()
    field = page.get_by_label(focused, exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    expect(page.locator("[autofocus]")).to_have_count(1)


# (name, viewport): a phone; 200% browser zoom on 1280x800 and 1920x1080 screens (the CSS viewport
# halves); WCAG 1.4.10's reflow width, 1280 px at 400%; and a desktop, where the answer panel is sticky.
VIEWPORTS = [
    ("phone-360", {"width": 360, "height": 740}),
    ("zoom-200-of-1280x800", {"width": 640, "height": 400}),
    ("zoom-200-of-1920x1080", {"width": 960, "height": 540}),
    ("reflow-320", {"width": 320, "height": 256}),
    ("desktop-1920x1080", {"width": 1920, "height": 1080}),
]
# (page, the control a student must reach there)
CONTROLS = [
    ("question", ("button", "Check my answer")),
    ("feedback", ("link", "Next passage")),
    ("results", ("button", "Try this quiz again")),
]


@pytest.fixture(scope="module")
def reflow_student(browser, server):
    """Return a signed-in student's cookies and URLs of a question, a feedback and a results page."""
    context = browser.new_context(base_url=server.url)
    try:
        request_sign_up(context, server.url, "reflow-student")
        token = session_token(context, server.url)
        finished = request_start(context, server.url, SEED, token)
        for item in seed_items():
            request_answer(context, server.url, finished, item.position, item.form(item.position % 4 != 0), token)
        open_attempt = request_start(context, server.url, SEED, token)
        assert open_attempt != finished
        request_answer(context, server.url, open_attempt, 1, "fact", token)
        urls = {
            "question": f"/attempts/{open_attempt}/passages/2",
            "feedback": f"/attempts/{open_attempt}/passages/1/feedback",
            "results": f"/attempts/{finished}/results",
        }
        yield context.storage_state(), urls
    finally:
        context.close()


@pytest.mark.parametrize("page_name, control", CONTROLS, ids=[c[0] for c in CONTROLS])
@pytest.mark.parametrize("viewport_name, viewport", VIEWPORTS, ids=[v[0] for v in VIEWPORTS])
def test_pages_reflow_without_horizontal_scrolling(
    new_context, reflow_student, viewport_name, viewport, page_name, control
):
    state, urls = reflow_student
    page = new_context(viewport=viewport, device_scale_factor=2, storage_state=state).new_page()
    page.goto(urls[page_name])
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scroll_width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert scroll_width <= viewport["width"], f"the page is {scroll_width} px wide in a {viewport['width']} px viewport"

    role, name = control
    target = page.get_by_role(role, name=name).first  # the results repeat their way on below the review
    target.focus()  # as Tab would: the browser scrolls the focused control into view
    box = page.evaluate(
        """el => { const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, covered: !el.contains(hit)}; }""",
        target.element_handle(),
    )
    assert 0 <= box["left"] and box["right"] <= viewport["width"], box
    assert 0 <= box["top"] and box["bottom"] <= viewport["height"], box
    assert not box["covered"], f"{name} is covered by another element"

    if viewport_name in ("phone-360", "zoom-200-of-1280x800"):
        screenshot(page, f"{page_name}-{viewport_name}", full_page=False)  # the window, with the control in it
    problems = axe_violations(page)
    count_axe(1)
    assert not problems, "\n".join(problems)


# The pages issue 9 added or changed, as each kind of student sees them: (name, who, path, what to wait for).
STUDENT_PAGES = [
    ("quiz-list-signed-out", None, "/", "Fact, opinion or speculation?"),
    ("quiz-list-practiser", "practiser", "/", f"In progress: 23 of {len(seed_items())} answered"),
    ("quiz-list-joined", "joiner", "/", "Right answers: when you finish"),
    ("question-24", "practiser", "/attempts/{open_attempt}/passages/24#current", f"Passage 24 of {len(seed_items())}"),
    ("question-saved", "joiner", None, "is saved"),  # an answer posted just before, in 'answers at the end'
    ("question-choose-a-label", "practiser", "/attempts/{open_attempt}/passages/24", "Choose one of the labels"),
    ("feedback", "practiser", "/attempts/{finished}/passages/2/feedback", "The highlighted words are the cues"),
    ("answer-recorded", "joiner", "/attempts/{assignment_attempt}/passages/1/feedback", "Answer recorded"),
    ("results", "practiser", "/attempts/{finished}/results", "What you mixed up most"),
    ("history", "practiser", "/history", "Your progress"),
    ("account", "joiner", "/account", "Your classes"),
]
# The teacher's pages change only through the shared stylesheet's dark colours.
TEACHER_PAGES = [
    ("teacher-home", "/teacher/", "My classes"),
    ("teacher-overview", "/teacher/classes/{class_id}", "7B English"),
    ("teacher-students", "/teacher/classes/{class_id}/students", "Students"),
    ("teacher-assign", "/teacher/classes/{class_id}/assignments", "Assign"),
    ("teacher-quiz", "/teacher/classes/{class_id}/assignments/{assignment_id}", "Passage"),
    ("teacher-student", "/teacher/classes/{class_id}/students/{student_user_id}", "Sam T."),
]
LOOKS = [
    ("375", {"width": 375, "height": 800}),
    ("1280", {"width": 1280, "height": 800}),
    ("1366x768", {"width": 1366, "height": 768}),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size, viewport", LOOKS, ids=[look[0] for look in LOOKS])
def test_new_and_changed_pages_have_no_axe_violations_light_and_dark(
    new_context, student_world, size, viewport, scheme
):
    world = student_world
    contexts = {
        who: new_context(viewport=viewport, color_scheme=scheme, storage_state=getattr(world, who))
        for who in ("practiser", "joiner", "teacher")
    }
    contexts[None] = new_context(viewport=viewport, color_scheme=scheme)
    pages = {who: context.new_page() for who, context in contexts.items()}
    found: dict[str, list[str]] = {}
    ids = vars(world)
    for name, who, path, wait_for in STUDENT_PAGES:
        page = pages[who]
        if name == "question-saved":  # answer the open passage: the next one says it was saved
            page.goto(f"/attempts/{world.assignment_attempt}")
            page.get_by_role("radio", name="Speculation").check()
            page.get_by_role("button", name="Check my answer").click()
        else:
            page.goto(path.format(**ids))
        if name == "question-choose-a-label":
            page.get_by_role("button", name="Check my answer").click()
        expect(page.locator("main")).to_contain_text(wait_for)
        found[name] = axe_violations(page)
        # Full pages in light at 1280 and 375; the window (what shows first) otherwise.
        screenshot(page, f"{name}-{size}-{scheme}", full_page=scheme == "light" and size != "1366x768")
    if scheme == "dark":
        for name, path, wait_for in TEACHER_PAGES:
            pages["teacher"].goto(path.format(**ids))
            expect(pages["teacher"].locator("main")).to_contain_text(wait_for)
            found[name] = axe_violations(pages["teacher"])
            if size != "1366x768":
                screenshot(pages["teacher"], f"{name}-{size}-{scheme}", full_page=False)
    count_axe(len(found))
    problems = {state: lines for state, lines in found.items() if lines}
    assert not problems, "\n".join(f"{state}:\n  " + "\n  ".join(lines) for state, lines in problems.items())
