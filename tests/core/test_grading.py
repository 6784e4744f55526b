"""Scoring answers: per response, per attempt, per label, and the confusion matrix."""

import pytest

from quizapp.core.grading import Answer, Scored, is_correct, item_statistics, merge, part_statistics, summarize

LABELS = ["fact", "opinion", "speculation"]


@pytest.mark.parametrize(
    ("expected", "chosen", "correct"),
    [
        ("fact", "fact", True),
        ("fact", "opinion", False),
        ("speculation", "fact", False),
    ],
)
def test_is_correct(expected, chosen, correct):
    assert is_correct(expected, chosen) is correct
    assert Answer(expected, chosen).correct is correct


def test_summary_counts_score_per_label_and_confusion():
    answers = [
        Answer("fact", "fact"),
        Answer("fact", "opinion"),
        Answer("opinion", "opinion"),
        Answer("speculation", "fact"),
        Answer("speculation", "fact"),
        Answer("speculation", "speculation"),
    ]
    summary = summarize(answers, LABELS, total=8)
    assert (summary.total, summary.answered, summary.correct, summary.percent) == (8, 6, 3, 38)
    by_label = {s.label: (s.correct, s.answered) for s in summary.per_label}
    assert by_label == {"fact": (1, 2), "opinion": (1, 1), "speculation": (1, 3)}
    assert summary.confusion["speculation"] == {"fact": 2, "opinion": 0, "speculation": 1}
    assert summary.confused() == [("speculation", "fact", 2), ("fact", "opinion", 1)]
    assert [s.label for s in summary.per_label] == LABELS and list(summary.confusion) == LABELS


def test_empty_summary_has_no_accuracy_rather_than_zero():
    summary = summarize([], LABELS, total=5)
    assert summary.percent == 0 and all(s.accuracy is None for s in summary.per_label)


def test_labels_outside_the_set_still_appear():
    summary = summarize([Answer("claim", "fact")], LABELS)
    assert summary.confusion["claim"]["fact"] == 1
    assert [s.label for s in summary.per_label][-1] == "claim"


# A hand-computed class: four attempts at three passages A (fact), B (opinion), C (speculation).
# Attempt 1 gets all right, 2 misses C, 3 misses B and C, 4 misses everything.
ITEMS = {1: "fact", 2: "opinion", 3: "speculation"}
CLASS = [
    {1: "fact", 2: "opinion", 3: "speculation"},
    {1: "fact", 2: "opinion", 3: "fact"},
    {1: "fact", 2: "fact", 3: "opinion"},
    {1: "opinion", 2: "fact", 3: "opinion"},
]


def scored(attempts: list[dict[int, str]]) -> list[dict[int, Scored]]:
    """Return label answers as statistics see them: 1 for the right label, else 0 and the label given."""
    return [
        {item: Scored(1.0) if ITEMS[item] == chosen else Scored(0.0, chosen) for item, chosen in a.items()}
        for a in attempts
    ]


def test_item_statistics_match_hand_computation():
    stats = {s.item: s for s in item_statistics(ITEMS, scored(CLASS))}
    assert [stats[i].facility for i in (1, 2, 3)] == [0.75, 0.5, 0.25]
    # A: item scores 1,1,1,0 against rest-of-quiz scores 2,1,0,0: r = 0.75 / sqrt(0.75 * 2.75)
    assert stats[1].discrimination == pytest.approx(0.75 / (0.75 * 2.75) ** 0.5)
    assert stats[2].discrimination == pytest.approx(1 / 2**0.5)  # 1,1,0,0 against 2,1,1,0
    assert stats[3].discrimination == pytest.approx(0.52223, abs=1e-5)
    assert (stats[1].top_wrong, stats[2].top_wrong, stats[3].top_wrong) == (("opinion", 1), ("fact", 2), ("opinion", 2))


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [
        ([], None),
        ([{1: "fact", 2: "opinion", 3: "speculation"}], None),  # one attempt: no correlation
        ([{1: "fact", 2: "opinion", 3: "fact"}, {1: "fact", 2: "fact", 3: "fact"}], None),  # item 1 never varies
    ],
)
def test_discrimination_is_undefined_without_variation(attempts, expected):
    assert item_statistics(ITEMS, scored(attempts))[0].discrimination is expected


