"""Taking a quiz: the list, a question, its feedback, the results and the history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from . import article, attempts, catalog, classes, cues, dates, schedule
from .extensions import db
from .forms import ActionForm, AnswerForm
from .models import Assignment, Attempt, utcnow

bp = Blueprint("quiz", __name__)
ALREADY_ANSWERED = "You already answered this passage. Your first answer is kept."


def _own_attempt(attempt_id: int) -> Attempt:
    """Return the signed-in user's attempt, or 404 (also for someone else's)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


def _question_url(attempt: Attempt, position: int | None) -> str:
    """Return the URL of a question, or of the results when position is None."""
    if position is None:
        return url_for(".results", attempt_id=attempt.id)
    return url_for(".question", attempt_id=attempt.id, position=position)


@bp.get("/")
def index():
    """List assigned quizzes first, then every quiz, with the student's best scores."""
    versions = catalog.current_versions()
    best, unfinished, assigned = {}, set(), []
    if current_user.is_authenticated:
        entries = attempts.history(current_user.id)
        best = attempts.best_percent(entries, key=lambda a: a.version.quiz_id)
        unfinished = attempts.unfinished_quiz_ids(current_user.id)
        assigned = _assigned(entries, {v.quiz_id: v for v in versions})
    closed = attempts.practice_closures()
    return render_template("quiz/index.html", versions=versions, best=best, unfinished=unfinished,
                           assigned=assigned, practice_closed=closed, form=ActionForm())


def _assigned(entries, current: dict) -> list[dict]:
    """Return the signed-in student's assignments with their state, attempts and best score."""
    by_assignment = {}
    for attempt, _ in entries:
        if attempt.assignment_id is not None:
            by_assignment.setdefault(attempt.assignment_id, []).append(attempt)
    best = attempts.best_percent(entries, key=lambda a: a.assignment_id)
    now = utcnow()
    rows = []
    for assignment in classes.assignments_for_student(current_user):
        tried = by_assignment.get(assignment.id, [])
        rows.append({
            "assignment": assignment, "version": current.get(assignment.quiz_id),
            "window": schedule.window(assignment.opens_at, assignment.due_at, now),
            "in_progress": any(a.finished_at is None for a in tried),
            "finished": sum(a.finished_at is not None for a in tried),
            "left": schedule.attempts_left(assignment.max_attempts, len(tried)),
            "best": best.get(assignment.id),
        })
    return rows


@bp.post("/quizzes/<slug>/start")
@login_required
def start(slug: str):
    """Start the quiz for practice, or resume the unfinished practice attempt at it."""
    version = catalog.current_version(slug)
    if version is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    closed = _practice_closed(version.quiz_id)
    if closed:
        flash(closed)
        return redirect(url_for(".index"))
    attempt = attempts.start_or_resume(current_user.id, version)
    return redirect(url_for(".resume", attempt_id=attempt.id))


def _practice_closed(quiz_id: int) -> str | None:
    """Return why the signed-in person may not practise a quiz now, or None (teachers always may)."""
    closure = None if current_user.is_teacher else attempts.practice_closures(quiz_id).get(quiz_id)
    return closure.sentence(dates.format_local(closure.until)) if closure else None


