"""Sign up, log in and log out with a username and password; join a class with its code."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from .. import accounts, classes, sessions, throttle
from ..core import redirects
from ..extensions import db
from ..i18n import gettext as _
from ..i18n import say
from ..models import User
from .forms import UNKNOWN_CODE, ActionForm, JoinAsMemberForm, JoinForm, LoginForm, SignupForm

bp = Blueprint("auth", __name__)
_NOBODY_HASH = generate_password_hash("not a real password")  # so an unknown name costs as long as a wrong password


def _safe_next() -> str:
    """Return the 'next' page if a browser would read it as a path on this site, else the home page."""
    return redirects.safe_path(request.args.get("next")) or url_for("quiz.index")


def _sign_in(user: User) -> None:
    """Start a fresh session for user, so no state from before login carries over, and store it on the server."""
    session.clear()
    sessions.start(user)
    db.session.commit()
    login_user(user)


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create a student account and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("quiz.index"))
    form = SignupForm()
    address = throttle.address_key(throttle.client_address())
    if request.method == "POST":
        # Before the form is read, so a program making accounts costs us no password hashing.
        wait = throttle.wait((throttle.SIGNUP_ADDRESS,), address=address)
        if wait:
            raise throttle.refusal(throttle.SIGNUP, wait)
    if form.validate_on_submit():
        try:
            user = accounts.sign_up(form.username.data, form.password.data)
        except accounts.AccountError as error:
            form.username.errors.append(say(error.args[0]))
        else:
            throttle.record(throttle.SIGNUP, address=address)
            _sign_in(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.username))
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
        user = accounts.find(username)
        wait = throttle.login_wait(username, address, throttle.is_known_browser(user))
        if wait:  # refused before the password is checked, so guessing on gains nothing
            raise throttle.refusal(throttle.LOGIN, wait)
        if user is not None and user.check_password(form.password.data):
            throttle.forget_login_failures(username, address)
            _sign_in(user)
            return throttle.remember_browser(redirect(_safe_next()), user)
        if user is None:
            check_password_hash(_NOBODY_HASH, form.password.data)
        throttle.record_login_failure(username, address)
        form.form_errors.append(_("That username and password do not match an account."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out: end this browser's session on the server too, so a copy of the cookie stops working."""
    if ActionForm().validate_on_submit():
        if current_user.is_authenticated:
            sessions.end(current_user.session_token)
            db.session.commit()
        logout_user()
        session.clear()
        flash(_("You are logged out."))
    return redirect(url_for("quiz.index"))


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Join a class with its code: as a new student, or with the account signed in."""
    if current_user.is_authenticated and current_user.is_teacher:
        flash(_("Teachers create classes rather than join them."))
        return redirect(url_for("teacher.home"))
    form = JoinAsMemberForm() if current_user.is_authenticated else JoinForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]
    address = throttle.address_key(throttle.client_address())
    account = throttle.user_key(current_user.id) if current_user.is_authenticated else ""
    if request.method == "POST":
        limits = (throttle.JOIN_ADDRESS, throttle.JOIN_ACCOUNT) if account else (throttle.JOIN_ADDRESS,)
        wait = throttle.wait(limits, account, address)
        if wait:  # before the code is looked up, so guessing codes gains nothing
            raise throttle.refusal(throttle.JOIN, wait)
        if not current_user.is_authenticated:
            wait = throttle.wait((throttle.SIGNUP_ADDRESS,), address=address)
            if wait:
                raise throttle.refusal(throttle.SIGNUP, wait)
    if form.validate_on_submit():
        classroom = classes.class_for_code(form.code.data)
        if current_user.is_authenticated:
            classes.enrol(classroom, current_user)
            flash(_("You joined %(name)s.", name=classroom.name))
            return redirect(url_for("quiz.index"))
        if not form.different_person.data and classes.members_named(classroom, form.display_name.data):
            # Before any account is made: most often the same student, joining again after logging out.
            form.display_name.errors.append(
                _(
                    "Someone called %(name)s is in %(class_name)s already.",
                    name=form.display_name.data.strip(),
                    class_name=classroom.name,
                )
            )
            return render_template("auth/join.html", form=form, same_name=True)
        try:
            user = classes.join_new_student(classroom, form.display_name.data, form.password.data)
        except (classes.ClassError, accounts.AccountError) as error:
            form.form_errors.append(say(error.args[0]))
        else:
            throttle.record(throttle.SIGNUP, address=address)
            _sign_in(user)
            flash(
                _(
                    "Welcome to %(name)s! Your username is %(username)s. "
                    "Write it down: you log in with it and your password.",
                    name=classroom.name,
                    username=user.username,
                )
            )
            return redirect(url_for("quiz.index"))
    elif UNKNOWN_CODE in form.code.errors:
        throttle.record(throttle.JOIN, account, address)
    return render_template("auth/join.html", form=form)
