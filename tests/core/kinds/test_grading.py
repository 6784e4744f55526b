"""Grading tables per kind: an answer in, a score and the detail of every part out."""

from __future__ import annotations

import pytest

from quizapp.core import words
from quizapp.core.kinds import FOUND, MISSED, PARTIAL, STRAY, AnswerError, get_kind
from quizapp.core.kinds.cues import CuesSpec, targets_of, word_states
from quizapp.core.kinds.label import LabelSpec
from quizapp.core.kinds.paragraph import ParagraphSpec, PartSpec

LABELS = ("fact", "opinion", "speculation")


@pytest.mark.parametrize(("spec", "chosen", "score", "accepted"), [
    (LabelSpec("fact"), "fact", 1.0, False),
    (LabelSpec("fact"), "opinion", 0.0, False),
    (LabelSpec("speculation", also_accepted=("fact",)), "fact", 1.0, True),
    (LabelSpec("speculation", also_accepted=("fact",)), "opinion", 0.0, False),
])
def test_label_grading(spec, chosen, score, accepted):
    grade = get_kind("label").grade(spec, "text", {"label": chosen})
    assert grade.score == score
    (part,) = grade.parts
    assert (part.kind, part.expected, part.given, part.accepted) == ("label", spec.label, chosen, accepted)


TEXT = "This relationship could signal a shift in U.S. foreign policy towards Belarus"


def cues_spec(cues, ask_label=False, label="speculation"):
    """Return a CuesSpec for TEXT with the given cues, as the checker would build it."""
    spans = words.words(TEXT)
    return CuesSpec(label, cues=tuple(cues), ask_label=ask_label, words=tuple(spans),
                    targets=targets_of(TEXT, spans, tuple(cues)))


def marks(*chosen: str) -> list[int]:
    """Return the indexes of the named words of TEXT."""
    spans = words.words(TEXT)
    names = [TEXT[a:b] for a, b in spans]
    return [names.index(word) for word in chosen]


@pytest.mark.parametrize(("cues", "marked", "score", "states"), [
    (["could signal"], ["could", "signal"], 1.0, [FOUND]),
    (["could signal"], ["could"], 0.5, [PARTIAL]),
    (["could signal"], [], 0.0, [MISSED]),
    (["could signal"], ["could", "signal", "shift"], 0.5, [FOUND, STRAY]),
    (["could", "shift"], ["could"], 0.5, [FOUND, MISSED]),
    (["could signal", "signal"], ["signal"], 0.5, [PARTIAL]),  # overlapping cues are one place to find
    (["could"], [TEXT[a:b] for a, b in words.words(TEXT)], 1 / 12, None),  # marking every word scores low
])
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
        ("cue", "could signal", PARTIAL), ("stray", "", "Belarus")]


def test_cues_with_the_label_asked_average_both():
    spec = cues_spec(["could"], ask_label=True)
    kind = get_kind("cues")
    right = kind.grade(spec, TEXT, kind.check_answer(spec, TEXT, {"words": marks("could"), "label": "speculation"}, LABELS))
    wrong = kind.grade(spec, TEXT, kind.check_answer(spec, TEXT, {"words": marks("could"), "label": "fact"}, LABELS))
    assert (right.score, wrong.score) == (1.0, 0.5)
    assert wrong.parts[0].kind == "label" and wrong.parts[0].given == "fact"


def test_word_states_for_the_feedback():
    spec = cues_spec(["could signal"])
    states = word_states(spec, {"words": marks("could", "shift")})
    names = [TEXT[a:b] for a, b in spec.words]
    assert {names[i]: s for i, s in enumerate(states) if s} == {"could": FOUND, "signal": MISSED, "shift": STRAY}


@pytest.mark.parametrize(("answer", "message"), [
    ({"words": [99]}, "mark words of the passage"),
    ({"words": ["1"]}, "mark words of the passage"),
    ({"words": [True]}, "mark words of the passage"),
    ({"words": "1"}, "mark words of the passage"),
])
def test_cue_answers_that_do_not_fit_are_refused(answer, message):
    with pytest.raises(AnswerError, match=message):
        get_kind("cues").check_answer(cues_spec(["could"]), TEXT, answer, LABELS)


def paragraph_spec():
    """Return a three-part paragraph: fact, opinion, speculation (which also accepts fact)."""
    return ParagraphSpec((PartSpec("fact"), PartSpec("opinion"), PartSpec("speculation", also_accepted=("fact",))))


@pytest.mark.parametrize(("chosen", "score", "right"), [
    (["fact", "opinion", "speculation"], 1.0, [True, True, True]),
    (["fact", "opinion", "fact"], 1.0, [True, True, True]),
    (["opinion", "opinion", "opinion"], 1 / 3, [False, True, False]),
    (["speculation", "fact", "opinion"], 0.0, [False, False, False]),
])
def test_paragraph_grading_per_sentence(chosen, score, right):
    grade = get_kind("paragraph").grade(paragraph_spec(), "", {"labels": chosen})
    assert grade.score == pytest.approx(score)
    assert [p.correct for p in grade.parts] == right
    assert [p.name for p in grade.parts] == ["part-1", "part-2", "part-3"]


@pytest.mark.parametrize(("answer", "message"), [
    ({"labels": ["fact", "fact"]}, "every sentence"),
    ({"labels": ["fact", "fact", "rumour"]}, "choose one of the labels"),
    ({}, "every sentence"),
])
def test_paragraph_answers_that_do_not_fit_are_refused(answer, message):
    with pytest.raises(AnswerError, match=message):
        get_kind("paragraph").check_answer(paragraph_spec(), "", answer, LABELS)


@pytest.mark.parametrize("name", ["label", "cues", "paragraph"])
def test_specs_survive_storage(name):
    kind = get_kind(name)
    spec = {"label": LabelSpec("fact", ("opinion",), ("said",)), "cues": cues_spec(["could"], ask_label=True),
            "paragraph": paragraph_spec()}[name]
    assert kind.load(kind.dump(spec)) == spec


def test_unknown_kind_is_none_and_no_kind_is_label():
    assert get_kind("essay") is None and get_kind(None).name == "label"