@bp.post("/assignments/<int:assignment_id>/start")
@login_required
def start_assignment(assignment_id: int):
    """Start or resume an assignment of one of the student's classes, within its rules."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or not classes.is_member(current_user, assignment.classroom_id):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    version = catalog.current_version(assignment.quiz.slug)
    if version is None:
        flash("This quiz is no longer available; ask your teacher.")
        return redirect(url_for(".index"))
    try:
        attempt = attempts.start_assignment(current_user.id, assignment, version)
    except attempts.NotAllowed as refusal:
        flash(str(refusal))
        return redirect(url_for(".index"))
    return redirect(url_for(".resume", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
@login_required
def resume(attempt_id: int):
    """Go to the first unanswered passage, or the results."""
    attempt = _own_attempt(attempt_id)
    return redirect(_question_url(attempt, attempts.next_position(attempt)))


@bp.route("/attempts/<int:attempt_id>/passages/<int:position>", methods=["GET", "POST"])
@login_required
def question(attempt_id: int, position: int):
    """Show a passage in context and take the student's label; never shows the answer."""
    # One read decides both checks: read apart, a racing double submit could commit between
    # them and be sent on to the next passage instead of this one's feedback.
    attempt, answered = attempts.with_answers(attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    passage = attempts.passage_at(attempt, position) or abort(404)
    if position in answered:
        if request.method == "POST":
            flash(ALREADY_ANSWERED)
        return redirect(url_for(".feedback", attempt_id=attempt.id, position=position))
    next_position = attempts.next_position(attempt, answered)
    if next_position != position:  # answer in order: no skipping ahead
        return redirect(_question_url(attempt, next_position))
    version = attempts.version_of(attempt)
    form = AnswerForm()
    form.label.choices = [(label["key"], label["name"]) for label in version.labels]
    if request.method == "POST" and attempt.assignment_id is None:
        closed = _practice_closed(version.quiz_id)  # a practice attempt begun before the quiz was assigned
        if closed:
            flash(closed)
            return redirect(url_for(".index"))
    if request.method == "POST" and not attempts.accepting_answers(attempt):
        flash("This assignment is closed: its due date has passed. Your earlier answers are kept.")
        return redirect(url_for(".index"))
    if request.method == "POST" and attempt.assignment_id is not None and not classes.is_member(
            current_user, attempt.assignment.classroom_id):
        flash("You are no longer in this class, so this assignment takes no more answers.")
        return redirect(url_for(".index"))
    if form.validate_on_submit():
        if not attempts.record_answer(attempt, passage, form.label.data):
            flash(ALREADY_ANSWERED)
        # From the URL's values, not attempt.id: after the commit that would reload the attempt,
        # and a failure then would answer 500 for an answer already stored.
        return redirect(url_for(".feedback", attempt_id=attempt_id, position=position))
    return render_template(
        "quiz/question.html", attempt=attempt, version=version, passage=passage, form=form,
        blocks=article.layout(version.article, (passage.start, passage.end)),
    )


@bp.get("/attempts/<int:attempt_id>/passages/<int:position>/feedback")
@login_required
def feedback(attempt_id: int, position: int):
    """Say whether the answer was right, with the right label, the cues and the explanation."""
    attempt = _own_attempt(attempt_id)
    passage = attempts.passage_at(attempt, position) or abort(404)
    response = attempts.response_to(attempt, passage)
    if response is None:
        return redirect(url_for(".question", attempt_id=attempt.id, position=position))
    version = attempts.version_of(attempt)
    next_url = _question_url(attempt, position + 1 if position < version.passage_count else None)
    if not attempts.feedback_now(attempt):
        return render_template("quiz/recorded.html", attempt=attempt, version=version, passage=passage,
                               names=version.label_names(), response=response, next_url=next_url)
    return render_template(
        "quiz/feedback.html", attempt=attempt, version=version, passage=passage, response=response,
        names=version.label_names(), parts=cues.highlight(passage.text, passage.cues), next_url=next_url,
    )


@bp.get("/attempts/<int:attempt_id>/results")
@login_required
def results(attempt_id: int):
    """Show the score, accuracy per label, the confusion matrix and a review of every passage."""
    attempt = _own_attempt(attempt_id)
    if attempt.finished_at is None:
        return redirect(url_for(".resume", attempt_id=attempt.id))
    version = attempt.version
    if not attempts.results_now(attempt):
        return render_template("quiz/results_later.html", attempt=attempt, version=version)
    rows = attempts.review(attempt)
    summary = attempts.summarize(version, [(p.label, r.chosen) for p, r in rows if r is not None])
    review = [(p, r, cues.highlight(p.text, p.cues)) for p, r in rows]
    return render_template("quiz/results.html", attempt=attempt, version=version, summary=summary,
                           review=review, names=version.label_names(), form=ActionForm())


@bp.get("/history")
@login_required
def history():
    """List the student's attempts with scores and accuracy per label over time."""
    entries = [(a, attempts.visible_summary(a, s)) for a, s in attempts.history(current_user.id)]
    columns: dict[str, str] = {}
    for attempt, _ in entries:  # the newest version's name for a label wins
        columns.update(attempt.version.label_names())
    return render_template("quiz/history.html", entries=entries[::-1], columns=columns)
