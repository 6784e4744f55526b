"""Fuzz the question-file checker: whatever a file holds, the answer is a quiz or located problems.

The property: ``parse_quiz`` (and ``load_labels``, ``load_quiz``) either return their result or
raise ``QuestionFileError`` whose every problem names the file, a line and column >= 1 and a
message; nothing else escapes, and nothing takes more than the deadline. Inputs are the shipped
question files and the test suite's GOOD file mutated line by line, YAML documents generated from
random structures, and plausible quizzes whose passages are cut from their own article.

The default profile (``quizapp-ci``) is derandomized, so CI runs the same examples every time and
a failure is reproducible; ``QUIZAPP_FUZZ_PROFILE=quizapp-deep make test PYTEST_ARGS=tests/core/test_questions_fuzz.py``
runs twenty times as many random examples. The closing summary of pytest prints how many examples
each test ran.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core import questions, sources
from quizapp.core.kinds import KINDS
from quizapp.core.questions import QuestionFileError, Quiz, parse_quiz
from quizapp.core.sanitize import ALLOWED_TAGS

from ..conftest import QUESTIONS
from .test_questions import GOOD, LABELS

SEEDS = {  # by name, so that strategies (and hypothesis's reports) show a name and not the whole file
    "quizzes": tuple(path.read_text(encoding="utf-8") for path in sources.quiz_files(QUESTIONS)) + (GOOD,),
    "labels": ((QUESTIONS / questions.LABELS_FILE).read_text(encoding="utf-8"),),
}

# The deadline only catches runaway work (alias expansion, quadratic scans): a normal example
# takes milliseconds, so 10 s cannot be reached by a busy machine alone.
settings.register_profile(
    "quizapp-ci",
    max_examples=1500,
    derandomize=True,
    deadline=timedelta(seconds=10),
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "quizapp-deep", parent=settings.get_profile("quizapp-ci"), max_examples=20000, derandomize=False
)
PROFILE = settings.get_profile(os.environ.get("QUIZAPP_FUZZ_PROFILE", "quizapp-ci"))

YAML_SPECIALS = list(":-[]{}&*!|>'\"%@`#?,~") + ["\t", ": ", "- ", "<<", "---", "...", "\\"]
SNIPPETS = [
    "&a ",
    "*a",
    "&a [x, x]",
    "*undefined",
    "<<: *a",
    "? ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!timestamp ",
    "!!binary ",
    "!!set ",
    "!!omap ",
    "!!str ",
    "!!null ",
    "!!map ",
    "!!seq ",
    "!local ",
    "!!python/object:os.system ",
    "%YAML 1.1\n",
    "%TAG ! tag:example.com,2000:\n",
    "---\n",
    "...\n",
    "9" * 5000,
    "-" + "9" * 400,
    "1e999999",
    "-.inf",
    ".nan",
    "0x" + "f" * 80,
    "0o777",
    "0b1012",
    "1_000",
    "190:20:30",
    "2001-13-45",
    "2001-12-14t21:59:43.10-05:00",
    "~",
    "null",
    "true",
    "no",
    "[]",
    "{}",
    "''",
    '""',
    "[" * 60,
    "]" * 60,
    "{a: {b: {c: [d, {e: f}]}}}",
    "[[1, 2], {3: 4}]: x",
    "? [a, b]\n: c",
    "- - - -",
    "\ufeff",
    "\x85",
    "\u2028",
    "\r",
    "\r\n",
    "\x00",
    "\x1b",
    "\ud800",
    "\U0001f600",
    "\u202e",
    "<script>alert(1)</script>",
    "**",
    "`",
    "[x](javascript:alert(1))",
    "![i](x.png)",
    "<b>",
    "](",
    "|-\n",
    ">+\n",
    "|2\n",
    '"\\x"',
    "'it''s'",
    '"\\u12"',
]
_KEY_LINE = re.compile(r"^\s*(- )?[a-z_]+:")
WORDS = [
    "the",
    "council",
    "voted",
    "could",
    "may",
    "said",
    "5-2",
    "Monday",
    "wise",
    "\u201cquoted\u201d",
    "it\u2019s",
    "A",
    "park",
    "##",
    "*",
    "**bold**",
    "`code`",
    "[link](https://example.org)",
    "café",
]


class FuzzReport:
    """The number of examples each fuzz test ran, printed in pytest's closing summary."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, int, float]] = []

    def pytest_terminal_summary(self, terminalreporter) -> None:
        """Print one line per fuzz test and the total."""
        terminalreporter.section("question-file fuzzing")
        for name, count, seconds in self.rows:
            terminalreporter.write_line(f"{name}: {count} examples in {seconds:.1f} s")
        total = sum(count for _, count, _ in self.rows)
        terminalreporter.write_line(
            f"total: {total} examples in {sum(s for *_, s in self.rows):.1f} s "
            f"(profile {os.environ.get('QUIZAPP_FUZZ_PROFILE', 'quizapp-ci')})"
        )


