"""A health check for load balancers and the load test: no session, no database."""

from flask import Blueprint

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 'ok' without touching the database."""
    return "ok\n", 200, {"Content-Type": "text/plain", "Cache-Control": "no-store"}
