"""The catalogs: every template word marked for translation, every shipped catalog complete and compiled."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from quizapp.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
TRANSLATIONS = ROOT / "quizapp" / "translations"
EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
STATEMENT = re.compile(r"\{%.*?%\}", re.S)
COMMENT = re.compile(r"\{#.*?#\}", re.S)
ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}  # attributes people read or hear
LETTER = re.compile(r"[^\W\d_]")


class _Text(HTMLParser):
    """Collect the visible text and read attributes of a template whose Jinja was blanked out."""

    def __init__(self) -> None:
        """Start with nothing found, outside any script or style."""
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        """Check a tag's read attributes; scripts and styles hold no visible words."""
        self.hidden += tag in ("script", "style")
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self._check(value)

    def handle_endtag(self, tag: str) -> None:
        """Leave a script or style."""
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        """Check a text node."""
        if not self.hidden:
            self._check(data)

    def _check(self, text: str) -> None:
        """Keep every piece of text between expressions that has a letter in it."""
        for piece in text.split("\x00"):
            if LETTER.search(piece):
                self.found.append((self.getpos()[0], piece.strip()))


def unmarked(source: str) -> list[tuple[int, str]]:
    """Return (line, text) of the words in a template that no gettext call wraps."""
    keep_lines = lambda m: "\n" * m.group().count("\n")  # noqa: E731 - line numbers stay right
    source = COMMENT.sub(keep_lines, source)
    source = STATEMENT.sub(lambda m: " " + keep_lines(m), source)  # {% if %}Text{% endif %} is still text
    source = EXPRESSION.sub(lambda m: "\x00" + keep_lines(m), source)
    parser = _Text()
    parser.feed(source)
    parser.close()
    return parser.found


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('<p>{{ _("Hello") }}</p>', []),
        ("<p>Hello</p>", [(1, "Hello")]),
        ("<p>{{ name }} scored</p>", [(1, "scored")]),
        ('<p>{% if x %}Done{% else %}{{ _("No") }}{% endif %}</p>', [(1, "Done")]),
        ('<a aria-label="Main">{{ _("x") }}</a>', [(1, "Main")]),
        ("<p>{{ n }} · – 42%</p>", []),
        ("{# A comment #}<script>var a = 'b';</script>", []),
        ('<mark{% if c %} class="cue"{% endif %}>{{ s }}</mark>', []),
    ],
)
def test_the_checker_finds_unmarked_words(template, expected):
    assert unmarked(template) == expected


def test_every_template_word_is_marked_for_translation():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for line, text in unmarked(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def catalog(language: str):
    """Return the shipped messages.po of a language."""
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=language)


TRANSLATED = [code for code in LANGUAGES if code != "en"]  # English is the source: its words are the msgids


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_shipped_catalog_is_complete_and_has_no_fuzzy_entry(language):
    entries = [m for m in catalog(language) if m.id]
    untranslated = [m.id for m in entries if not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert entries and untranslated == [] and fuzzy == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_placeholder_of_a_message_is_in_its_translation(language):
    names = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        wanted = set(names.findall(ids[-1])) - {"num"}
        wrong += [ids[0] for string in strings if wanted - set(names.findall(string))]
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_is_the_catalog(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo").open("rb") as file:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(file) if m.id}
    shipped = {_key(m.id): _key(m.string) for m in catalog(language) if m.id and not m.fuzzy}
    assert compiled == shipped, "run 'quizapp translate compile'"


def _key(value):
    """Return a message id or string as a hashable, comparable value (plurals come as lists or tuples)."""
    return tuple(value) if isinstance(value, list | tuple) else value


def test_every_language_has_a_catalog():
    assert {p.name for p in TRANSLATIONS.iterdir() if p.is_dir()} == set(TRANSLATED)
