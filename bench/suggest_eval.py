"""Measure the label suggestions on a file in NewsSD-ENG's format: accuracy, macro-F1, time.

    .venv/bin/python bench/suggest_eval.py data/newssd-eng/val.csv [--json]

A file in that format is a CSV with a header holding ``Sentence`` and ``Label`` (OBJ or SUBJ);
other columns are ignored. A sentence counts as predicted SUBJ when the suggestion is opinion or
speculation, so this measures exactly what the workbench shows. Time is per sentence, cues and
model together, after the model is loaded (loading is timed apart). ``--json`` prints one object
with keys ``accuracy``, ``macro_f1``, ``sentences``, ``median_ms``, ``p90_ms`` and ``load_s``.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def read_newssd(path: Path | str) -> list[tuple[str, int]]:
    """Return (sentence, 1 if SUBJ else 0) rows of a NewsSD CSV (sentences may hold newlines)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "Sentence" not in rows[0] or "Label" not in rows[0]:
        sys.exit(f"{path}: expected a CSV with the columns Sentence and Label (OBJ or SUBJ)")
    bad = [n for n, row in enumerate(rows, start=2) if row["Label"].strip() not in ("OBJ", "SUBJ")]
    if bad:
        sys.exit(f"{path}: row {bad[0]}: Label must be OBJ or SUBJ")
    return [(row["Sentence"].strip(), int(row["Label"].strip() == "SUBJ")) for row in rows]


def macro_f1(truth: list[int], predicted: list[int]) -> float:
    """Return the mean of the F1 scores of class 0 and class 1."""
    scores = []
    for positive in (0, 1):
        tp = sum(t == positive and p == positive for t, p in zip(truth, predicted, strict=True))
        fp = sum(t != positive and p == positive for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == positive and p != positive for t, p in zip(truth, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / 2


def evaluate(path: Path | str) -> dict:
    """Suggest a label for every sentence of the file and return the figures."""
    from quizapp.core.classifier import SubjectivityModel
    from quizapp.core.suggest import suggest_sentence

    rows = read_newssd(path)
    started = time.perf_counter()
    model = SubjectivityModel.load()
    load_s = time.perf_counter() - started
    predicted, times = [], []
    for sentence, _ in rows:
        started = time.perf_counter()
        suggestion = suggest_sentence(sentence, model)
        times.append((time.perf_counter() - started) * 1000)
        predicted.append(int(suggestion.label != "fact"))
    truth = [label for _, label in rows]
    ordered = sorted(times)
    return {
        "accuracy": round(sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(rows), 4),
        "macro_f1": round(macro_f1(truth, predicted), 4),
        "sentences": len(rows),
        "median_ms": round(statistics.median(times), 2),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 2),
        "load_s": round(load_s, 2),
    }


def main() -> None:
    """Print the figures for the file named on the command line."""
    parser = argparse.ArgumentParser(description="Accuracy, macro-F1 and time of the label suggestions.")
    parser.add_argument("path", help="a CSV in NewsSD-ENG's format (Sentence, Label = OBJ or SUBJ)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = evaluate(args.path)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{args.path}: {result['sentences']} sentences")
    print(f"accuracy   {result['accuracy']:.3f}")
    print(f"macro-F1   {result['macro_f1']:.3f}  (OBJ vs SUBJ)")
    print(f"per sentence: median {result['median_ms']:.1f} ms, 90th percentile {result['p90_ms']:.1f} ms")
    print(f"model loaded in {result['load_s']:.2f} s")


if __name__ == "__main__":
    main()
