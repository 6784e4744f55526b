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

from .messages import Message
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
        Message("line %(at)s is indented with a tab; question files are indented with spaces only", at=at),
        Message(
            "replace the tab on line %(at)s with spaces, so the line starts where the lines of the same level start",
            at=at,
        ),
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
            Message(
                "line %(parent)s: the '|' after '%(key)s:' is missing, so the lines below it are not read as the "
                "%(key)s's text",
                parent=parent,
                key=key,
            ),
            Message(
                "write '%(key)s: |' on line %(parent)s, and keep every line of the %(key)s indented under it",
                key=key,
                parent=parent,
            ),
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
        Message(
            "line %(line)s is part of the %(key)s but is not indented: every line of the %(key)s must start with "
            "%(spaces)s spaces, like line %(above)s",
            line=line,
            key=key,
            spaces=spaces,
            above=above,
        ),
        Message("add %(spaces)s spaces at the start of line %(line)s", spaces=spaces, line=line),
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
        Message(
            "line %(line)s: more words come after the closing quote (%(value)s); a text in quotes must end with "
            "its closing quote",
            line=line,
            value=value[close + 1 :].strip(),
        ),
        Message(
            'put the quotes around the whole text: %(match_group)s: "%(whole)s"',
            match_group=match.group(2),
            whole=whole,
        ),
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
                Message(
                    "line %(line)s starts a passage that is not under 'passages:': it must be indented like the "
                    "passage on line %(earlier)s",
                    line=line,
                    earlier=earlier,
                ),
                Message(
                    "start line %(line)s with %(spaces)s spaces, and indent the lines under it to match",
                    line=line,
                    spaces=spaces,
                ),
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
        Message(
            "line %(line)s is out of line with line %(above)s above it: its field starts after %(own)s spaces, "
            "the one on line %(above)s after %(theirs_field)s",
            line=line,
            above=above,
            own=own,
            theirs_field=theirs_field,
        ),
        Message(
            "start line %(line)s with %(theirs_field)s spaces, so its field lines up with the one on line %(above)s",
            line=line,
            theirs_field=theirs_field,
            above=above,
        ),
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
        Message(
            "line %(line)s: the words after '%(match_group)s:' contain a colon followed by a space, which starts "
            "a new field unless the text is in quotes",
            line=line,
            match_group=match.group(2),
        ),
        Message(
            'put the whole text in double quotes: %(match_group)s: "%(value)s"', match_group=match.group(2), value=value
        ),
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
