"""Label the paragraph: the student labels every sentence (or clause) of a paragraph in one form.

File fields: ``parts``, a list of the paragraph's sentences or clauses in order, each with the
fields of a labelled passage (``text``, ``label``, ``cues``, ``explanation``, and optionally
``also_accepted``, ``accurate``, ``accuracy_note``); optionally ``explanation`` for the paragraph
as a whole. The item's ``text`` may be left out: the item is then the whole paragraph of the
article in which the first part stands. Parts must stand in that paragraph, in order, without
overlapping. Answer: ``{"labels": ["fact", "opinion", ...]}``, one per part. Score: the share of
parts labelled right (a label also accepted counts as right).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import yaml

from ..messages import Message
from .base import AnswerError, Grade, Kind
from .label import ACCURACY_FIELDS, LabelSpec, check_label, read_labelled

PART_FIELDS = frozenset({"text", "label", "also_accepted", "cues", "explanation"}) | ACCURACY_FIELDS
MAX_PARTS = 12  # one form with more labels than that is a worksheet, not a question


@dataclass(frozen=True)
class PartSpec(LabelSpec):
    """One sentence or clause of the paragraph, with where it stands in the item's text."""

    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class ParagraphSpec:
    """A paragraph whose parts the student labels one by one."""

    parts: tuple[PartSpec, ...] = ()
    explanation_html: str = ""


class ParagraphKind(Kind):
    """Label each sentence of a paragraph, scored per sentence."""

    name = "paragraph"
    title = "Label the paragraph"
    fields = frozenset({"parts", "explanation"})
    required = frozenset({"parts"})
    spec_type = ParagraphSpec
    text_optional = True  # the whole paragraph around the first part, when no text is given

    def read(self, item) -> ParagraphSpec | None:
        """Check every part: in the paragraph, in order, not overlapping, labelled with a known label."""
        node = item.value_node("parts")
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
            item.add(
                node,
                Message(
                    "%(item_what)s: 'parts' must list at least two sentences of the paragraph", item_what=item.what
                ),
                Message("start each part with '- text: ...' and give it a label, cues and an explanation"),
            )
            return None
        if len(node.value) > MAX_PARTS:
            item.add(
                node,
                Message(
                    "%(item_what)s has %(len)s parts; at most %(max_parts)s fit in one question",
                    item_what=item.what,
                    len=len(node.value),
                    max_parts=MAX_PARTS,
                ),
                Message("split the paragraph into two items"),
            )
            return None
        parts: list[PartSpec] = []
        cursor = 0
        failed = False
        for number, part_node in enumerate(node.value, start=1):
            part = item.part(
                part_node,
                Message("%(what)s, part %(number)s", what=item.what, number=number),
                PART_FIELDS,
                {"text", "label", "explanation"},
            )
            if part is None:
                failed = True
                continue
            found = item.find_part(part, cursor)
            if found is None:
                failed = True
                continue
            start, end = found
            part.text_value = item.text_value[start:end]
            parts.append(PartSpec(**read_labelled(part), start=start, end=end))
            cursor = end
        explanation = item.markdown("explanation")
        if failed:
            return None
        return ParagraphSpec(tuple(parts), explanation)

    def check_answer(self, spec: ParagraphSpec, text: str, answer: Mapping[str, Any], labels: tuple[str, ...]) -> dict:
        """Return {"labels": [...]}, one label the quiz offers per part."""
        chosen = answer.get("labels")
        if not isinstance(chosen, (list, tuple)) or len(chosen) != len(spec.parts):
            raise AnswerError("choose a label for every sentence")
        return {"labels": [check_label({"label": c}, labels) for c in chosen]}

    def grade(self, spec: ParagraphSpec, text: str, answer: Mapping[str, Any]) -> Grade:
        """Score the share of parts labelled right."""
        parts = tuple(
            part.grade_label(f"part-{number}", given)
            for number, (part, given) in enumerate(zip(spec.parts, answer["labels"], strict=False), start=1)
        )
        return Grade(sum(p.score for p in parts) / len(parts) if parts else 0.0, parts)

    def labels(self, spec: ParagraphSpec) -> tuple[str, ...]:
        """Return every part's label, in order."""
        return tuple(part.label for part in spec.parts)

    def load(self, data: Mapping[str, Any]) -> ParagraphSpec:
        """Return the spec from stored data."""
        parts = tuple(
            PartSpec(**{**p, "also_accepted": tuple(p.get("also_accepted", ())), "cues": tuple(p.get("cues", ()))})
            for p in data.get("parts", ())
        )
        return ParagraphSpec(parts, data.get("explanation_html", ""))

    def dump(self, spec: ParagraphSpec) -> dict:
        """Return the spec as data."""
        return asdict(spec)


KIND = ParagraphKind()
