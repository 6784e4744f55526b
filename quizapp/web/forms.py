"""WTForms forms; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

import hashlib
import json

from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import EqualTo, InputRequired, Length, NumberRange, Optional, ValidationError

from .. import accounts
from ..core import passwords, schedule, usernames
from ..i18n import LANGUAGES, lazy_gettext, say
from ..i18n import gettext as _


def _password_rule(form: FlaskForm, field: PasswordField) -> None:
    """Refuse a new password that the one password rule (passwords.py) refuses."""
    username = (
        form.username.data if "username" in form else (current_user.username if current_user.is_authenticated else "")
    )
    refused = passwords.problem(field.data or "", username or "")
    if refused:
        raise ValidationError(say(refused))


PASSWORD_HINT = lazy_gettext(
    "At least %(count)s characters. A few words you can remember work well.", count=passwords.MIN_LENGTH
)
NEW_PASSWORD = [InputRequired(message=lazy_gettext("Choose a password.")), _password_rule]
CONFIRM_PASSWORD = [
    InputRequired(message=lazy_gettext("Type the password again.")),
    EqualTo("password", message=lazy_gettext("The two passwords are not the same.")),
]


def _username_rule(form: FlaskForm, field: StringField) -> None:
    """Refuse a username that the rule refuses or that is taken, in any case."""
    refused = usernames.problem(field.data or "")
    if refused:
        raise ValidationError(say(refused))
    if accounts.taken(field.data):
        raise ValidationError(say(accounts.TAKEN))


class SignupForm(FlaskForm):
    """Create a student account: a username and a password, nothing else."""

    # Normalised by the rule and by accounts.sign_up, not by a filter: the form shows back what was typed.
    username = StringField(lazy_gettext("Username"), validators=[_username_rule])
    password = PasswordField(lazy_gettext("Password"), description=PASSWORD_HINT, validators=NEW_PASSWORD)
    confirm = PasswordField(lazy_gettext("Password again"), validators=CONFIRM_PASSWORD)
    submit = SubmitField(lazy_gettext("Create account"))


class LoginForm(FlaskForm):
    """Log in with a username and password."""

    username = StringField(
        lazy_gettext("Username"),
        validators=[InputRequired(message=lazy_gettext("Type your username.")), Length(max=40)],
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[InputRequired(message=lazy_gettext("Type your password.")), Length(max=200)],
    )
    submit = SubmitField(lazy_gettext("Log in"))


class ActionForm(FlaskForm):
    """A button that changes something (start a quiz, log out): only the CSRF token."""


# The feedback modes' names (core/schedule.py keeps the codes), as teachers read them.
FEEDBACK_MODES = {
    schedule.EACH: lazy_gettext("After each answer"),
    schedule.END: lazy_gettext("At the end of the attempt"),
    schedule.AFTER_DUE: lazy_gettext("After the due date"),
}


class LanguageForm(FlaskForm):
    """The language menu: one of the interface's languages, and the page to go back to."""

    language = SelectField(lazy_gettext("Language"), choices=list(LANGUAGES.items()), validators=[InputRequired()])
    next = HiddenField()


UNKNOWN_CODE = lazy_gettext("No class has that code. Check it with your teacher.")


def _known_code(form: FlaskForm, field: StringField) -> None:
    """Refuse a join code that belongs to no class (the join view counts each refusal: throttle.py)."""
    from ..classes import class_for_code

    if field.data and class_for_code(field.data) is None:
        raise ValidationError(UNKNOWN_CODE)


CODE_FIELD = [
    InputRequired(message=lazy_gettext("Type the class code your teacher gave you.")),
    Length(max=20),
    _known_code,
]


