"""A teacher's pages: classes, rosters, assignments, dashboards and exports.

Every route loads the class through ``_own_class``, which answers 404 for a class that is not
the signed-in teacher's, so no page or export can be reached by guessing a number.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import wraps

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import accounts, addresses, catalog, classes, dashboards, dates, export
from ..core import charts, codes, grading
from ..core import guide as guides
from ..extensions import db
from ..i18n import gettext as _
from ..i18n import percent
from ..models import Assignment, Classroom, Membership, utcnow
from . import answers
from .forms import (
    FEEDBACK_MODES,
    ActionForm,
    AssignForm,
    ClassForm,
    DeleteAnswersForm,
    RosterForm,
    choice_field_name,
    roster_confirm_form,
)

bp = Blueprint("teacher", __name__, url_prefix="/teacher")


def teacher_required(view):
    """Let only signed-in teachers through; others get 403, anonymous users the login page."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_teacher:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _own_class(class_id: int) -> Classroom:
    """Return the signed-in teacher's class, or 404."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or classroom.teacher_id != current_user.id:
        abort(404)
    return classroom


def _own_assignment(classroom: Classroom, assignment_id: int) -> Assignment:
    """Return an assignment of this class, or 404."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.classroom_id != classroom.id:
        abort(404)
    return assignment


def _student(classroom: Classroom, user_id: int):
    """Return a student's membership of this class, or 404."""
    return dashboards.member(classroom, user_id) or abort(404)


@bp.route("/", methods=["GET", "POST"])
@teacher_required
def home():
    """List the teacher's classes and create a new one."""
    form = ClassForm()
    if form.validate_on_submit():
        classroom = classes.create_class(current_user, form.name.data)
        flash(_("Class %(name)s created. Its join code is %(code)s.", name=classroom.name, code=classroom.join_code))
        return redirect(url_for(".overview", class_id=classroom.id))
    mine = sorted(
        db.session.scalars(select(Classroom).where(Classroom.teacher_id == current_user.id)),
        key=lambda c: (codes.name_key(c.name), c.id),
    )
    return render_template(
        "teacher/home.html",
        classes=[c for c in mine if c.archived_at is None],
        archived=[c for c in mine if c.archived_at is not None],
        form=form,
        guides=catalog.current_versions(),
    )


@bp.get("/classes/<int:class_id>")
@teacher_required
def overview(class_id: int):
    """Show the join address, each assignment's summary, and the class's accuracy per label.

    Summaries first: every student's score on every quiz is on the scores page, one link away;
    at 300 students that grid alone was 187 KB, on a page a teacher opens on a school network.
    """
    classroom = _own_class(class_id)
    report = dashboards.overview(classroom)
    rows = [(r.score.label, r.score.accuracy if grading.reliable(r.score) else None, "value") for r in report.labels]
    # The members' ids alone: the names are on the scores page, and loading 300 accounts cost more than the sums.
    current = set(
        db.session.scalars(
            select(Membership.user_id).where(Membership.classroom_id == classroom.id, Membership.removed_at.is_(None))
        )
    )
    assignments = classes.assignments(classroom)
    return render_template(
        "teacher/overview.html",
        classroom=classroom,
        member_count=len(current),
        standings={a.id: report.standing(a.id, current) for a in assignments},
        assignments=assignments,
        unassigned=classes.unassigned(classroom),
        report=report,
        form=ActionForm(),
        titles={v.quiz_id: v.title for v in catalog.current_versions()},
        chart=charts.bar_chart(
            [(report.names.get(k, k), v, kind) for k, v, kind in rows],
            missing=_("fewer than %(min)s answers", min=grading.MIN_ANSWERS),
            percent=percent,
        ),
        min_answers=grading.MIN_ANSWERS,
        modes=FEEDBACK_MODES,
        address=addresses.for_students(),
    )


