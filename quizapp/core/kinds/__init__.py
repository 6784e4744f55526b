"""The kinds of item a quiz can ask, one module each, looked up by the item's ``kind:``.

Like CTFd's ``FLAG_CLASSES`` and ``get_flag_class``: ``KINDS`` maps a name to its ``Kind``, and an
item without ``kind:`` is labelled (``label``), so every question file written before kinds existed
reads as it did. A new kind is one module here with a ``KIND`` object, added to ``KINDS`` below,
plus its answer form and template partials on the web side (quizapp/web/answers/).
"""

from __future__ import annotations

from . import cues, label, paragraph
from .base import CUE, FOUND, LABEL, MISSED, PARTIAL, STRAY, AnswerError, Grade, Kind, Part

DEFAULT = label.KIND.name
KINDS: dict[str, Kind] = {kind.name: kind for kind in (label.KIND, cues.KIND, paragraph.KIND)}

__all__ = [
    "CUE",
    "DEFAULT",
    "FOUND",
    "KINDS",
    "LABEL",
    "MISSED",
    "PARTIAL",
    "STRAY",
    "AnswerError",
    "Grade",
    "Kind",
    "Part",
    "get_kind",
]


def get_kind(name: str | None) -> Kind | None:
    """Return the kind called name (the default for None), or None if there is no such kind."""
    return KINDS.get(name or DEFAULT)
