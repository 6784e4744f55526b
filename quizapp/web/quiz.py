"""Taking a quiz: the list, a question, its feedback, the results and the history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import attempts, catalog, classes, dates
from ..core import article, charts, cuefinder, cues, provenance, rules, schedule
from ..core.kinds import AnswerError
from ..core.kinds.cues import word_states
from ..extensions import db
from ..i18n import day_text, lazy_gettext, ngettext, percent
from ..i18n import gettext as _
from ..models import Assignment, Attempt, utcnow
from . import answers, sources
from .forms import ActionForm

bp = Blueprint("quiz", __name__)
ALREADY_ANSWERED = lazy_gettext("You already answered this question. Your first answer is kept.")
# What the rules' reasons (core/rules.py) mean to a student.
REFUSALS = {
    rules.ANSWERED: ALREADY_ANSWERED,
    rules.CLOSED: lazy_gettext("This assignment is closed: its due date has passed. Your earlier answers are kept."),
    rules.NOT_MEMBER: lazy_gettext("You are no longer in this class, so this assignment takes no more answers."),
    rules.CLASS_CLOSED: lazy_gettext("Your teacher has closed this class, so its assignments take no more answers."),
    rules.UNASSIGNED: lazy_gettext(
        "Your teacher has taken this quiz off your class's list, so it takes no more answers."
    ),
    rules.NOT_OPEN: lazy_gettext("This assignment is not open yet."),
}


# Starting an attempt is refused before any answer: the closed assignment's "earlier answers" may be none.
START_REFUSALS = {rules.CLOSED: lazy_gettext("This assignment is closed: its due date has passed.")}


@bp.app_template_global()
def highlight(text: str, cue_list) -> list:
    """Return text cut into segments with its cues marked (for templates)."""
    return cues.highlight(text, cue_list)


bp.add_app_template_global(cues.in_reading_order, "reading_order")
bp.add_app_template_global(word_states, "word_states")
bp.add_app_template_global(cuefinder.cues_for, "found_cues")  # for an item whose file lists no cues


def verdict(grade) -> str:
    """Return the heading of an answer's feedback: right, partly right, or not."""
    if grade.correct:
        return _("Correct!")
    if grade.score > 0:
        return _("Partly right: %(percent)s", percent=percent(grade.score))
    return _("Not quite.")


def _own_attempt(attempt_id: int) -> Attempt:
    """Return the signed-in user's attempt, or 404 (also for someone else's)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


def _question_url(attempt: Attempt | int, position: int | None) -> str:
    """Return the URL of a question, opened at its passage, or of the results when position is None."""
    attempt_id = attempt if isinstance(attempt, int) else attempt.id
    if position is None:
        return url_for(".results", attempt_id=attempt_id)
    # #current opens the page at the highlighted passage, with the answer right after it.
    return url_for(".question", attempt_id=attempt_id, position=position, _anchor="current")


@bp.app_template_filter("describe_source")
def _describe_source(source: provenance.Source) -> tuple[provenance.Part, ...]:
    """Say where an article comes from, in plain words, in the page's language (see web/sources.py)."""
    return sources.describe(source)


LATER = {
    schedule.END: lazy_gettext("Your teacher shows the right answers when you finish the quiz."),
    schedule.AFTER_DUE: lazy_gettext("Your teacher shows the right answers and your score after the due date."),
}


STUDENT_MODES = {
    schedule.EACH: lazy_gettext("after each answer"),
    schedule.END: lazy_gettext("when you finish"),
    schedule.AFTER_DUE: lazy_gettext("after the due date"),
}


@bp.get("/")
def index():
    """List assigned quizzes first, then every quiz, with the student's best scores and progress."""
    versions = catalog.current_versions()
    best, progress, assigned = {}, {}, []
    if current_user.is_authenticated:
        entries = attempts.history(current_user.id)
        best = attempts.best_percent(entries, key=lambda a: a.version.quiz_id)
        # How far each unfinished practice attempt got, as (answered, passages) of its own version.
        progress = {
            a.version.quiz_id: (s.answered, s.total)
            for a, s in entries
            if a.finished_at is None and a.assignment_id is None
        }
        assigned = _assigned(entries, {v.quiz_id: v for v in versions})
    closed = attempts.practice_closures()
    return render_template(
        "quiz/index.html",
        versions=versions,
        best=best,
        progress=progress,
        assigned=assigned,
        practice_closed=closed,
        modes=STUDENT_MODES,
        form=ActionForm(),
    )


