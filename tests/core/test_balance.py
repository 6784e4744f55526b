"""Balance warnings of the checker: a lopsided quiz, a label every one of whose passages carries its cue word."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import check_command
from quizapp.core import balance, questions

LABELS = questions.load_labels(Path(__file__).resolve().parents[2] / "questions" / "labels.yaml")


def quiz(*passages: tuple[str, str]) -> str:
    """Return a question file whose article is the passages' texts, one passage per (text, label)."""
    article = " ".join(f"{text}." for text, _ in passages)
    items = "".join(
        f"  - id: p{n}\n    text: {text}\n    label: {label}\n    cues: [{text.split()[0]}]\n    explanation: Why.\n"
        for n, (text, label) in enumerate(passages, start=1)
    )
    return f"title: T\narticle: |\n  {article}\npassages:\n{items}"


BALANCED = [
    ("The vote was 5-2", "fact"),
    ("It rained on Monday", "fact"),
    ("It was a wise choice", "opinion"),
    ("The park is lovely", "opinion"),
    ("Rain may fall soon", "speculation"),
    ("Prices seem set to rise", "speculation"),
]


@pytest.mark.parametrize(
    ("passages", "expected"),
    [
        (BALANCED, []),
        (
            [
                *BALANCED[:4],
                ("Rain may fall soon", "speculation"),
                ("Prices could rise", "speculation"),
                ("Rates hit 5% in May", "fact"),
            ],
            [],  # "may" in a fact too: the word alone does not tell
        ),
        (
            [*BALANCED[:4], ("Rain may fall soon", "speculation"), ("Prices could rise", "speculation")],
            [
                'f.yaml:25:3: warning: every \'Speculation\' passage (2) has one of the words "could", "may": '
                "a student can label them by spotting the word without reading"
            ],
        ),
        (
            [*BALANCED[:5], ("It was a poor choice", "opinion"), ("The town has 900 homes", "fact")],
            [
                "f.yaml:4:1: warning: only 1 of the 7 labelled passages are 'Speculation' (14%): a student who "
                "never chooses it still gets 86% right"
            ],
        ),
        (
            [("The vote was 5-2", "fact"), ("It rained on Monday", "fact"), ("It was a wise choice", "opinion")],
            [
                "f.yaml:4:1: warning: only 0 of the 3 labelled passages are 'Speculation' (0%): a student who never "
                "chooses it still gets 100% right"
            ],
        ),
    ],
)
def test_balance_warnings(passages, expected):
    text = quiz(*passages)
    parsed = questions.parse_quiz(text, "f.yaml", LABELS)
    assert [str(w).split("\n")[0] for w in balance.warnings(parsed, text, "f.yaml")] == expected


def test_counts_per_label_in_the_label_sets_order():
    parsed = questions.parse_quiz(quiz(*BALANCED[:5]), "f.yaml", LABELS)
    assert balance.counts(parsed) == {"fact": 2, "opinion": 2, "speculation": 1}


def test_quizapp_check_prints_warnings_and_still_passes(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "labels.yaml").write_text((Path(__file__).resolve().parents[2] / "questions" / "labels.yaml").read_text())
    (folder / "lopsided.yaml").write_text(quiz(*BALANCED[:5], ("The town has 900 homes", "fact")))
    result = CliRunner().invoke(check_command, [str(folder)])
    assert result.exit_code == 0, result.output
    assert "lopsided.yaml:4:1: warning: only 1 of the 6 labelled passages are 'Speculation' (17%)" in result.output
    assert "1 file(s) checked: no problems (1 warning(s))." in result.output
