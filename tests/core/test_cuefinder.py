"""Cue finding: the words that signal each label, with their kind, and the traps around modals."""

from __future__ import annotations

import pytest

from quizapp.core import lexicons
from quizapp.core.cuefinder import find_cues


def cues_of(sentence: str) -> list[tuple[str, str, str, bool]]:
    """Return (text, kind, label, embedded) of every cue in sentence."""
    return [(c.text, c.kind, c.label, c.embedded) for c in find_cues(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the seed article's sentences
        ("Alexander Lukashenko has been in power since 1994.", [("since 1994", "date", "fact", False)]),
        (
            "This dialogue hints at a potential thaw in relations and sets the stage for a future meeting.",
            [
                ("hints at", "hedge", "speculation", False),
                ("potential", "hedge", "speculation", False),
                ("sets the stage for", "hedge", "speculation", False),
            ],
        ),
        (
            "This relationship could signal a shift in U.S. foreign policy towards Belarus.",
            [
                ("could signal", "hedge", "speculation", False),
                ("U.S.", "place", "fact", False),
                ("Belarus", "place", "fact", False),
            ],
        ),
        (
            'Trump\'s acknowledgment of Lukashenko as a "highly respected" leader is a stark contrast.',
            [
                ("highly respected", "evaluative", "opinion", True),
                ("stark contrast", "evaluative", "opinion", False),
            ],
        ),
        (
            "The conversation reportedly focused on two pivotal topics.",
            [("reportedly", "reporting", "fact", False), ("pivotal", "evaluative", "opinion", False)],
        ),
        (
            "The release of 1,300 prisoners is seen as a significant step.",
            [
                ("1,300", "number", "fact", False),
                ("is seen as", "vague source", "opinion", False),
                ("significant step", "evaluative", "opinion", False),
            ],
        ),
        (
            "However, experts caution that such moves need to be viewed within the broader context.",
            [
                ("experts caution", "vague source", "speculation", False),
                ("need to", "obligation", "opinion", False),
            ],
        ),
        (
            "Analysts suggest that this meeting may address broader issues.",
            [
                ("Analysts suggest", "vague source", "speculation", False),
                ("may", "hedge", "speculation", False),
            ],
        ),
        (
            "The outcomes will likely be scrutinized by international observers.",
            [
                ("will likely", "future", "speculation", False),
                ("observers", "vague source", "speculation", False),
            ],
        ),
        (
            "The potential impact on the upcoming U.S. presidential election cannot be understated.",
            [
                ("potential", "hedge", "speculation", False),
                ("U.S.", "place", "fact", False),
                ("cannot be understated", "evaluative", "opinion", False),
            ],
        ),
        # a speculation with no modal, as a multi-word pattern
        (
            "As the political climate evolves, all eyes will be on how these diplomatic dialogues unfold.",
            [("all eyes will be on", "future", "speculation", False)],
        ),
        (
            "The summit is set to open on Monday.",
            [("is set to", "future", "speculation", False), ("Monday", "date", "fact", False)],
        ),
        (
            "Prices are expected to rise 3.5% in the coming months.",
            [
                ("are expected to", "future", "speculation", False),
                ("3.5%", "number", "fact", False),
                ("in the coming months", "future", "speculation", False),
            ],
        ),
        # a fact with a modal inside: attributed, so the modal is someone else's
        (
            "The ministry said it may release more prisoners.",
            [("said", "reporting", "fact", False), ("may", "hedge", "speculation", True)],
        ),
        (
            "Talks could resume next week, officials said.",
            [("could", "hedge", "speculation", True), ("said", "reporting", "fact", False)],
        ),
        (
            "According to the ministry, the plant will close in May.",
            [
                ("According to", "reporting", "fact", False),
                ("will", "future", "speculation", True),
                ("in May", "date", "fact", True),
            ],
        ),
        (
            "Experts said the deal could collapse.",
            [
                ("Experts", "vague source", "speculation", False),
                ("said", "reporting", "fact", False),
                ("could", "hedge", "speculation", False),
            ],
        ),
        # "will" as a noun, "may" of permission, "May" the month and the name
        ("The will of the people was clear.", []),
        ("They lacked the political will to act.", []),
        ("Students may leave early on Friday.", [("Friday", "date", "fact", False)]),
        ("Visitors may not bring food into the museum.", []),
        ("The vote took place on May 5, 2024.", [("May 5, 2024", "date", "fact", False)]),
        ("Theresa May made this more explicit.", []),
        (
            "Officials met in Minsk in May.",
            [("Minsk", "place", "fact", False), ("in May", "date", "fact", False)],
        ),
        ("May the best team win.", [("best", "evaluative", "opinion", False)]),
        ("Its military might was on display.", []),
        ("He could not attend the meeting.", []),
        # obligations, evaluative words from the lexicons, words the lexicons would wrongly mark
        ("The government should act now.", [("should", "obligation", "opinion", False)]),
        (
            "It was a brilliant and disastrous plan.",
            [("brilliant", "evaluative", "opinion", False), ("disastrous", "evaluative", "opinion", False)],
        ),
        ("The prisoners were freed after the war, a key step.", []),
        (
            "The notorious regime killed 12 people.",
            [
                ("notorious", "evaluative", "opinion", False),
                ("regime", "evaluative", "opinion", False),
                ("12", "number", "fact", False),
            ],
        ),
    ],
)
def test_find_cues(sentence, expected):
    """Each row: a sentence and the cues found in it, in order."""
    assert cues_of(sentence) == expected


def test_spans_cut_the_cue_out_of_the_sentence():
    """Every cue's offsets give its text, without the full stop that ends the sentence."""
    sentence = "Lukashenko's regime is respected. He left the U.S."
    for cue in find_cues(sentence):
        assert sentence[cue.start : cue.end] == cue.text
    assert [c.text for c in find_cues(sentence)] == ["regime", "respected", "U.S."]


def test_source_names_the_list():
    """A cue says which list it came from: the house list, Pattern or VADER."""
    sources = {c.text: c.source for c in find_cues("A brilliant, heartbreaking and notorious affair.")}
    assert sources == {"brilliant": "Pattern", "heartbreaking": "VADER", "notorious": "house"}


@pytest.mark.parametrize("word", ["prisoners", "key", "war", "killed", "crisis", "support", "different"])
def test_news_words_are_not_evaluative(word):
    """Words the lexicons score as emotional but news uses to report are filtered out."""
    assert (word,) not in lexicons.phrases()


def test_lexicon_licences_are_beside_the_files():
    """Each copied lexicon has its licence file next to it."""
    for name in ("pattern-en-sentiment.TEXTBLOB-LICENSE", "vader_lexicon.LICENSE"):
        assert "Permission is hereby granted" in (lexicons.FOLDER / name).read_text(encoding="utf-8")
    assert 'license="PDDL"' in (lexicons.FOLDER / "pattern-en-sentiment.xml").read_text(encoding="utf-8")[:2000]
