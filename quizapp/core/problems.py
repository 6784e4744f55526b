"""Problems in a teacher's file, each with where it is and what to do, and the reader that finds them.

``Reader`` walks a YAML node tree (see yamlnodes.py) and collects every problem instead of
stopping at the first, so a teacher can fix a whole file in one pass. No Flask, no database.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from .messages import Message, english
from .yamlnodes import Where, mapping, scalar, where

MAX_FILE_BYTES = 1024 * 1024  # a long article with its passages is under 100 KiB; parsing time grows with size
# An explanation or accuracy note is a few sentences; a cap keeps the Markdown check linear in the file's
# size (bleach takes time quadratic in one long field: 400,000 '<' took 40 s).
MAX_MARKDOWN_CHARS = 2000


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a question file, with where it is and what to do."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        """Return the problem in English: 'file:line:column: message', and its hint on the next line."""
        return self.text()

    def text(self, say: Callable[[str], str] = english) -> str:
        """Return the problem with its message and hint in a language: say translates a core Message."""
        text = f"{self.path}:{self.line}:{self.column}: {say(self.message)}"
        return f"{text}\n    {say(HINT)}: {say(self.hint)}" if self.hint else text


HINT = Message("hint")  # the word before a problem's hint


class QuestionFileError(Exception):
    """A question or label file has problems; ``problems`` lists them, each with a location."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)


class Reader:
    """Collects the problems of one file while reading its nodes."""

    def __init__(self, path: str, suggestion_budget: int = 0):
        """Start with no problems for the file at path."""
        self.path = path
        self.problems: list[Problem] = []
        self.article_line = lambda line: line  # maps a line of the article to a line of the file
        self.suggestion_budget = suggestion_budget

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
            self.add(node, Message("%(what)s must be a set of 'key: value' lines", what=what), shape_hint(what))
            return {}
        entries = mapping(node)
        for key, (key_node, _) in entries.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = (
                    Message("did you mean '%(key)s'?", key=close[0])
                    if close
                    else Message("allowed here: %(keys)s", keys=", ".join(sorted(allowed)))
                )
                self.add(key_node, Message("unknown field '%(key)s' in %(what)s", key=key, what=what), hint)
        for key in sorted(required - entries.keys()):
            self.add(
                node,
                Message("%(what)s has no '%(key)s'", what=what, key=key),
                Message("add a line '%(key)s: ...'", key=key),
            )
        return entries

    def text(self, entries: dict, key: str, what: str, *, required: bool = True) -> str:
        """Return a text field, reporting a non-text or empty value."""
        if key not in entries:
            return ""
        value_node = entries[key][1]
        value = scalar(value_node) if isinstance(value_node, yaml.ScalarNode) else None
        if value is None or isinstance(value, (list, dict)) or (required and not str(value).strip()):
            self.add(
                value_node,
                Message("'%(key)s' of %(what)s is empty or not text", key=key, what=what),
                Message("write the %(key)s after '%(key)s:'", key=key),
            )
            return ""
        return str(value).strip()


def shape_hint(what: str) -> str:
    """Say how the named part of a file is laid out."""
    if what.startswith("passage"):
        return Message("each passage starts with '- id: ...' and its fields are indented under it")
    return Message("see the authoring guide in README.md for the layout of a question file")


def string_list(reader: Reader, entries: dict, key: str, what: str) -> list[str]:
    """Return a list-of-text field, reporting anything else."""
    if key not in entries:
        return []
    node = entries[key][1]
    if isinstance(node, yaml.ScalarNode) and isinstance(scalar(node), str) and scalar(node).strip():
        return [str(scalar(node)).strip()]  # a single cue written without brackets
    if not isinstance(node, yaml.SequenceNode):
        reader.add(
            node,
            Message("'%(key)s' of %(what)s must be a list", key=key, what=what),
            Message("write %(key)s: [first, second]", key=key),
        )
        return []
    values = [scalar(item) if isinstance(item, yaml.ScalarNode) else None for item in node.value]
    if any(not isinstance(v, (str, int, float)) or not str(v).strip() for v in values):
        reader.add(
            node,
            Message("'%(key)s' of %(what)s has an empty or nested item", key=key, what=what),
            Message("write %(key)s: [first, second]", key=key),
        )
        return []
    return [str(v).strip() for v in values]
