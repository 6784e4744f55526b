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
from typing import Any

import yaml

from . import languages, provenance
from .guide import Guide, read_guide
from .kinds import DEFAULT as DEFAULT_KIND
from .kinds import KINDS, get_kind
from .kinds.reading import ItemReader
from .labels import LABELS_FILE, Label, load_labels, parse_labels  # noqa: F401 - part of this API
from .matching import closest_match, find_all, lines_of
from .messages import Message
from .problems import MAX_FILE_BYTES, Problem, QuestionFileError, Reader  # noqa: F401
from .sources import read_text, slug_for
from .yamlnodes import Where, YamlProblem, compose, scalar, where

QUIZ_FIELDS = {"title", "level", "language", "source", "article", "passages", "guide", "shuffle"}
ITEM_FIELDS = {"id", "kind", "text", "occurrence"}  # every kind's; each kind adds its own (core/kinds/)
MISPLACED = set(provenance.ADDED_IN_0005)  # a source's fields, written at the top level by mistake
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SHOWN = 10  # line numbers listed for an ambiguous passage; more would bury the message
# Suggesting the closest words compares the passage with every run of words in the article; this
# caps that work per file (about 3 s), so a huge file with many missing passages still checks fast.
SUGGESTION_BUDGET = 3_000_000


@dataclass(frozen=True)
class Item:
    """One question of a quiz: a stretch of the article, its kind, and the kind's checked spec."""

    key: str
    kind: str
    text: str
    start: int
    end: int
    spec: Any  # the kind's frozen dataclass (core/kinds/)

    @property
    def labels(self) -> tuple[str, ...]:
        """Return the right label of every labelled part, in order."""
        return get_kind(self.kind).labels(self.spec)


@dataclass(frozen=True)
class Quiz:
    """One question file, checked."""

    slug: str
    title: str
    level: str
    source: provenance.Source
    article: str
    items: tuple[Item, ...]
    labels: tuple[Label, ...] = field(default=())
    guide: Guide | None = None  # for teachers only: not in the content hash (core/guide.py)
    shuffle: bool = False  # ask the items in a random order, kept per attempt (off unless the file says so)
    language: str = ""  # the article's language ('es'), when the file says; labels are in its words

    @property
    def content_hash(self) -> str:
        """Return a digest of everything a student sees, to tell versions apart.

        A labelling item is hashed as a passage was before kinds existed, so that a file which has
        not changed keeps its hash, and re-importing it after an upgrade makes no new version.
        """
        source = asdict(self.source)
        shape = {
            "slug": self.slug,
            "title": self.title,
            "level": self.level,
            "source_kind": source.pop("kind"),
            "source_note": source.pop("note"),
            "article": self.article,
            "labels": [label.shape() for label in self.labels],
            "passages": [_hash_shape(item) for item in self.items],
        }
        # The source fields added later count only when set, for the same reason.
        shape.update({f"source_{key}": value for key, value in source.items() if value})
        if self.shuffle:  # added later too: counts only when set
            shape["shuffle"] = True
        if self.language:  # only when set, so that a file without it keeps its hash
            shape["language"] = self.language
        return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


def _hash_shape(item: Item) -> dict:
    """Return what an item's hash is computed from: a plain passage's shape for a label item."""
    spec = get_kind(item.kind).dump(item.spec)
    if item.kind == DEFAULT_KIND and not spec.get("also_accepted"):
        spec.pop("also_accepted", None)
        return {"key": item.key, "text": item.text, "start": item.start, "end": item.end, **spec}
    return {"key": item.key, "kind": item.kind, "text": item.text, "start": item.start, "end": item.end, "spec": spec}


def parse_quiz(text: str, path: str, labels: tuple[Label, ...], slug: str | None = None) -> Quiz:
    """Parse one question file's text, raising QuestionFileError listing every problem."""
    reader = Reader(path, SUGGESTION_BUDGET)
    quiz = None
    try:
        root = compose(text)
        todo_problems(reader, root)
        if not reader.problems:
            quiz = _read_quiz(reader, root, labels, slug or slug_for(Path(path)))
    except YamlProblem as problem:
        reader.add(problem.where, problem.message, problem.hint)
    if reader.problems or quiz is None:
        raise QuestionFileError(reader.sorted_problems())
    return quiz


