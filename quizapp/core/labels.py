"""The label set students choose from: ``questions/labels.yaml``, read and checked."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .messages import Message
from .problems import QuestionFileError, Reader, string_list
from .sources import LABELS_FILE, read_text  # noqa: F401 - LABELS_FILE is part of this API
from .yamlnodes import Where, YamlProblem, compose, where


@dataclass(frozen=True)
class Label:
    """One kind of statement a student can choose."""

    key: str
    name: str
    definition: str
    cues: tuple[str, ...] = ()
    # Its words in other languages: (code, name, definition, cues), from the label's 'translations:'.
    translations: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()

    def shape(self) -> dict:
        """Return what a quiz version keeps of the label, in the words of one language (hashed as before)."""
        return {"key": self.key, "name": self.name, "definition": self.definition, "cues": list(self.cues)}

    def in_language(self, code: str) -> Label:
        """Return the label in the words of language code, or as it is when the file gives none for it."""
        for language, name, definition, cues in self.translations:
            if language == code:
                return replace(self, name=name, definition=definition, cues=cues or self.cues, translations=())
        return replace(self, translations=())


def load_labels(path: Path) -> tuple[Label, ...]:
    """Read a labels.yaml file, raising QuestionFileError with every problem."""
    return parse_labels(read_text(path), str(path))


def parse_labels(text: str, path: str) -> tuple[Label, ...]:
    """Parse a label file's text, raising QuestionFileError with every problem."""
    reader = Reader(path)
    try:
        root = compose(text)
        entries = reader.fields(root, Message("the label file"), {"labels"}, {"labels"}) if root else {}
        nodes = entries.get("labels", (None, None))[1]
        labels = []
        if isinstance(nodes, yaml.SequenceNode):
            seen: dict[str, int] = {}
            for node in nodes.value:
                item = reader.fields(
                    node,
                    Message("a label"),
                    {"id", "name", "definition", "cues", "translations"},
                    {"id", "name", "definition"},
                )
                cues = string_list(reader, item, "cues", Message("a label"))
                key = reader.text(item, "id", Message("a label"))
                if key in seen:  # two labels with one id: quizzes could not say which they mean
                    reader.add(
                        item["id"][1],
                        Message("label id '%(key)s' is used twice (first on line %(seen)s)", key=key, seen=seen[key]),
                        Message("give every label its own id"),
                    )
                elif key:
                    seen[key] = where(item["id"][1]).line
                labels.append(
                    Label(
                        key,
                        reader.text(item, "name", Message("a label")),
                        reader.text(item, "definition", Message("a label")),
                        tuple(cues),
                        _translations(reader, item),
                    )
                )
            if not nodes.value:
                reader.add(
                    nodes,
                    Message("the label file lists no labels"),
                    Message("list at least two labels under 'labels:'"),
                )
        elif root is not None:
            reader.add(
                nodes or root,
                Message("'labels' must be a list of labels"),
                Message("start each label with '- id: ...'"),
            )
        else:
            reader.add(Where(1, 1), Message("the label file is empty"), Message("list the labels under 'labels:'"))
    except YamlProblem as problem:
        reader.add(problem.where, problem.message, problem.hint)
    if reader.problems:
        raise QuestionFileError(reader.sorted_problems())
    return tuple(labels)


def _translations(reader: Reader, item: dict) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """Read a label's 'translations:' map: for each language code, its name, definition and cues there."""
    from .languages import known

    if "translations" not in item:
        return ()
    node = item["translations"][1]
    if not isinstance(node, yaml.MappingNode):
        reader.add(
            node,
            Message("'translations' must map language codes to words"),
            Message("write '  es:' then 'name:' under it"),
        )
        return ()
    found = []
    for code_node, words in node.value:
        code = str(code_node.value)
        if not known(code):
            reader.add(
                code_node,
                Message("'%(code)s' is not a language code", code=code),
                Message("use a code such as 'es', 'fr' or 'pt-BR'"),
            )
            continue
        entries = reader.fields(words, Message("a translation"), {"name", "definition", "cues"}, {"name", "definition"})
        found.append(
            (
                code,
                reader.text(entries, "name", Message("a translation")),
                reader.text(entries, "definition", Message("a translation")),
                tuple(string_list(reader, entries, "cues", Message("a translation"))),
            )
        )
    return tuple(found)
