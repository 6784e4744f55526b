"""The language menu on every page: a small form that saves the choice, then goes back where it was.

A signed-in person's choice is saved on the account (``User.language``), so it follows them to
another computer; an anonymous browser's is kept in a cookie for a year. Without JavaScript the
menu is a select and a button; the redirect back goes only to a path on this site (redirects.py).
"""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user

from ..core.redirects import safe_path
from ..extensions import db
from ..i18n import COOKIE, COOKIE_DAYS
from .forms import LanguageForm

bp = Blueprint("language", __name__)


@bp.post("/language")
def choose():
    """Save the chosen language for this person or browser, then go back to the page they were on."""
    form = LanguageForm()
    back = safe_path(request.form.get("next")) or url_for("quiz.index")
    response = redirect(back)
    if form.validate_on_submit():
        code = form.language.data
        if current_user.is_authenticated:
            current_user.language = code
            db.session.commit()
        response.set_cookie(
            COOKIE, code, max_age=COOKIE_DAYS * 24 * 3600, httponly=True, samesite="Lax", secure=request.is_secure
        )
    return response
