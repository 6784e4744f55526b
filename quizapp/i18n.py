"""Translation seam: Flask-Babel set up once; views and forms mark their words with these functions.

Templates use `_()`, `gettext()` and `ngettext()` (Flask-Babel installs Jinja's i18n extension);
Python code imports `gettext`, `ngettext` and `lazy_gettext` from here, never from flask_babel,
so that the choice of locale and the catalogs stay in this one module. The pure core
(quizapp/core/) never translates: it returns codes or messages with named fields that the web
layer passes through these functions.

The page's language is, in order: the person's saved choice (``User.language``, set in the
language menu), else the choice an anonymous browser made in that menu (a cookie), else the best
match of the browser's ``Accept-Language``, else the ``LANGUAGE`` setting (``QUIZAPP_LANGUAGE``).
Adding a language is one catalog (``quizapp translate init CODE``) and one entry in ``LANGUAGES``.
"""

from __future__ import annotations

import os
from datetime import datetime

from babel import Locale
from babel.dates import format_datetime
from flask import Flask, current_app, has_request_context, request
from flask_babel import Babel, format_decimal, format_percent, get_locale, gettext, lazy_gettext, ngettext

from .core.messages import translated

__all__ = [
    "LANGUAGES",
    "datetime_text",
    "day_text",
    "gettext",
    "init_app",
    "language",
    "lazy_gettext",
    "ngettext",
    "number",
    "percent",
    "say",
]

# Every language the interface speaks: its code and its name in itself, as the menu lists it. The
# text direction comes from Babel's locale data, so a right-to-left language needs nothing more here.
LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT = "en"
COOKIE = "quizapp_language"  # an anonymous browser's choice in the menu
COOKIE_DAYS = 365

babel = Babel()


def configured_default() -> str:
    """Return the app's default language (the LANGUAGE setting), English when it names none we know."""
    code = (current_app.config.get("LANGUAGE") or DEFAULT).strip().lower()
    return code if code in LANGUAGES else DEFAULT


def known(code: str | None) -> str | None:
    """Return code if it is a language of the interface, else None."""
    return code if code in LANGUAGES else None


def select_locale() -> str:
    """Return the language of this request: saved choice, cookie, Accept-Language, then the setting."""
    if has_request_context():
        from flask_login import current_user

        user = current_user._get_current_object() if current_user else None
        chosen = getattr(user, "language", None) if user is not None and user.is_authenticated else None
        best = (
            known(chosen) or known(request.cookies.get(COOKIE)) or request.accept_languages.best_match(LANGUAGES.keys())
        )
        if best:
            return best
        return configured_default()
    return command_line_language()


def command_line_language() -> str:
    """Return the language of the command line: QUIZAPP_LANGUAGE, else LANG (as 'es_MX.UTF-8'), else English."""
    for value in (os.environ.get("QUIZAPP_LANGUAGE"), os.environ.get("LANG")):
        code = (value or "").split(".")[0].split("_")[0].split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT


def command_line_say():
    """Return a function that says a core Message in the command line's language (no app needed)."""
    from pathlib import Path

    from babel.support import Translations

    translations = Translations.load(str(Path(__file__).parent / "translations"), [command_line_language()])

    return lambda message: translated(message, translations.gettext)


def language() -> str:
    """Return the code of the language this page is shown in."""
    return str(get_locale() or DEFAULT)


def direction(code: str | None = None) -> str:
    """Return 'rtl' or 'ltr' for a language (this page's by default), from Babel's locale data."""
    return Locale.parse(code or language()).text_direction


def number(value: float | int) -> str:
    """Return a number written as this page's language writes it (1,234.5 or 1234,5)."""
    return format_decimal(value)


def percent(share: float | None) -> str:
    """Return a share from 0 to 1 as a whole percentage in this page's language ('75%', '75 %'), '–' for none."""
    if share is None:
        return "–"
    return format_percent(share)


def datetime_text(local: datetime, with_year: bool = True) -> str:
    """Return a local date-time as 'Mon 01 Dec 2026, 09:00' in this page's language (day and month names)."""
    pattern = "EEE dd MMM y, HH:mm" if with_year else "EEE dd MMM, HH:mm"
    # A naive date-time is taken as it is: it is already in the school's zone (dates.py).
    return format_datetime(local, pattern, locale=get_locale() or DEFAULT)


def day_text(local: datetime) -> str:
    """Return a day as a chart's axis writes it: '1 Dec' ('1 dic'), in this page's language."""
    return format_datetime(local, "d MMM", locale=get_locale() or DEFAULT)


def say(message) -> str:
    """Return a message of the core or a service in this page's language (a core Message, or plain text)."""
    from flask_babel import get_translations

    return translated(message, get_translations().gettext)


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with this module's locale choice, and give templates the language and formats."""
    app.config.setdefault("LANGUAGE", DEFAULT)
    babel.init_app(app, locale_selector=select_locale)
    app.add_template_filter(number, "number")
    app.add_template_filter(percent, "percent")

    @app.context_processor
    def _language() -> dict:
        """Give every template the page's language, its direction and the menu's choices."""
        return {"page_language": language(), "page_direction": direction(), "languages": LANGUAGES}
