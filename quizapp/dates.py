"""Dates as teachers see them: entered and shown in the school's time zone, stored in UTC.

The zone is the ``TIMEZONE`` setting (an IANA name such as ``Europe/London``); by default, the
zone of the computer the app runs on, which on a classroom laptop is the classroom's.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from .i18n import datetime_text


def init_app(app: Flask) -> None:
    """Register the 'local' date filter for templates."""
    app.add_template_filter(format_local, "local")


def zone() -> tzinfo:
    """Return the configured time zone."""
    name = current_app.config.get("TIMEZONE")
    return ZoneInfo(name) if name else datetime.now().astimezone().tzinfo


def to_utc(local: datetime | None) -> datetime | None:
    """Convert a naive local date-time typed by a teacher to naive UTC for storage."""
    if local is None:
        return None
    return local.replace(tzinfo=zone()).astimezone(UTC).replace(tzinfo=None)


def to_local(stored: datetime | None) -> datetime | None:
    """Convert a stored naive UTC date-time to naive local time, for forms."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC).astimezone(zone()).replace(tzinfo=None)


def format_local(stored: datetime | None, with_year: bool = True) -> str:
    """Format a stored UTC date-time in local time, as 'Mon 01 Dec 2026, 09:00' in the page's language."""
    if stored is None:
        return ""
    return datetime_text(to_local(stored), with_year)
