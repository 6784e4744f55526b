"""Run the app under a production WSGI server: gunicorn on Linux and macOS, waitress on Windows.

gunicorn runs one worker per core, gthread workers with one thread each (quizapp/worker.py's
SpreadWorker: gthread that takes only its share of the connections, so that a classroom's
connections arriving at once spread over every worker). A sync worker that
accepts a connection blocks reading it: Chrome's speculative connections, which carry no request
for seconds, then stalled the whole server until the 30 s worker timeout (the browser tests
caught it). gthread parks such connections in its poller, and idle keep-alive connections too,
so they cost no thread (gunicorn 25.2 and later). One thread per worker, not several: on this
2-core machine, bench/load.py measured the question page at 0.31 and the answer at 0.18 of
/healthz's throughput with one thread, against 0.28 and 0.12 with four (the threads of a worker
contend for Python's GIL while each request is CPU-bound). ``--threads`` changes it.

waitress is the Windows fallback; it collapses when keep-alive connections outnumber its
threads, so it is given a thread per expected connection and a short idle timeout.

Proxy headers are trusted in one place: the app's ``PROXY_FIX_*`` settings, applied by werkzeug's
ProxyFix (security.py). gunicorn would otherwise believe ``X-Forwarded-Proto`` itself from any
loopback client (its default ``forwarded_allow_ips``), so the session cookie's Secure flag followed
a header that ``PROXY_FIX_X_PROTO=0`` says to ignore; it is told to trust no one, and its own
``FORWARDED_ALLOW_IPS`` variable has no effect. waitress trusts no proxy unless told to.
"""

from __future__ import annotations

import sys

from flask import Flask

THREADS = 1  # per worker: see the module docstring


def proxy_trust() -> dict:
    """Return gunicorn's proxy settings: gunicorn believes no forwarded header; PROXY_FIX_* decide alone.

    The answer is the same for every value of ``PROXY_FIX_X_PROTO`` on purpose: with 0 no one may
    set the scheme, and with 1 or more ProxyFix reads the header that many hops back; in neither
    case may gunicorn read it as well (from loopback, or from a Unix socket, which it trusts always).
    """
    return {"forwarded_allow_ips": "", "secure_scheme_headers": {}}


def run(app: Flask, host: str, port: int, workers: int, threads: int = THREADS) -> None:
    """Serve app on host:port until interrupted."""
    if sys.platform == "win32":
        import waitress

        waitress.serve(app, host=host, port=port, threads=64, connection_limit=256, channel_timeout=10)
        return
    from gunicorn.app.base import BaseApplication

    from . import worker

    worker.prepare()  # the table the workers share, made before they fork

    class _Server(BaseApplication):
        """gunicorn serving an app object created here (no import string)."""

        def load_config(self) -> None:
            """Apply our settings."""
            settings = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": workers,
                "worker_class": "quizapp.worker.SpreadWorker",
                "threads": threads,
                "accesslog": "-",
                "keepalive": 2,
                "timeout": 30,
                **proxy_trust(),
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            """Return the app."""
            return app

    _Server().run()
