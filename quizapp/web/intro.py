"""The "why this matters" start: what the three labels are and why telling them apart is worth learning.

Its own small blueprint, so the quiz pages only link to it: the quiz list shows the link to
anyone who has not started a quiz yet, and the page is open to everyone, signed in or not.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from .. import catalog

bp = Blueprint("intro", __name__)


@bp.get("/why")
def why():
    """Show the three labels with an example each, and what Pew found grown-ups get wrong."""
    # The folder's label names; the template falls back to the default names, translated, when it has none.
    names = catalog.default_label_names()
    return render_template("intro/why.html", names=names)
