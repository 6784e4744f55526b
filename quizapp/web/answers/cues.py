"""Mark the cues: a checkbox per word of the passage (and, if the item asks, the label first).

Without JavaScript the words are a list of checkboxes; static/cues.js turns them into words in the
passage itself that a click, or Space with the arrow keys, marks.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, SubmitField
from wtforms.validators import InputRequired

from ...i18n import lazy_gettext
from .base import AnswerUI, label_choices, label_field


class CuesForm(FlaskForm):
    """Mark the words that give the label away; the label too when the item asks for it."""

    label = label_field()
    words = SelectMultipleField(
        lazy_gettext("Mark the words that give it away"),
        coerce=int,
        validators=[InputRequired(message=lazy_gettext("Mark at least one word, then check your answer."))],
    )
    submit = SubmitField(lazy_gettext("Check my answer"))


class CuesUI(AnswerUI):
    """The form and partials of a mark-the-cues item."""

    kind = "cues"
    title = lazy_gettext("Mark the cues")  # the core's title (core/kinds/), in the page's language
    ask = "quiz/kinds/cues.html"
    feedback = "quiz/kinds/cues_feedback.html"

    def form(self, item, version) -> CuesForm:
        """Return the form with one choice per word, and the label field only if the item asks for it."""
        form = CuesForm()
        spec = item.checked
        form.words.choices = [(index, item.text[start:end]) for index, (start, end) in enumerate(spec.words)]
        if spec.ask_label:
            form.label.choices = label_choices(version)
        else:
            del form.label
        return form

    def answer(self, form: CuesForm) -> dict:
        """Return {"words": [...]} and, if asked, the label."""
        data = {"words": list(form.words.data or [])}
        if "label" in form:
            data["label"] = form.label.data
        return data


UI = CuesUI()
