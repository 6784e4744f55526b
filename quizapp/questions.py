"""Parse and check question files into frozen dataclasses; no Flask and no database here.

A question file is one quiz: a YAML mapping with a title, an article and its passages. The
README's authoring guide documents the format; ``check`` reports every problem it finds in a
file at once, each with the file, line and column and a hint, so a teacher can fix them all in
one pass. A file with any problem yields no quiz at all: it never half-loads.
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
from .matching import closest_match, find_all, lines_of
from .sanitize import markdown_problems, render_markdown
from .yamlnodes import Where, YamlProblem, compose, mapping, scalar, where

LABELS_FILE = "labels.yaml"
QUIZ_FIELDS = {"title", "level", "source", "article", "passages"}
PASSAGE_FIELDS = {"id", "text", "occurrence", "label", "cues", "explanation", "accurate", "accuracy_note"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_FILE_BYTES = 1024 * 1024  # a long article with its passages is under 100 KiB; parsing time grows with size
SHOWN = 10  # line numbers listed for an ambiguous passage; more would bury the message
# Suggesting the closest words compares the passage with every run of words in the article; this
# caps that work per file (about 3 s), so a huge file with many missing passages still checks fast.
SUGGESTION_BUDGET = 3_000_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a question file, with where it is and what to do."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class QuestionFileError(Exception):
    """A question or label file has problems; ``problems`` lists them, each with a location."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Label:
    """One kind of statement a student can choose."""

    key: str
    name: str
    definition: str
    cues: tuple[str, ...] = ()


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


class _Reader:
    """Collects the problems of one file while reading its nodes."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.article_line = lambda line: line  # maps a line of the article to a line of the file
        self.suggestion_budget = SUGGESTION_BUDGET

    def sorted_problems(self) -> list[Problem]:
        """Return the problems in file order."""
        return sorted(self.problems, key=lambda p: (p.line, p.column))

    def add(self, at: Where | yaml.Node, message: str, hint: str = "") -> None:
        """Record a problem at a node or a place."""
        place = at if isinstance(at, Where) else where(at)
        self.problems.append(Problem(self.path, place.line, place.column, message, hint))

    def fields(self, node, what: str, allowed: set[str], required: set[str]) -> dict:
        """Return a mapping node's entries, reporting unknown and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.add(node, f"{what} must be a set of 'key: value' lines", _shape_hint(what))
            return {}
        entries = mapping(node)
        for key, (key_node, _) in entries.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(sorted(allowed))}"
                self.add(key_node, f"unknown field '{key}' in {what}", hint)
        for key in sorted(required - entries.keys()):
            self.add(node, f"{what} has no '{key}'", f"add a line '{key}: ...'")
        return entries

    def text(self, entries: dict, key: str, what: str, *, required: bool = True) -> str:
        """Return a text field, reporting a non-text or empty value."""
        if key not in entries:
            return ""
        value_node = entries[key][1]
        value = scalar(value_node) if isinstance(value_node, yaml.ScalarNode) else None
        if value is None or isinstance(value, (list, dict)) or (required and not str(value).strip()):
            self.add(value_node, f"'{key}' of {what} is empty or not text", f"write the {key} after '{key}:'")
            return ""
        return str(value).strip()


def _shape_hint(what: str) -> str:
    """Say how the named part of a file is laid out."""
    if what.startswith("passage"):
        return "each passage starts with '- id: ...' and its fields are indented under it"
    return "see the authoring guide in README.md for the layout of a question file"


def load_labels(path: Path) -> tuple[Label, ...]:
    """Read a labels.yaml file, raising QuestionFileError with every problem."""
    return parse_labels(read_text(path), str(path))


def parse_labels(text: str, path: str) -> tuple[Label, ...]:
    """Parse a label file's text, raising QuestionFileError with every problem."""
    reader = _Reader(path)
    try:
        root = compose(text)
        entries = reader.fields(root, "the label file", {"labels"}, {"labels"}) if root else {}
        nodes = entries.get("labels", (None, None))[1]
        labels = []
        if isinstance(nodes, yaml.SequenceNode):
            for node in nodes.value:
                item = reader.fields(node, "a label", {"id", "name", "definition", "cues"}, {"id", "name", "definition"})
                cues = _string_list(reader, item, "cues", "a label")
                labels.append(Label(reader.text(item, "id", "a label"), reader.text(item, "name", "a label"),
                                    reader.text(item, "definition", "a label"), tuple(cues)))
        elif root is not None:
            reader.add(nodes or root, "'labels' must be a list of labels", "start each label with '- id: ...'")
        else:
            reader.add(Where(1, 1), "the label file is empty", "list the labels under 'labels:'")
    except YamlProblem as problem:
        reader.add(problem.where, problem.message, problem.hint)
    if reader.problems:
        raise QuestionFileError(reader.sorted_problems())
    return tuple(labels)


