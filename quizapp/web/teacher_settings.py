"""A teacher's class settings: rename, archive and bring back, delete; unassign a quiz; the projector view.

Views on the teacher blueprint (``teacher.bp``), in a module of their own so teacher.py stays
about the class's day-to-day pages. Each action that loses something asks first on a page of its
own (plain HTML, no JavaScript), saying what it does, and redirects after it is done.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from .. import addresses, catalog, class_admin
from ..i18n import gettext as _
from .forms import ActionForm, DeleteClassForm, RenameClassForm
from .teacher import _own_assignment, _own_class, bp, teacher_required


@bp.route("/classes/<int:class_id>/settings", methods=["GET", "POST"])
@teacher_required
def settings(class_id: int):
    """Rename the class; links to archiving and deleting it."""
    classroom = _own_class(class_id)
    form = RenameClassForm()
    if form.validate_on_submit():
        old = classroom.name
        class_admin.rename(classroom, form.name.data)
        flash(_("%(old)s is now called %(name)s.", old=old, name=classroom.name))
        return redirect(url_for(".settings", class_id=classroom.id))
    if not form.is_submitted():
        form.name.data = classroom.name
    return render_template(
        "teacher/settings.html",
        classroom=classroom,
        form=form,
        action=ActionForm(),
        contents=class_admin.class_contents(classroom),
    )


@bp.post("/classes/<int:class_id>/archive")
@teacher_required
def archive(class_id: int):
    """Archive the class: off the list and closed to students, its results kept."""
    classroom = _own_class(class_id)
    if ActionForm().validate_on_submit():
        class_admin.archive(classroom)
        flash(_("%(name)s is archived. Its results are kept; find it under Archived classes.", name=classroom.name))
    return redirect(url_for(".home"))


@bp.post("/classes/<int:class_id>/unarchive")
@teacher_required
def unarchive(class_id: int):
    """Bring an archived class back to the list and open it to its students again."""
    classroom = _own_class(class_id)
    if ActionForm().validate_on_submit():
        class_admin.unarchive(classroom)
        flash(_("%(name)s is back on your list. Its students see its assignments again.", name=classroom.name))
    return redirect(url_for(".overview", class_id=classroom.id))


@bp.route("/classes/<int:class_id>/delete", methods=["GET", "POST"])
@teacher_required
def delete_class(class_id: int):
    """Say what deleting the class removes, then delete it once the teacher ticks the box."""
    classroom = _own_class(class_id)
    form = DeleteClassForm()
    if form.validate_on_submit():
        name = classroom.name
        gone = class_admin.delete_class(classroom)
        flash(
            _(
                "Deleted %(name)s: %(students)s student place(s), %(assignments)s assignment(s), "
                "%(attempts)s attempt(s) and %(answers)s answer(s). The students' accounts are kept.",
                name=name,
                students=gone.students,
                assignments=gone.assignments,
                attempts=gone.attempts,
                answers=gone.answers,
            )
        )
        return redirect(url_for(".home"))
    return render_template(
        "teacher/delete_class.html", classroom=classroom, form=form, contents=class_admin.class_contents(classroom)
    )


@bp.route("/classes/<int:class_id>/assignments/<int:assignment_id>/unassign", methods=["GET", "POST"])
@teacher_required
def unassign(class_id: int, assignment_id: int):
    """Ask, then take a quiz off the class's list; its attempts and answers are kept."""
    classroom = _own_class(class_id)
    assignment = _own_assignment(classroom, assignment_id)
    title = next((v.title for v in catalog.current_versions() if v.quiz_id == assignment.quiz_id), assignment.quiz.slug)
    if assignment.unassigned_at is not None:
        flash(_("%(title)s is not assigned to %(name)s.", title=title, name=classroom.name))
        return redirect(url_for(".overview", class_id=classroom.id))
    form = ActionForm()
    if form.validate_on_submit():
        class_admin.unassign(assignment)
        flash(
            _(
                "%(title)s is no longer assigned to %(name)s. Its answers are kept: see it under "
                "Unassigned quizzes, or assign it again to bring it back.",
                title=title,
                name=classroom.name,
            )
        )
        return redirect(url_for(".overview", class_id=classroom.id))
    return render_template(
        "teacher/unassign.html",
        classroom=classroom,
        assignment=assignment,
        title=title,
        form=form,
        contents=class_admin.assignment_contents(assignment),
    )


@bp.get("/classes/<int:class_id>/join-screen")
@teacher_required
def join_screen(class_id: int):
    """Show the class's join address and code in large type, for a projector."""
    classroom = _own_class(class_id)
    return render_template("teacher/join_screen.html", classroom=classroom, address=addresses.for_students())
