"""The question-file parser and checker: good files load, bad ones say where and what to do."""

from __future__ import annotations

import pytest

from quizapp.core import provenance, questions, sources
from quizapp.core.cues import cue_spans
from quizapp.core.provenance import Source
from quizapp.core.questions import QuestionFileError, parse_quiz

from ..conftest import QUESTIONS

LABELS = questions.load_labels(QUESTIONS / "labels.yaml")

GOOD = """\
title: A short quiz
level: grades 6-9
article: |
  The council voted 5-2 on Monday. It was a wise decision.

  ## Next

  The park could open in May. The park could open in May.
passages:
  - id: vote
    text: The council voted 5-2 on Monday
    label: fact
    cues: [voted 5-2]
    explanation: A vote count anyone can check in the minutes.
  - id: wise
    text: It was a wise decision
    label: opinion
    cues: [wise]
    explanation: "*Wise* is a judgment: people can disagree."
  - id: open
    text: The park could open in May
    occurrence: 2
    label: speculation
    cues: [could]
    explanation: "'Could' is a guess about the future."
"""


def parse(text: str) -> questions.Quiz:
    """Parse text as a file named quiz.yaml."""
    return parse_quiz(text, "quiz.yaml", LABELS)


def problems_of(text: str) -> list[str]:
    """Return the problems of a file as 'line:column: message' strings."""
    with pytest.raises(QuestionFileError) as caught:
        parse(text)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def test_good_file_parses_into_frozen_dataclasses():
    quiz = parse(GOOD)
    assert quiz.title == "A short quiz" and quiz.level == "grades 6-9" and quiz.slug == "quiz"
    assert [p.key for p in quiz.items] == ["vote", "wise", "open"]
    vote = quiz.items[0]
    assert quiz.article[vote.start : vote.end] == "The council voted 5-2 on Monday"
    assert quiz.items[1].spec.explanation_html == "<p><em>Wise</em> is a judgment: people can disagree.</p>"
    second = quiz.article.rindex("The park could open in May")
    assert quiz.items[2].start == second
    with pytest.raises(AttributeError):
        quiz.title = "changed"


