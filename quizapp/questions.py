"""Parse and check question files into frozen dataclasses; no Flask and no database here.

A question file is one quiz: a YAML mapping with a title, an article and its passages. The
README's authoring guide documents the format; ``parse_quiz`` reports every problem it finds in
a file at once, each with the file, line and column and a hint (problems.py), so a teacher can
fix them all in one pass. A file with any problem yields no quiz at all: it never half-loads.
The label set lives in labels.py; both are re-exported here, the one module callers import.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import itertools
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from . import cues as cue_words
from .labels import LABELS_FILE, Label, load_labels, parse_labels  # noqa: F401 - part of this API
from .matching import closest_match, find_all, lines_of
from .problems import MAX_FILE_BYTES, MAX_MARKDOWN_CHARS, Problem, QuestionFileError, Reader, string_list  # noqa: F401
from .sanitize import markdown_problems, render_markdown
from .sources import read_text, slug_for
from .yamlnodes import Where, YamlProblem, compose, scalar, where

QUIZ_FIELDS = {"title", "level", "source", "article", "passages"}
PASSAGE_FIELDS = {"id", "text", "occurrence", "label", "cues", "explanation", "accurate", "accuracy_note"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SHOWN = 10  # line numbers listed for an ambiguous passage; more would bury the message
# Suggesting the closest words compares the passage with every run of words in the article; this
# caps that work per file (about 3 s), so a huge file with many missing passages still checks fast.
SUGGESTION_BUDGET = 3_000_000


@dataclass(frozen=True)
class Passage:
    """A span of the article with its answer and explanation."""

    key: str
    text: str
    start: int
    end: int
    label: str
    cues: tuple[str, ...]
    explanation_html: str
    accurate: bool | None = None
    accuracy_note_html: str = ""


@dataclass(frozen=True)
class Quiz:
    """One question file, checked."""

    slug: str
    title: str
    level: str
    source_kind: str
    source_note: str
    article: str
    passages: tuple[Passage, ...]
    labels: tuple[Label, ...] = field(default=())

    @property
    def content_hash(self) -> str:
        """Return a digest of everything a student sees, to tell versions apart."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


def parse_quiz(text: str, path: str, labels: tuple[Label, ...], slug: str | None = None) -> Quiz:
    """Parse one question file's text, raising QuestionFileError listing every problem."""
    reader = Reader(path, SUGGESTION_BUDGET)
    quiz = None
    try:
        quiz = _read_quiz(reader, compose(text), labels, slug or slug_for(Path(path)))
    except YamlProblem as problem:
        reader.add(problem.where, problem.message, problem.hint)
    if reader.problems or quiz is None:
        raise QuestionFileError(reader.sorted_problems())
    return quiz


def _read_quiz(reader: Reader, root, labels: tuple[Label, ...], slug: str) -> Quiz | None:
    """Build a Quiz from the root node, recording problems on the reader."""
    if root is None:
        reader.add(Where(1, 1), "the file is empty", "start with 'title:', 'article:' and 'passages:'")
        return None
    entries = reader.fields(root, "the quiz", QUIZ_FIELDS, {"title", "article", "passages"})
    title, level = reader.text(entries, "title", "the quiz"), reader.text(entries, "level", "the quiz", required=False)
    source_kind = source_note = ""
    if "source" in entries:
        source_node = entries["source"][1]
        if isinstance(source_node, yaml.ScalarNode):
            source_note = reader.text(entries, "source", "the quiz")
        else:
            source = reader.fields(source_node, "'source'", {"kind", "note"}, set())
            source_kind = reader.text(source, "kind", "'source'", required=False)
            source_note = reader.text(source, "note", "'source'", required=False)
    article = reader.text(entries, "article", "the quiz")
    article_node = entries.get("article", (None, None))[1]
    if isinstance(article_node, yaml.ScalarNode) and article_node.style == "|":
        first = article_node.start_mark.line + 1  # a literal block starts on the line after "|"
        reader.article_line = lambda line: first + line
    passages = _read_passages(reader, entries.get("passages", (None, None))[1], article, labels, root)
    if reader.problems:
        return None
    return Quiz(slug, title, level, source_kind, source_note, article, tuple(passages), labels)


def _read_passages(reader: Reader, node, article: str, labels, root) -> list[Passage]:
    """Check and build every passage, reporting each problem where it is."""
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        reader.add(node, "'passages' must be a list of at least one passage", "start each passage with '- id: ...'")
        return []
    passages: list[Passage] = []
    placed: list[Passage] = []  # by start, none overlapping: a new passage need only be compared with its neighbours
    seen: dict[str, int] = {}
    for item in node.value:
        passage = _read_passage(reader, item, article, labels, seen)
        if passage is None:
            continue
        index = bisect.bisect_left(placed, passage.start, key=lambda p: p.start)
        clashes = [p for p in placed[max(0, index - 1):index] if p.end > passage.start]
        clashes += itertools.takewhile(lambda p: p.start < passage.end, itertools.islice(placed, index, None))
        for other in clashes:
            reader.add(item, f"passage '{passage.key}' overlaps passage '{other.key}'",
                       "passages must not share words: shorten one of them")
        if not clashes:
            placed.insert(index, passage)
        passages.append(passage)
    return passages


