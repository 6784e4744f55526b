"""Suggest a label for every sentence of an article: reported fact, opinion or speculation.

Two steps. The shipped model (classifier.py) says how likely the sentence is subjective, the
writer's own view rather than something checkable; at a score of 0 or above it is. A subjective
sentence is then split by the cues of its main clause: an obligation (should, must, need to)
makes it an opinion; a hedge, a future marker or a vague source (may, might, could, will,
likely, expected to, "analysts suggest") makes it speculation; evaluative words alone, or no
cue at all, leave it an opinion. Cues in quoted or reported speech do not count ("officials said
the plant may close" reports what someone said), nor do "the will of the people", "students may
leave early" or "Theresa May", which cuefinder.py never marks as modals.

``confidence`` is the calibrated probability that the fact / not-fact call is right: among
suggestions shown at 0.8, about eight in ten were right under grouped cross-validation. The
call is made at a score of 0 (equal weight to both classes, which suits macro-F1), where the
calibrated probability of "subjective" is a little under one half, so a subjective suggestion
near the boundary can show a confidence below 0.5: it is a coin toss, said honestly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .classifier import SubjectivityModel, shared_model
from .cuefinder import Cue, find_cues
from .sentences import Sentence, sentences

LABELS = ("fact", "opinion", "speculation")


@dataclass(frozen=True)
class Suggestion:
    """A suggested label for one sentence, how sure the model is, and the cues behind it."""

    sentence: Sentence
    label: str  # fact, opinion or speculation
    confidence: float  # calibrated probability that the fact / not-fact call is right
    subjective: float  # calibrated probability that the sentence is opinion or speculation
    cues: tuple[Cue, ...]
    deciding: Cue | None  # the main-clause cue that made a subjective sentence opinion or speculation


def split_subjective(cues: Sequence[Cue]) -> tuple[str, Cue | None]:
    """Return opinion or speculation for a subjective sentence, with the main-clause cue that decided."""
    main = [cue for cue in cues if not cue.embedded]
    for cue in main:
        if cue.kind == "obligation":
            return "opinion", cue
    for cue in main:
        if cue.label == "speculation":
            return "speculation", cue
    evaluative = [cue for cue in main if cue.kind == "evaluative" or cue.label == "opinion"]
    return "opinion", evaluative[0] if evaluative else None


def suggest_sentence(sentence: Sentence | str, model: SubjectivityModel | None = None) -> Suggestion:
    """Suggest a label for one sentence (a Sentence from sentences.py, or plain text)."""
    if isinstance(sentence, str):
        sentence = Sentence(sentence, 0, len(sentence), 0)
    model = model or shared_model()
    cues = tuple(find_cues(sentence.text))
    score = model.score(sentence.text)
    subjective = model.head.probability(score)
    if score >= 0:
        label, deciding = split_subjective(cues)
        confidence = subjective
    else:
        label, deciding, confidence = "fact", None, 1.0 - subjective
    return Suggestion(sentence, label, round(confidence, 3), round(subjective, 3), cues, deciding)


def suggest_article(article: str, model: SubjectivityModel | None = None) -> list[Suggestion]:
    """Suggest a label for every sentence of an article, headings left out, in reading order."""
    model = model or shared_model()
    return [suggest_sentence(sentence, model) for sentence in sentences(article)]
