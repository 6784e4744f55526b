"""Translation seam: Flask-Babel set up once; views and forms mark their words with these functions.

Templates use `_()`, `gettext()` and `ngettext()` (Flask-Babel installs Jinja's i18n extension);
Python code imports `gettext`, `ngettext` and `lazy_gettext` from here, never from flask_babel,
so that the choice of locale and the catalogs stay in this one module. The pure core
(quizapp/core/) never translates: it returns codes or messages with named fields that the web
layer passes through these functions.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel, gettext, lazy_gettext, ngettext

__all__ = ["gettext", "init_app", "lazy_gettext", "ngettext"]

babel = Babel()


def select_locale() -> str:
    """Return the locale of this request (English until the language issue adds the others)."""
    return "en"


def init_app(app: Flask) -> None:
    """Attach Flask-Babel to the app with this module's locale choice."""
    babel.init_app(app, locale_selector=select_locale)
