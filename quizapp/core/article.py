"""Lay out an article as paragraphs and subheadings, with one passage marked in context.

An article is plain text: paragraphs are separated by blank lines, single newlines inside a
paragraph are folded into spaces (so teachers may wrap lines), and a paragraph that starts with
"## " is a subheading. Layout works on offsets into the stored text, so a passage's stored
(start, end) marks exactly the words the teacher quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .matching import Segment, segments

_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
HEADING_MARK = "## "


@dataclass(frozen=True)
class Block:
    """One paragraph or subheading of an article, cut into segments."""

    kind: str  # "p" or "h"
    segments: tuple[Segment, ...]


def layout(article: str, mark: tuple[int, int] | None = None) -> list[Block]:
    """Split article into blocks, marking the span mark=(start, end) wherever it falls."""
    blocks = []
    for match in _PARAGRAPH.finditer(article):
        start, text = match.start(), match.group().rstrip()
        kind = "p"
        stripped = text.lstrip()
        start += len(text) - len(stripped)
        if stripped.startswith(HEADING_MARK):
            kind, stripped, start = "h", stripped[len(HEADING_MARK) :], start + len(HEADING_MARK)
        display = stripped.replace("\n", " ")  # same length, so offsets still line up
        spans = [mark] if mark else []
        blocks.append(Block(kind, tuple(segments(display, spans, offset=start))))
    return blocks


def paragraph_at(article: str, offset: int) -> tuple[int, int] | None:
    """Return the (start, end) of the paragraph (not a subheading) that holds offset, or None."""
    for match in _PARAGRAPH.finditer(article):
        text = match.group().rstrip()
        start = match.start() + len(text) - len(text.lstrip())
        if start <= offset < match.start() + len(text) and not text.lstrip().startswith(HEADING_MARK):
            return start, match.start() + len(text)
    return None


def around_mark(blocks: list[Block]) -> tuple[list[Block], Block | None, list[Block]]:
    """Return the blocks before the one with the marked passage, that block, and the blocks after it.

    The question page puts the answer right after the passage's own paragraph, so the student reads
    the passage in context and answers without scrolling away from it.
    """
    for index, block in enumerate(blocks):
        if any(segment.marked for segment in block.segments):
            return blocks[:index], block, blocks[index + 1 :]
    return blocks, None, []
