"""A quiz's level read as a place in the list."""

from __future__ import annotations

import pytest

from quizapp.core.levels import UNKNOWN, level_key


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("grades 5-7", (5, 7)),
        ("grades 8-12", (8, 12)),
        ("grade 6", (6, 6)),
        ("Grades 8 to 12", (8, 12)),
        ("grades 9–7", (7, 9)),
        ("", UNKNOWN),
        ("for everyone", UNKNOWN),
    ],
)
def test_level_key(level, expected):
    assert level_key(level) == expected


def test_easier_quizzes_sort_first():
    levels = ["grades 8-12", "grades 6-9", "", "grades 5-7", "grades 7-10"]
    assert sorted(levels, key=level_key) == ["grades 5-7", "grades 6-9", "grades 7-10", "grades 8-12", ""]
