"""Label suggestions: the opinion / speculation split by main-clause cues, and whole articles."""

from __future__ import annotations

import pytest

from quizapp.core.classifier import shared_model
from quizapp.core.cuefinder import find_cues
from quizapp.core.suggest import Suggestion, split_subjective, suggest_article, suggest_sentence


@pytest.mark.parametrize(
    ("sentence", "label", "deciding"),
    [
        ("The government should act now.", "opinion", "should"),
        ("Leaders must stop this at once.", "opinion", "must"),
        ("Such moves need to be viewed within the broader context.", "opinion", "need to"),
        ("This relationship could signal a shift in policy.", "speculation", "could signal"),
        ("The meeting may serve as a platform for deeper talks.", "speculation", "may"),
        ("Other leaders might follow.", "speculation", "might"),
        ("The outcome will shape the region.", "speculation", "will"),
        ("Prices are likely to rise.", "speculation", "are likely to"),
        ("The deal is expected to fail.", "speculation", "is expected to"),
        ("All eyes will be on how these dialogues unfold.", "speculation", "All eyes will be on"),
        ("Analysts suggest that the talks matter.", "speculation", "Analysts suggest"),
        ("It could be a pivotal moment.", "speculation", "could"),
        ("Experts say we must act, and it will likely be hard.", "opinion", "must"),
        ("It was a stark and notorious failure.", "opinion", "stark"),
        ("This is simply the best plan.", "opinion", "best"),
        ("Nothing here is wrong.", "opinion", "wrong"),
        ("He spoke.", "opinion", None),
        # cues that do not count: embedded, a noun, a permission, a name
        ("A stark warning: the minister said the plan may fail.", "opinion", "stark"),
        ("The will of the people is beautiful.", "opinion", "beautiful"),
        ("Students may leave early, which is wonderful.", "opinion", "wonderful"),
        ("Theresa May gave a brilliant speech.", "opinion", "brilliant"),
        ("Officials said the factory will close; it is a disgraceful decision.", "opinion", "disgraceful"),
    ],
)
def test_split_subjective(sentence, label, deciding):
    """Each row: a subjective sentence, the label its main clause gives, and the cue that decided."""
    found, cue = split_subjective(find_cues(sentence))
    assert (found, cue.text if cue else None) == (label, deciding)


@pytest.fixture(scope="module")
def model():
    """Return the shipped model, loaded once for these tests."""
    return shared_model()


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Alexander Lukashenko has been in power since 1994.", "fact"),
        ("The ministry said on Tuesday it may release 300 more prisoners next month.", "fact"),
        (
            (
                "The release of 1,300 prisoners could be interpreted as a gesture of goodwill by Lukashenko, "
                "aimed at easing international pressure and showing a willingness to engage in dialogue."
            ),
            "speculation",
        ),
        ("We should be ashamed of how badly this government has treated its own citizens.", "opinion"),
    ],
)
def test_suggest_sentence(model, sentence, label):
    """Each row: a sentence whose label is plain to any reader, and the label suggested for it."""
    suggestion = suggest_sentence(sentence, model)
    assert suggestion.label == label
    assert 0.0 <= suggestion.confidence <= 1.0 and 0.0 <= suggestion.subjective <= 1.0
    expected = suggestion.subjective if label != "fact" else 1 - suggestion.subjective
    assert suggestion.confidence == pytest.approx(expected, abs=1e-3)


def test_suggest_article_covers_every_sentence(model, seed_article):
    """The seed gets one suggestion a sentence, in order, with offsets and cues of its own text."""
    suggestions = suggest_article(seed_article, model)
    assert len(suggestions) == 27 and all(isinstance(s, Suggestion) for s in suggestions)
    assert [s.sentence.start for s in suggestions] == sorted(s.sentence.start for s in suggestions)
    for suggestion in suggestions:
        text = suggestion.sentence.text
        assert seed_article[suggestion.sentence.start : suggestion.sentence.end] == text
        assert all(text[c.start : c.end] == c.text for c in suggestion.cues)
    labels = [s.label for s in suggestions]
    assert set(labels) == {"fact", "opinion", "speculation"}


def test_cues_reach_the_teacher_whatever_the_label(model):
    """A sentence the model calls a fact still carries its speculation cues for the teacher to see."""
    suggestion = suggest_sentence(
        "As the political climate evolves, all eyes will be on how these diplomatic dialogues unfold.", model
    )
    assert [(c.text, c.label) for c in suggestion.cues] == [("all eyes will be on", "speculation")]