def test_matching_folds_whitespace_and_curly_quotes():
    text = GOOD.replace("It was a wise decision.", "It was a \u201cwise\u201d decision.").replace(
        "text: It was a wise decision", "text: 'It was a \"wise\"\n      decision'"
    )
    quiz = parse(text)
    assert quiz.items[1].text == "It was a \u201cwise\u201d decision"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("title: A short quiz\n", "title: [a\n"), "2:6: this is not valid YAML"),
        (lambda t: t.replace("title: A short quiz\n", ""), "1:1: the quiz has no 'title'"),
        (
            lambda t: t.replace("    label: opinion\n", "    label: opinon\n"),
            "17:12: passage 'wise': label 'opinon' is not one of: fact, opinion, speculation",
        ),
        (
            lambda t: t.replace("text: The council voted 5-2 on Monday", "text: The council voted 6-1 on Monday"),
            "11:11: passage 'vote': text not found in the article; the closest words in the article are "
            '"The council voted 5-2 on Monday"',
        ),
        (
            lambda t: t.replace("    occurrence: 2\n", ""),
            "21:11: passage 'open': text occurs 2 times in the article (on lines 8, 8)",
        ),
        (
            lambda t: t.replace("cues: [wise]", "cues: [clever]"),
            "18:11: passage 'wise': cue 'clever' is not in the passage text",
        ),
        (lambda t: t.replace("id: wise", "id: vote"), "15:9: id 'vote' is used twice (first on line 10)"),
        (
            lambda t: t.replace("explanation: A vote count anyone can check in the minutes.", "explanation: ''"),
            "14:18: 'explanation' of passage 'vote' is empty or not text",
        ),
        (
            lambda t: t.replace("explanation: A vote count", "explanation: <script>alert(1)</script> A vote count"),
            "14:18: passage 'vote': explanation contains HTML (<script>), which is not shown",
        ),
        (
            lambda t: t.replace("explanation: A vote count", "explanation: A **vote count"),
            "14:18: passage 'vote': explanation has an unclosed '**'",
        ),
        (
            lambda t: t.replace(
                "explanation: A vote count anyone can check in the minutes.",
                "explanation: '[see](javascript:alert(1))'",
            ),
            "14:18: passage 'vote': explanation links to 'javascript:alert(1)', which is not allowed",
        ),
        # a label item may leave its cues out (the feedback finds them); an item that asks for the cues may not
        (lambda t: t.replace("    cues: [voted 5-2]\n", "    kind: cues\n"), "10:5: passage 'vote' has no 'cues'"),
        (lambda t: t.replace("level: grades 6-9", "levle: grades 6-9"), "2:1: unknown field 'levle' in the quiz"),
        (
            lambda t: t.replace("id: wise", "id: Wise One"),
            "15:9: id 'Wise One' may use only lowercase letters, digits and hyphens",
        ),
        (
            lambda t: t.replace("title: A short quiz", "title: A short quiz\ntitle: again"),
            "2:1: 'title' appears twice (first on line 1)",
        ),
        (
            lambda t: t.replace("    occurrence: 2\n", "    occurrence: 3\n"),
            "22:17: passage 'open': occurrence must be a number from 1 to 2",
        ),
        (
            lambda t: t.replace("text: It was a wise decision", "text: on Monday. It was a wise"),
            "15:5: passage 'wise' overlaps passage 'vote'",
        ),
        (
            lambda t: t.replace("    label: fact\n", "    label: fact\n    accurate: false\n"),
            "13:5: passage 'vote' is marked not accurate but has no accuracy_note",
        ),
        (
            lambda t: t.replace("    label: fact\n", "    label: fact\n    accurate: maybe\n"),
            "13:15: passage 'vote': 'accurate' must be true or false",
        ),
        (lambda t: "", "1:1: the file is empty"),
        (lambda t: "- just\n- a list\n", "1:1: the quiz must be a set of 'key: value' lines"),
        (
            lambda t: t.replace("passages:\n", "passages: none\nx:\n"),
            "9:11: 'passages' must be a list of at least one passage",
        ),
        (
            lambda t: t + "---\ntitle: second\n",
            "26:1: this is not valid YAML: expected a single document in the stream, but found another document",
        ),
        (
            lambda t: t.replace(
                "The park could open in May. The park could open in May.",
                " ".join(["The park could open in May."] * 12),
            ).replace("    occurrence: 2\n", ""),
            "21:11: passage 'open': text occurs 12 times in the article"
            " (on lines 8, 8, 8, 8, 8, 8, 8, 8, 8, 8 and 2 more)",
        ),
    ],
)
def test_bad_file_reports_location_and_message(change, expected):
    reported = problems_of(change(GOOD))
    assert any(line.startswith(expected) or expected in line for line in reported), reported


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(9)
)


# Each row crashed the checker, or pointed at the wrong place, before tests/core/test_questions_fuzz.py found it.
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda t: t.replace("title: A short quiz", "title: !!int A short quiz"),
            "1:8: '!!int' (a YAML tag) is not used in question files",
        ),  # was ValueError
        (
            lambda t: t.replace("level: grades 6-9", "level: !!timestamp grades 6-9"),
            "2:8: '!!timestamp' (a YAML tag) is not used in question files",
        ),  # was AttributeError
        (
            lambda t: t.replace("level: grades 6-9", "level: " + "9" * 5000),
            "2:8: this value looks like a number or a date but cannot be read as one",
        ),  # was ValueError (int digits limit)
        (
            lambda t: t.replace("level: grades 6-9", "level: 2001-13-45"),
            "2:8: this value looks like a number or a date but cannot be read as one",
        ),  # was ValueError (no month 13)
        (
            lambda t: t.replace("level: grades 6-9", "level: " + "[" * 1000),
            "2:27: this is nested more than 20 levels deep",
        ),  # was RecursionError
        (
            lambda t: t.replace("title: A short quiz\n", "title: A short quiz\n? [a, b]\n: c\n"),
            "2:3: a field name must be a word such as 'title', not a list or a set of fields",
        ),  # was a key made of node reprs
        (lambda t: LAUGHS + t, "2:8: '*a' repeats another value (a YAML alias); question files cannot use aliases"),
        (
            lambda t: t.replace("level: grades 6-9", "level: &grade grades 6-9\nsource: *grade"),
            "3:9: '*grade' repeats another value (a YAML alias); question files cannot use aliases",
        ),
        (
            lambda t: t.replace("title: A short quiz", "title: A short\x00 quiz"),
            "1:15: the file contains a character that YAML does not allow (U+0000)",
        ),  # was reported at 1:1
        (
            lambda t: t.replace("explanation: A vote count", "explanation: *A* vote count"),
            "14:20: this is not valid YAML: expected alphabetic or numeric character, but found '*'",
        ),
    ],
)
def test_odd_yaml_reports_a_located_problem(change, expected):
    with pytest.raises(QuestionFileError) as caught:
        parse(change(GOOD))
    reported = [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]
    assert expected in reported, reported
    assert all(p.hint for p in caught.value.problems)


