"""The workbench (teachers only): paste an article, review the suggested label of every sentence, save a quiz.

Pages: the list of drafts with a form for a new one; a draft's page, one row a sentence with its
suggested label, confidence and cues highlighted, where the teacher keeps, changes or drops each
label and edits the drafted explanation; saving writes a question file that ``quizapp check``
accepts into the questions folder and loads it (drafts.py). Every form is WTForms with CSRF and
every successful POST redirects.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, Optional, Regexp

from .. import catalog, drafts
from ..core import cues
from ..i18n import gettext as _
from ..i18n import lazy_gettext, say
from .forms import ActionForm
from .teacher import teacher_required

bp = Blueprint("author", __name__, url_prefix="/author")
MAX_ARTICLE = 60_000  # characters: a long feature is 10,000; more is not a news article


class NewDraftForm(FlaskForm):
    """Start a draft: the article's title and source, and its text pasted or uploaded."""

    title = StringField(
        lazy_gettext("Title"), validators=[InputRequired(lazy_gettext("Give the quiz a title.")), Length(max=200)]
    )
    outlet = StringField(lazy_gettext("Published by (newspaper or website)"), validators=[Optional(), Length(max=200)])
    published = StringField(
        lazy_gettext("Date published"),
        description=lazy_gettext("As 2025-08-15, or 2025-08 or 2025 when you know only the month or year."),
        validators=[
            Optional(),
            Regexp(r"^\d{4}(-\d{2}(-\d{2})?)?$", message=lazy_gettext("Write the date as 2025-08-15.")),
        ],
    )
    url = StringField(
        lazy_gettext("Web address"),
        validators=[
            Optional(),
            URL(message=lazy_gettext("Write the full address, starting with https://")),
            Length(max=2000),
        ],
    )
    article = TextAreaField(lazy_gettext("Article text"), validators=[Optional(), Length(max=MAX_ARTICLE)])
    upload = FileField(
        lazy_gettext("Or upload the article (.txt or .md)"),
        validators=[FileAllowed(["txt", "md"], lazy_gettext("Upload a .txt or .md file."))],
    )

    def article_text(self) -> str:
        """Return the pasted text, else the uploaded file's text ('' when neither)."""
        if self.article.data and self.article.data.strip():
            return self.article.data
        if self.upload.data:
            try:
                return self.upload.data.read(MAX_ARTICLE * 4).decode("utf-8-sig")
            except UnicodeDecodeError:
                return ""
        return ""


def edit_form(row, formdata=None) -> FlaskForm:
    """Return the form of a draft: a label choice (or drop) and an explanation for every sentence."""
    choices = [("fact", _("Reported fact")), ("opinion", _("Opinion")), ("speculation", _("Speculation"))]
    choices.append((drafts.DROPPED, _("Leave this sentence out")))

    class EditForm(FlaskForm):
        """The teacher's choice for each sentence of the draft."""

    for n, item in enumerate(row.items, start=1):
        setattr(EditForm, f"label_{n}", SelectField(_("Label"), choices=choices, default=item["label"]))
        setattr(
            EditForm,
            f"explanation_{n}",
            TextAreaField(
                _("Why (students see this after answering)"), default=item["explanation"], validators=[Length(max=2000)]
            ),
        )
        words = item["text"].split()
        setattr(EditForm, f"first_{n}", StringField(_("Passage starts with"), default=" ".join(words[:3])))
        setattr(EditForm, f"last_{n}", StringField(_("and ends with"), default=" ".join(words[-3:])))
    return EditForm(formdata=formdata) if formdata is not None else EditForm()


def _own(draft_id: int):
    """Return the signed-in teacher's draft, or 404."""
    return drafts.own(current_user, draft_id) or abort(404)


@bp.route("/", methods=["GET", "POST"])
@teacher_required
def index():
    """List the teacher's drafts and start a new one from an article."""
    form = NewDraftForm()
    if form.validate_on_submit():
        text = form.article_text()
        if not text.strip():
            form.article.errors = [*form.article.errors, _("Paste the article's text, or upload it as a .txt file.")]
        else:
            row = drafts.create(
                current_user, form.title.data, text, form.outlet.data, form.published.data, form.url.data
            )
            return redirect(url_for("author.edit", draft_id=row.id))
    return render_template(
        "author/index.html",
        form=form,
        drafts=drafts.of(current_user),
        quizzes=catalog.current_versions(),
        open_form=ActionForm(),
    )


@bp.route("/drafts/<int:draft_id>", methods=["GET", "POST"])
@teacher_required
def edit(draft_id: int):
    """Show every sentence with its suggestion; keep the teacher's labels and explanations."""
    row = _own(draft_id)
    form = edit_form(row)
    if form.validate_on_submit():
        drafts.update(
            row,
            [
                tuple(form[f"{name}_{n}"].data or "" for name in ("label", "explanation", "first", "last"))
                for n in range(1, len(row.items) + 1)
            ],
        )
        flash(_("Your choices are kept. Come back to this draft at any time."))
        return redirect(url_for("author.edit", draft_id=row.id))
    rows = [
        (
            n,
            item,
            cues.highlight(item["text"], item["cues"]),
            form[f"label_{n}"],
            form[f"explanation_{n}"],
            form[f"first_{n}"],
            form[f"last_{n}"],
        )
        for n, item in enumerate(row.items, start=1)
    ]
    return render_template("author/edit.html", draft=row, form=form, rows=rows, save_form=ActionForm())


@bp.route("/quizzes/<slug>/open", methods=["POST"])
@teacher_required
def open_quiz(slug: str):
    """Open an existing quiz's question file as a draft, to save as its next version."""
    if not ActionForm().validate_on_submit():
        abort(400)
    row = drafts.open_quiz(current_user, Path(current_app.config["QUESTIONS_DIR"]), slug)
    if row is None:
        abort(404)
    return redirect(url_for("author.edit", draft_id=row.id))


@bp.route("/drafts/<int:draft_id>/save", methods=["POST"])
@teacher_required
def save(draft_id: int):
    """Write the draft as a question file, check it and load it as a quiz; show the problems if it does not check."""
    row = _own(draft_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    folder = Path(current_app.config["QUESTIONS_DIR"])
    problems = drafts.check(row, folder)
    if problems:
        for problem in problems:
            flash(_("Not saved yet: %(problem)s (%(hint)s)", problem=say(problem.message), hint=say(problem.hint)))
        return redirect(url_for("author.edit", draft_id=row.id))
    slug = row.slug
    result = drafts.save(row, folder)
    if result.status == "failed":
        flash(_("The quiz could not be saved: %(problem)s", problem=say(result.problems[0].message)))
        return redirect(url_for("author.edit", draft_id=row.id))
    flash(_("Saved as %(slug)s.yaml and loaded (version %(n)s).", slug=slug, n=result.version))
    return redirect(url_for("quiz.index"))
