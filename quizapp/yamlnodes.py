"""Read YAML into nodes that remember their line and column, so errors can point at them.

PyYAML's ``safe_load`` forgets where each value came from; the question checker must say
``file:line:column``. This module composes the node tree, reports bad YAML and duplicate keys
as located problems, and turns scalar nodes into plain Python values.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.constructor import ConstructorError, SafeConstructor


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


def compose(text: str) -> yaml.Node | None:
    """Parse YAML text into one node tree, raising YamlProblem for anything malformed."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        place = Where(mark.line + 1, mark.column + 1) if mark else Where(1, 1)
        problem = (error.problem or error.context or "not valid YAML").strip()
        if problem.startswith("but ") and error.context:  # "but found another document" needs its context
            problem = f"{error.context.strip()}, {problem}"
        raise YamlProblem(place, f"this is not valid YAML: {problem}", _yaml_hint(problem)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(Where(1, 1), f"this is not valid YAML: {error}", _yaml_hint("")) from None


def _yaml_hint(problem: str) -> str:
    """Suggest a fix for the YAML mistakes teachers make most."""
    if "mapping values are not allowed" in problem:
        return 'a value that contains ": " must be in quotes, or written on its own lines after ">-"'
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "expected a single document" in problem:
        return "a question file holds one quiz: remove the extra '---' line"
    return "check the indentation and quotes on this line and the one before it"


def mapping(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Return a mapping node's entries by key, raising YamlProblem on a repeated key."""
    entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in entries:
            first = where(entries[key][0]).line
            raise YamlProblem(where(key_node), f"'{key}' appears twice (first on line {first})",
                              "keep one of them and delete the other")
        entries[key] = (key_node, value_node)
    return entries


def scalar(node: yaml.Node) -> object:
    """Return a scalar node's Python value (str, int, bool, None...)."""
    try:
        return SafeConstructor().construct_object(node, deep=True)
    except ConstructorError as error:
        raise YamlProblem(where(node), f"this value cannot be read: {error.problem}",
                          "put the value in quotes") from None
