"""The balance of a quiz: items per label, and the warnings ``quizapp check`` gives (not errors).

Two ways a quiz can be answered without reading: a label with few items (a student who never
picks it loses little), and a label whose every item carries one of its typical cue words from
``labels.yaml`` while no other label's item has them (every speculation passage has "may" or
"could", no fact does: spot the word, get the mark).
Both are worth a teacher's second look, and neither stops a file from loading.
"""

from __future__ import annotations

import re

from .problems import Problem
from .questions import Quiz

MIN_SHARE = 0.2  # a label with fewer of the labelled parts than this is "lopsided"
WARNING = "warning: "


def parts(quiz: Quiz) -> list[tuple[str, str, str]]:
    """Return (item id, right label, text) of every labelled part: an item, or each sentence of a paragraph."""
    found = []
    for item in quiz.items:
        spec_parts = getattr(item.spec, "parts", None)
        if spec_parts:
            found += [(item.key, part.label, item.text[part.start : part.end] or item.text) for part in spec_parts]
        else:
            found += [(item.key, label, item.text) for label in item.labels]
    return found


def counts(quiz: Quiz) -> dict[str, int]:
    """Return how many labelled parts each label of the quiz's set has, in the set's order."""
    result = {label.key: 0 for label in quiz.labels}
    for _, label, _ in parts(quiz):
        result[label] = result.get(label, 0) + 1
    return result


def _line_of(text: str, pattern: str) -> tuple[int, int]:
    """Return the line and column of the first match of a regular expression in the file, or (1, 1)."""
    match = re.search(pattern, text, re.M)
    if match is None:
        return 1, 1
    start = match.start(match.lastindex or 0)  # the group, when the pattern marks where to point
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def _has_word(text: str, cue: str) -> bool:
    """Return whether the cue stands in the text as whole words, in any case."""
    return re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", text, re.I) is not None


def warnings(quiz: Quiz, text: str, path: str) -> list[Problem]:
    """Return the balance warnings of a checked quiz (text is the file's content, for the lines)."""
    found: list[Problem] = []
    per_label = counts(quiz)
    total = sum(per_label.values())
    names = {label.key: label.name for label in quiz.labels}
    if total:
        line, column = _line_of(text, r"^passages\s*:")
        for key, count in per_label.items():
            if count / total < MIN_SHARE:
                found.append(
                    Problem(
                        path,
                        line,
                        column,
                        f"{WARNING}only {count} of the {total} labelled passages are '{names.get(key, key)}' "
                        f"({round(100 * count / total)}%): a student who never chooses it still gets "
                        f"{round(100 * (total - count) / total)}% right",
                        f"give each label at least {round(100 * MIN_SHARE)}% of the passages, or ask about fewer "
                        "labels",
                    )
                )
    by_label: dict[str, list[tuple[str, str]]] = {}
    for key, label, passage in parts(quiz):
        by_label.setdefault(label, []).append((key, passage))
    for label in quiz.labels:
        items = by_label.get(label.key, [])
        if len(items) < 2 or not label.cues:
            continue
        spotted = [[cue for cue in label.cues if _has_word(passage, cue)] for _, passage in items]
        words = sorted({cue for cues in spotted for cue in cues})
        others = [passage for key, passages in by_label.items() if key != label.key for _, passage in passages]
        # A cue word that other labels' passages use too no longer gives the label away.
        if all(spotted) and not any(_has_word(passage, word) for passage in others for word in words):
            line, column = _line_of(text, rf"^[ \t]*(-)\s*id\s*:\s*['\"]?{re.escape(items[0][0])}['\"]?\s*$")
            found.append(
                Problem(
                    path,
                    line,
                    column,
                    f"{WARNING}every '{label.name}' passage ({len(items)}) has one of the words "
                    + ", ".join(f'"{word}"' for word in words)
                    + ": a student can label them by spotting the word without reading",
                    f"add a '{label.name}' passage without those words, or a passage of another label that "
                    f'uses one (a reported fact with "{words[0]}")',
                )
            )
    return found
