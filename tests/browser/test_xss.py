"""XSS in the browser: payloads in every field a teacher or a student writes, rendered in Chromium.

Every payload goes into every plain-text field a teacher writes (quiz title, level, source kind,
note, outlet and author, article, passage text, cues, label name and definition), and into the
source's web address (with its spaces taken out, so the checker takes it), of question files built in a
temporary folder, and into the Markdown fields (explanation, accuracy note) when the checker lets
it through; the checker's refusal, with its message, is the test for the rest. The real server
imports the files, and each page that shows them is loaded in Chromium with the page's CSP
switched off, so only escaping stands between a payload and a running script. Then: no dialog
opened, no element, attribute, handler or script of the app's own kinds is extra, no link leads
to javascript:, and plain text shows exactly as written. Usernames allow only [A-Za-z0-9_.-]:
signup refuses every payload with the form's message and stores nothing; login shows it back as text.
"""

from __future__ import annotations

import sqlite3

import pytest
import yaml
from click.testing import CliRunner

from quizapp.cli import main as quizapp_cli

from .conftest import TALLY
from .support import PASSWORD, live_server, request_answer, request_sign_up, request_start, session_token

HTML = "contains HTML"
LINK = "which is not allowed"
# (payload, what the checker says about it in a Markdown field, or None if it lets it through)
PAYLOADS = [
    ("<script>alert(1)</script>", f"{HTML} (<script>)"),
    ("<SCRIPT SRC=/static/x.js></SCRIPT>", f"{HTML} (<SCRIPT>)"),
    ("<img src=x onerror=alert(1)>", f"{HTML} (<img>)"),
    ("<svg onload=alert(1)>", f"{HTML} (<svg>)"),
    ("<svg><script>alert(1)</script></svg>", f"{HTML} (<svg>)"),
    ('<iframe src="javascript:alert(1)"></iframe>', f"{HTML} (<iframe>)"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', f"{HTML} (<iframe>)"),
    ('<a href="javascript:alert(1)">click</a>', f"{HTML} (<a>)"),
    ("<body onload=alert(1)>", f"{HTML} (<body>)"),
    ("<details open ontoggle=alert(1)>", f"{HTML} (<details>)"),
    ("<input autofocus onfocus=alert(1)>", f"{HTML} (<input>)"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", f"{HTML} (<math>)"),
    ("<img src=x onerror=alert(1)//", None),  # broken markup: not a tag to Markdown either
    ("<<script>alert(1)//<</script>", f"{HTML} (<script>)"),
    ("<scr<script>ipt>alert(1)</scr</script>ipt>", f"{HTML} (<script>)"),
    ('"><script>alert(1)</script>', f"{HTML} (<script>)"),
    ("' onmouseover='alert(1)' x='", None),
    ('" autofocus onfocus="alert(1)" x="', None),
    ("` onmouseover=alert(1) `", None),
    ("</title><script>alert(1)</script>", f"{HTML} (<title>)"),
    ("</textarea><script>alert(1)</script>", f"{HTML} (<textarea>)"),
    ("</style><script>alert(1)</script>", f"{HTML} (<style>)"),
    ("<!--<script>alert(1)</script>-->", f"{HTML} (<script>)"),
    ('<base href="javascript:alert(1)//">', f"{HTML} (<base>)"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', f"{HTML} (<meta>)"),
    ('<form action="javascript:alert(1)"><button>go</button></form>', f"{HTML} (<form>)"),
    ('<object data="javascript:alert(1)"></object>', f"{HTML} (<object>)"),
    ('<div style="background:url(javascript:alert(1))">x</div>', f"{HTML} (<div>)"),
    ("javascript:alert(document.cookie)", None),  # not a link without [text](...)
    ("data:text/html,<script>alert(1)</script>", f"{HTML} (<script>)"),
    ("[click](javascript:alert(1))", f"links to 'javascript:alert(1)', {LINK}"),
    ("[click](JaVaScRiPt:alert(1))", f"links to 'JaVaScRiPt:alert(1)', {LINK}"),
    ("[click](<javascript:alert(1)>)", f"links to 'javascript:alert(1)', {LINK}"),
    ("[click](&#106;avascript:alert(1))", f"links to 'javascript:alert(1)', {LINK}"),
    ("[click](java\tscript:alert(1))", None),  # a tab in the address: Markdown makes no link
    ("[click](vbscript:msgbox(1))", f"links to 'vbscript:msgbox(1)', {LINK}"),
    ("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "links to 'data:text/html;base64,"),
    ("![pic](javascript:alert(1))", f"links to 'javascript:alert(1)', {LINK}"),
    ("![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "links to 'data:image/svg+xml;base64,"),
    ("![pic](https://example.org/pixel.png)", "contains an image, which is not shown"),
    ("<javascript:alert(1)>", None),  # Markdown refuses it as an autolink and shows it as text
    ('[ok](https://example.org "t\\" onmouseover=\\"alert(1)")', None),  # a real link; the title is escaped
    ('[x](https://example.org/" onclick="alert(1))', None),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", None),
    ("&#60;img src=x onerror=alert(1)&#62;", None),
    ("\uff1cscript\uff1ealert(1)\uff1c/script\uff1e", None),  # fullwidth ＜script＞
    ("abc\u202egnp.exe\u202c rtl override", None),
    ("<scr\u200bipt>alert(1)</scr\u200bipt>", None),  # a zero-width space inside the tag name
    ("\u200b\u200c\u200d\ufeff zero width", None),
    ("<\u017fcript>alert(1)</\u017fcript>", None),  # long s, which some parsers upper-case to S
    ("{{7*7}} {{ config }} {% raw %}", None),
    ("${7*7} #{7*7} <%= 7*7 %>", None),
    ("\\x3cscript\\x3ealert(1)\\x3c/script\\x3e", None),
    ("%3Cscript%3Ealert(1)%3C%2Fscript%3E", None),
    ("]]><script>alert(1)</script>", f"{HTML} (<script>)"),
]
PLAIN_FIELDS = [
    "title",
    "level",
    "source kind",
    "source note",
    "source outlet",
    "source author",
    "article",
    "passage text",
    "cues",
    "label name",
    "label definition",
]
MARKDOWN_FIELDS = ["explanation", "accuracy_note"]

# What the app itself puts in a page: anything else came from a payload.
APP_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "a",
    "header",
    "nav",
    "ul",
    "ol",
    "li",
    "form",
    "input",
    "button",
    "main",
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "section",
    "blockquote",
    "fieldset",
    "legend",
    "label",
    "strong",
    "em",
    "code",
    "br",
    "span",
    "mark",
    "figure",
    "figcaption",
    "q",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "time",
    "progress",
    "footer",
    "select",  # the language menu at the foot of every page
    "option",
    "aside",  # "New here?" on the quiz list
    "details",  # "Challenge this answer", folded
    "summary",
    "textarea",
}
APP_ATTRIBUTES = {
    "lang",
    "charset",
    "name",
    "content",
    "rel",
    "href",
    "type",
    "class",
    "id",
    "method",
    "action",
    "value",
    "for",
    "tabindex",
    "role",
    "scope",
    "datetime",
    "max",
    "title",
    "novalidate",
    "autocomplete",
    "autofocus",
    "checked",
    "required",
    "minlength",
    "maxlength",
    "hidden",
    "dir",  # <html dir>, from the page's language
    "selected",  # the language menu's current language
    "rows",  # the challenge's textarea
}
# The app's own scripts (exactly these elements) and its server-drawn charts (SVG inside svg.chart).
APP_SCRIPTS = ['<script src="/static/quiz.js" defer=""></script>']
CHART_TAGS = {"svg", "title", "desc", "text", "rect", "line", "polyline", "circle"}
CHART_ATTRIBUTES = {
    "class",
    "viewBox",
    "role",
    "focusable",
    "id",
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "width",
    "height",
    "points",
    "cx",
    "cy",
    "r",
    "text-anchor",
    "stroke-dasharray",
}
# One round trip per page: what was injected, and the text, title and form fields to check.
SNAPSHOT = """([tags, attributes, scripts, chartTags, chartAttributes]) => {
    const found = [], tagSet = new Set(tags), attributeSet = new Set(attributes);
    const chartTagSet = new Set(chartTags), chartAttributeSet = new Set(chartAttributes);
    for (const el of document.querySelectorAll('*')) {
        if (el.localName === 'script' && scripts.includes(el.outerHTML)) continue;
        const chart = el.namespaceURI === 'http://www.w3.org/2000/svg' && el.closest('svg.chart, .chart-legend svg');
        if (chart ? !chartTagSet.has(el.localName)
                  : el.namespaceURI !== 'http://www.w3.org/1999/xhtml' || !tagSet.has(el.localName))
            found.push(`element <${el.localName}>`);
        for (const a of el.attributes) {
            if (a.name.startsWith('on')) found.push(`handler ${a.name} on <${el.localName}>`);
            else if (!(chart ? chartAttributeSet : attributeSet).has(a.name) && !a.name.startsWith('aria-'))
                found.push(`attribute ${a.name} on <${el.localName}>`);
        }
    }
    for (const s of document.scripts)
        if (!scripts.includes(s.outerHTML)) found.push(`script ${s.src || s.text.slice(0, 40)}`);
    for (const a of document.querySelectorAll('[href]'))
        if (!['http:', 'https:', 'mailto:'].includes(new URL(a.href, location.href).protocol))
            found.push(`link to ${a.getAttribute('href')}`);
    for (const f of document.forms)
        if (new URL(f.action, location.href).origin !== location.origin) found.push(`form to ${f.action}`);
    const text = selector => { const el = document.querySelector(selector); return el ? el.innerText : null; };
    const username = document.querySelector('#username');
    return {found, body: document.body.innerText, title: document.title, cue: text('figcaption q'),
            usernameError: text('#username-error'), heading: text('h1'), username: username && username.value};
}"""
REFUSED_NAME = "Use only letters, digits, dots, dashes and underscores."


def count(key: str, number: int) -> None:
    """Add number to a line of the closing tally."""
    TALLY[key] = TALLY.get(key, 0) + number


def passes(payload_row) -> bool:
    """Return whether the checker lets this payload through in a Markdown field."""
    return payload_row[1] is None


def normalize(text: str) -> str:
    """Fold whitespace runs to one space, as a browser shows text."""
    return " ".join(text.split())


def texts(i: int, payload: str) -> dict[str, str]:
    """Return what quiz i shows in each plain-text field (a label per field, so each is findable)."""
    return {
        "title": f"Title {i}: {payload}",
        "level": f"Level {i}: {payload}",
        "source kind": f"Kind {i}: {payload}",
        "source note": f"Source {i}: {payload}",
        "source outlet": f"Outlet {i}: {payload}",
        "source author": f"Author {i}: {payload}",
        "source url": f"https://example.org/{i}/" + "".join(payload.split()),
        "article intro": f"Article {i} opens with {payload} here.",
        "article heading": f"Heading {i}: {payload}",
        "passage text": f"Passage {i} reads {payload} plainly",
        "cues": payload,
        "label name": f"Label {i} {payload}",
        "label definition": f"Definition {i}: {payload}",
        "explanation": f"Explanation {i}: {payload}",
        "accuracy_note": f"Accuracy note {i}: {payload}",
    }


def write_yaml(path, data) -> None:
    """Write data as YAML, escaping whatever needs it."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


@pytest.fixture(scope="module")
def question_dirs(tmp_path_factory):
    """Build a questions folder with one quiz per payload, and a folder of refused Markdown."""
    good = tmp_path_factory.mktemp("xss-questions")
    labels = []
    for i, (payload, _) in enumerate(PAYLOADS):
        shown = texts(i, payload)
        labels.append({"id": f"l{i}", "name": shown["label name"], "definition": shown["label definition"]})
        article = f"{shown['article intro']}\n\n{shown['passage text']}.\n\n## {shown['article heading']}\n\nThe end."
        write_yaml(
            good / f"{i:02d}-xss-{i}.yaml",
            {
                "title": shown["title"],
                "level": shown["level"],
                "source": {
                    "kind": shown["source kind"],
                    "note": shown["source note"],
                    "outlet": shown["source outlet"],
                    "author": shown["source author"],
                    "url": shown["source url"],
                },
                "article": article,
                "passages": [
                    {
                        "id": f"p{i}",
                        "text": shown["passage text"],
                        "label": f"l{i}",
                        "cues": [payload],
                        "explanation": shown["explanation"] if passes(PAYLOADS[i]) else f"Explanation {i}.",
                        "accurate": False,
                        "accuracy_note": shown["accuracy_note"] if passes(PAYLOADS[i]) else f"Accuracy note {i}.",
                    }
                ],
            },
        )
    write_yaml(good / "labels.yaml", {"labels": labels})

    refused = tmp_path_factory.mktemp("xss-refused")
    passages, article = [], []
    for i, (payload, _) in enumerate(PAYLOADS):
        if passes(PAYLOADS[i]):
            continue
        for field in MARKDOWN_FIELDS:
            text = f"Refused {field} number {i} here"
            article.append(text + ".")
            passage = {
                "id": f"r{i}-{field.replace('_', '-')}",
                "text": text,
                "label": "l0",
                "cues": ["Refused"],
                "explanation": "A fine explanation.",
                "accurate": False,
                "accuracy_note": "A fine note.",
            }
            passage[field] = texts(i, payload)[field]
            passages.append(passage)
    write_yaml(
        refused / "refused.yaml", {"title": "Refused Markdown", "article": "\n\n".join(article), "passages": passages}
    )
    write_yaml(refused / "labels.yaml", {"labels": labels[:1]})
    return good, refused


def test_the_checker_refuses_html_and_unsafe_links_in_markdown_with_a_message(question_dirs):
    good, refused = question_dirs
    accepted = CliRunner().invoke(quizapp_cli, ["check", str(good)])
    assert accepted.exit_code == 0, accepted.output
    # one-passage quizzes: the balance warnings (a label under 20%) are expected, problems are not
    assert f"{len(PAYLOADS)} file(s) checked: no problems" in accepted.output

    result = CliRunner().invoke(quizapp_cli, ["check", str(refused)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    tried = 0
    for i, (payload, message) in enumerate(PAYLOADS):
        if message is None:
            continue
        for field in MARKDOWN_FIELDS:
            what = f"passage 'r{i}-{field.replace('_', '-')}': {field} "
            mine = [line for line in lines if what in line]
            assert mine and message in mine[0], (payload, field, mine)
            assert mine[0].startswith(f"{refused / 'refused.yaml'}:"), mine[0]  # file:line:column first
            tried += 1
    count("xss: payload x field refused by the checker (Markdown)", tried)


@pytest.fixture(scope="module")
def xss_server(question_dirs, tmp_path_factory):
    """Serve the app with the payload questions (the real import at start-up) on a fresh database."""
    good, _ = question_dirs
    with live_server(tmp_path_factory.mktemp("xss-server"), good) as running:
        assert "not loaded" not in running.log_text(), running.log_text()
        yield running


@pytest.fixture
def xss_page(browser, xss_server):
    """Return a page that runs any injected script (CSP bypassed), and the list its dialogs and errors go to."""
    # Without the CSP, an inline script or handler that escaped the escaping would run and be seen.
    context = browser.new_context(base_url=xss_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    page, events = context.new_page(), []
    page.on("dialog", lambda dialog: (events.append(f"dialog {dialog.type}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: events.append(f"script error: {error}"))
    yield page, events
    context.close()


def inspect(page, events: list[str], where: str, expected: list[str], problems: list[str]) -> dict:
    """Check the page for injections, dialogs and script errors, and that each expected text shows as written.

    Returns the page's snapshot (title, cue, username field...) for further checks.
    """
    snapshot = page.evaluate(
        SNAPSHOT, [sorted(APP_TAGS), sorted(APP_ATTRIBUTES), APP_SCRIPTS, sorted(CHART_TAGS), sorted(CHART_ATTRIBUTES)]
    )
    problems.extend(f"{where}: {finding}" for finding in snapshot["found"])
    body = normalize(snapshot["body"])
    for text in expected:
        if normalize(text) not in body:
            problems.append(f"{where}: text not shown as written: {text!r}")
    problems.extend(f"{where}: {event}" for event in events)
    events.clear()
    return snapshot


def test_the_inspection_catches_an_injected_payload(xss_page):
    page, events = xss_page
    page.set_content(
        '<p>shown</p><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">x</a>'
        '<script>alert(3)</script><p x-made-up="1">&lt;b&gt;</p>'
    )
    problems: list[str] = []
    inspect(page, events, "planted", ["shown", "<b>", "not on the page"], problems)
    for expected in (
        "element <img>",
        "handler onerror on <img>",
        "link to javascript:alert(2)",
        "script alert(3)",
        "attribute x-made-up on <p>",
        "dialog alert: 3",
        "text not shown as written: 'not on the page'",
    ):
        assert any(expected in problem for problem in problems), (expected, problems)
    assert not any("'shown'" in problem or "'<b>'" in problem for problem in problems), problems


def test_teacher_text_shows_as_text_on_every_page(xss_page, xss_server):
    (page, events), base = xss_page, xss_server.url
    request_sign_up(page.context, base, "xss-student")
    token = session_token(page.context, base)
    every = [texts(i, payload) for i, (payload, _) in enumerate(PAYLOADS)]
    all_labels = [t["label name"] for t in every]
    problems: list[str] = []

    page.goto("/")
    inspect(
        page,
        events,
        "quiz list",
        [t[f] for t in every for f in ("title", "level", "source kind", "source outlet", "source author")],
        problems,
    )
    links = page.evaluate("() => [...document.querySelectorAll('.source a')].map(a => a.getAttribute('href'))")
    if links != [t["source url"] for t in every]:
        problems.append(f"quiz list: the outlets do not link to their addresses as written: {links[:3]}...")
    for i, (payload, _) in enumerate(PAYLOADS):
        shown = every[i]
        source = [shown[f"source {f}"] for f in ("kind", "note", "outlet", "author")]
        attempt = request_start(page.context, base, f"xss-{i}", token)
        page.goto(f"/attempts/{attempt}/passages/1")
        seen = inspect(
            page,
            events,
            f"question {i}",
            [
                shown["title"],
                shown["article intro"],
                shown["passage text"],
                shown["article heading"],
                *all_labels,
                *(t["label definition"] for t in every),
                *source,
            ],
            problems,
        )
        if normalize(shown["title"]) not in normalize(seen["title"]):
            problems.append(f"question {i}: <title> does not show {shown['title']!r}")
        wrong = (i + 1) % len(PAYLOADS)
        request_answer(page.context, base, attempt, 1, f"l{wrong}", token)
        page.goto(f"/attempts/{attempt}/passages/1/feedback")
        markdown = [f"Explanation {i}", f"Accuracy note {i}"]
        seen = inspect(
            page,
            events,
            f"feedback {i}",
            [shown["title"], shown["passage text"], shown["label name"], every[wrong]["label name"], *markdown],
            problems,
        )
        if normalize(seen["cue"]) != normalize(payload):
            problems.append(f"feedback {i}: the cue does not show as {payload!r}")
        page.goto(f"/attempts/{attempt}/results")
        # The results name the right label and the one chosen instead (every label is on the question page).
        seen = inspect(
            page,
            events,
            f"results {i}",
            [
                shown["title"],
                shown["passage text"],
                shown["label name"],
                every[wrong]["label name"],
                *markdown,
                *source,
            ],
            problems,
        )
        if normalize(shown["title"]) not in normalize(seen["title"]):
            problems.append(f"results {i}: <title> does not show {shown['title']!r}")
    page.goto("/history")
    inspect(page, events, "history", [t["title"] for t in every] + all_labels, problems)

    count("xss: payload x field rendered in Chromium (plain text)", len(PAYLOADS) * len(PLAIN_FIELDS))
    count("xss: payload x field rendered in Chromium (web address)", len(PAYLOADS))
    count(
        "xss: payload x field rendered in Chromium (Markdown)",
        sum(passes(row) for row in PAYLOADS) * len(MARKDOWN_FIELDS),
    )
    assert not problems, "\n".join(problems)


def usernames_in(database) -> set[str]:
    """Return every username in the server's database."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        return {row[0] for row in connection.execute("SELECT username FROM user")}


def submit(page, values: dict[str, str]) -> None:
    """Fill the page's form fields by name, past any maxlength as an attacker's client would, and submit it."""
    with page.expect_navigation():
        page.evaluate(
            """values => {
            for (const [name, value] of Object.entries(values)) {
                const input = document.querySelector(`input[name="${name}"]`);
                input.removeAttribute('maxlength');
                input.value = value;
            }
            document.querySelector('form.narrow [type=submit]').click();
        }""",
            values,
        )


def test_usernames_refuse_every_payload_and_show_it_back_as_text(xss_page, xss_server):
    page, events = xss_page
    before = usernames_in(xss_server.database)
    problems: list[str] = []
    page.goto("/signup")
    for i, (payload, _) in enumerate(PAYLOADS):
        # The signup page after a refusal has the form again: submit it from there.
        submit(page, {"username": payload, "password": PASSWORD, "confirm": PASSWORD})
        seen = inspect(page, events, f"signup {i}", [], problems)
        if REFUSED_NAME not in (seen["usernameError"] or ""):
            problems.append(f"signup {i}: no refusal for {payload!r}")
        if seen["username"] != payload:
            problems.append(f"signup {i}: the form does not show back {payload!r}")
    page.goto("/login")
    for i, (payload, _) in enumerate(PAYLOADS):
        submit(page, {"username": payload, "password": PASSWORD})
        seen = inspect(page, events, f"login {i}", [], problems)
        if seen["heading"] != "Log in":
            problems.append(f"login {i}: {payload!r} was let in")
        if seen["username"] != payload:
            problems.append(f"login {i}: the form does not show back {payload!r}")
    assert usernames_in(xss_server.database) == before
    count("xss: payload x field refused by signup (username)", len(PAYLOADS))
    count("xss: payload x field shown back by login (username)", len(PAYLOADS))
    assert not problems, "\n".join(problems)
