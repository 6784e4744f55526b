"""Sign up, log in and log out with a username and password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from . import redirects, throttle
from .extensions import db
from . import classes
from .forms import ActionForm, JoinAsMemberForm, JoinForm, LoginForm, SignupForm
from .models import STUDENT, User

bp = Blueprint("auth", __name__)
_NOBODY_HASH = generate_password_hash("not a real password")  # so an unknown name costs as long as a wrong password


def _safe_next() -> str:
    """Return the 'next' page if it is a path on this site, else the home page."""
    return redirects.safe_path(request.args.get("next")) or url_for("quiz.index")


def _sign_in(user: User) -> None:
    """Start a fresh session for user, so no state from before login carries over."""
    session.clear()
    login_user(user)


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create a student account and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("quiz.index"))
    form = SignupForm()
    if form.validate_on_submit():
        user = User(username=form.username.data, role=STUDENT)
        user.set_password(form.password.data)
        db.session.add(user)
        try:
            db.session.commit()
        except IntegrityError:  # someone took the name between the check and the insert
            db.session.rollback()
            form.username.errors.append("That username is taken; try another.")
        else:
            _sign_in(user)
            flash(f"Welcome, {user.username}! Your account is ready.")
            return redirect(_safe_next())
    return render_template("auth/signup.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with username and password."""
    if current_user.is_authenticated:
        return redirect(_safe_next())
    form = LoginForm()
    if form.validate_on_submit():
        username, address = form.username.data, throttle.client_address()
        wait = throttle.seconds_to_wait(username, address)
        if wait:  # refused before the password is checked, so guessing on gains nothing
            raise throttle.refusal(wait)
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None and user.check_password(form.password.data):
            throttle.forget(username)
            _sign_in(user)
            return redirect(_safe_next())
        if user is None:
            check_password_hash(_NOBODY_HASH, form.password.data)
        throttle.record_failure(username, address)
        form.form_errors.append("That username and password do not match an account.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out and forget the session."""
    if ActionForm().validate_on_submit():
        logout_user()
        session.clear()
        flash("You are logged out.")
    return redirect(url_for("quiz.index"))


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Join a class with its code: as a new student, or with the account signed in."""
    if current_user.is_authenticated and current_user.is_teacher:
        flash("Teachers create classes rather than join them.")
        return redirect(url_for("teacher.home"))
    form = JoinAsMemberForm() if current_user.is_authenticated else JoinForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]
    if form.validate_on_submit():
        classroom = classes.class_for_code(form.code.data)
        if current_user.is_authenticated:
            classes.enrol(classroom, current_user)
            flash(f"You joined {classroom.name}.")
            return redirect(url_for("quiz.index"))
        user = classes.join_new_student(classroom, form.display_name.data, form.password.data)
        _sign_in(user)
        flash(f"Welcome to {classroom.name}! Your username is {user.username}. "
              "Write it down: you log in with it and your password.")
        return redirect(url_for("quiz.index"))
    return render_template("auth/join.html", form=form)
