"""A person's own account: who they are, their classes; password, log out everywhere, their data, deleting it."""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import accounts, personal_data, sessions
from ..extensions import db
from ..i18n import gettext as _
from ..i18n import say
from ..models import Classroom, Membership
from .forms import ActionForm, ChangePasswordForm, DeleteAccountForm

bp = Blueprint("account", __name__, url_prefix="/account")


def classes_of(user) -> list[Classroom]:
    """Return the classes a student is in (not removed from) or a teacher teaches, by name, in one query."""
    if user.is_teacher:
        query = select(Classroom).where(Classroom.teacher_id == user.id)
    else:
        query = (
            select(Classroom)
            .join(Membership, Membership.classroom_id == Classroom.id)
            .where(Membership.user_id == user.id, Membership.removed_at.is_(None))
        )
    return list(
        db.session.scalars(query.order_by(Classroom.name, Classroom.id).options(selectinload(Classroom.teacher)))
    )


def _page(password_form: ChangePasswordForm | None = None):
    """Render the account page."""
    return render_template(
        "account/index.html",
        password_form=password_form or ChangePasswordForm(),
        action=ActionForm(),
        classrooms=classes_of(current_user),
    )


@bp.get("", strict_slashes=False)
@login_required
def show():
    """Show the account: username, name, classes, password change, log out everywhere, data download and deletion."""
    return _page()


@bp.post("/password")
@login_required
def change_password():
    """Change one's own password; every other browser signed in to the account is logged out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except accounts.AccountError as error:
            form.current.errors.append(say(error.args[0]))
        else:
            flash(
                _(
                    "Your password is changed. Any other computer or phone that was logged in to your account "
                    "is logged out."
                )
            )
            return redirect(url_for(".show"))
    return _page(form)


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    """End every session of the account, on every computer and phone, this one included."""
    if ActionForm().validate_on_submit():
        sessions.end_all(current_user)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You are logged out everywhere: on this computer and any other that was logged in to your account."))
    return redirect(url_for("quiz.index"))


@bp.get("/data.<any(json, csv):kind>")
@login_required
def download(kind: str):
    """Download everything the app keeps about the signed-in person, as JSON or CSV."""
    data = personal_data.collect(current_user)
    text = personal_data.as_json(data) if kind == "json" else personal_data.as_csv(data)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", current_user.username)  # goes into a header: nothing smuggled
    name = f"{safe}-data-{date.today().isoformat()}.{kind}"
    mimetype = "application/json" if kind == "json" else "text/csv"
    return Response(
        text.encode("utf-8"),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    """Ask, then delete the account with all its attempts and answers."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            try:
                accounts.delete_account(current_user)
            except accounts.AccountError as error:
                form.form_errors.append(say(error.args[0]))
            else:
                logout_user()
                session.clear()
                flash(_("Your account and all your answers are deleted."))
                return redirect(url_for("quiz.index"))
    return render_template("account/delete.html", form=form)
