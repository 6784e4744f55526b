"""The interface in Spanish in Chromium: the seed quiz taken end to end, axe at 0; a right-to-left page laid out.

The browser asks for Spanish as a Mexican student's would (``Accept-Language: es-MX``); the seed
quiz's article and label names stay English, as the quiz is (its file has no ``language:``).
"""

from __future__ import annotations

import re

from .conftest import TALLY
from .support import LABEL_NAMES, PASSWORD, axe_violations, expect, screenshot, seed_items, sign_up, start_quiz

# Every element whose box must sit inside the page and clear of its neighbours.
BOXES = ", ".join(
    ("header a", "header button", "nav li", "footer p", "footer label", "footer select", "footer button")
    + ("h1", "h2", ".choice", ".button", "legend")
)
OVERLAPS = """selector => {
  const boxes = [...document.querySelectorAll(selector)]
    .filter(e => e.offsetParent !== null && !e.closest('.visually-hidden'))
    .map(e => ({e, r: e.getBoundingClientRect()}))
    .filter(({r}) => r.width > 0 && r.height > 0);
  const width = document.documentElement.clientWidth;
  const problems = [];
  const wide = document.documentElement.scrollWidth;
  if (wide > width) problems.push(`page ${wide}px wide in ${width}px`);
  const name = e => e.tagName.toLowerCase() + ` "${e.textContent.trim().slice(0, 30)}"`;
  for (const {e, r} of boxes) {
    if (r.left < -1 || r.right > width + 1) problems.push(`${name(e)} outside the page: ${r.left}..${r.right}`);
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
    const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (x > 1 && y > 1) problems.push(`${name(a.e)} overlaps ${name(b.e)}`);
  }
  return problems;
}"""


def test_the_layout_check_finds_an_overlap_and_an_overflow(page):
    page.set_content(
        "<html dir='rtl'><body><h1 style='position:absolute;top:0'>One</h1><h2 style='position:absolute;top:0'>Two</h2>"
        "<p style='width:3000px'>wide</p></body></html>"
    )
    problems = " ".join(page.evaluate(OVERLAPS, "h1, h2"))
    assert 'h1 "One" overlaps h2 "Two"' in problems and "px wide in" in problems


def spanish_page(new_context, width: int = 1280):
    """Return a page whose browser asks for Spanish."""
    return new_context(viewport={"width": width, "height": 800}, locale="es-MX").new_page()


def test_the_seed_quiz_taken_in_spanish_has_no_axe_violations(new_context, username):
    page = spanish_page(new_context)
    found: dict[str, list[str]] = {}
    page.goto("/signup")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    found["signup"] = axe_violations(page)
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Contraseña otra vez").fill(PASSWORD)
    page.get_by_role("button", name="Crear cuenta").click()
    expect(page.locator(".flash")).to_contain_text(f"¡Hola, {username}!")
    found["quiz list"] = axe_violations(page)
    page.get_by_role("button", name=re.compile("^Empezar Trump and Lukashenko")).click()
    for item in seed_items():
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"^Fragmento {item.position} de \d+$"))
        if item.position in (1, 2) or item.kind != "label":
            found[f"question {item.position} ({item.kind})"] = axe_violations(page)
        if item.kind == "paragraph":
            for number, label in enumerate(item.labels, start=1):
                page.get_by_role("group", name=f"La oración {number} es…").get_by_role(
                    "radio", name=LABEL_NAMES[label], exact=True
                ).check()
            page.get_by_role("button", name="Revisar mis respuestas").click()
        elif item.kind == "cues":
            if item.ask_label:
                page.get_by_role("radio", name=LABEL_NAMES[item.labels[0]], exact=True).check()
            for index in item.marks(True):
                page.locator(f"label[for=word-{index}]").click()
            page.get_by_role("button", name="Revisar mi respuesta").click()
        else:
            page.get_by_role("radio", name=LABEL_NAMES[item.labels[0]], exact=True).check()
            page.get_by_role("button", name="Revisar mi respuesta").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Correcto")
        if item.position in (1, 2) or item.kind != "label":
            found[f"feedback {item.position} ({item.kind})"] = axe_violations(page)
        page.get_by_role("link", name=re.compile("^(Siguiente fragmento|Ver tus resultados)$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tus resultados")
    expect(page.locator(".score")).to_contain_text(re.compile(r"Acertaste \d+ de \d+ \(100\s%\)"))
    found["results"] = axe_violations(page)
    screenshot(page, "spanish-results-1280")
    page.goto("/history")
    found["history"] = axe_violations(page)
    TALLY["axe: Spanish page states checked"] = len(found)
    assert {state: v for state, v in found.items() if v} == {}


def test_the_language_menu_works_without_javascript(new_context):
    page = new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False).new_page()
    page.goto("/login")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    screenshot(page, "spanish-login-375")


def test_a_right_to_left_page_has_nothing_overlapping_or_overflowing(new_context, username):
    for width in (375, 1280):
        page = spanish_page(new_context, width)
        page.goto("/signup")
        page.evaluate("document.documentElement.dir = 'rtl'")
        problems = page.evaluate(OVERLAPS, BOXES)
        assert problems == [], width
        # The start of a line is on the right now: the heading starts at the right edge, the footer's menu too.
        heading = page.get_by_role("heading", level=1).bounding_box()
        main = page.locator("main").bounding_box()
        assert heading["x"] + heading["width"] > main["x"] + main["width"] - 40
        screenshot(page, f"rtl-signup-{width}")


def test_the_spanish_quiz_on_an_english_phone_has_spanish_labels_and_no_axe_violations(new_context, username):
    page = new_context(viewport={"width": 375, "height": 800}).new_page()
    sign_up(page, username)
    start_quiz(page, "Start El barrio San Miguel")
    expect(page.locator("section[aria-labelledby=article-heading]")).to_have_attribute("lang", "es")
    expect(page.get_by_role("radio", name="Hecho informado", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "spanish-quiz-english-page-375", full_page=False)
    page.get_by_role("radio", name="Hecho informado", exact=True).check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Correct")
    assert axe_violations(page) == []
