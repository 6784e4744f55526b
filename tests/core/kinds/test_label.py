"""Label the passage: the grading table (a label also accepted scores full marks)."""

from __future__ import annotations

import pytest

from quizapp.core.kinds import get_kind
from quizapp.core.kinds.label import LabelSpec


@pytest.mark.parametrize(
    ("spec", "chosen", "score", "accepted"),
    [
        (LabelSpec("fact"), "fact", 1.0, False),
        (LabelSpec("fact"), "opinion", 0.0, False),
        (LabelSpec("speculation", also_accepted=("fact",)), "fact", 1.0, True),
        (LabelSpec("speculation", also_accepted=("fact",)), "opinion", 0.0, False),
    ],
)
def test_label_grading(spec, chosen, score, accepted):
    grade = get_kind("label").grade(spec, "text", {"label": chosen})
    assert grade.score == score
    (part,) = grade.parts
    assert (part.kind, part.expected, part.given, part.accepted) == ("label", spec.label, chosen, accepted)
