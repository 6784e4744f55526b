"""The content pages in Chromium: why this matters (anyone) and a quiz's teacher's guide, screenshots and axe."""

from __future__ import annotations

import pytest

from .support import axe_violations, expect, screenshot
from .test_teacher import create_teacher, log_in

SIZES = [(1280, 800), (1366, 768), (375, 800)]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_why_this_matters(new_context, width, height):
    context = new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Why this matters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why this matters")
    expect(page.locator("main")).to_contain_text("26 out of every 100")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off a phone
    screenshot(page, f"why-{width}")
    assert axe_violations(page) == []


def test_the_teachers_guide_prints_and_passes_axe(new_context, server, username):
    teacher = f"g-{username}"[:40]
    create_teacher(server, teacher)
    for width, height in SIZES:
        context = new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, teacher)
        page.goto("/teacher/")
        page.get_by_role("link", name="Trump and Lukashenko", exact=False).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Teacher's guide")
        expect(page.locator(".answer-key tbody tr")).not_to_have_count(0)
        screenshot(page, f"guide-{width}")
        assert axe_violations(page) == []
        if width == 1280:
            page.emulate_media(media="print")
            expect(page.locator(".site-header")).to_be_hidden()
            screenshot(page, "guide-print")
        context.close()
