"""Mastery practice: start a session, answer the item drawn, see feedback and progress per label."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField

from .. import catalog, disputes, mastery_practice
from ..core import article, rules
from ..core.kinds import AnswerError
from ..extensions import db
from ..i18n import gettext as _
from ..models import Item, PracticeAnswer, PracticeSession, utcnow
from . import answers
from .disputes import DisputeForm

bp = Blueprint("practice", __name__, url_prefix="/practice")


class StartForm(FlaskForm):
    """Start (or resume) mastery practice, optionally of one label ("practise speculation")."""

    focus = HiddenField()


def _own(session_id: int) -> PracticeSession:
    """Return the signed-in user's session, or 404 (also for someone else's)."""
    session = db.session.get(PracticeSession, session_id)
    if session is None or session.user_id != current_user.id:
        abort(404)
    return session


def _names() -> dict[str, str]:
    """Return label key to name over every current quiz (the newest name wins)."""
    names = catalog.default_label_names()
    for version in catalog.current_versions():
        names.update(version.label_names())
    return names


@bp.post("")
@login_required
def start():
    """Start mastery practice, or resume the unfinished session."""
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    session = mastery_practice.start(current_user, (form.focus.data or "").strip() or None)
    return redirect(url_for(".ask", session_id=session.id))


@bp.get("/<int:session_id>")
@login_required
def ask(session_id: int):
    """Show the item drawn for the session, or the end of the session."""
    session = _own(session_id)
    item = mastery_practice.current(current_user, session)
    if item is None:
        return _finished(session)
    return _question(session, item, answers.for_item(item).form(item, catalog.version(item.version_id)))


def _question(session: PracticeSession, item, form, status: int = 200):
    """Render the question page of a session's current item."""
    version = catalog.version(item.version_id)
    _, current, _ = article.around_mark(article.layout(version.article, (item.start, item.end)))
    done = mastery_practice.answers(session)
    return (
        render_template(
            "practice/question.html",
            session=session,
            item=item,
            version=version,
            form=form,
            block=current,
            step=len(done) + 1,
            progress=mastery_practice.progress(session),
            names=_names(),
        ),
        status,
    )


def _finished(session: PracticeSession):
    """Render the end of a session: how each label went."""
    return render_template(
        "practice/done.html",
        session=session,
        progress=mastery_practice.progress(session),
        asked=len(mastery_practice.answers(session)),
        names=_names(),
        form=StartForm(),
    )


@bp.post("/<int:session_id>/steps/<int:step>")
@login_required
def answer(session_id: int, step: int):
    """Take the answer to a step once; a replayed or late answer goes to that step's feedback."""
    session = _own(session_id)
    done = mastery_practice.answers(session)
    item = mastery_practice.current(current_user, session)
    next_step = len(done) + 1 if item is not None else None
    situation = rules.Situation(rules.MASTERY, utcnow(), finished=session.finished_at is not None)
    refusal = rules.mode(rules.MASTERY).answer_refusal(situation, step, set(range(1, len(done) + 1)), next_step)
    if refusal == rules.ANSWERED:  # a replayed or double-clicked answer: the first is kept
        return redirect(url_for(".feedback", session_id=session.id, step=step))
    if refusal is not None:
        return redirect(url_for(".ask", session_id=session.id))
    ui = answers.for_item(item)
    form = ui.form(item, catalog.version(item.version_id))
    if not form.validate_on_submit():
        return _question(session, item, form, 400 if form.csrf_token.errors else 200)
    try:
        # None when another tab or a double click answered first: that answer's feedback shows.
        mastery_practice.record(current_user, session, step, item, ui.answer(form))
    except AnswerError:  # the form checked its choices, so only a forged request gets here
        abort(400)
    return redirect(url_for(".feedback", session_id=session_id, step=step))


@bp.get("/<int:session_id>/steps/<int:step>/feedback")
@login_required
def feedback(session_id: int, step: int):
    """Say how an answer did, with the cues and the explanation, and the progress so far."""
    session = _own(session_id)
    row = db.session.scalar(
        db.select(PracticeAnswer).where(PracticeAnswer.session_id == session.id, PracticeAnswer.step == step)
    )
    if row is None:
        return redirect(url_for(".ask", session_id=session.id))
    version_id = db.session.get(Item, row.item_id).version_id
    item = next(i for i in catalog.version(version_id).items if i.id == row.item_id)  # the cached copy
    grade = item.rules.grade(item.checked, item.text, row.answer)
    return render_template(
        "practice/feedback.html",
        session=session,
        item=item,
        version=catalog.version(item.version_id),
        grade=grade,
        verdict=_("Correct!") if grade.correct else _("Not quite."),
        ui=answers.for_item(item),
        step=step,
        progress=mastery_practice.progress(session),
        names=_names(),
        finished=session.finished_at is not None,
        dispute=disputes.of_practice(row),
        dispute_form=DisputeForm() if disputes.can_dispute(item, row) else None,
    )
