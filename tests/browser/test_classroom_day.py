"""A teacher's classroom day in Chromium: login cards on paper, duplicate names, confirmations, class management.

A class "7B English" is set up over HTTP (not under test): the Cedar Hollow quiz assigned, 20
students who joined with the code and finished it (enough for the discrimination index), one
who took it twice, Kai from a pasted roster, and a student whose username has 40 characters.
Each page the teacher meets is checked with axe-core at 375 px and 1280 px, and screenshotted
at 1280 px, 1366x768 and 375 px (test-artifacts/screenshots/day-*.png).
"""

from __future__ import annotations

import re

import pytest

from .conftest import TALLY
from .support import LABEL_NAMES, PASSWORD, ROOT, axe_violations, csrf_token, expect, screenshot
from .test_teacher import create_teacher, log_in

CLASS = "7B English"
QUIZ_FILE = ROOT / "questions" / "02-cedar-hollow-skate-park.yaml"
QUIZ_TITLE = "Cedar Hollow council votes 5-2 to build a skate park at Riverside Field"
LONG_USERNAME = "alexandra.katherine.montgomery-smithson4"  # 40 characters, the most a username may have
SIZES = [
    ("1280", {"width": 1280, "height": 800}, True),
    ("1366x768", {"width": 1366, "height": 768}, False),
    ("375", {"width": 375, "height": 800}, True),
]


def quiz_key() -> list[str]:
    """Return the right label of every passage of the Cedar Hollow quiz."""
    from quizapp.core import questions

    labels = questions.load_labels(ROOT / "questions" / "labels.yaml")
    return [label for p in questions.load_quiz(QUIZ_FILE, labels).items for label in p.labels]


def token_of(context, base_url: str, path: str) -> str:
    """Return the CSRF token of the form on a page, read in context's session."""
    page = context.new_page()
    page.goto(base_url + path)
    token = csrf_token(page)
    page.close()
    return token


def post(context, base_url: str, path: str, form: dict, token: str):
    """Post a form by HTTP with the session's token and check it was accepted."""
    response = context.request.post(base_url + path, form={"csrf_token": token, **form})
    assert response.ok, (path, response.status, response.text()[:500])
    return response


def join_and_answer(browser, base_url: str, code: str, name: str, answers: list[str], times: int = 1) -> None:
    """Join the class as a new student and finish the assigned quiz with these answers, times times."""
    context = browser.new_context(base_url=base_url)
    try:
        token = token_of(context, base_url, "/join")
        post(
            context,
            base_url,
            "/join",
            {"code": code, "display_name": name, "password": PASSWORD, "confirm": PASSWORD},
            token,
        )
        token = token_of(context, base_url, "/")
        page = context.new_page()
        page.goto(base_url + "/")
        assignment = re.search(r"/assignments/(\d+)/start", page.content()).group(1)
        page.close()
        for _ in range(times):
            started = post(context, base_url, f"/assignments/{assignment}/start", {}, token)
            attempt = int(re.search(r"/attempts/(\d+)/", started.url).group(1))
            for position, label in enumerate(answers, start=1):
                post(context, base_url, f"/attempts/{attempt}/passages/{position}", {"label": label}, token)
    finally:
        context.close()


def planned(student: int, key: list[str]) -> list[str]:
    """Return a student's answers: stronger students (higher numbers) get more right, so passages discriminate."""
    labels = list(LABEL_NAMES)
    return [
        right if (position * 37 + student * 11) % 20 < student + 3 else labels[(labels.index(right) + 1) % 3]
        for position, right in enumerate(key, start=1)
    ]