def test_incomplete_attempts_count_for_facility_not_discrimination():
    stats = item_statistics(ITEMS, scored(CLASS + [{1: "opinion"}]))
    assert stats[0].answered == 5 and stats[0].correct == 3
    assert stats[0].discrimination == pytest.approx(0.75 / (0.75 * 2.75) ** 0.5)


def test_merge_adds_up_summaries():
    one = summarize([Answer("fact", "fact"), Answer("opinion", "fact")], LABELS)
    two = summarize([Answer("fact", "opinion")], LABELS)
    merged = merge([one, two], LABELS)
    assert merged.confusion["fact"] == {"fact": 1, "opinion": 1, "speculation": 0}
    assert merged.correct == 1 and merged.answered == 3


def test_partial_credit_in_item_statistics_and_discrimination():
    attempts = [
        {1: Scored(1.0), 2: Scored(0.5, "partial")},
        {1: Scored(0.0, "opinion"), 2: Scored(0.25, "partial")},
        {1: Scored(1.0), 2: Scored(1.0)},
    ]
    first, second = item_statistics({1: "fact", 2: ""}, attempts)
    assert second.facility == pytest.approx(1.75 / 3) and second.top_wrong == ("partial", 2)
    assert first.discrimination == pytest.approx(0.5, abs=0.5)  # defined: both scores vary


def test_a_label_also_accepted_counts_as_right_but_shows_where_it_was_chosen():
    summary = summarize([Answer("speculation", "fact", accepted=True), Answer("speculation", "fact")], LABELS)
    (spec,) = [s for s in summary.per_label if s.label == "speculation"]
    assert (spec.correct, spec.answered, summary.correct) == (1, 2, 1)
    assert summary.confusion["speculation"]["fact"] == 2
    assert merge([summary, summary], LABELS).per_label[2].correct == 2


def test_points_and_items_can_differ_from_parts():
    # one paragraph of three sentences (two right) and one cue item half found: 2 items, 1.17 points
    summary = summarize(
        [Answer("fact", "fact"), Answer("opinion", "opinion"), Answer("fact", "opinion")],
        LABELS,
        total=2,
        points=2 / 3 + 0.5,
        answered=2,
    )
    assert (summary.total, summary.answered, summary.percent) == (2, 2, 58)
    assert summary.per_label[0].answered == 2


def test_part_statistics_per_sentence_and_cue():
    rows = [
        (7, "part-2", "label", "opinion", "opinion", 1.0),
        (7, "part-10", "label", "fact", "opinion", 0.0),
        (7, "part-2", "label", "opinion", "fact", 0.0),
        (8, "cue-1", "cue", "could", "partial", 0.5),
        (8, "cue-1", "cue", "could", "found", 1.0),
    ]
    stats = part_statistics(rows)
    assert [(s.label, s.answered, s.facility, s.top_wrong) for s in stats[7]] == [
        ("opinion", 2, 0.5, ("fact", 1)),
        ("fact", 1, 0.0, ("opinion", 1)),
    ]
    assert stats[8][0].facility == 0.75 and stats[8][0].top_wrong == ("partial", 1)


def answers_of(pairs: str) -> list[Answer]:
    """Return answers from 'expected>chosen' words, e.g. 'fact>fact speculation>fact'."""
    return [Answer(*pair.split(">")) for pair in pairs.split()]


# (answers, the label to practise): the lowest share right; among equal shares, the most missed;
# among those, the first in the label set; none when nothing was wrong.
@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ("fact>fact opinion>opinion", None),
        ("fact>fact speculation>fact speculation>speculation", "speculation"),
        ("fact>opinion opinion>opinion speculation>fact speculation>speculation", "fact"),
        ("fact>opinion fact>fact opinion>fact opinion>speculation opinion>opinion opinion>opinion", "opinion"),
        ("fact>opinion fact>fact opinion>fact opinion>opinion", "fact"),
        ("speculation>opinion opinion>fact", "opinion"),
    ],
)
def test_the_label_to_practise(pairs, expected):
    found = summarize(answers_of(pairs), LABELS).to_practise()
    assert (found.label if found else None) == expected
