"""Scoring answers: per response, per attempt, per label, and the confusion matrix."""

import pytest

from quizapp.grading import Answer, is_correct, summarize

LABELS = ["fact", "opinion", "speculation"]


@pytest.mark.parametrize(("expected", "chosen", "correct"), [
    ("fact", "fact", True), ("fact", "opinion", False), ("speculation", "fact", False),
])
def test_is_correct(expected, chosen, correct):
    assert is_correct(expected, chosen) is correct
    assert Answer(expected, chosen).correct is correct


def test_summary_counts_score_per_label_and_confusion():
    answers = [Answer("fact", "fact"), Answer("fact", "opinion"), Answer("opinion", "opinion"),
               Answer("speculation", "fact"), Answer("speculation", "fact"), Answer("speculation", "speculation")]
    summary = summarize(answers, LABELS, total=8)
    assert (summary.total, summary.answered, summary.correct, summary.percent) == (8, 6, 3, 38)
    by_label = {s.label: (s.correct, s.answered) for s in summary.per_label}
    assert by_label == {"fact": (1, 2), "opinion": (1, 1), "speculation": (1, 3)}
    assert summary.confusion["speculation"] == {"fact": 2, "opinion": 0, "speculation": 1}
    assert summary.confused() == [("speculation", "fact", 2), ("fact", "opinion", 1)]


def test_empty_summary_has_no_accuracy_rather_than_zero():
    summary = summarize([], LABELS, total=5)
    assert summary.percent == 0 and all(s.accuracy is None for s in summary.per_label)


def test_labels_outside_the_set_still_appear():
    summary = summarize([Answer("claim", "fact")], LABELS)
    assert summary.confusion["claim"]["fact"] == 1
    assert [s.label for s in summary.per_label][-1] == "claim"