def todo_problems(reader: Reader, node) -> None:
    """Record every value that still starts with TODO, as a draft from 'quizapp suggest' leaves them.

    Only the TODOs are reported while any is left: a placeholder cue or date would otherwise
    also be reported as "not in the passage" or "not a date", twice the words for one mistake.
    """
    if isinstance(node, yaml.ScalarNode):
        value = str(node.value).strip()
        if value.startswith("TODO") and node.tag == "tag:yaml.org,2002:str":
            wanted = value[4:].lstrip(" :-") or "what belongs here"
            reader.add(
                where(node),
                Message("this is still a TODO from the draft: write %(wanted)s", wanted=wanted),
                Message("replace the whole TODO text with your own words, then run 'quizapp check' again"),
            )
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            todo_problems(reader, child)
    elif isinstance(node, yaml.MappingNode):
        for _, child in node.value:
            todo_problems(reader, child)


def _read_quiz(reader: Reader, root, labels: tuple[Label, ...], slug: str) -> Quiz | None:
    """Build a Quiz from the root node, recording problems on the reader."""
    if root is None:
        reader.add(
            Where(1, 1), Message("the file is empty"), Message("start with 'title:', 'article:' and 'passages:'")
        )
        return None
    entries = reader.fields(root, Message("the quiz"), QUIZ_FIELDS | MISPLACED, {"title", "article", "passages"})
    for key in sorted(MISPLACED & entries.keys()):
        reader.add(
            entries[key][0],
            Message("'%(key)s' belongs under 'source:'", key=key),
            Message("indent it under 'source:', on a line of its own: 'source:' then '  %(key)s: ...'", key=key),
        )
    title, level = (
        reader.text(entries, "title", Message("the quiz")),
        reader.text(entries, "level", Message("the quiz"), required=False),
    )
    language = _read_language(reader, entries)
    labels = tuple(label.in_language(language) for label in labels) if language else labels
    source = provenance.Source()
    if "source" in entries:
        source_node = entries["source"][1]
        if isinstance(source_node, yaml.ScalarNode):
            source = provenance.Source(note=reader.text(entries, "source", Message("the quiz")))
        else:
            source = provenance.read_source(reader, source_node)
    article = reader.text(entries, "article", Message("the quiz"))
    article_node = entries.get("article", (None, None))[1]
    if isinstance(article_node, yaml.ScalarNode) and article_node.style == "|":
        first = article_node.start_mark.line + 1  # a literal block starts on the line after "|"
        reader.article_line = lambda line: first + line
    items = _read_items(reader, entries.get("passages", (None, None))[1], article, labels)
    guide = read_guide(reader, entries["guide"][1]) if "guide" in entries else None
    shuffle = _shuffle(reader, entries)
    if reader.problems:
        return None
    return Quiz(slug, title, level, source, article, tuple(items), labels, guide, shuffle, language)


def _shuffle(reader: Reader, entries: dict) -> bool:
    """Return whether the items are asked in a random order per attempt (shuffle: true)."""
    if "shuffle" not in entries:
        return False
    node = entries["shuffle"][1]
    value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, bool):
        reader.add(
            node,
            "'shuffle' must be true or false",
            "write shuffle: true to ask the passages in a different order in each attempt, or leave it out",
        )
        return False
    return value


def _read_language(reader: Reader, entries: dict) -> str:
    """Return the quiz's 'language:' code, checked, or '' when the file gives none (or a wrong one)."""
    code = reader.text(entries, "language", Message("the quiz"), required=False).strip()
    if code and not languages.known(code):
        reader.add(
            entries["language"][1],
            Message("'%(code)s' is not a language code", code=code),
            Message(
                "write the article's language as a code such as 'en', 'es', 'fr' or 'pt-BR', or leave 'language:' out"
            ),
        )
        return ""
    return code


def _read_items(reader: Reader, node, article: str, labels) -> list[Item]:
    """Check and build every item, reporting each problem where it is."""
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        reader.add(
            node,
            Message("'passages' must be a list of at least one passage"),
            Message("start each passage with '- id: ...'"),
        )
        return []
    items: list[Item] = []
    placed: list[Item] = []  # by start, none overlapping: a new item need only be compared with its neighbours
    seen: dict[str, int] = {}
    for node_item in node.value:
        item = _read_item(reader, node_item, article, labels, seen)
        if item is None:
            continue
        index = bisect.bisect_left(placed, item.start, key=lambda p: p.start)
        clashes = [p for p in placed[max(0, index - 1) : index] if p.end > item.start]
        clashes += itertools.takewhile(lambda p: p.start < item.end, itertools.islice(placed, index, None))  # noqa: B023
        for other in clashes:
            reader.add(
                node_item,
                Message(
                    "passage '%(item_key)s' overlaps passage '%(other_key)s'", item_key=item.key, other_key=other.key
                ),
                Message("passages must not share words: shorten one of them"),
            )
        if not clashes:
            placed.insert(index, item)
        items.append(item)
    return items


