"""The label set students choose from: ``questions/labels.yaml``, read and checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

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


def load_labels(path: Path) -> tuple[Label, ...]:
    """Read a labels.yaml file, raising QuestionFileError with every problem."""
    return parse_labels(read_text(path), str(path))


def parse_labels(text: str, path: str) -> tuple[Label, ...]:
    """Parse a label file's text, raising QuestionFileError with every problem."""
    reader = Reader(path)
    try:
        root = compose(text)
        entries = reader.fields(root, "the label file", {"labels"}, {"labels"}) if root else {}
        nodes = entries.get("labels", (None, None))[1]
        labels = []
        if isinstance(nodes, yaml.SequenceNode):
            seen: dict[str, int] = {}
            for node in nodes.value:
                item = reader.fields(
                    node, "a label", {"id", "name", "definition", "cues"}, {"id", "name", "definition"}
                )
                cues = string_list(reader, item, "cues", "a label")
                key = reader.text(item, "id", "a label")
                if key in seen:  # two labels with one id: quizzes could not say which they mean
                    reader.add(
                        item["id"][1],
                        f"label id '{key}' is used twice (first on line {seen[key]})",
                        "give every label its own id",
                    )
                elif key:
                    seen[key] = where(item["id"][1]).line
                labels.append(
                    Label(
                        key,
                        reader.text(item, "name", "a label"),
                        reader.text(item, "definition", "a label"),
                        tuple(cues),
                    )
                )
            if not nodes.value:
                reader.add(nodes, "the label file lists no labels", "list at least two labels under 'labels:'")
        elif root is not None:
            reader.add(nodes or root, "'labels' must be a list of labels", "start each label with '- id: ...'")
        else:
            reader.add(Where(1, 1), "the label file is empty", "list the labels under 'labels:'")
    except YamlProblem as problem:
        reader.add(problem.where, problem.message, problem.hint)
    if reader.problems:
        raise QuestionFileError(reader.sorted_problems())
    return tuple(labels)
