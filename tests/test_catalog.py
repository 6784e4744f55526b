"""Loading question files: one transaction per file, versions on change, old attempts kept."""

from __future__ import annotations

import shutil

from sqlalchemy import func, select

from quizapp import catalog
from quizapp.extensions import db
from quizapp.models import Item, Quiz, QuizVersion

from .conftest import QUESTIONS, SEED, SHIPPED_QUIZZES, answer, seed_item_count, start_quiz, write


def copy_questions(tmp_path):
    """Copy the shipped questions into a folder a test may change."""
    target = tmp_path / "questions"
    shutil.copytree(QUESTIONS, target)
    return target


def counts(app) -> tuple[int, int, int]:
    """Return (quizzes, versions, passages) stored."""
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (Quiz, QuizVersion, Item))


def test_import_loads_every_file_once(app, tmp_path):
    folder = copy_questions(tmp_path)
    with app.app_context():
        first = catalog.import_directory(folder)
        again = catalog.import_directory(folder)
    assert [r.status for r in first] == ["new"] * SHIPPED_QUIZZES
    assert [r.status for r in again] == ["unchanged"] * SHIPPED_QUIZZES
    quizzes, versions, passages = counts(app)
    assert (quizzes, versions) == (SHIPPED_QUIZZES, SHIPPED_QUIZZES) and passages >= 35 + 10 + 10 + 16 + 12


def test_a_bad_file_does_not_block_the_others_and_loads_nothing(app, tmp_path):
    folder = copy_questions(tmp_path)
    write(
        folder / "broken.yaml",
        "title: Broken\narticle: Some text.\npassages:\n  - id: a\n    text: Not there\n"
        "    label: fact\n    cues: [there]\n    explanation: x\n",
    )
    with app.app_context():
        results = {r.path.rsplit("/", 1)[-1]: r for r in catalog.import_directory(folder)}
        assert results["broken.yaml"].status == "failed"
        assert "text not found in the article" in str(results["broken.yaml"].problems[0])
        assert db.session.scalar(select(Quiz).where(Quiz.slug == "broken")) is None
    assert counts(app)[0] == SHIPPED_QUIZZES


def test_a_broken_edit_keeps_the_previous_version_live(app, tmp_path):
    folder = copy_questions(tmp_path)
    with app.app_context():
        catalog.import_directory(folder)
        seed = folder / f"01-{SEED}.yaml"
        seed.write_text(seed.read_text().replace("label: opinion", "label: opinon", 1))
        results = {r.path.rsplit("/", 1)[-1]: r.status for r in catalog.import_directory(folder)}
        assert results[f"01-{SEED}.yaml"] == "failed"
        assert catalog.current_version(SEED).number == 1


def test_a_removed_file_hides_its_quiz(app, tmp_path):
    folder = copy_questions(tmp_path)
    with app.app_context():
        catalog.import_directory(folder)
        before = {v.quiz.slug for v in catalog.current_versions()}
        (folder / "03-harlow-river-otters.yaml").unlink()
        catalog.import_directory(folder)
        assert {v.quiz.slug for v in catalog.current_versions()} == before - {"harlow-river-otters"}


def test_a_changed_file_is_a_new_version_and_old_attempts_keep_what_they_saw(app, client, auth, tmp_path):
    folder = copy_questions(tmp_path)
    with app.app_context():
        catalog.import_directory(folder)
        old = catalog.current_version(SEED)
        first = old.items[0]
        old_text, old_label, old_explanation = first.text, first.labels[0], first.checked.explanation_html
    auth.signup()
    attempt = start_quiz(client)
    answer(client, attempt, 1, old_label)  # right under version 1

    seed = folder / f"01-{SEED}.yaml"
    source = seed.read_text()
    new_label = "opinion" if old_label != "opinion" else "fact"
    block_start = source.index("passages:")
    head, tail = source[:block_start], source[block_start:]
    tail = tail.replace(f"label: {old_label}", f"label: {new_label}", 1)
    tail = tail.replace("explanation:", "explanation: CHANGED.", 1)
    seed.write_text(head + tail)
    with app.app_context():
        results = {r.path.rsplit("/", 1)[-1]: (r.status, r.version) for r in catalog.import_directory(folder)}
        assert results[f"01-{SEED}.yaml"] == ("updated", 2)
        assert catalog.current_version(SEED).items[0].labels == (new_label,)

    feedback = client.get(f"/attempts/{attempt}/passages/1/feedback").data.decode()
    assert "Correct!" in feedback and old_explanation in feedback and "CHANGED." not in feedback
    page = client.get(f"/attempts/{attempt}/passages/2").data.decode()
    assert old_text in page  # the old attempt goes on with version 1

    assert start_quiz(client) == attempt  # the unfinished attempt resumes on version 1
    for position in range(2, seed_item_count() + 1):
        answer(client, attempt, position, "fact")
    results = client.get(f"/attempts/{attempt}/results").data.decode()
    assert old_explanation in results and "CHANGED." not in results
    new_attempt = start_quiz(client)
    assert new_attempt != attempt
    assert "CHANGED." in client.get(answer(client, new_attempt, 1, "fact").location).data.decode()


def test_a_changed_source_is_a_new_version_and_the_old_one_keeps_its_own(app, tmp_path):
    folder = copy_questions(tmp_path)
    seed = folder / f"01-{SEED}.yaml"
    with app.app_context():
        catalog.import_directory(folder)
        seed.write_text(
            seed.read_text().replace(
                "  kind: news report\n",
                "  kind: news report\n  outlet: The Daily Example\n"
                "  published: 2025-08-16\n  author: Sam Writer\n"
                "  url: https://example.org/news/1\n",
                1,
            )
        )
        results = {r.path.rsplit("/", 1)[-1]: (r.status, r.version) for r in catalog.import_directory(folder)}
        assert results[f"01-{SEED}.yaml"] == ("updated", 2)
        assert results["02-cedar-hollow-skate-park.yaml"] == ("unchanged", 1)
        new = catalog.current_version(SEED).source
        assert (new.outlet, new.published, new.author, new.url) == (
            "The Daily Example",
            "2025-08-16",
            "Sam Writer",
            "https://example.org/news/1",
        )
        first = db.session.scalar(select(QuizVersion).where(QuizVersion.number == 1, QuizVersion.quiz.has(slug=SEED)))
        assert (first.source.outlet, first.source.kind) == ("", "news report")
        assert catalog.current_version("harlow-river-otters").source.fictional is True
