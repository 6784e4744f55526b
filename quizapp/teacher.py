"""A teacher's pages: classes, rosters, assignments, dashboards and exports.

Every route loads the class through ``_own_class``, which answers 404 for a class that is not
the signed-in teacher's, so no page or export can be reached by guessing a number.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from . import accounts, catalog, charts, classes, dashboards, dates, export, grading, schedule
from .extensions import db
from .forms import ActionForm, AssignForm, ClassForm, DeleteAnswersForm, RosterForm
from .models import Assignment, Classroom

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
        flash(f"Class {classroom.name} created. Its join code is {classroom.join_code}.")
        return redirect(url_for(".overview", class_id=classroom.id))
    mine = db.session.scalars(select(Classroom).where(Classroom.teacher_id == current_user.id).order_by(Classroom.name))
    return render_template("teacher/home.html", classes=list(mine), form=form)


@bp.get("/classes/<int:class_id>")
@teacher_required
def overview(class_id: int):
    """Show students x assignments, the class's accuracy per label and the adult benchmark."""
    classroom = _own_class(class_id)
    report = dashboards.overview(classroom)
    rows = [(r.score.label, r.score.accuracy if grading.reliable(r.score) else None, "value") for r in report.labels]
    return render_template(
        "teacher/overview.html", classroom=classroom, members=classes.members(classroom),
        assignments=classes.assignments(classroom), report=report, form=ActionForm(),
        titles={v.quiz_id: v.title for v in catalog.current_versions()},
        chart=charts.bar_chart([(report.names.get(k, k), v, kind) for k, v, kind in rows],
                               missing=f"fewer than {grading.MIN_ANSWERS} answers"),
        min_answers=grading.MIN_ANSWERS, modes=schedule.MODES,
    )


@bp.post("/classes/<int:class_id>/code")
@teacher_required
def new_code(class_id: int):
    """Give the class a new join code."""
    classroom = _own_class(class_id)
    if ActionForm().validate_on_submit():
        flash(f"New join code: {classes.regenerate_code(classroom)}. The old code no longer works.")
    return redirect(url_for(".overview", class_id=classroom.id))


@bp.route("/classes/<int:class_id>/students", methods=["GET", "POST"])
@teacher_required
def students(class_id: int):
    """Manage the roster; pasting names creates accounts and shows their login cards once."""
    classroom = _own_class(class_id)
    form = RosterForm()
    if form.validate_on_submit():
        cards = classes.add_roster(classroom, form.name_list())
        # The passwords exist only in this response, so it is rendered, not redirected to.
        return _cards(classroom, cards)
    return render_template("teacher/students.html", classroom=classroom, form=form,
                           members=classes.members(classroom), action=ActionForm())


def _cards(classroom: Classroom, cards: list[classes.Card]):
    """Render printable login cards, never cached."""
    page = render_template("teacher/cards.html", classroom=classroom, cards=cards)
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
        flash(f"You can give {membership.user.shown_name} a new password only if your class made the account "
              "(on this page or with your class code) and no other teacher's class has them on record. "
              "They can change it themselves on their account page, or ask the teacher whose class made it.")
        return redirect(url_for(".students", class_id=classroom.id))
    password = accounts.reset_password(membership.user)
    return _cards(classroom, [classes.Card(membership.user.shown_name, membership.user.username, password)])


@bp.post("/classes/<int:class_id>/students/<int:user_id>/remove")
@teacher_required
def remove_student(class_id: int, user_id: int):
    """Take a student out of the class, keeping their answers."""
    classroom = _own_class(class_id)
    membership = _student(classroom, user_id)
    if ActionForm().validate_on_submit():
        classes.remove_student(membership)
        flash(f"{membership.user.shown_name} is removed from the class. Their answers stay in the class record.")
    return redirect(url_for(".students", class_id=classroom.id))


