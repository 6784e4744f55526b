"""Time the question checker on hostile files: one huge explanation, and files full of the longest allowed ones.

Usage: .venv/bin/python bench/hostile_files.py [--repeat 3]

Prints the best of --repeat check times (in-process, parse_quiz) for:
- one explanation of 400,000 '<' (markdown-it escapes each to '&lt;', and bleach's HTML parser then
  takes time quadratic in the length of one text: 40 s before explanations were capped);
- files of 256 KiB, 512 KiB and 1 MiB (the largest allowed) made of passages whose explanations
  are as long as allowed and all '<', with the time per KiB, which stays flat when checking is
  linear in the file's size.
Figures depend on the machine; compare the rows of one run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp import questions  # noqa: E402
from quizapp.core.problems import MAX_FILE_BYTES, MAX_MARKDOWN_CHARS  # noqa: E402

LABELS = questions.load_labels(ROOT / "questions" / "labels.yaml")


def one_huge_explanation(length: int = 400_000) -> str:
    """Return a quiz whose only explanation is length '<' characters."""
    return (
        "title: Big\narticle: It rained today.\npassages:\n  - id: rain\n    text: It rained today\n"
        f'    label: fact\n    cues: [rained]\n    explanation: "{"<" * length}"\n'
    )


def many_long_explanations(size: int) -> str:
    """Return a quiz of about size bytes: passages with the longest explanation allowed, all '<'."""
    words, passages = [], []
    number = 0
    while True:
        passage = (
            f"  - id: p{number}\n    text: Word{number} rained\n    label: fact\n    cues: [rained]\n"
            f'    explanation: "{"<" * MAX_MARKDOWN_CHARS}"\n'
        )
        if sum(map(len, passages)) + len(passage) + 14 * (number + 1) + 100 > size:
            break
        words.append(f"Word{number} rained.")
        passages.append(passage)
        number += 1
    return f"title: Many\narticle: |\n  {' '.join(words)}\npassages:\n" + "".join(passages)


def best_time(text: str, repeat: int) -> tuple[float, str]:
    """Return the best check time of text over repeat runs, and how it ended."""
    best, outcome = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            quiz = questions.parse_quiz(text, "hostile.yaml", LABELS)
            outcome = f"loaded, {len(quiz.passages)} passages"
        except questions.QuestionFileError as error:
            outcome = f"{len(error.problems)} problem(s): {error.problems[0].message[:60]}"
        best = min(best, time.perf_counter() - start)
    return best, outcome


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    rows = [("one explanation of 400,000 '<'", one_huge_explanation())]
    rows += [
        (f"{size // 1024} KiB of {MAX_MARKDOWN_CHARS:,}-character explanations", many_long_explanations(size))
        for size in (MAX_FILE_BYTES // 4, MAX_FILE_BYTES // 2, MAX_FILE_BYTES)
    ]
    print(f"{'file':48} {'bytes':>9} {'best s':>8} {'ms/KiB':>7}  outcome")
    for name, text in rows:
        seconds, outcome = best_time(text, repeat)
        size = len(text.encode())
        print(f"{name:48} {size:9,} {seconds:8.2f} {1000 * seconds / (size / 1024):7.2f}  {outcome}")


if __name__ == "__main__":
    main()