def _assigned(entries, current: dict) -> list[dict]:
    """Return the signed-in student's assignments with their state, attempts, progress and best score."""
    by_assignment = {}
    for attempt, summary in entries:
        if attempt.assignment_id is not None:
            by_assignment.setdefault(attempt.assignment_id, []).append((attempt, summary))
    best = attempts.best_percent(entries, key=lambda a: a.assignment_id)
    now = utcnow()
    rows = []
    for assignment in classes.assignments_for_student(current_user):
        tried = by_assignment.get(assignment.id, [])
        open_attempt = next(((a, s) for a, s in tried if a.finished_at is None), None)
        rows.append(
            {
                "assignment": assignment,
                "version": current.get(assignment.quiz_id),
                "window": schedule.window(assignment.opens_at, assignment.due_at, now),
                "in_progress": open_attempt is not None,
                "progress": (open_attempt[1].answered, open_attempt[1].total) if open_attempt else None,
                "finished": sum(a.finished_at is not None for a, _ in tried),
                "left": schedule.attempts_left(assignment.max_attempts, len(tried)),
                "best": best.get(assignment.id),
            }
        )
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
    """Return why the signed-in person may not practise a quiz now, in words, or None (teachers always may)."""
    closure = None if current_user.is_teacher else attempts.practice_closures(quiz_id).get(quiz_id)
    return practice_closed_text(closure) if closure else None