@bp.route("/classes/<int:class_id>/code", methods=["GET", "POST"])
@teacher_required
def new_code(class_id: int):
    """Ask, then give the class a new join code."""
    classroom = _own_class(class_id)
    form = ActionForm()
    if form.validate_on_submit():
        flash(_("New join code: %(code)s. The old code no longer works.", code=classes.regenerate_code(classroom)))
        return redirect(url_for(".overview", class_id=classroom.id))
    return render_template("teacher/new_code.html", classroom=classroom, form=form)


@bp.route("/classes/<int:class_id>/students", methods=["GET", "POST"])
@teacher_required
def students(class_id: int):
    """Manage the roster; pasting names creates accounts and shows their login cards once."""
    classroom = _own_class(class_id)
    form = RosterForm()
    if form.validate_on_submit():
        names = form.name_list()
        plan = classes.roster_plan(classroom, names)
        if any(item.needs_choice for item in plan):  # nothing is created before the teacher has seen these
            return _confirm_roster_page(classroom, plan, roster_confirm_form(plan, names))
        # The passwords exist only in this response, so it is rendered, not redirected to.
        return _cards(classroom, classes.add_roster(classroom, [(item.name, 1) for item in plan]))
    return _students_page(classroom, form)


def _students_page(classroom: Classroom, form: RosterForm):
    """Render the roster with the form for adding students."""
    return render_template(
        "teacher/students.html", classroom=classroom, form=form, members=classes.members(classroom), action=ActionForm()
    )


def _confirm_roster_page(classroom: Classroom, plan: list[classes.RosterName], form):
    """Render the check of repeated and existing names that comes before any account is made."""
    return render_template(
        "teacher/confirm_roster.html",
        classroom=classroom,
        form=form,
        plan=plan,
        choices={item.key: form[choice_field_name(item.key)] for item in plan if item.needs_choice},
    )


@bp.post("/classes/<int:class_id>/students/confirm")
@teacher_required
def confirm_roster(class_id: int):
    """Create the accounts the teacher chose for repeated and existing names, and print the cards."""
    classroom = _own_class(class_id)
    names = roster_confirm_form([]).name_list()
    if names is None:
        abort(400)
    if request.form.get("edit"):
        return _students_page(classroom, RosterForm(formdata=None, names="\n".join(names)))
    # Planned again, not trusted from the first step: someone may have joined in between, and a
    # name that now needs a choice has no answer in this form, so the check is shown again.
    plan = classes.roster_plan(classroom, names)
    form = roster_confirm_form(plan)
    if not form.validate_on_submit():
        return _confirm_roster_page(classroom, plan, form)
    counts = [(item.name, form[choice_field_name(item.key)].data if item.needs_choice else 1) for item in plan]
    if not sum(count for _, count in counts):
        flash(_("No accounts were made: you chose none for every name."))
        return redirect(url_for(".students", class_id=classroom.id))
    return _cards(classroom, classes.add_roster(classroom, counts))


def _cards(classroom: Classroom, cards: list[classes.Card]):
    """Render printable login cards, never cached."""
    page = render_template("teacher/cards.html", classroom=classroom, cards=cards, address=addresses.for_students())
    return Response(page, headers={"Cache-Control": "no-store"})


