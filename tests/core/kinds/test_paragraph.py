"""Label the paragraph: the grading table per sentence, answers refused."""

from __future__ import annotations

import pytest

from quizapp.core.kinds import AnswerError, get_kind
from quizapp.core.kinds.paragraph import ParagraphSpec, PartSpec

LABELS = ("fact", "opinion", "speculation")


def paragraph_spec():
    """Return a three-part paragraph: fact, opinion, speculation (which also accepts fact)."""
    return ParagraphSpec((PartSpec("fact"), PartSpec("opinion"), PartSpec("speculation", also_accepted=("fact",))))


@pytest.mark.parametrize(
    ("chosen", "score", "right"),
    [
        (["fact", "opinion", "speculation"], 1.0, [True, True, True]),
        (["fact", "opinion", "fact"], 1.0, [True, True, True]),
        (["opinion", "opinion", "opinion"], 1 / 3, [False, True, False]),
        (["speculation", "fact", "opinion"], 0.0, [False, False, False]),
    ],
)
def test_paragraph_grading_per_sentence(chosen, score, right):
    grade = get_kind("paragraph").grade(paragraph_spec(), "", {"labels": chosen})
    assert grade.score == pytest.approx(score)
    assert [p.correct for p in grade.parts] == right
    assert [p.name for p in grade.parts] == ["part-1", "part-2", "part-3"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"labels": ["fact", "fact"]}, "every sentence"),
        ({"labels": ["fact", "fact", "rumour"]}, "choose one of the labels"),
        ({}, "every sentence"),
    ],
)
def test_paragraph_answers_that_do_not_fit_are_refused(answer, message):
    with pytest.raises(AnswerError, match=message):
        get_kind("paragraph").check_answer(paragraph_spec(), "", answer, LABELS)
