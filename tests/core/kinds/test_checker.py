"""The checker's messages for the fields of each kind, and what a good item of each kind reads as."""

from __future__ import annotations

import pytest

from quizapp.core.kinds.cues import CuesSpec
from quizapp.core.kinds.paragraph import ParagraphSpec
from quizapp.core.questions import QuestionFileError, parse_quiz

from ..test_questions import LABELS

FILE = """\
title: Kinds
article: |
  The council voted 5-2 on Monday. It was a wise decision. The park could open in May.

  Analysts suggest the park may draw visitors. The mayor said it should open soon.
passages:
  - id: vote
    kind: cues
    text: The council voted 5-2 on Monday
    label: fact
    cues: [voted 5-2, on Monday]
    explanation: A vote count and a day anyone can check.
  - id: second
    kind: paragraph
    parts:
      - text: Analysts suggest the park may draw visitors.
        label: speculation
        also_accepted: [fact]
        cues: [may]
        explanation: A guess about visitors; as a report of what analysts say it is also a fact.
      - text: The mayor said it should open soon.
        label: fact
        cues: [said]
        explanation: That the mayor said it can be checked.
"""


def parse(text: str):
    """Parse text as kinds.yaml."""
    return parse_quiz(text, "kinds.yaml", LABELS)


def problems_of(text: str) -> list[str]:
    """Return the problems of a file as 'line:column: message' strings."""
    with pytest.raises(QuestionFileError) as caught:
        parse(text)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def test_items_of_each_kind_parse():
    quiz = parse(FILE)
    cues, paragraph = quiz.items
    assert (cues.kind, paragraph.kind) == ("cues", "paragraph")
    assert isinstance(cues.spec, CuesSpec) and not cues.spec.ask_label
    assert [cues.text[a:b] for a, b in cues.spec.words][:3] == ["The", "council", "voted"]
    assert [[cues.text[cues.spec.words[i][0] : cues.spec.words[i][1]] for i in t] for t in cues.spec.targets] == [
        ["voted", "5-2"],
        ["on", "Monday"],
    ]
    assert isinstance(paragraph.spec, ParagraphSpec)
    # No text given: the item is the whole paragraph around its first part.
    assert paragraph.text == "Analysts suggest the park may draw visitors. The mayor said it should open soon."
    assert [paragraph.text[p.start : p.end] for p in paragraph.spec.parts] == [
        "Analysts suggest the park may draw visitors.",
        "The mayor said it should open soon.",
    ]
    assert paragraph.spec.parts[0].also_accepted == ("fact",)
    assert paragraph.labels == ("speculation", "fact")


def test_a_paragraph_item_with_text_finds_its_parts_inside_it():
    text = FILE.replace(
        "    kind: paragraph\n",
        "    kind: paragraph\n"
        "    text: Analysts suggest the park may draw visitors. The mayor said it should open soon.\n",
    )
    assert parse(text).items[1].text.startswith("Analysts")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda t: t.replace("kind: cues", "kind: cue"),
            "8:11: passage 'vote': kind 'cue' is not one of: label, cues, paragraph",
        ),
        (
            lambda t: t.replace("    kind: cues\n", "    kind: cues\n    ask_label: maybe\n"),
            "9:16: passage 'vote': 'ask_label' must be true or false",
        ),
        (
            lambda t: t.replace("cues: [voted 5-2, on Monday]", "cues: [voted 6-1]"),
            "11:11: passage 'vote': cue 'voted 6-1' is not in the passage text",
        ),
        (
            lambda t: t.replace("    kind: cues\n", "    kind: cues\n    parts: []\n"),
            "9:5: unknown field 'parts' in passage 'vote'",
        ),
        (
            lambda t: t.replace("also_accepted: [fact]", "also_accepted: [rumour]"),
            "18:24: passage 'second', part 1: also_accepted label 'rumour' is not one of: fact, opinion, speculation",
        ),
        (
            lambda t: t.replace("also_accepted: [fact]", "also_accepted: [speculation]"),
            "18:24: passage 'second', part 1: 'speculation' is its label already",
        ),
        (
            lambda t: t.replace("as a report of what analysts say it is also a fact", "nothing more"),
            "20:22: passage 'second', part 1: the explanation does not say why 'Reported fact' is also right",
        ),
        (
            lambda t: t.replace(
                "      - text: The mayor said it should open soon.", "      - text: The mayor said it must open soon."
            ),
            "21:15: passage 'second', part 2: text not found in the paragraph",
        ),
        (
            lambda t: t.replace("label: speculation", "label: guess"),
            "17:16: passage 'second', part 1: label 'guess' is not one of: fact, opinion, speculation",
        ),
        (
            lambda t: t.replace("        label: fact\n        cues: [said]\n", "        cues: [said]\n"),
            "21:9: passage 'second', part 2 has no 'label'",
        ),
        (
            lambda t: t.replace("    parts:\n", "    parts: two\n    x:\n"),
            "15:12: passage 'second': 'parts' must list at least two sentences",
        ),
        (
            lambda t: t.replace(
                "      - text: Analysts suggest the park may draw visitors.",
                "      - text: The mayor said it should open soon.\n        label: fact\n        cues: [said]\n"
                "        explanation: Said.\n      - text: Analysts suggest the park may draw visitors.",
            ),
            "passage 'second', part 2: text comes before the part listed ahead of it",
        ),
        (
            lambda t: t.replace(
                "      - text: Analysts suggest the park may draw visitors.",
                "      - text: The park could open in May.",
            ),
            "21:15: passage 'second', part 2: text not found in the paragraph",
        ),
        (
            lambda t: t.replace("    kind: paragraph\n", "    kind: paragraph\n    text: It was a wise decision.\n"),
            "17:15: passage 'second', part 1: text not found in the paragraph",
        ),
        (
            lambda t: t.replace("    kind: cues\n    text: The council voted 5-2 on Monday\n", "    kind: cues\n"),
            "7:5: passage 'vote' has no 'text'",
        ),
    ],
)
def test_kind_fields_are_checked_with_located_messages(change, expected):
    reported = problems_of(change(FILE))
    assert any(line.startswith(expected) or expected in line for line in reported), reported


def test_a_label_item_may_be_borderline_when_its_explanation_says_why():
    text = FILE.replace("    kind: cues\n", "    also_accepted: [opinion]\n")
    assert problems_of(text) == ["12:18: passage 'vote': the explanation does not say why 'Opinion' is also right"]
    fixed = text.replace("A vote count and a day anyone can check.", "A vote count; some read the vote as an opinion.")
    assert parse(fixed).items[0].spec.also_accepted == ("opinion",)