class JoinForm(FlaskForm):
    """Join a class as a new student: the code, a display name and a password."""

    code = StringField(lazy_gettext("Class code"), validators=CODE_FIELD)
    display_name = StringField(
        lazy_gettext("Your name, as your teacher should see it"),
        validators=[
            InputRequired(message=lazy_gettext("Type your name or a nickname your teacher will recognise.")),
            Length(min=1, max=60, message=lazy_gettext("A name has at most 60 characters.")),
        ],
    )
    password = PasswordField(lazy_gettext("Password"), description=PASSWORD_HINT, validators=NEW_PASSWORD)
    confirm = PasswordField(lazy_gettext("Password again"), validators=CONFIRM_PASSWORD)
    # Shown only when someone of the same name is in the class already (auth.join).
    different_person = BooleanField(lazy_gettext("I am a different person with the same name: make me a new account"))
    submit = SubmitField(lazy_gettext("Join the class"))


class JoinAsMemberForm(FlaskForm):
    """Join a class with the account you are signed in with."""

    code = StringField(lazy_gettext("Class code"), validators=CODE_FIELD)
    submit = SubmitField(lazy_gettext("Join the class"))


CLASS_NAME = [
    InputRequired(message=lazy_gettext("Give the class a name, for example '8B English'.")),
    Length(max=100, message=lazy_gettext("A class name has at most 100 characters.")),
]


class ClassForm(FlaskForm):
    """Create a class."""

    name = StringField(lazy_gettext("Class name"), validators=CLASS_NAME)
    submit = SubmitField(lazy_gettext("Create class"))


class RenameClassForm(FlaskForm):
    """Give a class a new name."""

    name = StringField(lazy_gettext("New name"), validators=CLASS_NAME)
    submit = SubmitField(lazy_gettext("Rename the class"))


class DeleteClassForm(FlaskForm):
    """Confirm deleting a class with everything in it."""

    confirm = BooleanField(
        lazy_gettext("Yes, delete this class and its results for good"),
        validators=[InputRequired(message=lazy_gettext("Tick the box to confirm."))],
    )
    submit = SubmitField(lazy_gettext("Delete the class"))


class RosterForm(FlaskForm):
    """Create student accounts from pasted names, one per line."""

    names = TextAreaField(
        lazy_gettext("Students' names, one per line"),
        validators=[InputRequired(message=lazy_gettext("Paste at least one name.")), Length(max=20000)],
    )
    submit = SubmitField(lazy_gettext("Create accounts and print login cards"))

    def validate_names(self, field: TextAreaField) -> None:
        """Refuse too many lines or a name that is too long."""
        names = self.name_list()
        if not names:
            raise ValidationError(lazy_gettext("Paste at least one name."))
        if len(names) > 200:
            raise ValidationError(lazy_gettext("Add at most 200 students at a time."))
        too_long = [n for n in names if len(n) > 60]
        if too_long:
            raise ValidationError(_("This name is longer than 60 characters: %(name)s…", name=too_long[0][:60]))

    def name_list(self) -> list[str]:
        """Return the pasted names, trimmed, without blank lines; repeats stay, for the check before creating."""
        return name_lines(self.names.data or "")


def name_lines(text: str) -> list[str]:
    """Return the non-blank lines of a pasted list, each with its spacing folded."""
    return [name for name in (" ".join(line.split()) for line in text.splitlines()) if name]


class RosterConfirmForm(FlaskForm):
    """Say how many accounts to make for each repeated or existing name; one choice field per such name.

    The names travel as JSON in a hidden field (a hidden input keeps no line breaks reliably);
    ``roster_confirm_form`` adds the choice fields for the names of one roster plan.
    """

    names = HiddenField(validators=[InputRequired(), Length(max=40000)])
    create = SubmitField(lazy_gettext("Create the accounts and print login cards"))
    edit = SubmitField(lazy_gettext("Change the list"))

    def name_list(self) -> list[str] | None:
        """Return the names carried over from the first step, or None if the field was tampered with."""
        try:
            names = json.loads(self.names.data or "")
        except ValueError:
            return None
        if (
            not isinstance(names, list)
            or not all(isinstance(n, str) and 0 < len(n) <= 60 for n in names)
            or not 0 < len(names) <= 200
        ):
            return None
        return names