@pytest.fixture(scope="module")
def day(browser, server):
    """Set up the class; return the teacher's username, the class id and its code."""
    teacher = "t-classroom-day"
    create_teacher(server, teacher)
    context = browser.new_context(base_url=server.url)
    try:
        page = context.new_page()
        log_in(page, teacher)
        token = csrf_token(page)
        created = post(context, server.url, "/teacher/", {"name": CLASS}, token)
        class_id = int(re.search(r"/teacher/classes/(\d+)", created.url).group(1))
        code = re.search(r'<code class="join-code">([A-Z0-9]+)</code>', created.text()).group(1)
        page.goto(f"/teacher/classes/{class_id}/assignments")
        quiz = page.locator("#quiz option", has_text="Cedar Hollow").get_attribute("value")
        post(context, server.url, f"/teacher/classes/{class_id}/assignments", {"quiz": quiz, "feedback": "each"}, token)
        post(context, server.url, f"/teacher/classes/{class_id}/students", {"names": "Kai"}, token)
    finally:
        context.close()
    key = quiz_key()
    for student in range(20):
        join_and_answer(
            browser,
            server.url,
            code,
            f"Student {student + 1:02d}",
            planned(student, key),
            times=2 if student == 19 else 1,
        )
    # A student who signed up on their own with the longest username there can be, then joined with the code.
    context = browser.new_context(base_url=server.url)
    try:
        token = token_of(context, server.url, "/signup")
        post(
            context,
            server.url,
            "/signup",
            {"username": LONG_USERNAME, "password": PASSWORD, "confirm": PASSWORD},
            token,
        )
        post(context, server.url, "/join", {"code": code}, token_of(context, server.url, "/join"))
    finally:
        context.close()
    # A teacher may reset only passwords of accounts her class made (accounts.may_reset), and a
    # username that long can only be chosen at sign-up: record this one as made by her class's code,
    # as a join with a new account records it, so that its card can be made.
    import sqlite3

    with sqlite3.connect(server.database) as database:
        database.execute(
            "UPDATE user SET origin = 'join', created_by_id = (SELECT teacher_id FROM classroom WHERE id = ?)"
            " WHERE username = ?",
            (class_id, LONG_USERNAME),
        )
    return {"teacher": teacher, "class_id": class_id, "code": code}


@pytest.fixture
def teacher_page(new_context, day):
    """Return a page signed in as the day's teacher (JavaScript on)."""
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, day["teacher"])
    return page


def wide_elements(page) -> list[str]:
    """Return the outermost elements that stick out of the window, to say what made a page scroll sideways."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.right > innerWidth + 1 && !(e.parentElement.getBoundingClientRect().right > innerWidth + 1);
    }).map(e => `${e.parentElement.className} ${getComputedStyle(e.parentElement).overflowX} `
               + `${Math.round(e.getBoundingClientRect().right)}: ${e.outerHTML.slice(0, 120)}`)""")


class Looker:
    """Runs axe at 375 and 1280 px and saves screenshots at every size; violations are kept, then asserted.

    axe is a script: for a page opened with JavaScript off, it runs on a copy of the page's HTML in
    a page of the same site with JavaScript on (the copy loads the same stylesheet).
    """

    def __init__(self, new_context=None, base_url: str = "") -> None:
        self.found: dict[str, list[str]] = {}
        self.mirror = None
        if new_context is not None:
            self.mirror = new_context(viewport={"width": 1280, "height": 800}).new_page()
            self.base_url = base_url

    def look(self, page, name: str) -> None:
        """Check and photograph the page as it is now under name, and leave it at 1280x800."""
        assert name not in self.found
        checked = page
        if self.mirror is not None:
            self.mirror.goto(self.base_url + "/healthz")  # same origin, so the copy's stylesheet loads
            self.mirror.set_content(page.content())
            checked = self.mirror
        lines = []
        for label, viewport, full in SIZES:
            page.set_viewport_size(viewport)
            screenshot(page, f"day-{name}-{label}", full_page=full)
            if label in ("375", "1280"):
                checked.set_viewport_size(viewport)
                lines += [f"{label} px: {line}" for line in axe_violations(checked)]
                width = checked.evaluate("() => document.scrollingElement.scrollWidth")
                assert width <= viewport["width"], (f"{name} scrolls sideways at {label} px", wide_elements(checked))
        page.set_viewport_size({"width": 1280, "height": 800})
        self.found[name] = lines

    def assert_clean(self) -> None:
        """Fail with every violation found, by page."""
        TALLY["axe: page states checked"] = TALLY.get("axe: page states checked", 0) + 2 * len(self.found)
        problems = {name: lines for name, lines in self.found.items() if lines}
        assert not problems, "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in problems.items())