def _read_item(reader: Reader, node, article: str, labels, seen: dict[str, int]) -> Item | None:
    """Check one item node with its kind and build it, or return None after recording its problems."""
    before = len(reader.problems)
    key = _peek(node, "id")
    what = Message("passage '%(key)s'", key=key) if key else Message("a passage")
    kind = get_kind(_peek(node, "kind") or None)
    if kind is None:
        entries = reader.fields(node, what, ITEM_FIELDS | set().union(*(k.fields for k in KINDS.values())), {"id"})
        close = difflib.get_close_matches(_peek(node, "kind"), list(KINDS), n=1)
        reader.add(
            entries["kind"][1],
            Message(
                "%(what)s: kind '%(peek)s' is not one of: %(join)s",
                what=what,
                peek=_peek(node, "kind"),
                join=", ".join(KINDS),
            ),
            Message("did you mean '%(close)s'?", close=close[0])
            if close
            else Message("leave 'kind' out to have the passage labelled"),
        )
        return None
    required = {"id"} | kind.required | (set() if getattr(kind, "text_optional", False) else {"text"})
    entries = reader.fields(node, what, ITEM_FIELDS | kind.fields, required)
    if not entries:
        return None
    key = reader.text(entries, "id", Message("a passage"))
    if key and not _ID.match(key):
        reader.add(
            entries["id"][1],
            Message("id '%(key)s' may use only lowercase letters, digits and hyphens", key=key),
            Message(
                "for example: id: %(re_sub)s", re_sub=re.sub("[^a-z0-9]+", "-", key.lower()).strip("-") or "passage-1"
            ),
        )
    if key in seen:
        reader.add(
            entries["id"][1],
            Message("id '%(key)s' is used twice (first on line %(seen)s)", key=key, seen=seen[key]),
            Message("give every passage its own id, and keep it when you edit the passage"),
        )
    elif key:
        seen[key] = where(entries["id"][1]).line
    text = reader.text(entries, "text", what) if "text" in entries else ""
    span = _locate(reader, entries, text, article, what) if text and article else None
    item = ItemReader(reader, entries, node, what, labels, article, span, article[span[0] : span[1]] if span else "")
    spec = kind.read(item)
    if len(reader.problems) > before or spec is None or item.span is None:
        return None
    start, end = item.span
    return Item(key, kind.name, article[start:end], start, end, spec)


def _peek(node, field_name: str) -> str:
    """Return a plain field of an item node (its id, its kind) before it is checked, to name it in messages."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == field_name and isinstance(value_node, yaml.ScalarNode):
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
        closest = Message('; the closest words in the article are "%(close)s"', close=close) if close else ""
        reader.add(
            text_node,
            Message("%(what)s: text not found in the article%(closest)s", what=what, closest=closest),
            Message("copy the words exactly from the article (line breaks and curly quotes do not matter)"),
        )
        return None
    if occurrence is not None:
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or not 1 <= occurrence <= len(found):
            reader.add(
                entries["occurrence"][1],
                Message("%(what)s: occurrence must be a number from 1 to %(len)s", what=what, len=len(found)),
                Message("the text occurs %(len)s time(s) in the article", len=len(found)),
            )
            return None
        return found[occurrence - 1]
    if len(found) > 1:
        lines = [str(reader.article_line(line)) for line in lines_of(article, [start for start, _ in found[:SHOWN]])]
        more = Message(" and %(count)s more", count=len(found) - SHOWN) if len(found) > SHOWN else ""
        reader.add(
            text_node,
            Message(
                "%(what)s: text occurs %(len)s times in the article (on lines %(join)s%(more)s)",
                what=what,
                len=len(found),
                join=", ".join(lines),
                more=more,
            ),
            Message("quote more words so it is unique, or add 'occurrence: N' to pick the Nth one"),
        )
        return None
    return found[0]


def _words(text: str) -> int:
    """Return about how many words text has, quickly (a budget needs no more)."""
    return text.count(" ") + text.count("\n") + 1


def load_quiz(path: Path, labels: tuple[Label, ...]) -> Quiz:
    """Read and parse one question file, raising QuestionFileError."""
    return parse_quiz(read_text(path), str(path), labels)
