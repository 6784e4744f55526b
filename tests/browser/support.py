"""Helpers for the browser tests: find Chromium, run the real server, drive a student through the app.

Playwright drives Debian's Chromium (``/usr/bin/chromium``); it never downloads a browser. On a
laptop without Chromium or Playwright the browser tests skip; with ``CI=true`` they fail instead,
so a CI machine that lost its browser cannot pass by skipping.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) before any test can use it
    expect = None

ROOT = Path(__file__).resolve().parents[2]
# Debian's package; another path (a laptop's own Chromium) may be given in QUIZAPP_TEST_CHROMIUM.
CHROMIUM = os.environ.get("QUIZAPP_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "a long password"
SEED_FILE = ROOT / "questions" / "01-trump-lukashenko.yaml"
LABEL_NAMES = {"fact": "Reported fact", "opinion": "Opinion", "speculation": "Speculation"}


LABEL_ORDER = ["fact", "opinion", "speculation"]


@dataclass(frozen=True)
class SeedItem:
    """What a test needs to answer one item of the seed quiz, right or wrong, by hand or by HTTP."""

    position: int
    kind: str
    labels: tuple[str, ...]  # the right label of every labelled part
    words: tuple[str, ...] = ()  # a mark-the-cues item's words
    targets: tuple[tuple[int, ...], ...] = ()  # the word indexes of its cues
    ask_label: bool = False
    also: tuple[tuple[str, ...], ...] = ()  # the labels each labelled part also accepts (borderline)

    def wrong_label(self, label: str, accepted: tuple[str, ...] = ()) -> str:
        """Return a label that is not the given one, nor one it also accepts."""
        start = LABEL_ORDER.index(label)
        turns = (LABEL_ORDER[(start + step) % len(LABEL_ORDER)] for step in range(1, len(LABEL_ORDER)))
        return next(other for other in turns if other not in accepted)

    def chosen(self, right: bool) -> list[str]:
        """Return the label to choose for every labelled part: the right one, or one that scores 0."""
        also = self.also or ((),) * len(self.labels)
        return [
            label if right else self.wrong_label(label, accepted)
            for label, accepted in zip(self.labels, also, strict=True)
        ]

    def marks(self, right: bool) -> list[int]:
        """Return the words to mark: every cue word, or one word that is in no cue."""
        cue_words = sorted({i for target in self.targets for i in target})
        return cue_words if right else [next(i for i in range(len(self.words)) if i not in cue_words)]

    def form(self, right: bool = True) -> dict:
        """Return the posted form of a right (or a wrong) answer."""
        chosen = self.chosen(right)
        if self.kind == "paragraph":
            return {f"part_{n}": label for n, label in enumerate(chosen, start=1)}
        if self.kind == "cues":
            form = {"words": [str(i) for i in self.marks(right)]}
            return {**form, "label": chosen[0]} if self.ask_label else form
        return {"label": chosen[0]}


def seed_items() -> list[SeedItem]:
    """Return every item of the seed quiz, in order."""
    from quizapp.core import questions

    labels = questions.load_labels(ROOT / "questions" / "labels.yaml")
    items = []
    for position, item in enumerate(questions.load_quiz(SEED_FILE, labels).items, start=1):
        spec = item.spec
        words = tuple(item.text[a:b] for a, b in getattr(spec, "words", ()))
        stretches = spec.parts if item.kind == "paragraph" else (spec,)
        items.append(
            SeedItem(
                position,
                item.kind,
                item.labels,
                words,
                getattr(spec, "targets", ()),
                getattr(spec, "ask_label", False),
                tuple(tuple(part.also_accepted) for part in stretches),
            )
        )
    return items


def seed_key() -> list[str]:
    """Return the right label of every labelled part of the seed quiz, in order."""
    return [label for item in seed_items() for label in item.labels]


def answer_item(page, item: SeedItem, right: bool = True) -> None:
    """Answer the item on the current question page by mouse, right or wrong, and submit."""
    chosen = item.chosen(right)
    if item.kind == "paragraph":
        for number, label in enumerate(chosen, start=1):
            page.get_by_role("group", name=f"Sentence {number} is…").get_by_role(
                "radio", name=LABEL_NAMES[label], exact=True
            ).check()
        page.get_by_role("button", name="Check my answers").click()
        return
    if item.kind == "cues":
        if item.ask_label:
            page.get_by_role("radio", name=LABEL_NAMES[chosen[0]], exact=True).check()
        for index in item.marks(right):
            page.locator(f"label[for=word-{index}]").click()
        page.get_by_role("button", name="Check my answer").click()
        return
    answer(page, LABEL_NAMES[chosen[0]])


def browser_missing() -> str | None:
    """Return why the browser tests cannot run on this machine, or None if they can."""
    for package in ("playwright", "axe_playwright_python"):
        if importlib.util.find_spec(package) is None:
            return f"the {package} package is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def skip_or_fail(reason: str) -> None:
    """Skip a browser test for reason, but fail it when CI=true: CI must not pass by skipping."""
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"{reason}; browser tests may not skip in CI", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quizapp_command() -> list[str]:
    """Return the command that runs this environment's quizapp CLI."""
    script = Path(sys.executable).with_name("quizapp")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from quizapp.cli import main; main()"]


