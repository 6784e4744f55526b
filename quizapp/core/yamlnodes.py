"""Read YAML into nodes that remember their line and column, so errors can point at them.

PyYAML's ``safe_load`` forgets where each value came from; the question checker must say
``file:line:column``. This module composes the node tree, reports bad YAML and duplicate keys
as located problems, and turns scalar nodes into plain Python values.

A question file is a few plain levels of text, so the loader refuses what only makes files
dangerous or puzzling: aliases (``*name``, whose expansion can grow exponentially), explicit tags
(``!!int``, ``!!binary``...), keys that are lists or mappings, and nesting deeper than
``MAX_DEPTH`` (PyYAML composes recursively, so depth would otherwise end in a RecursionError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .messages import Message

MAX_DEPTH = 20  # a question file needs 4 levels (quiz, passages, passage, cues)
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a new line


@dataclass(frozen=True)
class Where:
    """A 1-based line and column in a file."""

    line: int
    column: int


class YamlProblem(Exception):
    """A problem found while reading YAML, with where it is."""

    def __init__(self, where: Where, message: str, hint: str):
        super().__init__(message)
        self.where, self.message, self.hint = where, message, hint


def where(node: yaml.Node) -> Where:
    """Return where a node starts."""
    return Where(node.start_mark.line + 1, node.start_mark.column + 1)


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses aliases, explicit tags and deep nesting while composing."""

    def __init__(self, text: str):
        super().__init__(text)
        self.depth = 0

    def compose_node(self, parent, index):
        """Compose one node, refusing what a question file never needs."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                _at(event.start_mark),
                Message(
                    "'*%(event_anchor)s' repeats another value (a YAML alias); question files cannot use aliases",
                    event_anchor=event.anchor,
                ),
                Message("write the value out in full; a value that starts with * or & must be in quotes"),
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise YamlProblem(
                _at(event.start_mark),
                Message("'%(short_tag)s' (a YAML tag) is not used in question files", short_tag=_short_tag(tag)),
                Message("delete it; put the value in quotes if it must be read as text"),
            )
        if self.depth >= MAX_DEPTH:
            raise YamlProblem(
                _at(event.start_mark),
                Message("this is nested more than %(max_depth)s levels deep", max_depth=MAX_DEPTH),
                Message("check the indentation and brackets: a question file needs only a few levels"),
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _at(mark) -> Where:
    """Return the place of a PyYAML mark."""
    return Where(mark.line + 1, mark.column + 1)


def _short_tag(tag: str) -> str:
    """Return a tag as it was probably written: '!!int' rather than 'tag:yaml.org,2002:int'."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def compose(text: str) -> yaml.Node | None:
    """Parse YAML text into one node tree, raising YamlProblem for anything malformed."""
    _refuse_unprintable(text)
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        place = Where(mark.line + 1, mark.column + 1) if mark else Where(1, 1)
        problem = (error.problem or error.context or "not valid YAML").strip()
        if problem.startswith("but ") and error.context:  # "but found another document" needs its context
            problem = f"{error.context.strip()}, {problem}"
        from .yamlerrors import translate  # imported here: it uses this module's Where

        context = error.context_mark.line + 1 if error.context_mark and error.problem_mark else None
        plain = translate(text, place.line, context, problem)
        if plain:
            raise YamlProblem(*plain) from None
        raise YamlProblem(
            place,
            Message("this is not valid YAML: %(problem)s", problem=problem),
            _yaml_hint(f"{error.context or ''} {problem}"),
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblem(
            Where(1, 1), Message("this is not valid YAML: %(error)s", error=error), _yaml_hint("")
        ) from None
    finally:
        loader.dispose()


def _refuse_unprintable(text: str) -> None:
    """Raise YamlProblem at the first character that YAML does not allow, if there is one."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is not None:
        lines = _LINE_BREAK.split(text[: found.start()])
        raise YamlProblem(
            Where(len(lines), len(lines[-1]) + 1),
            Message(
                "the file contains a character that YAML does not allow (U+%(ord)s)",
                ord=format(ord(found.group()), "04X"),
            ),
            Message("delete it: it is often invisible, and comes from copying out of a PDF or web page"),
        )


def _yaml_hint(problem: str) -> str:
    """Suggest a fix for the YAML mistakes teachers make most."""
    if "mapping values are not allowed" in problem:
        return 'a value that contains ": " must be in quotes, or written on its own lines after ">-"'
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "expected a single document" in problem:
        return "a question file holds one quiz: remove the extra '---' line"
    if "an alias" in problem or "an anchor" in problem:
        return "a value that starts with * or & must be in quotes"
    return "check the indentation and quotes on this line and the one before it"


def mapping(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Return a mapping node's entries by key, raising YamlProblem on a repeated key."""
    entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):  # '? [a, b]: c' or '{a: b}: c'
            raise YamlProblem(
                where(key_node),
                Message("a field name must be a word such as 'title', not a list or a set of fields"),
                Message("start the line with the field name and a colon, for example 'title: ...'"),
            )
        key = str(key_node.value)
        if key in entries:
            first = where(entries[key][0]).line
            raise YamlProblem(
                where(key_node),
                Message("'%(key)s' appears twice (first on line %(first)s)", key=key, first=first),
                Message("keep one of them and delete the other"),
            )
        entries[key] = (key_node, value_node)
    return entries


def scalar(node: yaml.Node) -> object:
    """Return a scalar node's Python value (str, int, bool, None...)."""
    try:
        return SafeConstructor().construct_object(node, deep=True)
    except ConstructorError as error:
        raise YamlProblem(
            where(node),
            Message("this value cannot be read: %(error_problem)s", error_problem=error.problem),
            Message("put the value in quotes"),
        ) from None
    except (ValueError, OverflowError):  # a date like 2001-13-45, or a number too long to convert
        raise YamlProblem(
            where(node),
            Message("this value looks like a number or a date but cannot be read as one"),
            Message("put the value in quotes if it is text"),
        ) from None