# For every value on a card: the text it shows, whether it overflows its own box, whether it
# sticks out of its card, and whether the card sticks out of the page.
CARD_VALUES = """() => [...document.querySelectorAll('.card')].flatMap(card => {
    const c = card.getBoundingClientRect();
    return [...card.querySelectorAll('dd, p')].map(el => {
        const r = el.getBoundingClientRect();
        return {text: el.innerText.trim(), overflows: el.scrollWidth > el.clientWidth + 1,
                outside: r.left < c.left - 1 || r.right > c.right + 1,
                offPage: c.left < 0 || c.right > document.documentElement.clientWidth + 1};
    });
})"""


def test_login_cards_show_the_whole_username_password_and_address_on_screen_and_in_print(teacher_page, day):
    page = teacher_page
    page.goto(f"/teacher/classes/{day['class_id']}/students")
    page.get_by_role("button", name=f"New password for {LONG_USERNAME}").click()
    expect(page.locator(".card")).to_have_count(1)
    password = re.search(r"Password\s+(\S+)", page.locator(".card").inner_text()).group(1)
    address = page.url.split("/teacher/")[0] + "/login"
    checked = []
    for media, width in (("screen", 1280), ("screen", 375), ("print", 703)):  # 703 px: A4 less 12 mm margins
        page.emulate_media(media=media)
        page.set_viewport_size({"width": width, "height": 1000})
        values = page.evaluate(CARD_VALUES)
        assert [v["text"] for v in values if v["text"] in (LONG_USERNAME, password, address)] == [
            LONG_USERNAME,
            address,
            LONG_USERNAME,
            password,
        ], values  # the name (no display name: the username)
        bad = [v for v in values if v["overflows"] or v["outside"] or v["offPage"]]
        assert not bad, (media, width, bad)
        checked.append(f"{media} {width}")
        screenshot(page, f"day-login-card-long-username-{media}-{width}")
    page.emulate_media(media="screen")
    assert len(checked) == 3


def test_repeated_and_existing_names_are_checked_before_any_account_is_made(new_context, day, server):
    looker = Looker(new_context, server.url)
    page = new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, day["teacher"])
    page.goto(f"/teacher/classes/{day['class_id']}/students")
    page.get_by_label("Students' names, one per line").fill("Ann B.\nNoor\nKai\nann b.")
    page.get_by_role("button", name="Create accounts and print login cards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check these names first")
    ann = page.get_by_role("group", name="Ann B.")
    expect(ann).to_contain_text("This name is in your list 2 times.")
    kai = page.get_by_role("group", name="Kai")
    expect(kai).to_contain_text("is in this class already")
    expect(kai.get_by_role("radio", name="No new account: it is the same student")).to_be_checked()
    expect(page.get_by_text("Noor gets one account too.")).to_be_visible()
    looker.look(page, "check-the-names")
    page.get_by_role("button", name="Create the accounts and print login cards").click()
    expect(page.locator(".error")).to_have_count(0)
    usernames = [re.search(r"Username\s+(\S+)", c).group(1) for c in page.locator(".card").all_inner_texts()]
    assert usernames == ["ann.b", "noor"]  # one Ann B. (the default), no second Kai

    page.goto(f"/teacher/classes/{day['class_id']}/students")
    page.get_by_label("Students' names, one per line").fill("Ann B.")
    page.get_by_role("button", name="Create accounts and print login cards").click()
    page.get_by_role("group", name="Ann B.").get_by_role("radio", name=re.compile("^One new account")).check()
    page.get_by_role("button", name="Create the accounts and print login cards").click()
    expect(page.locator(".card")).to_contain_text("ann.b2")
    looker.look(page, "login-cards")

    page.goto(f"/teacher/classes/{day['class_id']}/scores")
    rows = page.locator("table.grid tbody th", has_text="Ann B.")
    expect(rows).to_have_count(2)
    assert sorted(rows.all_inner_texts()) == ["Ann B. ann.b", "Ann B. ann.b2"]  # told apart by username
    looker.assert_clean()


