"""WTForms forms; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp, ValidationError

from .extensions import db
from .models import User

USERNAME_RULE = Regexp(r"^[A-Za-z0-9_.-]+$", message="Use only letters, digits, dots, dashes and underscores.")


class SignupForm(FlaskForm):
    """Create a student account: a username and a password, nothing else."""

    username = StringField("Username", validators=[
        InputRequired(message="Choose a username."),
        Length(min=3, max=40, message="A username has 3 to 40 characters."), USERNAME_RULE])
    password = PasswordField("Password", validators=[
        InputRequired(message="Choose a password."),
        Length(min=8, max=200, message="A password has at least 8 characters.")])
    confirm = PasswordField("Password again", validators=[
        InputRequired(message="Type the password again."),
        EqualTo("password", message="The two passwords are not the same.")])
    submit = SubmitField("Create account")

    def validate_username(self, field: StringField) -> None:
        """Refuse a username that is taken."""
        if db.session.scalar(select(User.id).where(User.username == field.data)) is not None:
            raise ValidationError("That username is taken; try another.")


class LoginForm(FlaskForm):
    """Log in with a username and password."""

    username = StringField("Username", validators=[InputRequired(message="Type your username."), Length(max=40)])
    password = PasswordField("Password", validators=[InputRequired(message="Type your password."), Length(max=200)])
    submit = SubmitField("Log in")


class AnswerForm(FlaskForm):
    """Choose a label for the highlighted passage; the choices come from the quiz version."""

    label = RadioField("What kind of statement is the highlighted passage?",
                       validators=[InputRequired(message="Choose one of the labels, then check your answer.")])
    submit = SubmitField("Check my answer")


class ActionForm(FlaskForm):
    """A button that changes something (start a quiz, log out): only the CSRF token."""
