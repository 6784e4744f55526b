"""A quiz's guide for the teacher: the ``guide:`` section of a question file, checked, and its answer key.

The section holds what a teacher writes (objectives, the standards met, vocabulary with plain
definitions, discussion questions); the answer key is not written but made from the items, so it
can never disagree with them. Every problem is recorded on the file's Reader with its line, as for
passages. The guide is for teachers only: it is not part of what students see, so it does not
enter the quiz's content hash, and editing it makes no new version.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .problems import Reader, string_list
from .sanitize import markdown_problems, render_markdown

GUIDE_FIELDS = {"objectives", "standards", "vocabulary", "discussion"}
ENTRY_FIELDS = {"standards": ({"code", "text"}, "code"), "vocabulary": ({"term", "definition"}, "term")}
EXAMPLES = {
    "standards": "- code: CCSS.ELA-LITERACY.RH.6-8.8\n      text: Tell fact from opinion and reasoned judgment",
    "vocabulary": "- term: regime\n      definition: a government, often one people did not choose",
}


@dataclass(frozen=True)
class Term:
    """A word of the vocabulary list, or a standard: a short name and what it means, in plain words."""

    name: str
    meaning: str


@dataclass(frozen=True)
class Guide:
    """What the teacher wrote for the guide; the answer key comes from the quiz's items."""

    objectives: tuple[str, ...] = ()
    standards: tuple[Term, ...] = ()
    vocabulary: tuple[Term, ...] = ()
    discussion_html: tuple[str, ...] = ()  # each question rendered from Markdown and sanitised


@dataclass(frozen=True)
class KeyRow:
    """One line of the answer key: an item (or a part of a paragraph) and the labels it takes."""

    position: str  # "3", or "38.2" for the second part of item 38
    text: str
    label: str
    also_accepted: tuple[str, ...]
    cues: tuple[str, ...]
    explanation_html: str
    accurate: bool | None
    accuracy_note_html: str

    @property
    def borderline(self) -> bool:
        """Return whether more than one label is right."""
        return bool(self.also_accepted)


def read_guide(reader: Reader, node: yaml.Node) -> Guide:
    """Check a guide section and return it, recording each problem where it is."""
    entries = reader.fields(node, "the guide", GUIDE_FIELDS, set())
    if not entries:
        return Guide()
    discussion = []
    for question in string_list(reader, entries, "discussion", "the guide"):
        for message, hint in markdown_problems(question):
            reader.add(entries["discussion"][1], f"a discussion question of the guide {message}", hint)
        discussion.append(render_markdown(question))
    return Guide(
        objectives=tuple(string_list(reader, entries, "objectives", "the guide")),
        standards=_terms(reader, entries, "standards"),
        vocabulary=_terms(reader, entries, "vocabulary"),
        discussion_html=tuple(discussion),
    )


def _terms(reader: Reader, entries: dict, key: str) -> tuple[Term, ...]:
    """Return a list of two-field entries (a standard's code and text, a term and its definition)."""
    if key not in entries:
        return ()
    node = entries[key][1]
    fields, name_field = ENTRY_FIELDS[key]
    meaning_field = (fields - {name_field}).pop()
    if not isinstance(node, yaml.SequenceNode):
        reader.add(node, f"'{key}' of the guide must be a list", f"write each on its own lines:\n    {EXAMPLES[key]}")
        return ()
    terms = []
    for entry_node in node.value:
        entry = reader.fields(entry_node, f"an entry of the guide's '{key}'", fields, fields)
        name = reader.text(entry, name_field, f"an entry of the guide's '{key}'")
        meaning = reader.text(entry, meaning_field, f"an entry of the guide's '{key}'")
        if name and meaning:
            terms.append(Term(name, meaning))
    return tuple(terms)


def answer_key(items) -> tuple[KeyRow, ...]:
    """Return the answer key of a quiz's items (questions.Item), a paragraph's parts numbered within it."""
    rows = []
    for position, item in enumerate(items, start=1):
        parts = getattr(item.spec, "parts", None)
        if parts is None:
            rows.append(_row(str(position), item.text, item.spec))
            continue
        for number, part in enumerate(parts, start=1):
            rows.append(_row(f"{position}.{number}", item.text[part.start : part.end], part))
    return tuple(rows)


def _row(position: str, text: str, spec) -> KeyRow:
    """Return the key row of one labelled stretch."""
    return KeyRow(
        position,
        text,
        spec.label,
        tuple(spec.also_accepted),
        tuple(getattr(spec, "cues", ())),
        getattr(spec, "explanation_html", ""),
        getattr(spec, "accurate", None),
        getattr(spec, "accuracy_note_html", ""),
    )