def choice_field_name(key: str) -> str:
    """Return the form field name of one name's choice: a digest, so a changed plan cannot mismatch fields."""
    return "n" + hashlib.sha256(key.encode()).hexdigest()[:16]


def roster_confirm_form(plan, names: list[str] | None = None) -> RosterConfirmForm:
    """Return a confirmation form with a radio choice (0..times accounts) for each name that needs one.

    With names it is a new form for the first showing (not read from the request, which holds the
    roster form); without, it reads the confirmation the teacher posted.
    """

    class Form(RosterConfirmForm):
        """This plan's confirmation form."""

    for item in plan:
        if item.needs_choice:
            choices = [(count, str(count)) for count in range(item.times + 1)]
            setattr(
                Form,
                choice_field_name(item.key),
                RadioField(
                    item.name,
                    choices=choices,
                    coerce=int,
                    default=item.default,
                    validators=[
                        InputRequired(message=_("Choose how many accounts to make for %(name)s.", name=item.name))
                    ],
                ),
            )
    if names is None:
        return Form()
    form = Form(formdata=None)
    form.names.data = json.dumps(names, ensure_ascii=False)
    return form


class AssignForm(FlaskForm):
    """Assign a quiz to a class, with optional dates, an attempts limit and a feedback rule."""

    quiz = SelectField(
        lazy_gettext("Quiz"), coerce=int, validators=[InputRequired(message=lazy_gettext("Choose a quiz."))]
    )
    opens_at = DateTimeLocalField(lazy_gettext("Opens (optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    due_at = DateTimeLocalField(lazy_gettext("Due (optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    max_attempts = IntegerField(
        lazy_gettext("Attempts allowed (leave empty for no limit)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100, message=lazy_gettext("Allow from 1 to 100 attempts, or leave it empty.")),
        ],
    )
    feedback = RadioField(lazy_gettext("Show the right answers"), default="each", validators=[InputRequired()])
    submit = SubmitField(lazy_gettext("Assign"))

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that the dates agree with each other and with the feedback rule."""
        if not super().validate(extra_validators):
            return False
        due, opens = self.due_at.data, self.opens_at.data
        if due and opens and due <= opens:
            self.due_at.errors.append(lazy_gettext("The due date must be after the opening date."))
        elif self.feedback.data == "after_due" and not due:
            self.due_at.errors.append(lazy_gettext("Set a due date to show the answers after it."))
        return not self.due_at.errors


class ChangePasswordForm(FlaskForm):
    """Change one's own password: the current one, then the new one twice."""

    current = PasswordField(
        lazy_gettext("Your password now"),
        validators=[
            InputRequired(message=lazy_gettext("Type the password you log in with now.")),
            Length(max=passwords.MAX_LENGTH),
        ],
    )
    password = PasswordField(lazy_gettext("New password"), description=PASSWORD_HINT, validators=NEW_PASSWORD)
    confirm = PasswordField(lazy_gettext("New password again"), validators=CONFIRM_PASSWORD)
    submit = SubmitField(lazy_gettext("Change my password"))


class DeleteAccountForm(FlaskForm):
    """Confirm deleting one's own account with its answers."""

    confirm = BooleanField(
        lazy_gettext("Yes, delete my account and all my answers for good"),
        validators=[InputRequired(message=lazy_gettext("Tick the box to confirm."))],
    )
    password = PasswordField(
        lazy_gettext("Your password"),
        validators=[
            InputRequired(message=lazy_gettext("Type your password to confirm.")),
            Length(max=passwords.MAX_LENGTH),
        ],
    )
    submit = SubmitField(lazy_gettext("Delete my account"))


class DeleteAnswersForm(FlaskForm):
    """Confirm deleting a removed student's answers from the class record."""

    confirm = BooleanField(
        lazy_gettext("Yes, delete this student's answers for good"),
        validators=[InputRequired(message=lazy_gettext("Tick the box to confirm."))],
    )
    submit = SubmitField(lazy_gettext("Delete answers"))