@bp.route("/classes/<int:class_id>/students/<int:user_id>/delete", methods=["GET", "POST"])
@teacher_required
def delete_answers(class_id: int, user_id: int):
    """Ask, then delete a removed student's answers from the class record."""
    classroom = _own_class(class_id)
    membership = _student(classroom, user_id)
    if membership.removed_at is None:
        flash("Remove the student from the class before deleting their answers.")
        return redirect(url_for(".students", class_id=classroom.id))
    form = DeleteAnswersForm()
    if form.validate_on_submit():
        name = membership.user.shown_name
        count = classes.delete_student_answers(classroom, membership)
        flash(f"Deleted {count} attempt(s) by {name} from {classroom.name}.")
        return redirect(url_for(".students", class_id=classroom.id))
    return render_template("teacher/delete.html", classroom=classroom, membership=membership, form=form)


@bp.route("/classes/<int:class_id>/assignments", methods=["GET", "POST"])
@teacher_required
def assign(class_id: int):
    """Assign a quiz to the class (or change an assignment's settings)."""
    classroom = _own_class(class_id)
    form = AssignForm()
    form.quiz.choices = [(v.quiz_id, v.title) for v in catalog.current_versions()]
    form.feedback.choices = list(schedule.MODES.items())
    if request.method == "GET" and request.args.get("quiz", "").isdigit():
        existing = db.session.scalar(select(Assignment).where(
            Assignment.classroom_id == classroom.id, Assignment.quiz_id == int(request.args["quiz"])))
        if existing is not None:
            form.process(obj=existing, quiz=existing.quiz_id, opens_at=dates.to_local(existing.opens_at),
                         due_at=dates.to_local(existing.due_at))
    if form.validate_on_submit():
        classes.assign(classroom, form.quiz.data, dates.to_utc(form.opens_at.data), dates.to_utc(form.due_at.data),
                       form.max_attempts.data, form.feedback.data)
        flash("The quiz is assigned.")
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
    chart = charts.bar_chart([(f"Passage {p.position}", item.facility, "value")
                              for p, item in zip(report.passages, report.items)])
    return render_template("teacher/quiz.html", classroom=classroom, assignment=assignment, report=report,
                           names=names, chart=chart, pairs=list(zip(report.passages, report.items)))


@bp.get("/classes/<int:class_id>/students/<int:user_id>")
@teacher_required
def student(class_id: int, user_id: int):
    """Show a student's attempts in this class, accuracy per label over time and confusion matrix."""
    classroom = _own_class(class_id)
    membership = _student(classroom, user_id)
    entries = dashboards.student_report(classroom, user_id)
    names = dashboards.label_names(classroom)
    finished = [(a, s) for a, s in entries if a.finished_at is not None]
    values = {key: [next((x.accuracy for x in s.per_label if x.label == key), None) for _, s in finished]
              for key in names}
    chart = charts.line_chart([names[k] for k in names], [str(i + 1) for i in range(len(finished))],
                              {names[k]: v for k, v in values.items()})
    combined = grading.merge([s for _, s in finished], list(names))
    return render_template("teacher/student.html", classroom=classroom, membership=membership, entries=entries,
                           names=names, chart=chart, combined=combined, finished=finished,
                           min_answers=grading.MIN_ANSWERS)


@bp.get("/classes/<int:class_id>/export/results.csv")
@teacher_required
def export_results(class_id: int):
    """Download one row per student and assigned quiz."""
    classroom = _own_class(class_id)
    return _csv(export.to_csv(export.RESULTS_HEADER, export.results_rows(classroom)), classroom, "results")


@bp.get("/classes/<int:class_id>/export/responses.csv")
@teacher_required
def export_responses(class_id: int):
    """Download one row per answer, with the quiz version."""
    classroom = _own_class(class_id)
    return _csv(export.to_csv(export.RESPONSES_HEADER, export.responses_rows(classroom)), classroom, "responses")


def _csv(text: str, classroom: Classroom, kind: str) -> Response:
    """Return CSV text as a download named after the class."""
    name = "".join(c if c.isalnum() else "-" for c in classroom.name).strip("-").lower() or "class"
    return Response(text.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}-{kind}.csv"', "Cache-Control": "no-store"})
