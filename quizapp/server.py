"""Run the app under a production WSGI server: gunicorn on Linux and macOS, waitress on Windows.

gunicorn runs one worker per core, gthread workers with one thread each. A sync worker that
accepts a connection blocks reading it: Chrome's speculative connections, which carry no request
for seconds, then stalled the whole server until the 30 s worker timeout (the browser tests
caught it). gthread parks such connections in its poller, and idle keep-alive connections too,
so they cost no thread (gunicorn 25.2 and later). One thread per worker, not several: on this
2-core machine, bench/load.py measured the question page at 0.31 and the answer at 0.18 of
/healthz's throughput with one thread, against 0.28 and 0.12 with four (the threads of a worker
contend for Python's GIL while each request is CPU-bound). ``--threads`` changes it.

waitress is the Windows fallback; it collapses when keep-alive connections outnumber its
threads, so it is given a thread per expected connection and a short idle timeout.
"""

from __future__ import annotations

import sys

from flask import Flask

THREADS = 1  # per worker: see the module docstring


def run(app: Flask, host: str, port: int, workers: int, threads: int = THREADS) -> None:
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
                        "worker_class": "gthread", "threads": threads, "accesslog": "-", "keepalive": 2, "timeout": 30}
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            """Return the app."""
            return app

    _Server().run()