@pytest.mark.parametrize(
    ("change", "cue"),
    [
        # 'İ'.lower() is two characters: cue offsets after it were one off, and a cue at the end crashed
        (lambda t: t.replace("The council voted", "İzmir's council voted"), "voted 5-2"),
        (
            lambda t: t.replace("The council voted", "İzmir's council voted").replace("[voted 5-2]", "[on Monday]"),
            "on Monday",
        ),
    ],
)
def test_letters_that_grow_when_lowercased_keep_cues_in_place(change, cue):
    passage = parse(change(GOOD)).items[0]
    assert [passage.text[start:end] for start, end in cue_spans(passage.text, passage.spec.cues)] == [cue]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"title: x\n" + b"#" * questions.MAX_FILE_BYTES, "1:1: the file is larger than 1 MiB, too big for a quiz"),
        (
            GOOD.replace("grades 6-9", "grad\u00e9s 6-9").encode("latin-1"),
            "2:12: the file is not UTF-8 text (byte 0xE9 here)",
        ),
        (None, "1:1: cannot read the file: it is a folder, not a text file"),
    ],
)
@pytest.mark.parametrize("load", [lambda path: questions.load_quiz(path, LABELS), questions.load_labels])
def test_unreadable_file_is_one_located_problem(tmp_path, load, content, expected):
    path = tmp_path / "q.yaml"
    path.mkdir() if content is None else path.write_bytes(content)
    with pytest.raises(QuestionFileError) as caught:
        load(path)
    assert [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems] == [expected]
    assert caught.value.problems[0].path == str(path) and caught.value.problems[0].hint


def test_every_problem_has_a_hint_and_the_file_name():
    with pytest.raises(QuestionFileError) as caught:
        parse(GOOD.replace("label: opinion", "label: nope").replace("cues: [could]", "cues: [might]"))
    assert len(caught.value.problems) == 2
    for problem in caught.value.problems:
        assert problem.hint
        assert str(problem).startswith(f"quiz.yaml:{problem.line}:{problem.column}: ")
        assert "\n    hint: " in str(problem)


def test_problems_are_listed_in_file_order():
    text = GOOD.replace("label: speculation", "label: bad").replace("label: fact", "label: bad")
    lines = [p.line for p in pytest.raises(QuestionFileError, parse, text).value.problems]
    assert lines == sorted(lines) and len(lines) == 2


def test_content_hash_changes_with_what_students_see_only():
    base = parse(GOOD).content_hash
    assert parse("# a comment\n" + GOOD).content_hash == base
    assert parse(GOOD.replace("A vote count", "A count")).content_hash != base


def with_source(*lines: str) -> str:
    """Return GOOD with a 'source:' mapping of the given lines (on line 3 onwards)."""
    return GOOD.replace(
        "level: grades 6-9\n", "level: grades 6-9\nsource:\n" + "".join(f"  {line}\n" for line in lines)
    )


# Digests computed by the release before the source fields existed: a file that does not use them
# must keep its digest, or upgrading would make every quiz a new version.
OLD_DIGESTS = [
    (GOOD, "c4e53d26e2d14a389edb88ef91eb7889bffbe8dbaf5d4a38f475120da329b3df"),
    (
        with_source("kind: news report", "note: As supplied."),
        "19cff1724300a6cfd684b424b4ea3c4d895c0fa3b1184c4d3091959cf1cf1d80",
    ),
]


@pytest.mark.parametrize(("text", "digest"), OLD_DIGESTS)
def test_a_file_without_the_new_source_fields_keeps_its_digest(text, digest):
    assert parse(text).content_hash == digest


def test_each_source_field_enters_the_digest():
    lines = [
        "published: 2025-08-15",
        "published: 2025-08-16",
        "outlet: The Daily Example",
        "author: Sam Writer",
        "url: https://example.org/a",
        "fictional: true",
        "fictional: false",
    ]
    digests = {line: parse(with_source("kind: news report", line)).content_hash for line in lines}
    base = parse(with_source("kind: news report")).content_hash
    assert digests.pop("fictional: false") == base  # false is what leaving it out means
    assert len({base, *digests.values()}) == len(digests) + 1


