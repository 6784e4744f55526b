"""Configuration: defaults, the instance config file, and QUIZAPP_* environment overrides.

Nothing here runs at import. Order of precedence, lowest first: the defaults below,
``instance/config.py``, ``QUIZAPP_*`` environment variables (``QUIZAPP_SECRET_KEY``,
``QUIZAPP_QUESTIONS_DIR``...), then ``DATABASE_URL``. Tests pass ``test_config`` instead of
reading the instance folder and the environment.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from flask import Flask

from .core.sources import PACKAGE, bundled  # noqa: F401 - where bundled files live, one rule for the app and the core

SECRET_KEY_FILE = "secret_key"


def defaults(instance_path: str) -> dict:
    """Return the default settings for an app whose instance folder is instance_path."""
    return {
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(instance_path) / 'quizapp.sqlite'}",
        "QUESTIONS_DIR": str(bundled("questions")),
        "MAX_CONTENT_LENGTH": 64 * 1024,  # forms here are small; refuse large bodies early
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": None,  # None: Secure exactly when the request came over HTTPS (security.py)
        # How many proxies in front of the app set each X-Forwarded-* header; 0 trusts none (werkzeug ProxyFix).
        "PROXY_FIX_X_FOR": 0,
        "PROXY_FIX_X_PROTO": 0,
        "PROXY_FIX_X_HOST": 0,
        "PROXY_FIX_X_PORT": 0,
        "PROXY_FIX_X_PREFIX": 0,
        # Abuse limits (throttle.py; the README's Configuration table explains each); 0 turns a limit off.
        # One address can make at most 20 failures an hour for one account, below the account's ceiling
        # of 30, so an attacker at one address never slows the owner at another.
        "LOGIN_FAILURES_PER_ACCOUNT_ADDRESS": 10,  # one username from one address, per LOGIN_FAILURE_WINDOW
        "LOGIN_FAILURES_PER_ADDRESS": 30,  # one address, any usernames, per LOGIN_FAILURE_WINDOW
        "LOGIN_FAILURE_WINDOW": 30 * 60,
        "LOGIN_FAILURES_PER_ACCOUNT": 30,  # one username from anywhere, per LOGIN_ACCOUNT_WINDOW: then slowed
        "LOGIN_ACCOUNT_WINDOW": 60 * 60,
        "LOGIN_SLOW_SECONDS": 5 * 60,  # above that ceiling, one try per this many seconds (known browsers exempt)
        "SIGNUPS_PER_ADDRESS": 50,
        "SIGNUP_WINDOW": 60 * 60,  # accounts made (sign-up or join) from one address
        "JOIN_FAILURES_PER_ACCOUNT": 10,
        "JOIN_FAILURES_PER_ADDRESS": 30,
        "JOIN_FAILURE_WINDOW": 15 * 60,
        "SESSION_DAYS": 30,  # a sign-in lasts at most this long (sessions.py)
        "WTF_CSRF_TIME_LIMIT": None,  # a lesson can outlast the default hour; the token is per session
        "LANGUAGE": "en",  # pages' language when neither the person nor the browser chose one (i18n.py)
        "PUBLIC_URL": None,  # the app's address as students type it, for login cards (addresses.py)
    }


def load(app: Flask, test_config: dict | None) -> None:
    """Fill app.config from defaults, the instance file, the environment or test_config."""
    app.config.from_mapping(defaults(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    else:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("QUIZAPP")
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def normalize_database_url(url: str) -> str:
    """Return url with PostgreSQL schemes (as hosts hand them out) pointed at psycopg 3."""
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def engine_options(url: str) -> dict:
    """Return SQLAlchemy engine options for a database URL."""
    if url.startswith("postgresql"):
        # A server restart or an idle timeout in a proxy kills pooled connections silently;
        # a ping on checkout replaces them instead of failing the next student's request.
        return {"pool_pre_ping": True}
    return {}


def instance_secret_key(instance: Path) -> str:
    """Return the secret key kept in the instance folder, generating it once with a warning."""
    path = instance / SECRET_KEY_FILE
    if path.is_file():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    print(
        f"quizapp: no QUIZAPP_SECRET_KEY set; generated one in {path}. Several app servers "
        "must share one key: set QUIZAPP_SECRET_KEY in production.",
        file=sys.stderr,
    )
    return key
