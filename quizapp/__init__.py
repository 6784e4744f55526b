"""A media-literacy quiz app: label passages of news articles as fact, opinion or speculation."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported inside create_app, so that importing quizapp.core never loads Flask
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app: config, extensions, blueprints and CLI, nothing else."""
    from flask import Flask

    from . import cli, config, database, dates, i18n
    from .config import bundled
    from .extensions import csrf, login_manager
    from .web import account, auth, author, errors, health, language, quiz, security, teacher

    app = Flask(
        __name__,
        instance_path=os.environ.get("QUIZAPP_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(bundled("templates")),
        static_folder=str(bundled("static")),
    )
    config.load(app, test_config)
    database.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    dates.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(quiz.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(teacher.bp)
    app.register_blueprint(language.bp)
    app.register_blueprint(author.bp)
    cli.init_app(app)
    return app
