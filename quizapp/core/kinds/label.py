"""Label the passage: the student picks one label for a span the teacher marked (the default kind).

File fields: ``label``, ``cues``, ``explanation`` (required); ``also_accepted`` with an explanation
that says why those labels are fair too; ``accurate: false`` with an ``accuracy_note``. Answer:
``{"label": "fact"}``. Score: 1 for the label or a label also accepted, else 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .base import AnswerError, Grade, Kind, Labelled

ACCURACY_FIELDS = frozenset({"accurate", "accuracy_note"})


@dataclass(frozen=True)
class LabelSpec(Labelled):
    """A passage to label, with the words that give it away and why."""

    cues: tuple[str, ...] = ()
    explanation_html: str = ""
    accurate: bool | None = None
    accuracy_note_html: str = ""


def read_labelled(item) -> dict:
    """Read the fields every labelled passage has (label, also_accepted, cues, explanation, accuracy)."""
    label = item.label()
    accepted = item.also_accepted(label) if label else ()
    cues = item.cues(item.text_value)
    explanation = item.markdown("explanation")
    item.mentions("explanation", accepted)
    accurate, note = item.accuracy()
    return {
        "label": label,
        "also_accepted": accepted,
        "cues": cues,
        "explanation_html": explanation,
        "accurate": accurate,
        "accuracy_note_html": note,
    }


def check_label(answer: Mapping[str, Any], labels: tuple[str, ...]) -> str:
    """Return the answer's label, or raise AnswerError if it is not one the quiz offers."""
    chosen = answer.get("label")
    if not isinstance(chosen, str) or chosen not in labels:
        raise AnswerError("choose one of the labels")
    return chosen


class LabelKind(Kind):
    """Pick one label for a marked passage."""

    name = "label"
    title = "Label the passage"
    fields = frozenset({"label", "also_accepted", "cues", "explanation"}) | ACCURACY_FIELDS
    # cues may be left out: the feedback then shows the cues cuefinder.py finds, marked as found automatically
    required = frozenset({"label", "explanation"})
    spec_type = LabelSpec

    def read(self, item) -> LabelSpec:
        """Check the passage's fields and return its spec."""
        return LabelSpec(**read_labelled(item))

    def check_answer(self, spec: LabelSpec, text: str, answer: Mapping[str, Any], labels: tuple[str, ...]) -> dict:
        """Return {"label": ...} for a label the quiz offers."""
        return {"label": check_label(answer, labels)}

    def grade(self, spec: LabelSpec, text: str, answer: Mapping[str, Any]) -> Grade:
        """Score 1 for the right label or one also accepted."""
        part = spec.grade_label("label", answer["label"])
        return Grade(part.score, (part,))

    def labels(self, spec: LabelSpec) -> tuple[str, ...]:
        """Return the one label."""
        return (spec.label,)

    def load(self, data: Mapping[str, Any]) -> LabelSpec:
        """Return the spec from stored data."""
        return LabelSpec(
            **{**data, "also_accepted": tuple(data.get("also_accepted", ())), "cues": tuple(data.get("cues", ()))}
        )

    def dump(self, spec: LabelSpec) -> dict:
        """Return the spec as data."""
        return asdict(spec)


KIND = LabelKind()
