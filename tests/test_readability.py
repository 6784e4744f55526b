"""Every explanation, note, definition and guide text a quiz ships is easy to read, measured in its own language.

English texts read at Flesch-Kincaid grade 9 or below; Spanish ones at Fernández-Huerta ease 70 or above
("bastante fácil", about grade 7), since Flesch-Kincaid scores Spanish's longer words as harder than they are.
"""

from __future__ import annotations

import pytest
import yaml

from .conftest import QUESTIONS
from .readability import fernandez_huerta, grade, syllables, syllables_es

MAX_GRADE = 9.0  # the bar; the texts aim at 8 (grades 6-8 read them)
MIN_EASE_ES = 70.0  # Fernández-Huerta "bastante fácil", about grade 7
PROSE = {"explanation", "accuracy_note", "definition", "note"}


def too_hard(text: str, language: str) -> str | None:
    """Return why a text is too hard to read in its language (a score), or None when it is easy enough."""
    if language == "es":
        ease = fernandez_huerta(text)
        return f"Fernández-Huerta ease {ease:.1f} (needs {MIN_EASE_ES:.0f} or more)" if ease < MIN_EASE_ES else None
    level = grade(text)
    return f"grade {level:.1f} (needs {MAX_GRADE:.0f} or below)" if level > MAX_GRADE else None


def shipped_texts() -> list[tuple[str, str, str]]:
    """Return (where, language, text) for every prose field of the shipped question and label files."""
    found: list[tuple[str, str, str]] = []

    def walk(node, where: str, in_guide: bool, language: str) -> None:
        """Collect prose fields: the named ones anywhere, every text inside a guide; 'translations' name a language."""
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (key in PROSE or in_guide) and key not in {"term", "code"}:
                    found.append((f"{where}.{key}", language, value))
                elif key == "translations" and isinstance(value, dict):
                    for code, translated in value.items():
                        walk(translated, f"{where}.translations.{code}", in_guide, code)
                else:
                    name = node.get("id", key) if key == "text" else key
                    walk(value, f"{where}.{name}", in_guide or key == "guide", language)
        elif isinstance(node, list):
            for number, value in enumerate(node):
                name = value.get("id", number) if isinstance(value, dict) else number
                if isinstance(value, str) and in_guide:
                    found.append((f"{where}[{number}]", language, value))
                else:
                    walk(value, f"{where}[{name}]", in_guide, language)

    for path in sorted(QUESTIONS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        walk(data, path.name, False, str(data.get("language") or "en"))
    return found


def test_every_shipped_text_is_easy_to_read_in_its_language():
    """No explanation, note, label definition or guide text is above grade 9 (English) or below ease 70 (Spanish)."""
    texts = shipped_texts()
    assert len(texts) > 150  # the walk found the quizzes' texts, not nothing
    assert sum(language == "es" for _, language, _ in texts) > 15  # and the Spanish ones, measured as Spanish
    assert {language for _, language, _ in texts} <= {"en", "es"}  # a new language needs its own measure here
    hard = [f"{where}: {why}" for where, language, text in texts if (why := too_hard(text, language))]
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


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("casa", 2),
        ("y", 1),
        ("que", 1),  # the u of "que", "gui" is silent
        ("huerto", 2),  # weak + strong: a diphthong, one syllable
        ("ciudad", 2),  # weak + weak: one syllable
        ("buey", 1),  # weak + strong + weak: a triphthong
        ("leer", 2),  # strong + strong: a hiatus, two syllables
        ("poeta", 3),
        ("aéreo", 4),
        ("día", 2),  # an accented weak vowel breaks the diphthong
        ("país", 2),
        ("oía", 3),
        ("pingüino", 3),
        ("podría", 3),
        ("comunitario", 5),
        ("Especulación", 5),
    ],
)
def test_syllables_es(word, expected):
    """The Spanish counter splits strong vowel pairs, keeps weak unaccented ones with their neighbour."""
    assert syllables_es(word) == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("El gato come. La casa es roja. Hoy hace sol.", 90, 120),
        ("Según la junta, el huerto tiene 24 parcelas. Que ella lo dijo es un hecho.", 70, 100),
        (
            "La consideración institucional de las implicaciones socioeconómicas correspondientes necesita "
            "evaluaciones internacionales extraordinariamente minuciosas y pormenorizadas.",
            -100,
            40,
        ),
    ],
)
def test_fernandez_huerta_tells_easy_from_hard(text, low, high):
    """Short plain Spanish sentences score high; long ones of long words score low."""
    assert low <= fernandez_huerta(text) <= high


def test_fernandez_huerta_scores_long_sentences_as_harder():
    """The same words in one long sentence read harder than in short ones (the sentence term's sign)."""
    short = "El huerto abrió el sábado. Llegaron muchos vecinos. Hubo tomates y flores."
    assert fernandez_huerta(short.replace(". ", ", y ").rstrip(".") + ".") < fernandez_huerta(short)
