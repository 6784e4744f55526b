"""What every kind's answer form shares: the label choices of a quiz version, and the interface."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from ...i18n import lazy_gettext


def label_choices(version) -> list[tuple[str, str]]:
    """Return the version's labels as (key, name) choices, in display order."""
    return [(label["key"], label["name"]) for label in version.labels]


def label_field(message: str = lazy_gettext("Choose one of the labels, then check your answer.")) -> RadioField:
    """Return a required radio field of labels (its choices are set per form)."""
    return RadioField(
        lazy_gettext("What kind of statement is the highlighted passage?"), validators=[InputRequired(message=message)]
    )


class AnswerUI:
    """The web side of one kind: a form builder, the answer it gives, and the partials that show it."""

    kind: str
    title: str  # what teachers' pages call the kind, translated (the core's KINDS[kind].title in English)
    ask: str  # the partial inside the question page's form
    feedback: str  # the partial that explains an answer (feedback page and results review)

    def form(self, item, version) -> FlaskForm:
        """Return the form for one item of a version, bound to the request's data."""
        raise NotImplementedError

    def answer(self, form: FlaskForm) -> dict:
        """Return the answer data of a validated form."""
        raise NotImplementedError
