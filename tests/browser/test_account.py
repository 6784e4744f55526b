"""A person's own account in Chromium: change the password, log out everywhere, download the data, delete it.

At 1280 px, 1366x768 and 375 px, with axe at WCAG 2.1 A and AA on every state; screenshots of each
land in test-artifacts/screenshots/account-*.png.
"""

from __future__ import annotations

import json

import pytest

from .support import PASSWORD, axe_violations, expect, screenshot, sign_up
from .test_accessibility import count_axe

SIZES = {
    "1280": {"width": 1280, "height": 800},
    "1366x768": {"width": 1366, "height": 768},
    "375": {"width": 375, "height": 800},
}


@pytest.mark.parametrize("size", SIZES)
def test_account_page_from_change_to_delete(new_context, server, username, size):
    context = new_context(viewport=SIZES[size])
    page = context.new_page()
    found: dict[str, list[str]] = {}

    def check(state: str) -> None:
        """Run axe on the page as it is now and keep a screenshot."""
        found[state] = axe_violations(page)
        screenshot(page, f"account-{state}-{size}")

    page.goto("/signup")
    expect(page.locator(".field-hint").first).to_have_text(
        "At least 8 characters. A few words you can remember work well."
    )
    check("signup")
    sign_up(page, username)
    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.locator("main")).to_contain_text(username)
    check("page")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"

    page.get_by_label("Your password now").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("12345678")
    page.get_by_label("New password again").fill("12345678")
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator("#password-error")).to_contain_text("one of the most common ones")
    expect(page.get_by_label("New password", exact=True)).to_be_focused()
    check("weak-password")
    page.get_by_label("Your password now").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("my new long password")
    page.get_by_label("New password again").fill("my new long password")
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator(".flash")).to_contain_text("Your password is changed.")

    data = context.request.get(server.url + "/account/data.json")
    assert data.ok and json.loads(data.text())["account"]["username"] == username

    page.get_by_role("button", name="Log out everywhere").click()
    expect(page.locator(".flash")).to_contain_text("You are logged out everywhere")
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("my new long password")
    page.get_by_role("button", name="Log in").click()

    page.goto("/account/")
    page.get_by_role("link", name="Delete my account…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account?")
    check("delete")
    page.get_by_label("Your password").fill("my new long password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator("#confirm-error")).to_have_text("Tick the box to confirm.")
    check("delete-unticked")
    page.get_by_label("Yes, delete my account and all my answers for good").check()
    page.get_by_label("Your password").fill("my new long password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".flash")).to_contain_text("Your account and all your answers are deleted.")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
    count_axe(len(found))
    assert not {state: v for state, v in found.items() if v}, found
