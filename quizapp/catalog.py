"""The quizzes in the database: import question files as versions, and list what is current.

Each file is imported in its own transaction, so a file with problems, or one that fails to
store, changes nothing while the others load. A file whose content changed becomes a new
version; the old version and its passages stay for the attempts that used them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, contains_eager, selectinload

from .core import levels, questions, sources
from .core.kinds import get_kind
from .core.kinds.base import Labelled
from .extensions import db
from .models import AcceptedLabel, Item, Quiz, QuizVersion

NEW, UPDATED, UNCHANGED, FAILED = "new", "updated", "unchanged", "failed"
VERSION_CACHE = "quizapp.versions"
LABEL_NAMES_CACHE = "quizapp.label_names"
# A label accepted after a dispute changes how a stored version grades. The process that accepted
# reads the version again at once; every other server process within this many seconds.
RELOAD_SECONDS = 30


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
        shuffle=parsed.shuffle,
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
    """Return a select of current versions joined to their quiz, the quiz loaded with each (no query per quiz)."""
    return (
        select(QuizVersion)
        .join(Quiz, and_(Quiz.id == QuizVersion.quiz_id, Quiz.current_number == QuizVersion.number))
        .options(contains_eager(QuizVersion.quiz))
    )


def current_versions() -> list[QuizVersion]:
    """Return the current version of every active quiz, easiest level first, then in file-name order.

    Ordered by level so a class's list does not open with its hardest article (the seed quiz is
    for grades 8-12); a file's leading number orders quizzes of the same level.
    """
    query = _current().add_columns(Quiz.sort_key, Quiz.slug).where(Quiz.active)
    rows = db.session.execute(query).all()
    return [row[0] for row in sorted(rows, key=lambda row: (levels.level_key(row[0].level), row[1], row[2]))]


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
    loaded = current_app.extensions.setdefault(VERSION_CACHE + ".at", {})
    if version_id in cache and time.monotonic() - loaded.get(version_id, 0.0) > RELOAD_SECONDS:
        del cache[version_id]  # read again now and then: a teacher may have accepted a label meanwhile
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
        _add_accepted(found)
        cache[version_id], loaded[version_id] = found, time.monotonic()
    return cache[version_id]


def _add_accepted(found: QuizVersion) -> None:
    """Grade a version's items with the labels teachers accepted after a dispute, as if the file said also_accepted."""
    ids = [item.id for item in found.items]
    accepted: dict[int, list[str]] = {}
    for item_id, label in db.session.execute(
        select(AcceptedLabel.item_id, AcceptedLabel.label)
        .where(AcceptedLabel.item_id.in_(ids))
        .order_by(AcceptedLabel.id)
    ):
        accepted.setdefault(item_id, []).append(label)
    for item in found.items:
        spec = item.checked
        extra = [
            label for label in accepted.get(item.id, ()) if label not in spec.also_accepted and label != spec.label
        ]
        if extra and isinstance(spec, Labelled):
            item.__dict__["_checked"] = replace(spec, also_accepted=(*spec.also_accepted, *extra))


def forget(version_id: int) -> None:
    """Drop a version from this process's cache, so it is read again (after a label is accepted)."""
    current_app.extensions.setdefault(VERSION_CACHE, {}).pop(version_id, None)


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


GUIDE_CACHE = "quizapp.guides"


def guide_quiz(slug: str) -> questions.Quiz | None:
    """Return the checked question file of an active quiz, for its teacher's guide; None if it has none now.

    The guide is read from the file, not stored: it is for teachers, never part of what a student
    saw, so it needs no versions (and no column). A file that no longer checks shows no guide
    rather than an old one; the parse is kept until the file changes.
    """
    if current_version(slug) is None:
        return None
    folder = sources.scan(Path(current_app.config["QUESTIONS_DIR"]))
    entry = next((e for e in folder.entries if e.slug == slug and not e.problems), None)
    if entry is None or folder.label_problems:
        return None
    stamp = (str(entry.path), entry.path.stat().st_mtime_ns, folder.labels.stat().st_mtime_ns)
    cache = current_app.extensions.setdefault(GUIDE_CACHE, {})
    if cache.get(slug, (None,))[0] != stamp:
        try:
            parsed = questions.load_quiz(entry.path, questions.load_labels(folder.labels))
        except (questions.QuestionFileError, OSError):
            return None
        cache[slug] = (stamp, parsed)
    return cache[slug][1]
