"""The quizzes in the database: import question files as versions, and list what is current.

Each file is imported in its own transaction, so a file with problems, or one that fails to
store, changes nothing while the others load. A file whose content changed becomes a new
version; the old version and its passages stay for the attempts that used them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from .core import questions, sources
from .core.kinds import get_kind
from .extensions import db
from .models import Item, Quiz, QuizVersion

NEW, UPDATED, UNCHANGED, FAILED = "new", "updated", "unchanged", "failed"
VERSION_CACHE = "quizapp.versions"
LABEL_NAMES_CACHE = "quizapp.label_names"


@dataclass
class ImportResult:
    """What importing one question file did."""

    path: str
    status: str
    version: int | None = None
    problems: tuple[questions.Problem, ...] = field(default=())


def import_directory(directory: Path) -> list[ImportResult]:
    """Import every question file in directory; quizzes whose file is gone are hidden.

    Which files are question files, which may be read, and which label set they use are the
    rules of sources.py, the same as ``quizapp check`` follows.
    """
    folder = sources.scan(directory)
    try:
        if folder.label_problems:
            raise questions.QuestionFileError(list(folder.label_problems))
        labels = questions.load_labels(folder.labels)
    except questions.QuestionFileError as error:
        return [ImportResult(str(entry.path), FAILED, problems=error.problems) for entry in folder.entries]
    results = [
        ImportResult(str(entry.path), FAILED, problems=entry.problems)
        if entry.problems
        else import_file(entry.path, labels)
        for entry in folder.entries
    ]
    present = {entry.slug for entry in folder.entries}  # a file with problems keeps its quiz's last good version
    for quiz in db.session.scalars(select(Quiz).where(Quiz.active)):
        if quiz.slug not in present:
            quiz.active = False
    db.session.commit()
    return results


def import_file(path: Path, labels: tuple[questions.Label, ...]) -> ImportResult:
    """Check and import one file in one transaction."""
    try:
        parsed = questions.load_quiz(path, labels)
    except questions.QuestionFileError as error:
        return ImportResult(str(path), FAILED, problems=error.problems)
    try:
        status, number = store(parsed, sort_key=path.stem)
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        problem = questions.Problem(
            str(path),
            1,
            1,
            f"could not be stored: {error.__class__.__name__}",
            "run the import again; if it fails again, report it",
        )
        return ImportResult(str(path), FAILED, problems=(problem,))
    return ImportResult(str(path), status, number)


def store(parsed: questions.Quiz, sort_key: str = "") -> tuple[str, int]:
    """Add a checked quiz as a new quiz or a new version; return (status, version number)."""
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == parsed.slug))
    if quiz is None:
        quiz = Quiz(slug=parsed.slug, sort_key=sort_key or parsed.slug, current_number=1, active=True)
        db.session.add(quiz)
        _add_version(quiz, parsed, 1)
        return NEW, 1
    quiz.active, quiz.sort_key = True, sort_key or parsed.slug
    current = current_version(parsed.slug, include_hidden=True)
    if current is not None and current.content_hash == parsed.content_hash:
        return UNCHANGED, current.number
    quiz.current_number += 1
    _add_version(quiz, parsed, quiz.current_number)
    return UPDATED, quiz.current_number


def _add_version(quiz: Quiz, parsed: questions.Quiz, number: int) -> QuizVersion:
    """Add a QuizVersion with its items for a parsed quiz."""
    version = QuizVersion(
        quiz=quiz,
        number=number,
        content_hash=parsed.content_hash,
        title=parsed.title,
        level=parsed.level,
        language=parsed.language,
        source_kind=parsed.source.kind,
        source_note=parsed.source.note,
        source_published=parsed.source.published,
        source_outlet=parsed.source.outlet,
        source_author=parsed.source.author,
        source_url=parsed.source.url,
        source_fictional=parsed.source.fictional,
        article=parsed.article,
        item_count=len(parsed.items),
        labels=[{"key": label.key, "name": label.name, "definition": label.definition} for label in parsed.labels],
    )
    db.session.add(version)
    for position, item in enumerate(parsed.items, start=1):
        version.items.append(
            Item(
                position=position,
                key=item.key,
                kind=item.kind,
                text=item.text,
                start=item.start,
                end=item.end,
                spec=get_kind(item.kind).dump(item.spec),
            )
        )
    return version


def _current():
    """Return a select of current versions joined to their quiz."""
    return select(QuizVersion).join(
        Quiz, and_(Quiz.id == QuizVersion.quiz_id, Quiz.current_number == QuizVersion.number)
    )


def current_versions() -> list[QuizVersion]:
    """Return the current version of every active quiz, in file-name order."""
    return list(db.session.scalars(_current().where(Quiz.active).order_by(Quiz.sort_key, Quiz.slug)))


def current_version(slug: str, include_hidden: bool = False) -> QuizVersion | None:
    """Return the current version of the quiz with this slug, or None."""
    query = _current().where(Quiz.slug == slug)
    return db.session.scalar(query if include_hidden else query.where(Quiz.active))


def version(version_id: int) -> QuizVersion | None:
    """Return a stored version with its items, read from the database once per app.

    A stored version never changes (a changed file becomes a new version), so every question and
    feedback page can share one copy instead of loading the article and item again. The
    objects belong to no session, so no commit or rollback expires them: read them; never change
    them or attach them to another object. ``version.quiz`` is not loaded (a quiz does change: it
    is hidden, or gets a newer version), so reading it here fails loudly rather than going stale.
    """
    cache = current_app.extensions.setdefault(VERSION_CACHE, {})
    if version_id not in cache:
        # A session of its own: loading into the request's session could hand this request's
        # objects to the cache, or take them out of the request's session.
        with Session(db.engine) as session:
            found = session.scalar(
                select(QuizVersion).where(QuizVersion.id == version_id).options(selectinload(QuizVersion.items))
            )
            for item in found.items if found else ():
                item.version  # noqa: B018 - set from the identity map, no query, so it works detached
                item.checked  # noqa: B018 - the spec loaded once, here, not on every page
        if found is None:
            return None
        cache[version_id] = found
    return cache[version_id]


def default_label_names() -> dict[str, str]:
    """Return label key to name from the questions folder's label set (for pages with no quiz yet).

    The names are in the page's language where labels.yaml gives them ('translations:'), as written otherwise.
    """
    from .i18n import language

    cache = current_app.extensions.setdefault(LABEL_NAMES_CACHE, {})
    code = language()
    if code not in cache:
        try:
            labels = questions.load_labels(Path(current_app.config["QUESTIONS_DIR"]) / questions.LABELS_FILE)
        except questions.QuestionFileError:
            labels = ()
        cache[code] = {label.key: label.in_language(code).name for label in labels}
    return dict(cache[code])