def test_joining_twice_with_the_same_name_asks_first(new_context, day, server):
    looker = Looker(new_context, server.url)
    page = new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800}).new_page()
    page.goto("/join")
    page.get_by_label("Class code").fill(day["code"])
    page.get_by_label("Your name, as your teacher should see it").fill("student 07")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Join the class").click()
    expect(page.locator("#display_name-error")).to_contain_text(f"Someone called student 07 is in {CLASS} already.")
    expect(page.get_by_role("link", name="log in with your username")).to_be_visible()
    looker.look(page, "join-same-name")
    page.get_by_label("I am a different person with the same name: make me a new account").check()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Join the class").click()
    expect(page.locator(".flash")).to_contain_text("Your username is student.072")
    looker.assert_clean()


def test_new_code_and_remove_are_confirmed_in_plain_html(new_context, day, server):
    looker = Looker(new_context, server.url)
    page = new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, day["teacher"])
    page.goto(f"/teacher/classes/{day['class_id']}")
    old = page.locator(".join-box code.join-code").inner_text()
    page.get_by_role("link", name="Make a new code…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Make a new join code for {CLASS}?")
    expect(page.get_by_text("It stops working at once")).to_be_visible()
    looker.look(page, "new-code")
    page.get_by_role("link", name="Cancel").click()
    assert page.locator(".join-box code.join-code").inner_text() == old
    page.get_by_role("link", name="Make a new code…").click()
    page.get_by_role("button", name="Make a new code").click()
    expect(page.locator(".flash")).to_contain_text("The old code no longer works.")
    assert page.locator(".join-box code.join-code").inner_text() != old

    page.get_by_role("link", name="Students", exact=True).click()
    page.get_by_role("link", name="Remove Kai (kai) from class…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Remove Kai from {CLASS}?")
    expect(page.get_by_text("Their answers stay in your results")).to_be_visible()
    looker.look(page, "remove-student")
    page.get_by_role("button", name="Remove Kai from the class").click()
    expect(page.locator(".flash")).to_contain_text("Kai (kai) is removed from the class.")
    looker.assert_clean()


def chart_text_sizes(page) -> list[float]:
    """Return the rendered size, in CSS pixels, of every piece of text in the page's charts."""
    return page.evaluate("""() => [...document.querySelectorAll('svg.chart text')].map(t => {
        const m = t.getScreenCTM();
        return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })""")


