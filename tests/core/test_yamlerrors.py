"""Checker messages for people: each mistake teachers make in a question file, in plain words, at its line."""

from __future__ import annotations

import pytest

from quizapp.core import questions
from quizapp.core.questions import QuestionFileError, parse_quiz

from ..conftest import QUESTIONS

LABELS = questions.load_labels(QUESTIONS / "labels.yaml")

BASE = """\
title: A test
article: |
  The council voted on Tuesday. The mayor said: the park
  could open in April.
passages:
  - id: vote
    text: The council voted on Tuesday
    label: fact
    cues: [Tuesday]
    explanation: A day anyone can check.
  - id: open
    text: the park could open in April
    label: speculation
    cues: [could]
    explanation: Could marks a guess.
"""
SECOND = "  - id: open\n    text: the park could open in April\n    label: speculation\n    cues: [could]\n"


def test_the_base_file_loads():
    assert len(parse_quiz(BASE, "q.yaml", LABELS).items) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            BASE.replace("text: The council voted on Tuesday", "text: The council votted on Tuesday"),
            "q.yaml:7:11: passage 'vote': text not found in the article; the closest words in the article are "
            '"The council voted on Tuesday"',
            id="typo in a passage",
        ),
        pytest.param(
            BASE.replace("text: the park could open in April", 'text: "the park could open" in April'),
            "q.yaml:12:31: line 12: more words come after the closing quote (in April); a text in quotes must end "
            "with its closing quote\n"
            '    hint: put the quotes around the whole text: text: "the park could open in April"',
            id="text continued after a closing quote",
        ),
        pytest.param(
            BASE.replace("    label: fact", "     label: fact"),
            "q.yaml:8:1: line 8 is out of line with line 7 above it: its field starts after 5 spaces, the one on "
            "line 7 after 4\n    hint: start line 8 with 4 spaces, so its field lines up with the one on line 7",
            id="a label indented one space too far",
        ),
        pytest.param(
            BASE.replace("    label: fact", "   label: fact"),
            "q.yaml:8:1: line 8 is out of line with line 7 above it: its field starts after 3 spaces, the one on "
            "line 7 after 4",
            id="a label indented one space too little",
        ),
        pytest.param(
            BASE.replace(
                SECOND, "- id: open\n  text: the park could open in April\n  label: speculation\n  cues: [could]\n"
            ).replace("    explanation: Could", "  explanation: Could"),
            "q.yaml:11:1: line 11 starts a passage that is not under 'passages:': it must be indented like the "
            "passage on line 6\n    hint: start line 11 with 2 spaces, and indent the lines under it to match",
            id="a passage not under passages",
        ),
        pytest.param(
            BASE.replace("  could open in April.", "could open in April."),
            "q.yaml:4:1: line 4 is part of the article but is not indented: every line of the article must start "
            "with 2 spaces, like line 3\n    hint: add 2 spaces at the start of line 4",
            id="an unindented article line",
        ),
        pytest.param(
            BASE.replace("    label: fact", "\tlabel: fact"),
            "q.yaml:8:1: line 8 is indented with a tab; question files are indented with spaces only",
            id="a tab",
        ),
        pytest.param(
            BASE.replace("article: |", "article:"),
            "q.yaml:2:9: line 2: the '|' after 'article:' is missing, so the lines below it are not read as the "
            "article's text\n    hint: write 'article: |' on line 2",
            id="a forgotten | after article",
        ),
        pytest.param(
            BASE.replace("explanation: A day anyone can check.", "explanation: Note: a day anyone can check."),
            "q.yaml:10:18: line 10: the words after 'explanation:' contain a colon followed by a space, which starts "
            "a new field unless the text is in quotes\n"
            '    hint: put the whole text in double quotes: explanation: "Note: a day anyone can check."',
            id="a colon in an unquoted explanation",
        ),
        pytest.param(
            BASE.replace("label: fact", "label: Reported fact"),
            "q.yaml:8:12: passage 'vote': 'Reported fact' is the name students see; in the file the label is written "
            "'fact'\n    hint: write label: fact",
            id="a label's display name",
        ),
        pytest.param(
            BASE.replace("label: fact", "label: Fact"),
            "q.yaml:8:12: passage 'vote': label 'Fact' must be written in lowercase: 'fact'\n"
            "    hint: write label: fact",
            id="a capitalised label id",
        ),
    ],
)
def test_a_broken_file_is_explained_in_plain_words(text, expected):
    with pytest.raises(QuestionFileError) as caught:
        parse_quiz(text, "q.yaml", LABELS)
    report = "\n".join(str(problem) for problem in caught.value.problems)
    assert expected in report
    assert "YAML" not in report and "<block" not in report and "scalar" not in report
