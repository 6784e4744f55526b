"""Run the app under a production WSGI server: gunicorn on Linux and macOS, waitress on Windows.

gunicorn runs one worker per core, each with a few threads (gthread). Sync workers measured
fastest here, but a sync worker that accepts a connection blocks reading it: Chrome's speculative
connections, which carry no request for seconds, then stalled the whole server until the 30 s
worker timeout (the browser tests caught it). gthread parks such connections in its poller, and
idle keep-alive connections too, so they cost no thread (gunicorn 25.2 and later).

waitress is the Windows fallback; it collapses when keep-alive connections outnumber its
threads, so it is given a thread per expected connection and a short idle timeout.
"""

from __future__ import annotations

import sys

from flask import Flask

THREADS = 4  # per worker: requests in flight at once; waiting connections need no thread


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
                        "worker_class": "gthread", "threads": THREADS, "accesslog": "-", "keepalive": 2, "timeout": 30}
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            """Return the app."""
            return app

    _Server().run()
