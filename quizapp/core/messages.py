"""Messages the core (and the services) write for people: the English text, plus what translates it.

A ``Message`` is a ``str`` (its English text, so callers and tests that compare strings are
unchanged) that also keeps its ``template`` and named ``fields``. The web layer and the command
line pass it to ``quizapp.i18n.say``, which looks the template up in the page's catalog and fills
in the fields, so the core never imports Flask. ``quizapp translate extract`` reads every
``Message("...")`` in the code as a word to translate.
"""

from __future__ import annotations

from collections.abc import Callable


class Message(str):
    """An English message with its gettext template and named fields."""

    template: str
    fields: dict

    def __new__(cls, template: str, **fields) -> Message:
        """Make the message 'template % fields' (the template alone when it has no fields)."""
        message = super().__new__(cls, template % fields if fields else template)
        message.template = template
        message.fields = fields
        return message


def english(message) -> str:
    """Return a message as it is, in English (the default when no translation is asked for)."""
    return str(message)


def translated(message, gettext: Callable[[str], str]) -> str:
    """Return a Message through gettext, its fields first when they are Messages themselves ('the quiz')."""
    template = getattr(message, "template", None)
    if template is None:
        return gettext(str(message)) if message else message
    if not message.fields:
        return gettext(template)
    fields = {
        name: translated(value, gettext) if isinstance(value, Message) else value
        for name, value in message.fields.items()
    }
    return gettext(template) % fields