def test_every_teacher_page_reads_well_at_every_size(teacher_page, day):
    page, looker, class_id = teacher_page, Looker(), day["class_id"]
    page.goto(f"/teacher/classes/{class_id}")
    expect(page.locator(".address-warning")).to_contain_text("Students cannot open this address.")
    looker.look(page, "overview")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        sizes = chart_text_sizes(page)
        assert sizes and min(sizes) >= 12, (width, sizes)

    page.get_by_role("link", name=QUIZ_TITLE).first.click()
    expect(page.locator("table.items thead")).to_contain_text("Tells strong from weak")
    expect(page.get_by_text("Answered right (facility)")).to_be_visible()
    looker.look(page, "quiz-statistics")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert min(chart_text_sizes(page)) >= 12, width

    page.get_by_role("link", name="Students", exact=True).click()
    assert page.locator("table.students tbody tr").count() >= 22  # the day's students, and those the other tests add
    # Each row's action cell spans exactly its row, beside the name it acts on.
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        misaligned = page.evaluate("""() => [...document.querySelectorAll('table.students tbody tr')].filter(tr => {
            const row = tr.getBoundingClientRect(), cell = tr.lastElementChild.getBoundingClientRect(),
                  name = tr.firstElementChild.getBoundingClientRect();
            return Math.abs(cell.top - row.top) > 1 || Math.abs(cell.bottom - row.bottom) > 1
                || Math.abs(cell.top - name.top) > 1; }).map(tr => tr.innerText)""")
        assert misaligned == [], (width, misaligned)
    names = page.locator("table.students tbody td:first-child a").all_inner_texts()
    assert names == sorted(names, key=str.casefold)
    looker.look(page, "students")

    page.get_by_role("link", name="Student 20", exact=True).click()
    expect(page.get_by_role("heading", name="Accuracy per label over time")).to_be_visible()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert min(chart_text_sizes(page)) >= 12, width
    looker.look(page, "student")

    page.goto(f"/teacher/classes/{class_id}")
    code = page.locator(".join-box code.join-code").inner_text()  # another test may have made a new one
    page.goto(f"/teacher/classes/{class_id}/join-screen")
    expect(page.locator(".join-screen-code")).to_have_text(f"{code[:3]} {code[3:]}")
    looker.look(page, "join-screen")
    page.set_viewport_size({"width": 1920, "height": 1080})
    screenshot(page, "day-join-screen-projector-1920x1080", full_page=False)
    code_size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.join-screen-code')).fontSize)"
    )
    assert code_size >= 150, code_size  # readable from the back of a classroom
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"/teacher/classes/{class_id}/settings")
    looker.look(page, "settings")
    page.goto(f"/teacher/classes/{class_id}/delete")
    expect(page.get_by_text(re.compile(r"the places of its \d\d students"))).to_be_visible()
    looker.look(page, "delete-class")
    page.get_by_role("button", name="Delete the class").click()
    expect(page.locator("#confirm-error")).to_have_text("Tick the box to confirm.")
    expect(page.get_by_label("Yes, delete this class and its results for good")).to_be_focused()
    looker.look(page, "delete-class-not-ticked")

    page.goto(f"/teacher/classes/{class_id}")
    page.get_by_role("link", name=f"Unassign {QUIZ_TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Unassign {QUIZ_TITLE}?")
    looker.look(page, "unassign")
    looker.assert_clean()


def test_rename_archive_unarchive_unassign_and_delete(teacher_page, day, server):
    page, looker = teacher_page, Looker()
    page.goto("/teacher/")
    page.get_by_label("Class name").fill("Old 6A")
    page.get_by_role("button", name="Create class").click()
    page.get_by_role("link", name="Assign a quiz").click()
    page.get_by_label("Quiz").select_option(label=QUIZ_TITLE)
    page.get_by_role("button", name="Assign").click()
    page.get_by_role("link", name="Class settings").click()
    page.get_by_label("New name").fill("Old 6A (2025)")
    page.get_by_role("button", name="Rename the class").click()
    expect(page.locator(".flash")).to_have_text("Old 6A is now called Old 6A (2025).")

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name=f"Unassign {QUIZ_TITLE}").click()
    page.get_by_role("button", name="Unassign the quiz").click()
    expect(page.get_by_role("heading", name="Unassigned quizzes")).to_be_visible()
    looker.look(page, "overview-unassigned")

    page.get_by_role("link", name="Class settings").click()
    page.get_by_role("button", name="Archive Old 6A (2025)").click()
    expect(page.locator(".flash")).to_contain_text("Old 6A (2025) is archived.")
    expect(page.locator("table").get_by_role("link", name="Old 6A (2025)")).to_have_count(0)
    page.get_by_text("Archived classes (1)").click()  # a <details>: opens without JavaScript too
    looker.look(page, "my-classes-with-archived")
    page.locator("details.archived").get_by_role("link", name="Old 6A (2025)").click()
    expect(page.locator(".archived-note")).to_contain_text("This class is archived")
    looker.look(page, "overview-archived")
    page.get_by_role("button", name="Un-archive Old 6A (2025)").click()
    expect(page.locator(".flash")).to_contain_text("is back on your list")

    page.get_by_role("link", name="Class settings").click()
    page.get_by_role("link", name="Delete Old 6A (2025)…").click()
    page.get_by_label("Yes, delete this class and its results for good").check()
    page.get_by_role("button", name="Delete the class").click()
    expect(page.locator(".flash")).to_contain_text("Deleted Old 6A (2025)")
    expect(page.get_by_role("link", name="Old 6A (2025)")).to_have_count(0)
    looker.assert_clean()
