"""Label the passage: one group of radio buttons, one per label."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField

from ...i18n import lazy_gettext
from .base import AnswerUI, label_choices, label_field


class LabelForm(FlaskForm):
    """Choose a label for the highlighted passage; the choices come from the quiz version."""

    label = label_field()
    submit = SubmitField(lazy_gettext("Check my answer"))


class LabelUI(AnswerUI):
    """The form and partials of a label item."""

    kind = "label"
    title = lazy_gettext("Label the passage")  # the core's title (core/kinds/), in the page's language
    ask = "quiz/kinds/label.html"
    feedback = "quiz/kinds/label_feedback.html"

    def form(self, item, version) -> LabelForm:
        """Return the form with the version's labels as choices."""
        form = LabelForm()
        form.label.choices = label_choices(version)
        return form

    def answer(self, form: LabelForm) -> dict:
        """Return {"label": ...}."""
        return {"label": form.label.data}


UI = LabelUI()
