"""Find the cue words of a passage, the words that give its label away, and mark them."""

from __future__ import annotations

from collections.abc import Iterable

from .matching import Segment, find_all, segments


def cue_spans(passage: str, cues: Iterable[str]) -> list[tuple[int, int]]:
    """Return the (start, end) offsets in passage of every occurrence of every cue, merged."""
    spans = sorted(span for cue in cues for span in find_all(passage, cue, lower=True))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def missing_cues(passage: str, cues: Iterable[str]) -> list[str]:
    """Return the cues that do not occur in passage (case and spacing ignored)."""
    return [cue for cue in cues if not find_all(passage, cue, lower=True)]


def highlight(passage: str, cues: Iterable[str]) -> list[Segment]:
    """Cut passage into segments with every cue occurrence marked."""
    return segments(passage, cue_spans(passage, cues))


def in_reading_order(passage: str, cues: Iterable[str]) -> list[str]:
    """Return the cues in the order a reader meets them in passage (a file may list them in any order)."""
    found = [
        (spans[0][0], index, cue) for index, cue in enumerate(cues) if (spans := find_all(passage, cue, lower=True))
    ]
    return [cue for *_, cue in sorted(found)] + [cue for cue in cues if not find_all(passage, cue, lower=True)]
