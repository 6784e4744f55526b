"""The worker's share rule: it accepts while it holds no more connections than the fewest a live sibling holds."""

from __future__ import annotations

import os
import time

import pytest

from quizapp import worker


@pytest.mark.parametrize(
    ("mine", "siblings", "accepts"),
    [
        (0, [0], True),
        (1, [0], True),  # SLACK: one more than the fewest
        (2, [0], False),
        (16, [16], True),
        (17, [15, 30], False),
        (5, [], True),  # alone
    ],
)
def test_a_worker_accepts_only_its_share(mine, siblings, accepts):
    """A worker beyond the fewest a sibling holds plus SLACK stops accepting; the fewest always accepts."""
    worker.prepare()
    now = int(time.monotonic() * 1000)
    for slot, held in enumerate(siblings, start=1):
        worker._table[3 * slot : 3 * slot + 3] = [os.getpid() + slot, held, now]
    subject = worker.SpreadWorker.__new__(worker.SpreadWorker)
    subject.slot, subject.nr_conns = 0, mine
    assert subject.fair_to_accept() is accepts


def test_a_silent_sibling_does_not_hold_back_the_others():
    """A sibling whose slot was not updated for STALE seconds (gone, or stuck) is left out."""
    worker.prepare()
    old = int((time.monotonic() - worker.STALE - 1) * 1000)
    worker._table[3:6] = [os.getpid() + 1, 0, old]
    subject = worker.SpreadWorker.__new__(worker.SpreadWorker)
    subject.slot, subject.nr_conns = 0, 10
    assert subject.fair_to_accept()
