"""Label the paragraph: one group of radio buttons per sentence, all in one form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from ...i18n import lazy_gettext
from .base import AnswerUI, label_choices


def _form_class(parts: int) -> type[FlaskForm]:
    """Return a form class with one required label field per part (part_1, part_2, ...)."""
    fields = {
        f"part_{n}": RadioField(
            lazy_gettext("Sentence %(number)s", number=n),
            validators=[InputRequired(message=lazy_gettext("Choose a label for sentence %(number)s.", number=n))],
        )
        for n in range(1, parts + 1)
    }
    return type(
        f"ParagraphForm{parts}", (FlaskForm,), {**fields, "submit": SubmitField(lazy_gettext("Check my answers"))}
    )


_CLASSES: dict[int, type[FlaskForm]] = {}


class ParagraphUI(AnswerUI):
    """The form and partials of a paragraph item."""

    kind = "paragraph"
    title = lazy_gettext("Label the paragraph")  # the core's title (core/kinds/), in the page's language
    ask = "quiz/kinds/paragraph.html"
    feedback = "quiz/kinds/paragraph_feedback.html"

    def form(self, item, version) -> FlaskForm:
        """Return the form with a label field per sentence."""
        count = len(item.checked.parts)
        form_class = _CLASSES.setdefault(count, _form_class(count))  # one class per size, made once
        form = form_class()
        choices = label_choices(version)
        for number in range(1, count + 1):
            form[f"part_{number}"].choices = choices
        return form

    def answer(self, form: FlaskForm) -> dict:
        """Return {"labels": [...]}, in the order of the parts."""
        count = sum(1 for name in form.data if name.startswith("part_"))
        return {"labels": [form[f"part_{n}"].data for n in range(1, count + 1)]}


UI = ParagraphUI()