def test_a_full_source_is_read():
    quiz = parse(
        with_source(
            "kind: news report",
            "outlet: The   Daily\n    Example",
            "author: Sam Writer",
            "published: 2025-08-15",
            "url: https://example.org/news/1?x=1",
            "note: As supplied.",
        )
    )
    assert quiz.source == Source(
        "news report",
        "As supplied.",
        "2025-08-15",
        "The Daily Example",
        "Sam Writer",
        "https://example.org/news/1?x=1",
        False,
    )
    assert quiz.source.published_text == "15 August 2025"


@pytest.mark.parametrize(
    ("published", "shown"),
    [
        ("2025-08-05", "5 August 2025"),
        ("'2025-08'", "August 2025"),
        ("2025-08", "August 2025"),
        ("2025", "2025"),
        ("'2024-02-29'", "29 February 2024"),
    ],
)
def test_a_publication_date_may_be_as_precise_as_known(published, shown):
    source = parse(with_source(f"published: {published}")).source
    assert source.published == published.strip("'") and source.published_text == shown


def test_a_source_may_still_be_one_line_of_text():
    source = parse(GOOD.replace("level: grades 6-9\n", "level: grades 6-9\nsource: a newspaper cutting\n")).source
    assert (source.kind, source.note, source.outlet) == ("", "a newspaper cutting", "")


# (the source's lines, the problem reported, its hint)
BAD_SOURCES = [
    (
        ["published: August 2025"],
        "4:14: 'published' of 'source' must be a date written year-month-day, like 2025-08-15",
        "write 2025-08 or 2025",
    ),
    (["published: 15/08/2025"], "4:14: 'published' of 'source' must be a date written year-month-day", "2025-08"),
    (
        ["published: 2025-02-30"],
        "4:14: 'published' of 'source': 2025-02-30 is not a date in the calendar",
        "check the month",
    ),
    (["published: 2025-13"], "4:14: 'published' of 'source': 2025-13 is not a date in the calendar", "01 to 12"),
    (["published: [2025]"], "4:14: 'published' of 'source' must be a date", "year"),
    (
        ["url: javascript:alert(1)"],
        "4:8: 'url' of 'source' must be a web address starting with https://",
        "address bar",
    ),
    (["url: example.org/news"], "4:8: 'url' of 'source' must be a web address starting with https://", "address bar"),
    (["url: JaVaScRiPt:alert(1)"], "4:8: 'url' of 'source' must be a web address", "address bar"),
    (
        ["url: 'data:text/html,<script>alert(1)</script>'"],
        "4:8: 'url' of 'source' must be a web address",
        "address bar",
    ),
    (["url: vbscript:msgbox(1)"], "4:8: 'url' of 'source' must be a web address", "address bar"),
    (["url: //example.org/news"], "4:8: 'url' of 'source' must be a web address", "address bar"),
    (["url: ftp://example.org/news"], "4:8: 'url' of 'source' must be a web address", "address bar"),
    (["url: https://example.org/a page"], "4:8: 'url' of 'source' must be a web address", "no spaces"),
    (["url: https://"], "4:8: 'url' of 'source' must be a web address", "address bar"),
    (["url: https://[::1"], "4:8: 'url' of 'source' must be a web address", "address bar"),
    ([f"url: https://example.org/{'a' * 2000}"], "4:8: 'url' of 'source' is longer than 2000 characters", "'?'"),
    ([f"outlet: {'A' * 201}"], "4:11: 'outlet' of 'source' is longer than 200 characters", "name only"),
    (["author:"], "4:10: 'author' of 'source' is empty or not text", "author"),
    (["fictional: maybe"], "4:14: 'fictional' of 'source' must be true or false", "fictional: true"),
    (["outlook: The Times"], "4:3: unknown field 'outlook' in 'source'", "did you mean 'outlet'?"),
]


@pytest.mark.parametrize(("lines", "expected", "hint"), BAD_SOURCES)
def test_a_bad_source_is_reported_where_it_is(lines, expected, hint):
    with pytest.raises(QuestionFileError) as caught:
        parse(with_source(*lines))
    found = [p for p in caught.value.problems if f"{p.line}:{p.column}: {p.message}".startswith(expected)]
    assert found and hint in found[0].hint, caught.value.problems