@pytest.fixture(scope="module")
def report(pytestconfig):
    """Return the report, registered so its lines appear at the end of the run."""
    found = pytestconfig.pluginmanager.get_plugin("quizapp-fuzz-report")
    if found is None:
        found = FuzzReport()
        pytestconfig.pluginmanager.register(found, "quizapp-fuzz-report")
    return found


def fuzz(report: FuzzReport, name: str, strategy, check, share: float) -> None:
    """Run check on share of the profile's examples drawn from strategy; record how many ran."""
    count = 0

    @settings(PROFILE, max_examples=max(1, int(PROFILE.max_examples * share)))
    @given(strategy)
    def run(value):
        nonlocal count
        count += 1
        check(value)

    started = time.perf_counter()
    run()
    report.rows.append((name, count, time.perf_counter() - started))


# --- what every answer must look like -------------------------------------------------------


def assert_located(error: QuestionFileError, path: str, text: str | None) -> None:
    """Check that every problem has the file, a line and column >= 1, and a message."""
    assert error.problems, "QuestionFileError without problems"
    last_line = len(text.splitlines()) + 1 if text is not None else None
    for problem in error.problems:
        assert problem.path == path, problem
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert isinstance(problem.column, int) and problem.column >= 1, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert isinstance(problem.hint, str), problem
        if last_line is not None:  # a problem past the end of the file could not be found by a teacher
            assert problem.line <= last_line, (problem, last_line)
        assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}: ")


def assert_sound(quiz: Quiz) -> None:
    """Check that a quiz that loaded is usable: passages in the article, sanitised HTML."""
    assert isinstance(quiz, Quiz) and quiz.title and quiz.article and quiz.items
    for item in quiz.items:
        assert quiz.article[item.start : item.end] == item.text
        specs = getattr(item.spec, "parts", None) or (item.spec,)
        for html in [getattr(spec, name, "") for spec in specs for name in ("explanation_html", "accuracy_note_html")]:
            assert set(re.findall(r"<\s*/?\s*([a-zA-Z][\w-]*)", html)) <= ALLOWED_TAGS, html
            for href in re.findall(r'href="([^"]*)"', html):
                assert not re.match(r"\s*[a-z][a-z0-9+.-]*:", href, re.I) or re.match(r"(https?|mailto):", href), href


def check_quiz_text(text: str) -> None:
    """The property for one question file's text."""
    try:
        quiz = parse_quiz(text, "q.yaml", LABELS)
    except QuestionFileError as error:
        assert_located(error, "q.yaml", text)
    else:
        assert_sound(quiz)


def check_label_bytes(data: bytes) -> None:
    """The property for one labels file's bytes, read through load_labels."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "labels.yaml"
        path.write_bytes(data)
        try:
            labels = questions.load_labels(path)
        except QuestionFileError as error:
            assert_located(error, str(path), _decoded(data))
        else:
            assert isinstance(labels, tuple) and all(isinstance(label, questions.Label) for label in labels)


def check_quiz_bytes(data: bytes) -> None:
    """The property for one question file's bytes, read through load_quiz."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.yaml"
        path.write_bytes(data)
        try:
            assert_sound(questions.load_quiz(path, LABELS))
        except QuestionFileError as error:
            assert_located(error, str(path), _decoded(data))


