"""Disputes: a student challenges an answer from its feedback; teachers answer them in a queue."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from .. import attempts, disputes
from ..extensions import db
from ..i18n import gettext as _
from ..i18n import lazy_gettext, ngettext
from ..models import Attempt, Dispute, Item, PracticeAnswer, PracticeSession

bp = Blueprint("disputes", __name__)


class DisputeForm(FlaskForm):
    """Say why the answer given should count."""

    reason = TextAreaField(
        lazy_gettext("Do you think your answer should count? Say why."),
        validators=[
            InputRequired(message=lazy_gettext("Write why you think your answer should count.")),
            Length(max=disputes.MAX_REASON, message=lazy_gettext("Write at most 500 characters.")),
        ],
    )
    submit = SubmitField(lazy_gettext("Send to my teacher"))


class ReplyForm(FlaskForm):
    """A teacher's reply to a dispute, and what to do with it."""

    reply = TextAreaField(
        lazy_gettext("Reply to the student"),
        validators=[Optional(), Length(max=disputes.MAX_REPLY, message=lazy_gettext("At most 1,000 characters."))],
    )
    send = SubmitField(lazy_gettext("Reply"))
    accept = SubmitField(lazy_gettext("Accept this label for everyone"))
    decline = SubmitField(lazy_gettext("Decline"))


@bp.post("/attempts/<int:attempt_id>/passages/<int:position>/dispute")
@login_required
def open_dispute(attempt_id: int, position: int):
    """Store a student's challenge of their answer to an item whose feedback they have seen."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    item = attempts.item_at(attempt, position) or abort(404)
    response = attempts.response_to(attempt, item)
    # After the answer's own feedback, or on the results when the right answers show only there.
    shown = attempts.feedback_now(attempt) or (attempt.finished_at is not None and attempts.results_now(attempt))
    back = (
        url_for("quiz.feedback", attempt_id=attempt_id, position=position)
        if attempts.feedback_now(attempt)
        else url_for("quiz.results", attempt_id=attempt_id)
    )
    if response is None or not shown or not disputes.can_dispute(item, response):
        return redirect(back)
    return _store(item, response, back)


@bp.post("/practice/<int:session_id>/steps/<int:step>/dispute")
@login_required
def open_practice_dispute(session_id: int, step: int):
    """Store a student's challenge of a mastery practice answer, whose feedback always shows."""
    session = db.session.get(PracticeSession, session_id)
    if session is None or session.user_id != current_user.id:
        abort(404)
    row = db.session.scalar(
        select(PracticeAnswer).where(PracticeAnswer.session_id == session.id, PracticeAnswer.step == step)
    )
    back = url_for("practice.feedback", session_id=session_id, step=step)
    if row is None:
        return redirect(back)
    item = db.session.get(Item, row.item_id)
    if not disputes.can_dispute(item, row):
        return redirect(back)
    return _store(item, row, back)


def _store(item, answer, back: str):
    """Validate the challenge form and store the challenge of an answer; back to where it was sent from."""
    form = DisputeForm()
    if not form.validate_on_submit():
        flash(
            " ".join(str(error) for error in form.reason.errors) or _("Write why you think your answer should count.")
        )
        return redirect(back)
    if disputes.open_dispute(current_user, item, answer, form.reason.data) is None:
        flash(_("You already sent this answer to your teacher."))
    else:
        flash(_("Sent. Your teacher's reply will show here, on your results and in your history."))
    return redirect(back)


@bp.get("/teacher/disputes")
@login_required
def queue():
    """List the disputes this teacher sees, grouped per item, with the answers her classes gave."""
    if not current_user.is_teacher:
        abort(403)
    return render_template("teacher/disputes.html", groups=disputes.queue(current_user), form=ReplyForm())


@bp.post("/teacher/disputes/<int:dispute_id>")
@login_required
def answer(dispute_id: int):
    """Reply to, accept or decline a dispute."""
    if not current_user.is_teacher:
        abort(403)
    dispute = db.session.get(Dispute, dispute_id)
    if dispute is None or not disputes.may_handle(current_user, dispute):
        abort(404)
    form = ReplyForm()
    if not form.validate_on_submit():
        flash(" ".join(str(error) for error in form.reply.errors) or _("Write a reply, or accept or decline."))
        return redirect(url_for(".queue"))
    action = disputes.ACCEPT if form.accept.data else disputes.DECLINE if form.decline.data else disputes.REPLY
    if action == disputes.REPLY and not (form.reply.data or "").strip():
        flash(_("Write a reply first."))
        return redirect(url_for(".queue"))
    changed = disputes.answer(current_user, dispute, action, form.reply.data or "")
    if action == disputes.ACCEPT:
        flash(
            ngettext(
                "Accepted. %(num)d answer now counts as right, in every class.",
                "Accepted. %(num)d answers now count as right, in every class.",
                changed,
            )
        )
    else:
        flash(_("Your reply is saved; the student sees it on their results and history."))
    return redirect(url_for(".queue", _anchor=f"item-{dispute.item_id}"))
