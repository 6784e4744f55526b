"""A teacher's flow in Chromium, with axe-core on every teacher page and the class pages students see.

Ms Lee creates a class, assigns the seed quiz with feedback at the end, prints login cards for
two students, and a third student joins with the code. Students answer; she reads the overview,
the quiz statistics and a student's page, downloads both exports, makes a new code, removes a
student and deletes their answers.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess

from .conftest import TALLY
from .support import LABEL_NAMES, PASSWORD, axe_violations, expect, quizapp_command, screenshot, seed_items, seed_key


def create_teacher(server, username: str) -> None:
    """Make a teacher account on the live server's database with the real CLI."""
    env = {**os.environ, "QUIZAPP_INSTANCE_PATH": str(server.instance), "QUIZAPP_SECRET_KEY": "browser-tests"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [*quizapp_command(), "create-teacher", username, "--password", PASSWORD],
        env=env,
        check=True,
        capture_output=True,
    )


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the form."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_teacher_runs_a_class(new_context, server, username):
    teacher = f"t-{username}"[:40]
    create_teacher(server, teacher)
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    found: dict[str, list[str]] = {}

    def check(state: str) -> None:
        """Run axe on the current page under the name state."""
        found[state] = axe_violations(page)

    log_in(page, teacher)
    page.get_by_role("link", name="My classes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My classes")
    check("my classes, none yet")
    page.get_by_role("button", name="Create class").click()
    expect(page.locator(".field .error")).to_have_text("Give the class a name, for example '8B English'.")
    check("my classes, form error")
    page.get_by_label("Class name").fill("8B English")
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("8B English")
    code = page.locator(".join-box code.join-code").inner_text()
    assert re.fullmatch(r"[A-HJ-KM-NP-Z2-9]{6}", code)
    check("class overview, empty")

    page.get_by_role("link", name="Assign a quiz").click()
    page.get_by_label("Quiz").select_option(
        label="Trump and Lukashenko Discuss Release of 1,300 Belarusian Prisoners, Future Meeting Planned"
    )
    page.get_by_label("At the end of the attempt").check()
    page.get_by_label("Due (optional)").fill("2026-01-01T09:00")
    page.get_by_label("Opens (optional)").fill("2026-02-01T09:00")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#due_at-error")).to_have_text("The due date must be after the opening date.")
    check("assign, form error")
    page.get_by_label("Due (optional)").fill("")
    page.get_by_label("Opens (optional)").fill("")
    page.get_by_label("Attempts allowed (leave empty for no limit)").fill("2")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".flash")).to_contain_text("The quiz is assigned.")

    page.get_by_role("link", name="Students", exact=True).click()
    check("students, empty")
    page.get_by_label("Students' names, one per line").fill("Ann Smith\nBo Li")
    page.get_by_role("button", name="Create accounts and print login cards").click()
    expect(page.locator(".card")).to_have_count(2)
    check("login cards")
    screenshot(page, "teacher-login-cards")
    cards = re.findall(r"Username\s+(\S+)\s+Password\s+(\S+)", page.locator("ul.cards").inner_text())
    assert [u for u, _ in cards][0].startswith("ann.smith")

    key = seed_key()
    student = new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    log_in(student, *cards[0])
    expect(student.get_by_role("heading", name="Assigned to you")).to_be_visible()
    found["student quiz list, with an assignment"] = axe_violations(student)
    student.get_by_role("button", name=re.compile("^Start")).first.click()
    for position in range(1, 4):
        student.get_by_role(
            "radio", name=LABEL_NAMES[key[position - 1] if position != 2 else "opinion"], exact=True
        ).check()
        student.get_by_role("button", name="Check my answer").click()
        # Answers shown at the end: straight on to the next passage, which says the answer was saved.
        expect(student.get_by_role("heading", level=1)).to_have_text(f"Passage {position + 1} of {len(seed_items())}")
        expect(student.locator(".saved")).to_contain_text(f"Your answer to passage {position} is saved")
    student.go_back()  # passage 3 again: answered, so its "Answer recorded" page
    expect(student.get_by_role("heading", level=1)).to_have_text("Answer recorded")
    found["answer recorded (feedback at the end)"] = axe_violations(student)

    joiner = new_context(viewport={"width": 1280, "height": 800}).new_page()
    joiner.goto("/join")
    found["join, signed out"] = axe_violations(joiner)
    joiner.get_by_label("Class code").fill(code.lower())
    joiner.get_by_label("Your name, as your teacher should see it").fill("Cy Diaz")
    joiner.get_by_label("Password", exact=True).fill(PASSWORD)
    joiner.get_by_label("Password again").fill(PASSWORD)
    joiner.get_by_role("button", name="Join the class").click()
    expect(joiner.locator(".flash")).to_contain_text("Your username is cy.diaz")

    page.goto("/")
    page.get_by_role("link", name="My classes").click()
    page.get_by_role("link", name="8B English").click()
    check("class overview, with students")
    screenshot(page, "teacher-overview")
    page.get_by_role("link", name="Scores", exact=True).click()  # every student's row is on its own page
    grid = page.locator("table.grid")
    expect(grid).to_contain_text("Cy Diaz")
    expect(grid.locator("tr", has_text="Ann Smith")).to_contain_text("in progress")
    check("scores")
    page.locator("table.grid thead a").click()
    expect(page.locator("table.items tbody tr:not(.part-row)")).to_have_count(len(seed_items()))
    check("quiz statistics")
    screenshot(page, "teacher-quiz-statistics")
    page.get_by_role("link", name="Scores", exact=True).click()
    page.get_by_role("link", name="Ann Smith").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ann Smith")
    check("student page")

    page.get_by_role("link", name="Overview").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export every answer (CSV)").click()
    text = open(download.value.path(), encoding="utf-8").read()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 3 and rows[1]["answer given"] == "opinion" and rows[1]["kind"] == "label"

    page.get_by_role("link", name="Make a new code…").click()
    check("new code, confirmation")
    page.get_by_role("button", name="Make a new code").click()
    expect(page.locator(".flash")).to_contain_text("The old code no longer works.")
    assert page.locator(".join-box code.join-code").inner_text() != code

    page.get_by_role("link", name="Students", exact=True).click()
    check("students, with a roster")
    page.get_by_role("link", name="Remove Ann Smith (ann.smith) from class…").click()
    check("remove a student, confirmation")
    page.get_by_role("button", name="Remove Ann Smith from the class").click()
    expect(page.locator(".flash")).to_contain_text("Their answers stay in the class record.")
    page.get_by_role("link", name="Delete answers of Ann Smith").click()
    check("delete answers, confirmation")
    page.get_by_role("button", name="Delete answers").click()
    expect(page.locator(".error")).to_have_text("Tick the box to confirm.")
    page.get_by_label("Yes, delete this student's answers for good").check()
    page.get_by_role("button", name="Delete answers").click()
    expect(page.locator(".flash")).to_contain_text("Deleted 1 attempt(s) by Ann Smith")

    TALLY["axe: page states checked"] = TALLY.get("axe: page states checked", 0) + len(found)
    assert {state: lines for state, lines in found.items() if lines} == {}
