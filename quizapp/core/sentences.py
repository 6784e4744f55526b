"""Split an article into paragraphs and sentences, with character offsets into the original text.

Sentences come from pysbd's English rules, which keep "U.S.", "Mr.", "Jan. 5", "1,300" and "3.5"
whole where a full-stop regex broke three times on the seed article. Paragraphs are blocks
separated by blank lines; a text without blank lines (one paragraph a line, as pasted from many
news sites) has one paragraph a line. A line with no final punctuation that reads as a heading
("Background & Context", a title-case headline) is its own paragraph, marked ``heading`` and left
out of ``sentences()``: a heading is not a statement to label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

FINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[:;]\s*$")
BLANK = re.compile(r"\n[ \t]*\n\s*")
HEADING_MAX_WORDS = 16


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and [start, end) offsets in the article, and its paragraph's index."""

    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Paragraph:
    """One paragraph or heading: [start, end) offsets in the article and its sentences."""

    index: int
    start: int
    end: int
    heading: bool
    sentences: tuple[Sentence, ...]


@lru_cache(maxsize=1)
def _segmenter():
    """Return pysbd's English segmenter, built once (it compiles many rules)."""
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _looks_like_heading(line: str) -> bool:
    """Tell whether a line without final punctuation is a heading: short, or mostly capitalised."""
    if re.match(r"#{1,6}\s", line):
        return True  # a Markdown heading, as question files write them
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if not words or FINAL.search(line) or len(line.split()) > HEADING_MAX_WORDS:
        return False
    capitalised = sum(word[0].isupper() for word in words if len(word) > 3 or word[0].isupper())
    long_words = sum(1 for word in words if len(word) > 3 or word[0].isupper())
    return len(words) <= 4 or capitalised >= 0.6 * max(long_words, 1)


def _blocks(article: str) -> list[tuple[int, int]]:
    """Return the [start, end) spans of the paragraphs and headings, stripped of whitespace."""
    if BLANK.search(article.strip()):
        cuts = [(m.start(), m.end()) for m in BLANK.finditer(article)]
        spans = [(a, b) for a, b in zip([0] + [e for _, e in cuts], [s for s, _ in cuts] + [len(article)], strict=True)]
    else:
        spans = []
        for m in re.finditer(r"[^\n]+", article):
            # a line that goes on in lower case continues the line before (hard-wrapped text)
            if spans and m.group().lstrip()[:1].islower() and not FINAL.search(article[slice(*spans[-1])]):
                spans[-1] = (spans[-1][0], m.end())
            else:
                spans.append((m.start(), m.end()))
    out = []
    for start, end in spans:
        # a heading on the first line of a block ("Key Developments\nThe talks...") is split off
        lines = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\n]+", article[start:end])]
        while (
            len(lines) > 1
            and _looks_like_heading(article[slice(*lines[0])].strip())
            and article[slice(*lines[1])].lstrip()[:1].isupper()
        ):
            out.append(lines.pop(0))
        if lines:
            out.append((lines[0][0], lines[-1][1]))
    stripped = []
    for start, end in out:
        text = article[start:end]
        if text.strip():
            lead = len(text) - len(text.lstrip())
            stripped.append((start + lead, start + len(text.rstrip())))
    return stripped


def paragraphs(article: str) -> list[Paragraph]:
    """Split an article into paragraphs (headings marked) and each paragraph into sentences."""
    result = []
    for index, (start, end) in enumerate(_blocks(article)):
        text = article[start:end]
        heading = "\n" not in text and _looks_like_heading(text)
        flat = text.replace("\n", " ")  # a line break inside a paragraph is wrapping, not an end
        found, cursor = [], 0
        for piece in [] if heading else _segmenter().segment(flat):
            piece = piece.strip()
            if not piece:
                continue
            at = flat.find(piece, cursor)
            if at < 0:  # pysbd changed the text; fall back to the next non-space character
                at = len(flat) - len(flat[cursor:].lstrip())
            cursor = at + len(piece)
            found.append(Sentence(text[at:cursor], start + at, start + cursor, index))
        result.append(Paragraph(index, start, end, heading, tuple(found)))
    return result


def sentences(article: str) -> list[Sentence]:
    """Return the sentences of an article in order, headings left out."""
    return [sentence for paragraph in paragraphs(article) for sentence in paragraph.sentences]
