"""Hostile question folders: pipes, duplicate addresses, bad names, missing or broken label sets, links, long fields.

Each rule lives in sources.py (or the checker) and is read the same by ``quizapp check`` and by
``import`` (which ``serve`` runs), so each case is run through both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from quizapp import catalog
from quizapp.cli import main
from quizapp.core import sources
from quizapp.extensions import db
from quizapp.models import QuizVersion

from .conftest import QUESTIONS, write

SMALL = (
    "title: Rain\narticle: It rained today.\npassages:\n  - id: rain\n    text: It rained today\n"
    "    label: fact\n    cues: [rained]\n    explanation: A thing anyone could check.\n"
)
QUIZAPP = str(Path(sys.executable).with_name("quizapp"))


def folder_with(tmp_path, files: dict[str, str], labels: bool = True) -> Path:
    """Return a questions folder holding these files (and the shipped labels.yaml unless labels is False)."""
    folder = tmp_path / "questions"
    folder.mkdir()
    if labels:
        shutil.copy(QUESTIONS / "labels.yaml", folder / "labels.yaml")
    for name, text in files.items():
        write(folder / name, text)
    return folder


def check(*paths: Path):
    """Run quizapp check in-process."""
    return CliRunner().invoke(main, ["check", *map(str, paths)])


def imported(app, folder: Path) -> dict[str, catalog.ImportResult]:
    """Import a folder; return the results by file name."""
    with app.app_context():
        return {Path(r.path).name: r for r in catalog.import_directory(folder)}


@pytest.fixture
def env(tmp_path):
    """Return the environment of a quizapp command on a fresh SQLite database."""
    return {
        **os.environ,
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_SECRET_KEY": "t",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pipe.sqlite'}",
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("command", ["check", "import"])
def test_a_named_pipe_neither_hangs_check_nor_import(tmp_path, env, command):
    folder = folder_with(tmp_path, {"01-rain.yaml": SMALL})
    os.mkfifo(folder / "pipe.yaml")
    # A subprocess with a deadline: before the fix the reader waited forever for a writer.
    done = subprocess.run(
        [QUIZAPP, command, str(folder)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{folder / 'pipe.yaml'}:1:1: cannot read the file: it is a named pipe, not a text file" in done.stderr
    if command == "import":  # the good file still loads
        assert "01-rain.yaml: new (version 1)" in done.stdout
    else:
        assert "1 problem(s) in 1 of 2 file(s)." in done.stderr


@pytest.mark.parametrize(("first", "second"), [("01-dup.yaml", "02-dup.yaml"), ("dup.yaml", "dup.yml")])
def test_two_files_with_one_address_are_both_refused_each_naming_the_other(app, tmp_path, first, second):
    folder = folder_with(tmp_path, {first: SMALL, second: SMALL.replace("Rain", "Other rain")})
    result = check(folder)
    assert result.exit_code == 1
    assert (
        f"{folder / first}:1:1: this quiz would have the same web address (/quizzes/dup) as {second}" in result.output
    )
    assert (
        f"{folder / second}:1:1: this quiz would have the same web address (/quizzes/dup) as {first}" in result.output
    )
    assert check(folder / first).exit_code == 1  # checking one of them alone says so too
    for _ in range(3):  # before, every import made a new version of /quizzes/dup
        results = imported(app, folder)
        assert {r.status for r in results.values()} == {"failed"}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuizVersion)) == 0


@pytest.mark.parametrize(
    ("name", "address"), [("...yaml", ".."), ("My Quiz.yaml", "My Quiz"), ("é.yaml", "é"), ("01-a_b.yaml", "a_b")]
)
def test_a_file_name_must_make_a_web_address(app, tmp_path, name, address):
    folder = folder_with(tmp_path, {name: SMALL})
    result = check(folder)
    assert result.exit_code == 1
    assert (
        f"the file name gives the quiz the web address '{address}'" in result.output
        and "rename the file" in result.output
    )
    assert imported(app, folder)[name].status == "failed"


def test_check_and_import_use_the_same_label_set_in_a_folder_without_one(app, tmp_path):
    folder = folder_with(tmp_path, {"01-rain.yaml": SMALL}, labels=False)
    assert sources.labels_file(folder) == QUESTIONS / "labels.yaml"
    assert check(folder).exit_code == 0
    assert imported(app, folder)["01-rain.yaml"].status == "new"  # before, import refused every file here


def test_a_folder_label_set_wins_for_both(app, tmp_path):
    folder = folder_with(tmp_path, {"01-rain.yaml": SMALL}, labels=False)
    write(folder / "labels.yaml", "labels:\n  - id: claim\n    name: Claim\n    definition: A claim.\n")
    assert "label 'fact' is not one of: claim" in check(folder).output
    assert "label 'fact' is not one of: claim" in str(imported(app, folder)["01-rain.yaml"].problems[0])


def test_duplicate_label_ids_are_refused(app, tmp_path):
    folder = folder_with(tmp_path, {"01-rain.yaml": SMALL}, labels=False)
    write(
        folder / "labels.yaml",
        "labels:\n  - id: fact\n    name: Fact\n    definition: A fact.\n"
        "  - id: fact\n    name: Also fact\n    definition: Another.\n",
    )
    result = check(folder)
    assert result.exit_code == 1
    assert f"{folder / 'labels.yaml'}:5:9: label id 'fact' is used twice (first on line 2)" in result.output
    assert imported(app, folder)["01-rain.yaml"].status == "failed"


@pytest.mark.parametrize(("field", "line"), [("explanation", 8), ("accuracy_note", 10)])
def test_long_explanations_and_notes_are_refused_with_their_place(tmp_path, field, line):
    text = SMALL.replace(
        "explanation: A thing anyone could check.",
        "explanation: A thing anyone could check.\n    accurate: false\n    accuracy_note: It did not.",
    )
    text = text.replace("A thing anyone could check." if field == "explanation" else "It did not.", "<" * 400_000)
    folder = folder_with(tmp_path, {"01-rain.yaml": text})
    result = check(folder)
    assert result.exit_code == 1
    assert f"01-rain.yaml:{line}:" in result.output
    assert f"{field} has 400,000 characters, more than 2,000" in result.output


def test_a_long_explanation_just_under_the_cap_loads(tmp_path):
    folder = folder_with(tmp_path, {"01-rain.yaml": SMALL.replace("A thing anyone could check.", "x" * 2000)})
    assert check(folder).exit_code == 0


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_outside_the_folder_are_refused_and_links_inside_are_followed(app, tmp_path):
    outside = write(tmp_path / "secret.yaml", SMALL.replace("Rain", "Secret"))
    folder = folder_with(tmp_path, {"01-rain.yaml": SMALL})
    (folder / "02-escape.yaml").symlink_to(outside)
    (folder / "03-again.yaml").symlink_to(folder / "01-rain.yaml")
    (folder / "04-loop.yaml").symlink_to(folder / "04-loop.yaml")
    result = check(folder)
    assert result.exit_code == 1
    assert (
        f"02-escape.yaml:1:1: the file is a link to {outside}, which is outside the questions folder" in result.output
    )
    # no problem with the followed link (the tiny quiz's balance warnings are not problems)
    assert not [line for line in result.output.splitlines() if "03-again.yaml" in line and "warning:" not in line]
    assert "04-loop.yaml:1:1:" in result.output
    results = imported(app, folder)
    assert (results["02-escape.yaml"].status, results["03-again.yaml"].status) == ("failed", "new")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_label_set_linked_from_outside_is_refused(app, tmp_path):
    outside = tmp_path / "labels-elsewhere.yaml"
    shutil.copy(QUESTIONS / "labels.yaml", outside)
    folder = folder_with(tmp_path, {"01-rain.yaml": SMALL}, labels=False)
    (folder / "labels.yaml").symlink_to(outside)
    assert "which is outside the questions folder" in check(folder).output
    assert imported(app, folder)["01-rain.yaml"].status == "failed"


def test_a_huge_file_is_refused_by_its_size_before_reading(tmp_path, monkeypatch):
    folder = folder_with(tmp_path, {"01-rain.yaml": SMALL})
    with open(folder / "02-huge.yaml", "wb") as huge:
        huge.truncate(3 * 1024 * 1024 * 1024)  # 3 GiB, sparse: reading it whole would fill memory
    result = check(folder)
    assert result.exit_code == 1 and "02-huge.yaml:1:1: the file is larger than 1 MiB" in result.output


def test_a_folder_named_like_a_question_file_is_refused(tmp_path):
    folder = folder_with(tmp_path, {"01-rain.yaml": SMALL})
    (folder / "02-folder.yaml").mkdir()
    assert "02-folder.yaml:1:1: cannot read the file: it is a folder, not a text file" in check(folder).output