def test_a_source_field_at_the_top_level_says_where_it_belongs():
    with pytest.raises(QuestionFileError) as caught:
        parse(GOOD.replace("level: grades 6-9\n", "level: grades 6-9\noutlet: The Daily Example\n"))
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.message) == (3, 1, "'outlet' belongs under 'source:'")
    assert "indent it under 'source:'" in problem.hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("labels:\n  - id: fact\n    name: Fact\n", "2:5: a label has no 'definition'"),
        ("labels: fact\n", "1:9: 'labels' must be a list of labels"),
        ("", "1:1: the label file is empty"),
    ],
)
def test_bad_label_file(tmp_path, text, expected):
    path = tmp_path / "labels.yaml"
    path.write_text(text)
    with pytest.raises(QuestionFileError) as caught:
        questions.load_labels(path)
    assert any(expected in f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems), caught.value.problems


def test_added_label_can_be_used(tmp_path):
    labels = LABELS + (questions.Label("claim", "Attributed claim", "Someone else's claim."),)
    quiz = parse_quiz(GOOD.replace("label: fact", "label: claim"), "q.yaml", labels)
    assert quiz.items[0].spec.label == "claim"


def test_shipped_questions_all_check_clean():
    directory = QUESTIONS
    for path in sources.quiz_files(directory):
        quiz = questions.load_quiz(path, LABELS)
        counts = {
            key: sum(label == key for p in quiz.items for label in p.labels)
            for key in ("fact", "opinion", "speculation")
        }
        assert min(counts.values()) >= 3, (path, counts)


def test_the_shipped_quizzes_say_where_they_come_from():
    directory = QUESTIONS
    found = {path.name: questions.load_quiz(path, LABELS).source for path in sources.quiz_files(directory)}
    seed = found.pop("01-trump-lukashenko.yaml")
    # The seed's copy names no outlet, author or date: nothing is guessed, and the pages say so.
    assert not (seed.fictional or seed.outlet or seed.author or seed.published or seed.url)
    assert "August 2025" in seed.note
    said = "".join(part.text for part in provenance.describe(seed))
    assert said.startswith("A news report. It does not say who published it, who wrote it or when.")
    for source in found.values():
        assert source.fictional and "made-up" in "".join(part.text for part in provenance.describe(source))


@pytest.mark.parametrize(
    ("source", "said"),
    [
        (Source(), "An article. It does not say who published it, who wrote it or when."),
        (
            Source("news report", outlet="The Daily Example", url="https://example.org/1"),
            "A news report in [The Daily Example](https://example.org/1). It does not say who wrote it or when.",
        ),
        (
            Source("news report", "", "2025-08-15", "The Daily Example", "Sam Writer"),
            "A news report by Sam Writer in The Daily Example, published 15 August 2025.",
        ),
        (
            Source(url="https://www.example.org/news/1", published="2025-08"),
            "An article from [www.example.org](https://www.example.org/news/1), published August 2025."
            " It does not say who wrote it.",
        ),
        (
            Source("local news report", fictional=True),
            "A made-up local news report. It was written for practice: its people and places are not real.",
        ),
        (
            Source(fictional=True, outlet="The Cedar Hollow Courier"),
            "A made-up article in The Cedar Hollow Courier."
            " It was written for practice: its people and places are not real.",
        ),
    ],
)
def test_a_source_is_described_in_plain_words(source, said):
    text = "".join(f"[{p.text}]({p.href})" if p.href else p.text for p in provenance.describe(source))
    assert text == said


def test_seed_quiz_meets_the_brief():
    quiz = questions.load_quiz(QUESTIONS / "01-trump-lukashenko.yaml", LABELS)
    counts = {
        key: sum(label == key for p in quiz.items for label in p.labels) for key in ("fact", "opinion", "speculation")
    }
    assert len(quiz.items) >= 18 and min(counts.values()) >= 5
    assert any(getattr(p.spec, "accurate", None) is False and p.spec.accuracy_note_html for p in quiz.items)
    assert any("referred to as" in p.text and p.labels == ("fact",) for p in quiz.items)
    seed = QUESTIONS.parent.parent / "shared" / "seed-article.txt"
    if seed.exists():  # the article is the whole seed text, headline as title
        from quizapp.core.matching import fold

        body = seed.read_text(encoding="utf-8").split("\n", 1)[1]
        shown = quiz.article.replace("## ", "")
        assert fold(shown).text == fold(body).text
