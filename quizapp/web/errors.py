"""Friendly error pages (400, 404, 413, 429, 500) in the site's layout, instead of Werkzeug's bare ones."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from werkzeug.exceptions import HTTPException

from ..extensions import db

PAGES = (400, 404, 413, 429)


def init_app(app: Flask) -> None:
    """Register a page for each error a visitor can meet."""
    for code in PAGES:
        app.register_error_handler(code, _page)
    app.register_error_handler(500, _server_error)


def _page(error: HTTPException):
    """Render the page for an HTTP error with its status and headers (such as Retry-After)."""
    headers = [(name, value) for name, value in error.get_headers() if name != "Content-Type"]
    return render_template(f"errors/{error.code}.html", error=error), error.code, headers


def _server_error(error: HTTPException):
    """Render the 500 page; if even that fails, answer in plain text."""
    db.session.rollback()  # the page loads the signed-in user: not through a transaction that just failed
    try:
        return render_template("errors/500.html"), 500
    except Exception:  # whatever broke the request (the database, say) may break the layout too
        current_app.logger.exception("the error page could not be rendered")
        return (
            "Something went wrong on our side. Please try again in a moment.\n",
            500,
            {"Content-Type": "text/plain; charset=utf-8"},
        )