def _string_list(reader: _Reader, entries: dict, key: str, what: str) -> list[str]:
    """Return a list-of-text field, reporting anything else."""
    if key not in entries:
        return []
    node = entries[key][1]
    if isinstance(node, yaml.ScalarNode) and isinstance(scalar(node), str) and scalar(node).strip():
        return [str(scalar(node)).strip()]  # a single cue written without brackets
    if not isinstance(node, yaml.SequenceNode):
        reader.add(node, f"'{key}' of {what} must be a list", f"write {key}: [first, second]")
        return []
    values = [scalar(item) if isinstance(item, yaml.ScalarNode) else None for item in node.value]
    if any(not isinstance(v, (str, int, float)) or not str(v).strip() for v in values):
        reader.add(node, f"'{key}' of {what} has an empty or nested item", f"write {key}: [first, second]")
        return []
    return [str(v).strip() for v in values]


def parse_quiz(text: str, path: str, labels: tuple[Label, ...], slug: str | None = None) -> Quiz:
    """Parse one question file's text, raising QuestionFileError listing every problem."""
    reader = _Reader(path)
    quiz = None
    try:
        quiz = _read_quiz(reader, compose(text), labels, slug or slug_for(Path(path)))
    except YamlProblem as problem:
        reader.add(problem.where, problem.message, problem.hint)
    if reader.problems or quiz is None:
        raise QuestionFileError(reader.sorted_problems())
    return quiz


def _read_quiz(reader: _Reader, root, labels: tuple[Label, ...], slug: str) -> Quiz | None:
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


def _read_passages(reader: _Reader, node, article: str, labels, root) -> list[Passage]:
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


def _read_passage(reader: _Reader, node, article: str, labels, seen: dict[str, int]) -> Passage | None:
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
    cues = _string_list(reader, entries, "cues", what)
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


def _locate(reader: _Reader, entries: dict, text: str, article: str, what: str) -> tuple[int, int] | None:
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


def _markdown(reader: _Reader, entries: dict, key: str, what: str) -> str:
    """Check a Markdown field and return it rendered and sanitised."""
    source = reader.text(entries, key, what)
    if not source:
        return ""
    for message, hint in markdown_problems(source):
        reader.add(entries[key][1], f"{what}: {key} {message}", hint)
    return render_markdown(source)


def slug_for(path: Path) -> str:
    """Return a quiz's URL name: its file name without the extension and any leading 'NN-'."""
    return re.sub(r"^\d+-", "", path.stem) or path.stem


def labels_for(path: Path, default: Path) -> Path:
    """Return the labels.yaml beside a question file, or the default one."""
    beside = path.parent / LABELS_FILE
    return beside if beside.is_file() else default


def quiz_files(directory: Path) -> list[Path]:
    """Return the question files in a directory, sorted, without labels.yaml."""
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.name != LABELS_FILE)


def load_quiz(path: Path, labels: tuple[Label, ...]) -> Quiz:
    """Read and parse one question file, raising QuestionFileError."""
    return parse_quiz(read_text(path), str(path), labels)


def read_text(path: Path) -> str:
    """Return a question or label file's text, raising QuestionFileError if it is too big or not UTF-8."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # never more: the path might be a huge or endless file
    except OSError as error:
        raise QuestionFileError([Problem(str(path), 1, 1, f"cannot read the file: {error.strerror or error}",
                                         "check the file name and that you may read the file")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise QuestionFileError([Problem(
            str(path), 1, 1, f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB, too big for a quiz",
            "a quiz holds one article; split it into several files, or check that this is the right file")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[:error.start].split(b"\n")
        column = len(before[-1].decode("utf-8", "replace")) + 1
        raise QuestionFileError([Problem(
            str(path), len(before), column, f"the file is not UTF-8 text (byte 0x{data[error.start]:02X} here)",
            "save it as UTF-8: in most editors, 'Save as' and choose the encoding 'UTF-8'")]) from None