@bp.app_template_global()
def practice_closed_text(closure) -> str:
    """Say when practice opens (schedule.PracticeClosed), in words for an 11-year-old, in the page's language."""
    if closure.until is None:
        return _(
            "You cannot practise this quiz for now: a class is doing it as an assignment and will "
            "see the answers later. Practice opens when their teacher ends the assignment."
        )
    return _(
        "You can practise this quiz from %(date)s: a class is doing it as an assignment until then "
        "and will see the answers later.",
        date=dates.format_local(closure.until),
    )


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
        flash(_("This quiz is no longer available; ask your teacher."))
        return redirect(url_for(".index"))
    try:
        attempt = attempts.start_assignment(
            current_user.id, assignment, version, classes.standing(current_user, assignment)
        )
    except attempts.NotAllowed as refusal:
        if refusal.reason == rules.NO_ATTEMPTS_LEFT:
            count = assignment.max_attempts
            flash(
                ngettext(
                    "You have used all %(num)d attempt at this assignment.",
                    "You have used all %(num)d attempts at this assignment.",
                    count,
                )
            )
        else:
            flash(str(START_REFUSALS.get(refusal.reason, REFUSALS[refusal.reason])))
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
    """Show an item in context and take the student's answer; never shows the right answer."""
    # One read decides both checks: read apart, a racing double submit could commit between
    # them and be sent on to the next item instead of this one's feedback.
    attempt, answered = attempts.with_answers(attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    item = attempts.item_at(attempt, position) or abort(404)
    mode, next_position = attempts.mode_of(attempt), attempts.next_position(attempt, answered)
    if request.method == "POST":
        if attempt.assignment_id is None:  # a practice attempt begun before the quiz was assigned
            closed = _practice_closed(attempts.version_of(attempt).quiz_id)
            standing = rules.PRACTICE_CLOSED if closed else None
        else:
            standing = classes.standing(current_user, attempt.assignment)
        refusal = mode.answer_refusal(attempts.situation(attempt, standing), position, answered, next_position)
        if refusal == rules.PRACTICE_CLOSED:
            flash(closed)
            return redirect(url_for(".index"))
    else:
        refusal = mode.question_refusal(attempts.situation(attempt), position, answered, next_position)
    if refusal == rules.ANSWERED:
        if request.method == "POST":
            flash(str(ALREADY_ANSWERED))
        return redirect(url_for(".feedback", attempt_id=attempt.id, position=position))
    if refusal == rules.NOT_IN_ORDER:  # answer in order: no skipping ahead
        return redirect(_question_url(attempt, next_position))
    if refusal is not None:
        flash(str(REFUSALS[refusal]))
        return redirect(url_for(".index"))
    version = attempts.version_of(attempt)
    ui = answers.for_item(item)
    form = ui.form(item, version)
    show_feedback = attempts.feedback_now(attempt)  # read before the commit, which expires the attempt
    if form.validate_on_submit():
        answer = ui.answer(form)
        try:
            stored = attempts.record_answer(attempt, item, answer)
        except AnswerError:  # the form checked its choices, so only a forged request gets here
            abort(400)
        if not stored:
            flash(str(ALREADY_ANSWERED))
        elif not show_feedback:
            # Answers shown later: no page of its own for each answer, straight on to the next
            # passage, which says the answer was saved.
            flash(_saved(position, version, answer), "message" if position >= version.item_count else "saved")
            return redirect(_question_url(attempt_id, None if position >= version.item_count else position + 1))
        # From the URL's values, not attempt.id: after the commit that would reload the attempt,
        # and a failure then would answer 500 for an answer already stored.
        return redirect(url_for(".feedback", attempt_id=attempt_id, position=position))
    before, current, after = article.around_mark(article.layout(version.article, (item.start, item.end)))
    later = None if show_feedback else LATER.get(attempt.assignment.feedback)
    return render_template(
        "quiz/question.html",
        attempt=attempt,
        version=version,
        item=item,
        form=form,
        ui=ui,
        names=version.label_names(),
        before=before,
        current=current,
        after=after,
        later=later,
    )


def _saved(position: int, version, answer: dict) -> str:
    """Say that an answer is saved (and what it was, for a label) when the right answers show later."""
    name = version.label_names().get(answer["label"], answer["label"]) if "label" in answer else ""
    if position >= version.item_count:
        if name:
            return _(
                "Your answer to the last passage is saved: %(label)s. You have answered every passage.", label=name
            )
        return _("Your answer to the last passage is saved. You have answered every passage.")
    if name:
        return _("Your answer to passage %(number)s is saved: %(label)s.", number=position, label=name)
    return _("Your answer to passage %(number)s is saved.", number=position)


@bp.get("/attempts/<int:attempt_id>/passages/<int:position>/feedback")
@login_required
def feedback(attempt_id: int, position: int):
    """Say how the answer did, with the right answer, the cues and the explanation."""
    attempt = _own_attempt(attempt_id)
    item = attempts.item_at(attempt, position) or abort(404)
    response = attempts.response_to(attempt, item)
    if response is None:
        return redirect(url_for(".question", attempt_id=attempt.id, position=position))
    version = attempts.version_of(attempt)
    next_url = _question_url(attempt, position + 1 if position < version.item_count else None)
    if not attempts.feedback_now(attempt):
        # Reached by the back button, since answers at the end go straight on: on to the first
        # passage still open, not through each answered one's page again.
        return render_template(
            "quiz/recorded.html",
            attempt=attempt,
            version=version,
            item=item,
            names=version.label_names(),
            response=response,
            next_url=url_for(".resume", attempt_id=attempt.id),
        )
    grade = attempts.grade(item, response.answer)
    return render_template(
        "quiz/feedback.html",
        attempt=attempt,
        version=version,
        item=item,
        response=response,
        grade=grade,
        verdict=verdict(grade),
        ui=answers.for_item(item),
        names=version.label_names(),
        next_url=next_url,
    )


@bp.get("/attempts/<int:attempt_id>/results")
@login_required
def results(attempt_id: int):
    """Show the score, accuracy per label, the confusion matrix and a review of every item."""
    attempt = _own_attempt(attempt_id)
    if attempt.finished_at is None:
        return redirect(url_for(".resume", attempt_id=attempt.id))
    version = attempt.version
    if not attempts.results_now(attempt):
        return render_template("quiz/results_later.html", attempt=attempt, version=version)
    rows = attempts.review(attempt)
    summary = attempts.summarize(attempts.version_of(attempt), [r for _, r in rows if r is not None])
    review = [
        (item, response, attempts.grade(item, response.answer) if response else None, answers.for_item(item))
        for item, response in rows
    ]
    definitions = {label["key"]: label["definition"] for label in version.labels}
    return render_template(
        "quiz/results.html",
        attempt=attempt,
        version=version,
        summary=summary,
        review=review,
        names=version.label_names(),
        definitions=definitions,
        form=ActionForm(),
    )


@bp.get("/history")
@login_required
def history():
    """List the student's attempts with scores and accuracy per label, and chart them over time."""
    entries = [(a, attempts.visible_summary(a, s)) for a, s in attempts.history(current_user.id)]
    columns: dict[str, str] = {}
    for attempt, _summary in entries:  # the newest version's name for a label wins
        columns.update(attempt.version.label_names())
    return render_template(
        "quiz/history.html", entries=entries[::-1], columns=columns, chart=_progress_chart(entries, columns)
    )


def _progress_chart(entries, columns: dict[str, str]) -> charts.LineChart | None:
    """Chart the score and each label's accuracy over the finished attempts whose results show, oldest first."""
    done = [(a, s) for a, s in entries if a.finished_at is not None and s is not None]
    if len(done) < 2:  # one point is not a line; the table says it all
        return None
    score = _("Score")
    values = {score: [s.correct / s.total if s.total else None for _a, s in done]}
    for key, name in columns.items():
        values[name] = [next((x.accuracy for x in s.per_label if x.label == key), None) for _a, s in done]
    days = [day_text(d) for d in (dates.to_local(a.finished_at) for a, _s in done)]
    days = [day if i == 0 or day != days[i - 1] else "" for i, day in enumerate(days)]  # a day once, at its first quiz
    # 360 wide: shrunk to a phone's width its labels stay about 12 px.
    return charts.line_chart([*columns.values(), score], charts.thin_labels(days), values, percent=percent)
