"""Reading a quiz's ``level:`` ("grades 5-7") as a place in a list, so the easiest quizzes come first."""

from __future__ import annotations

import re

_GRADES = re.compile(r"(\d+)\s*(?:[-–—]|to)\s*(\d+)|(\d+)")
UNKNOWN = (99, 99)  # a quiz whose level says no grade comes after every graded one


def level_key(level: str) -> tuple[int, int]:
    """Return (lowest grade, highest grade) named in a level, or UNKNOWN when it names none.

    "grades 5-7" is (5, 7), "grade 6" is (6, 6), "grades 8 to 12" is (8, 12). Sorting by the
    key puts a quiz for younger readers first, and of two that start at the same grade the one
    that ends lower first.
    """
    found = _GRADES.search(level or "")
    if found is None:
        return UNKNOWN
    if found[3]:
        return int(found[3]), int(found[3])
    low, high = int(found[1]), int(found[2])
    return min(low, high), max(low, high)
