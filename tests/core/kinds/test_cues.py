"""Mark the cues: the grading table with partial credit, word states, answers refused."""

from __future__ import annotations

import pytest

from quizapp.core import words
from quizapp.core.kinds import FOUND, MISSED, PARTIAL, STRAY, AnswerError, get_kind
from quizapp.core.kinds.cues import CuesSpec, targets_of, word_states

LABELS = ("fact", "opinion", "speculation")
TEXT = "This relationship could signal a shift in U.S. foreign policy towards Belarus"


def cues_spec(cues, ask_label=False, label="speculation"):
    """Return a CuesSpec for TEXT with the given cues, as the checker would build it."""
    spans = words.words(TEXT)
    return CuesSpec(
        label, cues=tuple(cues), ask_label=ask_label, words=tuple(spans), targets=targets_of(TEXT, spans, tuple(cues))
    )


def marks(*chosen: str) -> list[int]:
    """Return the indexes of the named words of TEXT."""
    spans = words.words(TEXT)
    names = [TEXT[a:b] for a, b in spans]
    return [names.index(word) for word in chosen]


@pytest.mark.parametrize(
    ("cues", "marked", "score", "states"),
    [
        (["could signal"], ["could", "signal"], 1.0, [FOUND]),
        (["could signal"], ["could"], 0.5, [PARTIAL]),
        (["could signal"], [], 0.0, [MISSED]),
        (["could signal"], ["could", "signal", "shift"], 0.5, [FOUND, STRAY]),
        (["could", "shift"], ["could"], 0.5, [FOUND, MISSED]),
        (["could signal", "signal"], ["signal"], 0.5, [PARTIAL]),  # overlapping cues are one place to find
        (["could"], [TEXT[a:b] for a, b in words.words(TEXT)], 1 / 12, None),  # marking every word scores low
    ],
)
def test_cue_grading_with_partial_credit(cues, marked, score, states):
    spec = cues_spec(cues)
    answer = get_kind("cues").check_answer(spec, TEXT, {"words": marks(*marked)}, LABELS)
    grade = get_kind("cues").grade(spec, TEXT, answer)
    assert grade.score == pytest.approx(score)
    if states is not None:
        assert [p.given if p.kind == "cue" else STRAY for p in grade.parts] == states


def test_cue_part_names_the_words_and_strays_the_word():
    spec = cues_spec(["could signal"])
    grade = get_kind("cues").grade(spec, TEXT, {"words": marks("could", "Belarus")})
    assert [(p.kind, p.expected, p.given) for p in grade.parts] == [
        ("cue", "could signal", PARTIAL),
        ("stray", "", "Belarus"),
    ]


def test_cues_with_the_label_asked_average_both():
    spec = cues_spec(["could"], ask_label=True)
    kind = get_kind("cues")
    right = kind.grade(
        spec, TEXT, kind.check_answer(spec, TEXT, {"words": marks("could"), "label": "speculation"}, LABELS)
    )
    wrong = kind.grade(spec, TEXT, kind.check_answer(spec, TEXT, {"words": marks("could"), "label": "fact"}, LABELS))
    assert (right.score, wrong.score) == (1.0, 0.5)
    assert wrong.parts[0].kind == "label" and wrong.parts[0].given == "fact"


def test_word_states_for_the_feedback():
    spec = cues_spec(["could signal"])
    states = word_states(spec, {"words": marks("could", "shift")})
    names = [TEXT[a:b] for a, b in spec.words]
    assert {names[i]: s for i, s in enumerate(states) if s} == {"could": FOUND, "signal": MISSED, "shift": STRAY}


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"words": [99]}, "mark words of the passage"),
        ({"words": ["1"]}, "mark words of the passage"),
        ({"words": [True]}, "mark words of the passage"),
        ({"words": "1"}, "mark words of the passage"),
    ],
)
def test_cue_answers_that_do_not_fit_are_refused(answer, message):
    with pytest.raises(AnswerError, match=message):
        get_kind("cues").check_answer(cues_spec(["could"]), TEXT, answer, LABELS)
