"""The guide section of a question file: checked with located problems, and the answer key made from the items."""

from __future__ import annotations

import pytest

from quizapp.core import questions
from quizapp.core.guide import Term, answer_key
from quizapp.core.questions import QuestionFileError, parse_quiz

from .test_questions import GOOD, LABELS, QUESTIONS

GUIDE = """\
guide:
  objectives:
    - Tell a fact from an opinion.
  standards:
    - code: RH.6-8.8
      text: Tell apart fact, opinion and reasoned judgment.
  vocabulary:
    - term: bilateral
      definition: Between two countries only.
  discussion:
    - Who wrote this, and **why**?
"""


def with_guide(guide: str) -> str:
    """Return the small good file with a guide section after its passages."""
    return GOOD + guide


def problems_of(text: str) -> list[str]:
    """Return the problems of a file as 'line:column: message' strings."""
    with pytest.raises(QuestionFileError) as caught:
        parse_quiz(text, "quiz.yaml", LABELS)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def line_of(text: str, words: str) -> int:
    """Return the line number of the first line of text holding words."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if words in line)


def test_a_guide_is_read_with_every_part():
    quiz = parse_quiz(with_guide(GUIDE), "quiz.yaml", LABELS)
    assert quiz.guide.objectives == ("Tell a fact from an opinion.",)
    assert quiz.guide.standards == (Term("RH.6-8.8", "Tell apart fact, opinion and reasoned judgment."),)
    assert quiz.guide.vocabulary == (Term("bilateral", "Between two countries only."),)
    assert quiz.guide.discussion_html == ("<p>Who wrote this, and <strong>why</strong>?</p>",)


def test_a_file_without_a_guide_has_none():
    assert parse_quiz(GOOD, "quiz.yaml", LABELS).guide is None


def test_the_guide_is_not_part_of_what_students_see():
    """Editing the guide makes no new version: the content hash ignores it."""
    assert (
        parse_quiz(with_guide(GUIDE), "q.yaml", LABELS).content_hash == parse_quiz(GOOD, "q.yaml", LABELS).content_hash
    )


@pytest.mark.parametrize(
    ("guide", "words", "message"),
    [
        ("guide:\n  objective: [x]\n", "objective:", "unknown field 'objective' in the guide"),
        ("guide: read the article\n", "guide:", "the guide must be a set of 'key: value' lines"),
        ("guide:\n  discussion: {a: b}\n", "discussion:", "'discussion' of the guide must be a list"),
        ("guide:\n  vocabulary: regime\n", "vocabulary:", "'vocabulary' of the guide must be a list"),
        (
            "guide:\n  vocabulary:\n    - term: regime\n",
            "- term: regime",
            "an entry of the guide's 'vocabulary' has no 'definition'",
        ),
        (
            "guide:\n  standards:\n    - code: RH.6-8.8\n      txt: Fact and opinion\n",
            "txt:",
            "unknown field 'txt' in an entry of the guide's 'standards'",
        ),
        (
            "guide:\n  vocabulary:\n    - term: regime\n      definition: ''\n",
            "definition:",
            "'definition' of an entry of the guide's 'vocabulary' is empty or not text",
        ),
        (
            "guide:\n  discussion:\n    - Who wrote <b>this</b>?\n",
            "- Who wrote",
            "a discussion question of the guide",
        ),
    ],
)
def test_guide_problems_name_their_line(guide, words, message):
    text = with_guide(guide)
    found = problems_of(text)
    assert any(p.startswith(f"{line_of(text, words)}:") and message in p for p in found), found


def test_the_seed_guide_and_its_answer_key():
    """The seed's key has a row per labelled stretch, its borderline rows with both labels and a note."""
    quiz = questions.load_quiz(QUESTIONS / "01-trump-lukashenko.yaml", LABELS)
    assert {"regime", "authoritarian", "rhetoric", "geopolitical", "bilateral"} <= {
        t.name for t in quiz.guide.vocabulary
    }
    assert any("analysts" in q for q in quiz.guide.discussion_html)
    key = answer_key(quiz.items)
    assert len(key) == sum(len(item.labels) for item in quiz.items)
    assert key[-1].position == f"{len(quiz.items)}.4"
    borderline = {" ".join(row.text.split()): (row.label, row.also_accepted) for row in key if row.borderline}
    assert borderline['is often referred to as "Europe’s last dictator"'] == ("fact", ("opinion",))
    assert len(borderline) == 4 and all(row.explanation_html for row in key if row.borderline)