@bp.post("/classes/<int:class_id>/students/<int:user_id>/password")
@teacher_required
def reset_password(class_id: int, user_id: int):
    """Give a student a new password and show it on a login card."""
    classroom = _own_class(class_id)
    membership = _student(classroom, user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not accounts.may_reset(current_user, membership.user):
        flash(
            _(
                "You can give %(name)s a new password only if your class made the account "
                "(on this page or with your class code) and no other teacher's class has them on record. "
                "They can change it themselves on their account page, or ask the teacher whose class made it.",
                name=membership.user.shown_name,
            )
        )
        return redirect(url_for(".students", class_id=classroom.id))
    password = accounts.reset_password(membership.user)
    return _cards(classroom, [classes.Card(membership.user.shown_name, membership.user.username, password)])


@bp.route("/classes/<int:class_id>/students/<int:user_id>/remove", methods=["GET", "POST"])
@teacher_required
def remove_student(class_id: int, user_id: int):
    """Ask, then take a student out of the class, keeping their answers."""
    classroom = _own_class(class_id)
    membership = _student(classroom, user_id)
    if membership.removed_at is not None:
        flash(
            _(
                "%(name)s (%(username)s) was removed from the class already.",
                name=membership.user.shown_name,
                username=membership.user.username,
            )
        )
        return redirect(url_for(".students", class_id=classroom.id))
    form = ActionForm()
    if form.validate_on_submit():
        classes.remove_student(membership)
        flash(
            _(
                "%(name)s (%(username)s) is removed from the class. Their answers stay in the class record.",
                name=membership.user.shown_name,
                username=membership.user.username,
            )
        )
        return redirect(url_for(".students", class_id=classroom.id))
    return render_template("teacher/remove.html", classroom=classroom, membership=membership, form=form)


@bp.route("/classes/<int:class_id>/students/<int:user_id>/delete", methods=["GET", "POST"])
@teacher_required
def delete_answers(class_id: int, user_id: int):
    """Ask, then delete a removed student's answers from the class record."""
    classroom = _own_class(class_id)
    membership = _student(classroom, user_id)
    if membership.removed_at is None:
        flash(_("Remove the student from the class before deleting their answers."))
        return redirect(url_for(".students", class_id=classroom.id))
    form = DeleteAnswersForm()
    if form.validate_on_submit():
        name = membership.user.shown_name
        count = classes.delete_student_answers(classroom, membership)
        flash(
            _(
                "Deleted %(count)s attempt(s) by %(name)s from %(class_name)s.",
                count=count,
                name=name,
                class_name=classroom.name,
            )
        )
        return redirect(url_for(".students", class_id=classroom.id))
    return render_template("teacher/delete.html", classroom=classroom, membership=membership, form=form)


@bp.route("/classes/<int:class_id>/assignments", methods=["GET", "POST"])
@teacher_required
def assign(class_id: int):
    """Assign a quiz to the class (or change an assignment's settings)."""
    classroom = _own_class(class_id)
    form = AssignForm()
    form.quiz.choices = [(v.quiz_id, v.title) for v in catalog.current_versions()]
    form.feedback.choices = list(FEEDBACK_MODES.items())
    if request.method == "GET" and request.args.get("quiz", "").isdigit():
        existing = db.session.scalar(
            select(Assignment).where(
                Assignment.classroom_id == classroom.id, Assignment.quiz_id == int(request.args["quiz"])
            )
        )
        if existing is not None:
            form.process(
                obj=existing,
                quiz=existing.quiz_id,
                opens_at=dates.to_local(existing.opens_at),
                due_at=dates.to_local(existing.due_at),
            )
    if form.validate_on_submit():
        classes.assign(
            classroom,
            form.quiz.data,
            dates.to_utc(form.opens_at.data),
            dates.to_utc(form.due_at.data),
            form.max_attempts.data,
            form.feedback.data,
        )
        flash(_("The quiz is assigned."))
        return redirect(url_for(".overview", class_id=classroom.id))
    return render_template("teacher/assign.html", classroom=classroom, form=form)


@bp.get("/classes/<int:class_id>/assignments/<int:assignment_id>")
@teacher_required
def quiz_stats(class_id: int, assignment_id: int):
    """Show each passage's facility, commonest wrong label and discrimination, and the confusion matrix."""
    classroom = _own_class(class_id)
    assignment = _own_assignment(classroom, assignment_id)
    number = request.args.get("version", type=int)
    report = dashboards.quiz_report(assignment, number)
    names = report.version.label_names() if report.version else {}
    chart = charts.bar_chart(
        [
            (_("Passage %(number)s", number=item.position), stat.facility, "value")
            for item, stat in zip(report.items, report.stats, strict=True)
        ],
        missing=_("no answers yet"),
        percent=percent,
    )
    return render_template(
        "teacher/quiz.html",
        classroom=classroom,
        assignment=assignment,
        report=report,
        names=names,
        chart=chart,
        pairs=list(zip(report.items, report.stats, strict=True)),
        kind_names={name: ui.title for name, ui in answers.UIS.items()},
        min_complete=grading.MIN_COMPLETE_ATTEMPTS,
    )


@bp.get("/quizzes/<slug>/guide")
@teacher_required
def quiz_guide(slug: str):
    """Show a quiz's teacher's guide: what the file's guide says, and the answer key made from its items."""
    parsed = catalog.guide_quiz(slug)
    if parsed is None:
        abort(404)
    return render_template(
        "teacher/guide.html",
        quiz=parsed,
        guide=parsed.guide or guides.Guide(),
        key=guides.answer_key(parsed.items),
        names={label.key: label.name for label in parsed.labels},
    )


@bp.get("/classes/<int:class_id>/students/<int:user_id>")
@teacher_required
def student(class_id: int, user_id: int):
    """Show a student's attempts in this class, accuracy per label over time and confusion matrix."""
    classroom = _own_class(class_id)
    membership = _student(classroom, user_id)
    entries = dashboards.student_report(classroom, user_id)
    names = dashboards.label_names(classroom)
    finished = [(a, s) for a, s in entries if a.finished_at is not None]
    values = {
        key: [next((x.accuracy for x in s.per_label if x.label == key), None) for _, s in finished] for key in names
    }
    chart = charts.line_chart(
        [names[k] for k in names],
        [str(i + 1) for i in range(len(finished))],
        {names[k]: v for k, v in values.items()},
        percent=percent,
    )
    combined = grading.merge([s for _, s in finished], list(names))
    return render_template(
        "teacher/student.html",
        classroom=classroom,
        membership=membership,
        entries=entries,
        names=names,
        chart=chart,
        combined=combined,
        finished=finished,
        min_answers=grading.MIN_ANSWERS,
    )


@bp.get("/classes/<int:class_id>/scores")
@teacher_required
def scores(class_id: int):
    """Show every student's best and latest score on every assigned quiz."""
    classroom = _own_class(class_id)
    return render_template(
        "teacher/scores.html",
        classroom=classroom,
        members=classes.members(classroom),
        assignments=classes.assignments(classroom),
        report=dashboards.overview(classroom, labels=False),
        titles={v.quiz_id: v.title for v in catalog.current_versions()},
    )


@bp.get("/classes/<int:class_id>/export/results.csv")
@teacher_required
def export_results(class_id: int):
    """Download one row per student and assigned quiz."""
    classroom = _own_class(class_id)
    return _csv(export.csv_chunks(export.RESULTS_HEADER, export.results_rows(classroom)), classroom, "results")


@bp.get("/classes/<int:class_id>/export/responses.csv")
@teacher_required
def export_responses(class_id: int):
    """Download one row per answer, with the quiz version."""
    classroom = _own_class(class_id)
    rows = export.responses_rows(classroom)
    return _csv(export.csv_chunks(export.RESPONSES_HEADER, rows), classroom, "every answer")


def _csv(chunks: Iterator[str], classroom: Classroom, kind: str) -> Response:
    """Stream CSV text as a download named after the class, the kind of export and today's date.

    Streamed, not built whole: the every-answer file of a 300-student class is megabytes. The rows
    are read in an app context of the stream's own (so a database session of its own), opened
    when the first piece is sent and closed with the stream, whenever the server closes it.
    """
    filename = export.download_name(classroom.name, kind, dates.to_local(utcnow()).date())
    app = current_app._get_current_object()

    def body() -> Iterator[bytes]:
        """Yield the CSV's pieces as UTF-8, reading the rows in an app context of their own."""
        with app.app_context():
            for chunk in chunks:
                yield chunk.encode("utf-8")

    return Response(
        body(),
        mimetype="text/csv",
        headers={"Content-Disposition": export.content_disposition(filename), "Cache-Control": "no-store"},
    )


from . import teacher_settings  # noqa: E402, F401
