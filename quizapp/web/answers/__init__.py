"""The web side of each kind of item: its answer form and its two template partials.

Each module here matches one module of core/kinds/ and defines ``UI``: ``form(item, version)``
builds the WTForms form for one item, ``answer(form)`` turns a validated form into the answer data
the kind checks and grades, and ``ask`` and ``feedback`` name the partials in templates/quiz/kinds/
that show the question and explain the answer. A new kind adds one module here and its two
partials; ``UIS`` below lists them.
"""

from __future__ import annotations

from . import cues, label, paragraph
from .base import AnswerUI

UIS: dict[str, AnswerUI] = {ui.kind: ui for ui in (label.UI, cues.UI, paragraph.UI)}


def for_item(item) -> AnswerUI:
    """Return the answer form and partials of an item's kind."""
    return UIS[item.kind]
