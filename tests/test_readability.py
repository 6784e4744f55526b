"""Every explanation, note, definition and guide text a quiz ships reads at Flesch-Kincaid grade 9 or below."""

from __future__ import annotations

import pytest
import yaml

from .conftest import QUESTIONS
from .readability import grade, syllables

MAX_GRADE = 9.0  # the bar; the texts aim at 8 (grades 6-8 read them)
PROSE = {"explanation", "accuracy_note", "definition", "note"}


def shipped_texts() -> list[tuple[str, str]]:
    """Return (where, text) for every prose field of the shipped question and label files."""
    found: list[tuple[str, str]] = []

    def walk(node, where: str, in_guide: bool) -> None:
        """Collect prose fields: the named ones anywhere, every text inside a guide."""
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (key in PROSE or in_guide) and key not in {"term", "code"}:
                    found.append((f"{where}.{key}", value))
                else:
                    walk(value, f"{where}.{node.get('id', key) if key == 'text' else key}", in_guide or key == "guide")
        elif isinstance(node, list):
            for number, value in enumerate(node):
                name = value.get("id", number) if isinstance(value, dict) else number
                if isinstance(value, str) and in_guide:
                    found.append((f"{where}[{number}]", value))
                else:
                    walk(value, f"{where}[{name}]", in_guide)

    for path in sorted(QUESTIONS.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name, False)
    return found


def test_every_shipped_text_reads_at_grade_9_or_below():
    """No explanation, note, label definition or guide text of the shipped quizzes is above grade 9."""
    texts = shipped_texts()
    assert len(texts) > 150  # the walk found the quizzes' texts, not nothing
    hard = [f"{where}: grade {grade(text):.1f}" for where, text in texts if grade(text) > MAX_GRADE]
    assert not hard, "\n".join(hard)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("cat", 1), ("made", 1), ("talked", 1), ("table", 2), ("little", 2), ("dictator", 3), ("speculation", 4)],
)
def test_syllables(word, expected):
    """The counter gets common words right, silent e and -ed included."""
    assert syllables(word) == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("The cat sat on the mat. It was warm.", -4, 1),
        ("Trump said he had spoken with Lukashenko. You could look it up.", 1, 5),
        (
            "The geopolitical implications of authoritarian governance necessitate comprehensive international "
            "evaluation of considerable institutional complexity.",
            16,
            40,
        ),
    ],
)
def test_grade_tells_easy_from_hard(text, low, high):
    """Short plain sentences score low; long Latinate ones score high."""
    assert low <= grade(text) <= high