def _decoded(data: bytes) -> str | None:
    """Return data as text when it is UTF-8, for the last-line check."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# --- strategies ------------------------------------------------------------------------------

odd_text = st.one_of(
    st.sampled_from(YAML_SPECIALS + SNIPPETS),
    st.text(max_size=12),
    st.text(alphabet=st.sampled_from([c for c in YAML_SPECIALS if len(c) == 1] + [" ", "\n", "a", "0"]), max_size=12),
    st.binary(max_size=16).map(lambda b: b.decode("utf-8", "replace")),
    st.binary(max_size=16).map(lambda b: b.decode("latin-1")),
    st.binary(max_size=16).map(lambda b: b.decode("utf-8", "surrogateescape")),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**4000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(SNIPPETS + WORDS),
)
keys = st.one_of(
    st.sampled_from(
        sorted(
            questions.QUIZ_FIELDS
            | questions.ITEM_FIELDS
            | set().union(*(k.fields for k in KINDS.values()))
            | {"labels", "kind", "note"}
        )
    ),
    st.text(max_size=8),
    st.integers(),
    st.booleans(),
    st.none(),
)
structures = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=25
)


@st.composite
def mutated(draw, seeds: str) -> str:
    """Return one of the named seed files with a few line-level and character-level mutations."""
    text = draw(st.sampled_from(SEEDS[seeds]))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        lines = text.split("\n")
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        operation = draw(
            st.sampled_from(
                [
                    "delete",
                    "duplicate",
                    "swap",
                    "indent",
                    "tab",
                    "insert",
                    "value",
                    "value",
                    "tag",
                    "replace",
                    "truncate",
                    "nest",
                    "alias",
                ]
            )
        )
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(j, lines[i])
        elif operation == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "indent":
            shift = draw(st.integers(min_value=-4, max_value=4))
            lines[i] = " " * shift + lines[i] if shift >= 0 else re.sub(f"^ {{0,{-shift}}}", "", lines[i])
        elif operation == "tab":
            lines[i] = "\t" + lines[i].lstrip(" ")
        elif operation == "insert":
            at = draw(st.integers(min_value=0, max_value=len(lines[i])))
            lines[i] = lines[i][:at] + draw(odd_text) + lines[i][at:]
        elif operation in ("value", "tag"):  # aimed at 'key: value' lines, where a value is read
            keyed = [n for n, line in enumerate(lines) if _KEY_LINE.match(line)] or [i]
            i = draw(st.sampled_from(keyed))
            key, _, value = lines[i].partition(":")
            if operation == "tag":
                value = (
                    " " + draw(st.sampled_from([s for s in SNIPPETS if s.startswith(("!", "&", "*"))])) + value.strip()
                )
            else:
                value = " " + draw(
                    st.one_of(odd_text, st.tuples(odd_text, odd_text).map("".join), structures.map(_flow))
                )
            lines[i] = key + ":" + value
        elif operation == "replace":
            at = draw(st.integers(min_value=0, max_value=len(text)))
            text = text[:at] + draw(odd_text) + text[at + draw(st.integers(min_value=0, max_value=8)) :]
            continue
        elif operation == "truncate":
            text = text[: draw(st.integers(min_value=0, max_value=len(text)))]
            continue
        elif operation == "nest":
            indent = len(lines[i]) - len(lines[i].lstrip(" "))
            block = yaml.safe_dump(draw(structures), default_flow_style=False, allow_unicode=True, sort_keys=False)
            lines[i + 1 : i + 1] = [" " * (indent + 2) + line for line in block.splitlines()]
        elif operation == "alias":
            lines[i] = lines[i] + draw(st.sampled_from([" &a", " *a", " &b [*a, *a]", " <<: *a", " *a*"]))
        text = "\n".join(lines)
    return text


def _flow(value) -> str:
    """Dump a structure on one line, as a teacher might write a value."""
    return (
        yaml.safe_dump(value, default_flow_style=True, width=10**6, allow_unicode=True)
        .rstrip("\n")
        .removesuffix("...")
        .strip()
    )


@st.composite
def generated_documents(draw) -> str:
    """Return a YAML document dumped from a random structure, often shaped like a quiz."""
    value = draw(st.one_of(structures, st.dictionaries(keys, structures, max_size=6)))
    return yaml.safe_dump(
        value,
        default_flow_style=draw(st.sampled_from([False, True, None])),
        sort_keys=False,
        allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([20, 80, 10**6])),
    )


word = st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=6).filter(lambda w: w.strip() == w and w))
plain_word = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=8)
markdown = st.sampled_from(
    ["**bold**", "*italic*", "`code`", "[a link](https://example.org/a_(b))", "\n\n- item", "> quote"]
)


@st.composite
def plausible_quizzes(draw) -> str:
    """Return a quiz file whose passages are cut from its own article: the careful half mostly loads."""
    careful = draw(st.booleans())

    def pick(good, sloppy):
        """Draw from good, or, for a sloppy file, from either."""
        return draw(good if careful else st.one_of(good, sloppy))

    words = pick(st.lists(plain_word, min_size=3, max_size=50, unique=True), st.lists(word, min_size=3, max_size=50))
    glue = [
        pick(st.sampled_from([" ", " ", "\n", "\n\n", "\n\n## "]), st.sampled_from(["  ", "\t", "\n  "])) for _ in words
    ]
    article = "".join(w + g for w, g in zip(words, glue, strict=False)).strip()
    cuts = sorted(set(draw(st.lists(st.integers(min_value=0, max_value=len(words)), min_size=2, max_size=8))))
    passages = []
    for number, (start, end) in enumerate(zip(cuts, cuts[1:], strict=False)):
        if not careful:
            start = draw(st.integers(min_value=0, max_value=len(words) - 1))
            end = draw(st.integers(min_value=start + 1, max_value=min(len(words), start + 6)))
        passage = {
            "id": pick(
                st.just(f"p{number}"), st.one_of(st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True), word)
            ),
            "text": " ".join(words[start:end]),
            "label": pick(st.sampled_from([label.key for label in LABELS]), word),
            "cues": pick(st.lists(st.sampled_from(words[start:end]), min_size=1, max_size=3), st.just([]) | scalars),
            "explanation": " ".join(
                pick(
                    st.lists(plain_word | markdown, min_size=1, max_size=6),
                    st.lists(word | st.sampled_from(SNIPPETS), min_size=1, max_size=6),
                )
            ),
        }
        if draw(st.booleans()):
            passage["occurrence"] = pick(st.just(1), st.integers(min_value=-1, max_value=3) | scalars)
        if draw(st.booleans()):
            passage["accurate"] = pick(st.booleans(), scalars)
            passage["accuracy_note"] = pick(plain_word, scalars)
        if not careful and draw(st.integers(min_value=0, max_value=4)) == 0:
            del passage[draw(st.sampled_from(sorted(passage)))]
        passages.append(passage)
    quiz = {
        "title": pick(plain_word, scalars),
        "level": pick(plain_word, word),
        "article": article,
        "passages": passages,
    }
    if draw(st.booleans()):
        quiz["source"] = pick(st.fixed_dictionaries({"kind": plain_word, "note": plain_word}), word)
    text = yaml.safe_dump(
        quiz,
        sort_keys=False,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, None])),
        width=draw(st.sampled_from([30, 80, 10**6])),
    )
    if draw(st.booleans()):  # the literal block teachers write, which maps article lines to file lines
        block = "article: |\n" + "".join(f"  {line}\n" for line in article.split("\n"))
        text = re.sub(r"^article:.*?(?=^passages:)", lambda _: block, text, count=1, flags=re.M | re.S)
    return text


# --- the tests ---------------------------------------------------------------------------------


def test_mutated_question_files_give_a_quiz_or_located_problems(report):
    fuzz(report, "mutated question files", mutated("quizzes"), check_quiz_text, share=0.5)


def test_generated_yaml_documents_give_a_quiz_or_located_problems(report):
    fuzz(report, "generated YAML documents", generated_documents(), check_quiz_text, share=0.5)


def test_plausible_quizzes_give_a_quiz_or_located_problems(report):
    fuzz(report, "plausible quizzes", plausible_quizzes(), check_quiz_text, share=0.5)


def test_arbitrary_text_gives_located_problems(report):
    fuzz(report, "arbitrary text", st.one_of(st.text(max_size=200), odd_text), check_quiz_text, share=0.3)


def test_mutated_label_files_give_labels_or_located_problems(report):
    texts = st.one_of(mutated("labels"), generated_documents())
    fuzz(
        report,
        "mutated label files",
        texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
        check_label_bytes,
        share=0.3,
    )


def test_raw_bytes_give_located_problems(report):
    files = st.one_of(st.binary(max_size=300), mutated("quizzes").map(lambda t: t.encode("utf-8", "surrogatepass")))
    fuzz(
        report,
        "raw bytes as question and label files",
        files,
        lambda data: (check_quiz_bytes(data), check_label_bytes(data)),
        share=0.2,
    )
