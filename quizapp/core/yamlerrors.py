"""Translate PyYAML's syntax errors into plain words, pointing at the line the teacher must change.

PyYAML says where it gave up, which is often not where the mistake is: a forgotten ``|`` after
``article:`` is reported on a later line of the article, a passage moved out of ``passages:`` as
"expected <block end>". Each rule below recognises one mistake teachers make, from the error and
the lines around it, and says what to change on which line; an error no rule recognises keeps
PyYAML's words after "this is not valid YAML", with the old hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .yamlnodes import Where

PROSE_FIELDS = {"article", "explanation", "accuracy_note", "text", "note", "definition", "title"}
_KEY = re.compile(r"^(\s*(?:- )?)([\w-]+):(?:\s+(.*))?$")
_BLOCK = re.compile(r":\s*[|>][-+]?\d*\s*(#.*)?$")

Translation = tuple[Where, str, str]


def _indent(line: str) -> int:
    """Return how many spaces start a line."""
    return len(line) - len(line.lstrip(" "))


def _previous(lines: list[str], number: int) -> int | None:
    """Return the number of the nearest non-blank line above line `number` (1-based), or None."""
    for n in range(number - 1, 0, -1):
        if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#"):
            return n
    return None


def _parent(lines: list[str], number: int) -> int | None:
    """Return the nearest line above with less indentation than line `number`: the field it belongs to."""
    own = _indent(lines[number - 1])
    for n in range(number - 1, 0, -1):
        text = lines[n - 1]
        if text.strip() and _indent(text) < own:
            return n
    return None


def _tab(lines, line, problem) -> Translation | None:
    """A tab where spaces were meant."""
    if "'\\t'" not in problem:
        return None
    at = next((n for n in range(line, 0, -1) if "\t" in lines[n - 1]), line)
    return (
        Where(at, 1),
        f"line {at} is indented with a tab; question files are indented with spaces only",
        f"replace the tab on line {at} with spaces, so the line starts where the lines of the same level start",
    )


def _forgotten_block(lines, line, problem) -> Translation | None:
    """A prose field ('article:') whose text starts on the next lines without the '|' that keeps it text."""
    parent = _parent(lines, line)
    if parent is None:
        return None
    match = _KEY.match(lines[parent - 1])
    if match and match.group(2) in PROSE_FIELDS and not match.group(3):
        key = match.group(2)
        return (
            Where(parent, len(lines[parent - 1].rstrip()) + 1),
            f"line {parent}: the '|' after '{key}:' is missing, so the lines below it are not read as the {key}'s text",
            f"write '{key}: |' on line {parent}, and keep every line of the {key} indented under it",
        )
    return None


def _unindented_block_line(lines, line, problem) -> Translation | None:
    """A line of the article (or another '|' text) that starts at the edge instead of indented."""
    if "could not find expected ':'" not in problem and "found '<scalar>'" not in problem:
        return None
    if _indent(lines[line - 1]) > 0 or _KEY.match(lines[line - 1]):
        return None
    above = _previous(lines, line)
    if above is None or _indent(lines[above - 1]) == 0:
        return None
    start = _parent(lines, above)
    if start is None or not _BLOCK.search(lines[start - 1]):
        return None
    key = (_KEY.match(lines[start - 1]) or [None, None, "text"])[2]
    spaces = _indent(lines[above - 1])
    return (
        Where(line, 1),
        f"line {line} is part of the {key} but is not indented: every line of the {key} must start with "
        f"{spaces} spaces, like line {above}",
        f"add {spaces} spaces at the start of line {line}",
    )


def _after_quote(lines, line, problem) -> Translation | None:
    """Words after a value's closing quote: 'text: "the park could open" in April'."""
    if "found '<scalar>'" not in problem:
        return None
    match = _KEY.match(lines[line - 1])
    value = (match.group(3) or "") if match else ""
    if value[:1] not in ("'", '"'):
        return None
    quote = value[0]
    close = value.find(quote, 1)
    if close < 0:
        return None
    whole = value.replace('"', "").replace("'", "’") if quote == '"' else value.replace("'", "")
    return (
        Where(line, len(match.group(1)) + len(match.group(2)) + 3 + close),
        f"line {line}: more words come after the closing quote ({value[close + 1 :].strip()}); "
        "a text in quotes must end with its closing quote",
        f'put the quotes around the whole text: {match.group(2)}: "{whole}"',
    )


def _out_of_line(lines, line, problem) -> Translation | None:
    """A line indented more or less than the lines it belongs with, or a passage moved out of its list."""
    if "mapping values are not allowed" not in problem and "expected <block end>" not in problem:
        return None
    above = _previous(lines, line)
    if above is None:
        return None
    own, theirs = _indent(lines[line - 1]), _indent(lines[above - 1])
    if lines[line - 1].lstrip().startswith("- "):
        earlier = next(
            (n for n in range(above, 0, -1) if lines[n - 1].lstrip().startswith("- ") and _indent(lines[n - 1]) > own),
            None,
        )
        if earlier is not None:
            spaces = _indent(lines[earlier - 1])
            return (
                Where(line, 1),
                f"line {line} starts a passage that is not under 'passages:': it must be indented like the "
                f"passage on line {earlier}",
                f"start line {line} with {spaces} spaces, and indent the lines under it to match",
            )
    if not _KEY.match(lines[line - 1]):
        return None
    # a field starting one level inside a "- id:" item lines up with the text after "- "
    theirs_field = theirs + 2 if lines[above - 1].lstrip().startswith("- ") else theirs
    if own == theirs_field or not _KEY.match(lines[above - 1]) or _BLOCK.search(lines[above - 1]):
        return None
    if own > theirs_field and (_KEY.match(lines[above - 1]).group(3) or "") == "":
        return None  # line above opens a new level ("source:"): a deeper line is right
    return (
        Where(line, 1),
        f"line {line} is out of line with line {above} above it: its field starts after {own} spaces, "
        f"the one on line {above} after {theirs_field}",
        f"start line {line} with {theirs_field} spaces, so its field lines up with the one on line {above}",
    )


def _colon_in_value(lines, line, problem) -> Translation | None:
    """A colon and a space inside an unquoted value, which YAML reads as the start of another field."""
    if "mapping values are not allowed" not in problem:
        return None
    match = _KEY.match(lines[line - 1])
    if not match or ": " not in (match.group(3) or ""):
        return None
    value = match.group(3).replace('"', "'")
    return (
        Where(line, len(match.group(1)) + len(match.group(2)) + 3),
        f"line {line}: the words after '{match.group(2)}:' contain a colon followed by a space, which starts "
        "a new field unless the text is in quotes",
        f'put the whole text in double quotes: {match.group(2)}: "{value}"',
    )


RULES: tuple[Callable[[list[str], int, str], Translation | None], ...] = (
    _tab,
    _unindented_block_line,
    _forgotten_block,
    _after_quote,
    _out_of_line,
    _colon_in_value,
)


def translate(text: str, line: int, context_line: int | None, problem: str) -> Translation | None:
    """Return (where, message, hint) for a syntax error a rule recognises, else None.

    ``line`` is where PyYAML gave up and ``context_line`` where the construct it was reading
    started; the mistake is on the earlier of the two as often as not, so rules look at both.
    """
    lines = text.split("\n")
    candidates = sorted({n for n in (context_line, line) if n and 1 <= n <= len(lines)})
    for rule in RULES:
        for number in candidates:
            found = rule(lines, number, problem)
            if found:
                return found
    return None