@dataclass
class LiveServer:
    """A running ``quizapp serve`` and where its files are."""

    url: str
    instance: Path
    log: Path

    @property
    def database(self) -> Path:
        """Return the server's SQLite file."""
        return self.instance / "quizapp.sqlite"

    def log_text(self) -> str:
        """Return what the server printed so far."""
        return self.log.read_text(errors="replace")


@contextmanager
def live_server(workdir: Path, questions: Path):
    """Run the production path, ``quizapp serve`` under gunicorn with one worker, until the block ends."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    instance = workdir / "instance"
    env = {
        **os.environ,
        "QUIZAPP_INSTANCE_PATH": str(instance),
        "QUIZAPP_SECRET_KEY": "browser-tests",
        "QUIZAPP_QUESTIONS_DIR": str(questions),
        # Every browser test logs in and signs up from 127.0.0.1, and the XSS test fails 55 log-ins on
        # purpose; the per-address limits are tested in test_throttle.py, not here.
        "QUIZAPP_LOGIN_FAILURES_PER_ADDRESS": "0",
        "QUIZAPP_SIGNUPS_PER_ADDRESS": "0",
    }
    env.pop("DATABASE_URL", None)
    log = workdir / "server.log"
    # A file, not a pipe: gunicorn's access log would fill an unread pipe and stall the server.
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*quizapp_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            cwd=workdir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", instance, log)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: LiveServer, process: subprocess.Popen) -> None:
    """Poll /healthz until the server answers; fail with its log if it exits or never answers."""
    for _ in range(300):
        if process.poll() is not None:
            pytest.fail(f"quizapp serve exited with {process.returncode}:\n{server.log_text()}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"quizapp serve did not answer on {server.url}:\n{server.log_text()}")


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot of the page (or of the window) as a test artefact and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def csrf_token(page) -> str:
    """Return the CSRF token of the form on the current page (one per session)."""
    return page.locator("input[name=csrf_token]").first.get_attribute("value")


def sign_up(page, username: str, password: str = PASSWORD) -> None:
    """Create an account through the signup form, by mouse, and check the welcome message."""
    page.goto("/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".flash")).to_contain_text(f"Welcome, {username}!")


def start_quiz(page, title_start: str = "Start Trump and Lukashenko") -> None:
    """Press a quiz's Start (or Resume) button on the list and land on its first open passage."""
    page.goto("/")
    page.get_by_role("button", name=re.compile("^" + re.escape(title_start))).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Passage")


def answer(page, label_name: str) -> None:
    """Choose a label on the current question page and submit it."""
    page.get_by_role("radio", name=label_name, exact=True).check()
    page.get_by_role("button", name="Check my answer").click()


def request_sign_up(context, base_url: str, username: str) -> None:
    """Create an account with plain HTTP requests in context's cookie jar (fast set-up, not under test)."""
    page = context.new_page()
    page.goto(base_url + "/signup")
    token = csrf_token(page)
    page.close()
    response = context.request.post(
        base_url + "/signup",
        form={"csrf_token": token, "username": username, "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.ok and f"Welcome, {username}!" in response.text(), response.text()[:500]


def request_start(context, base_url: str, slug: str, token: str) -> int:
    """Start a quiz by HTTP; return the attempt id."""
    response = context.request.post(f"{base_url}/quizzes/{slug}/start", form={"csrf_token": token})
    match = re.search(r"/attempts/(\d+)/", response.url)
    assert response.ok and match, (response.status, response.url)
    return int(match.group(1))


def request_answer(context, base_url: str, attempt: int, position: int, answer: str | dict, token: str) -> None:
    """Answer one item by HTTP (a label, or an item's form) and check it was recorded (the feedback page follows)."""
    form = answer if isinstance(answer, dict) else {"label": answer}
    body = urllib.parse.urlencode({"csrf_token": token, **form}, doseq=True)
    response = context.request.post(
        f"{base_url}/attempts/{attempt}/passages/{position}",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.ok and response.url.endswith("/feedback"), (response.status, response.url)


def session_token(context, base_url: str) -> str:
    """Return the session's CSRF token, read from the quiz list."""
    page = context.new_page()
    page.goto(base_url + "/")
    token = csrf_token(page)
    page.close()
    return token


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe_source: list[str] = []


def axe_source() -> str:
    """Return axe-core's script, as bundled by the axe-playwright-python package (no CDN, no npm)."""
    if not _axe_source:
        import axe_playwright_python

        _axe_source.append((Path(axe_playwright_python.__file__).with_name("axe.min.js")).read_text())
    return _axe_source[0]


def axe_violations(page) -> list[str]:
    """Run axe-core on the page at WCAG 2.1 A and AA; return one line per violation and element."""
    # evaluate() runs outside the page's CSP, so the app's script-src 'self' stays in force.
    page.evaluate(axe_source())
    violations = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                           resultTypes: ['violations']})
        .then(result => result.violations.flatMap(v => v.nodes.map(
            n => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.failureSummary}`)))""",
        AXE_TAGS,
    )
    return violations
