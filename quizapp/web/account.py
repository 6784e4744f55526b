"""The signed-in person's account page: their username, their name and their classes."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Classroom, Membership

bp = Blueprint("account", __name__)


def classes_of(user) -> list[Classroom]:
    """Return the classes a student is in (not removed from) or a teacher teaches, by name, in one query."""
    if user.is_teacher:
        query = select(Classroom).where(Classroom.teacher_id == user.id)
    else:
        query = (select(Classroom).join(Membership, Membership.classroom_id == Classroom.id)
                 .where(Membership.user_id == user.id, Membership.removed_at.is_(None)))
    return list(db.session.scalars(query.order_by(Classroom.name, Classroom.id).options(selectinload(Classroom.teacher))))


@bp.get("/account")
@login_required
def show():
    """Show the username to log in with, the name teachers see and the classes."""
    return render_template("account/show.html", classrooms=classes_of(current_user))