def _read_passage(reader: Reader, node, article: str, labels, seen: dict[str, int]) -> Passage | None:
    """Check one passage node and build it, or return None after recording its problems."""
    before = len(reader.problems)
    key = _peek_id(node)
    what = f"passage '{key}'" if key else "a passage"
    entries = reader.fields(node, what, PASSAGE_FIELDS, {"id", "text", "label", "cues", "explanation"})
    if not entries:
        return None
    key = reader.text(entries, "id", "a passage")
    if key and not _ID.match(key):
        reader.add(entries["id"][1], f"id '{key}' may use only lowercase letters, digits and hyphens",
                   f"for example: id: {re.sub('[^a-z0-9]+', '-', key.lower()).strip('-') or 'passage-1'}")
    if key in seen:
        reader.add(entries["id"][1], f"id '{key}' is used twice (first on line {seen[key]})",
                   "give every passage its own id, and keep it when you edit the passage")
    elif key:
        seen[key] = where(entries["id"][1]).line
    text = reader.text(entries, "text", what)
    span = _locate(reader, entries, text, article, what) if text and article else None
    label = reader.text(entries, "label", what)
    keys = [lab.key for lab in labels]
    if label and label not in keys:
        close = difflib.get_close_matches(label, keys, n=1)
        reader.add(entries["label"][1], f"{what}: label '{label}' is not one of: {', '.join(keys)}",
                   f"did you mean '{close[0]}'?" if close else "add the label to labels.yaml, or use one of those")
    cues = string_list(reader, entries, "cues", what)
    if "cues" in entries and not cues and len(reader.problems) == before:
        reader.add(entries["cues"][1], f"{what} has no cues", "list the words that give the label away: cues: [could]")
    for cue in cue_words.missing_cues(text, cues) if text else []:
        reader.add(entries["cues"][1], f"{what}: cue '{cue}' is not in the passage text",
                   "a cue must be words copied from this passage's text")
    explanation = _markdown(reader, entries, "explanation", what)
    accurate = None
    if "accurate" in entries:
        accurate = scalar(entries["accurate"][1])
        if not isinstance(accurate, bool):
            reader.add(entries["accurate"][1], f"{what}: 'accurate' must be true or false", "write accurate: false")
            accurate = None
    note = _markdown(reader, entries, "accuracy_note", what) if "accuracy_note" in entries else ""
    if accurate is False and not note:
        reader.add(entries["accurate"][0], f"{what} is marked not accurate but has no accuracy_note",
                   "add accuracy_note: saying what is wrong and what was true at the time")
    if len(reader.problems) > before or span is None:
        return None
    return Passage(key, article[span[0]:span[1]], span[0], span[1], label, tuple(cues), explanation, accurate, note)


def _peek_id(node) -> str:
    """Return a passage node's id, if it has a plain one, to name it in messages."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value).strip()
    return ""


def _locate(reader: Reader, entries: dict, text: str, article: str, what: str) -> tuple[int, int] | None:
    """Find a passage's text in the article, reporting a missing or ambiguous match."""
    text_node = entries["text"][1]
    found = find_all(article, text)
    occurrence = scalar(entries["occurrence"][1]) if "occurrence" in entries else None
    if not found:
        cost = _words(article) * max(10, _words(text))
        reader.suggestion_budget -= cost
        close = closest_match(article, text) if reader.suggestion_budget >= 0 else None
        closest = f'; the closest words in the article are "{close}"' if close else ""
        reader.add(text_node, f"{what}: text not found in the article{closest}",
                   "copy the words exactly from the article (line breaks and curly quotes do not matter)")
        return None
    if occurrence is not None:
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or not 1 <= occurrence <= len(found):
            reader.add(entries["occurrence"][1], f"{what}: occurrence must be a number from 1 to {len(found)}",
                       f"the text occurs {len(found)} time(s) in the article")
            return None
        return found[occurrence - 1]
    if len(found) > 1:
        lines = [str(reader.article_line(line)) for line in lines_of(article, [start for start, _ in found[:SHOWN]])]
        more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
        reader.add(text_node, f"{what}: text occurs {len(found)} times in the article (on lines {', '.join(lines)}{more})",
                   "quote more words so it is unique, or add 'occurrence: N' to pick the Nth one")
        return None
    return found[0]


def _words(text: str) -> int:
    """Return about how many words text has, quickly (a budget needs no more)."""
    return text.count(" ") + text.count("\n") + 1


def _markdown(reader: Reader, entries: dict, key: str, what: str) -> str:
    """Check a Markdown field and return it rendered and sanitised."""
    source = reader.text(entries, key, what)
    if not source:
        return ""
    if len(source) > MAX_MARKDOWN_CHARS:  # refused before rendering: see MAX_MARKDOWN_CHARS
        reader.add(entries[key][1], f"{what}: {key} has {len(source):,} characters, more than {MAX_MARKDOWN_CHARS:,}",
                   f"keep the {key} to a few sentences; put longer background in the article or a linked page")
        return ""
    for message, hint in markdown_problems(source):
        reader.add(entries[key][1], f"{what}: {key} {message}", hint)
    return render_markdown(source)


def load_quiz(path: Path, labels: tuple[Label, ...]) -> Quiz:
    """Read and parse one question file, raising QuestionFileError."""
    return parse_quiz(read_text(path), str(path), labels)
