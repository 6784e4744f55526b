"""Sentence splitting: abbreviations, numbers, headings, and offsets into the original text."""

from __future__ import annotations

import pytest

from quizapp.core.sentences import paragraphs, sentences


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        ("Mr. Smith met U.S. officials. They talked.", ["Mr. Smith met U.S. officials.", "They talked."]),
        (
            "The vote is on Jan. 5 in the capital. Turnout was low.",
            ["The vote is on Jan. 5 in the capital.", "Turnout was low."],
        ),
        (
            "Belarus freed 1,300 prisoners. Prices rose 3.5 percent.",
            ["Belarus freed 1,300 prisoners.", "Prices rose 3.5 percent."],
        ),
        (
            "Dr. Ann Lee said so! Is it true? Nobody knows.",
            ["Dr. Ann Lee said so!", "Is it true?", "Nobody knows."],
        ),
        (
            "Key Developments\nThe talks may resume. Few expect it.",
            ["The talks may resume.", "Few expect it."],
        ),
        (
            "Trump and Lukashenko Discuss Release of 1,300 Prisoners\nBackground & Context\nHe spoke.",
            ["He spoke."],
        ),
        (
            "A paragraph wrapped\nover two lines ends here.\n\nWhat's Next\n\nAnother one.",
            ["A paragraph wrapped\nover two lines ends here.", "Another one."],
        ),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_sentences(article, expected):
    """Each row: an article and the sentences it splits into, headings left out."""
    assert [s.text for s in sentences(article)] == expected


@pytest.mark.parametrize(
    ("article", "headings"),
    [
        ("Background & Context\nHe spoke.", ["Background & Context"]),
        ("Key Developments\n\nThe talks may resume.", ["Key Developments"]),
        (
            "## What happens next, and why it matters to us all.\nHe spoke.",
            ["## What happens next, and why it matters to us all."],
        ),
        ("The talks may resume.\nAnd they did.", []),
        ("and the talks went on for hours without a pause\nHe spoke.", []),
        ("A paragraph wrapped\nover two lines.", []),
    ],
)
def test_headings(article, headings):
    """Each row: an article and the paragraphs marked as headings."""
    assert [article[p.start : p.end] for p in paragraphs(article) if p.heading] == headings


def test_seed_offsets_and_counts(seed_article):
    """The seed splits into 27 sentences whose offsets cut exactly their text out of the article."""
    found = sentences(seed_article)
    assert len(found) == 27
    assert all(seed_article[s.start : s.end] == s.text for s in found)
    assert [seed_article[p.start : p.end] for p in paragraphs(seed_article) if p.heading] == [
        "## Background & Context",
        "## Key Developments",
        "## Broader Impact",
        "## What's Next",
    ]
    assert any(
        " ".join(s.text.split()).startswith("This relationship could signal a shift in U.S. foreign policy")
        for s in found
    )


def test_paragraph_index():
    """Sentences know their paragraph, counted over headings too."""
    article = "Title Here\nFirst one. Second one.\nThird one."
    assert [(s.text, s.paragraph) for s in sentences(article)] == [
        ("First one.", 1),
        ("Second one.", 1),
        ("Third one.", 2),
    ]
