"""Simulate mastery practice for a student who always confuses speculation with fact.

Usage: .venv/bin/python bench/mastery_sim.py [--seeds 1000]

The pool is every labelled passage of the shipped quizzes (questions/). The student first takes
every shipped quiz, answering each speculation item "fact" and every other item right; that is
the history. Then a session starts (its targets chosen from that history, as the app does) and
the same student answers what core/mastery.py draws, over many seeds. Two students:
- "never learns": always says fact for speculation, so the session runs to its cap (MAX_ITEMS);
- "learns from feedback": each speculation item whose feedback they see halves the chance that
  they say fact for the next one (the first is always wrong).
Prints, per student, the items asked before the session stops (mean, median, 90th percentile)
and the share of them that were speculation.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.core import mastery, questions, sources  # noqa: E402


def pool() -> list[mastery.Candidate]:
    """Return every labelled passage of the shipped quizzes."""
    folder = sources.scan(ROOT / "questions")
    labels = questions.load_labels(folder.labels)
    found = []
    for entry in folder.entries:
        quiz = questions.load_quiz(entry.path, labels)
        found += [
            mastery.Candidate(f"{quiz.slug}/{item.key}", item.spec.label) for item in quiz.items if item.kind == "label"
        ]
    return found


def run(items, learns: bool, seed: int) -> list[str]:
    """Return the right labels of the items one session asks, in order."""
    history = [
        mastery.Answered(c.ref, c.label, "fact" if c.label == "speculation" else c.label, c.label != "speculation")
        for c in items
    ]
    goal = mastery.targets(history, sorted({c.label for c in items}))
    chance = random.Random(f"student:{seed}")
    session: list[mastery.Answered] = []
    wrong_chance = 1.0
    while (drawn := mastery.next_item(items, history, session, goal, seed)) is not None:
        chosen = drawn.label
        if drawn.label == "speculation":
            chosen = "fact" if chance.random() < wrong_chance else "speculation"
            if learns:
                wrong_chance /= 2
        session.append(mastery.Answered(drawn.ref, drawn.label, chosen, chosen == drawn.label))
    return [answer.expected for answer in session]


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1000)
    seeds = parser.parse_args().seeds
    items = pool()
    counts = {label: sum(c.label == label for c in items) for label in sorted({c.label for c in items})}
    print(
        f"pool: {len(items)} labelled passages {counts}; "
        f"stop rule {mastery.RUN} of last {mastery.OUT_OF}, cap {mastery.MAX_ITEMS}"
    )
    for name, learns in (("never learns", False), ("learns from feedback", True)):
        sessions = [run(items, learns, seed) for seed in range(seeds)]
        lengths = sorted(len(s) for s in sessions)
        share = sum(s.count("speculation") for s in sessions) / sum(lengths)
        print(
            f"{name}: items before the practice stops: mean {statistics.mean(lengths):.1f}, median "
            f"{statistics.median(lengths):g}, 90th percentile {lengths[int(0.9 * len(lengths))]}; "
            f"speculation {share:.0%} of them ({seeds} seeds)"
        )


if __name__ == "__main__":
    main()
