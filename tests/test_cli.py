"""The quizapp command line: check, import."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from quizapp.cli import main

from .conftest import QUESTIONS, SEED, write


def run(*args: str):
    """Run the quizapp command in-process."""
    return CliRunner().invoke(main, list(args))


def test_check_passes_on_the_shipped_questions():
    result = run("check", str(QUESTIONS))
    assert result.exit_code == 0, result.output
    assert "3 file(s) checked: no problems." in result.output


def test_check_names_the_file_the_line_and_a_hint(tmp_path):
    source = (QUESTIONS / f"01-{SEED}.yaml").read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(source.splitlines(), start=1) if text.strip().startswith("text: "))
    original = source.splitlines()[line - 1].split("text: ", 1)[1]
    broken = write(tmp_path / "copy.yaml", source.replace(f"text: {original}", f"text: {original} EXTRA WORDS", 1))
    result = run("check", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:{line}:" in result.output
    assert "text not found in the article" in result.output
    assert "hint:" in result.output
    assert "1 problem(s) in 1 of 1 file(s)." in result.output


def test_check_keeps_going_past_a_bad_file(tmp_path):
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    write(folder / "zz-bad.yaml", "title: [unclosed\n")
    result = run("check", str(folder))
    assert result.exit_code == 1
    assert "zz-bad.yaml:2:1:" in result.output and "in 1 of 4 file(s)" in result.output


def test_check_uses_the_labels_beside_the_file(tmp_path):
    write(tmp_path / "labels.yaml", "labels:\n  - id: claim\n    name: Claim\n    definition: A claim.\n")
    write(tmp_path / "q.yaml", "title: T\narticle: He said so.\npassages:\n  - id: a\n    text: He said so\n"
          "    label: fact\n    cues: [said]\n    explanation: x\n")
    result = run("check", str(tmp_path / "q.yaml"))
    assert result.exit_code == 1 and "label 'fact' is not one of: claim" in result.output


def test_import_command_reports_each_file(runner):
    result = runner.invoke(args=["import"])
    assert result.exit_code == 0, result.output
    assert result.output.count(": new (version 1)") == 3
    again = runner.invoke(args=["import"])
    assert again.output.count(": unchanged (version 1)") == 3


def test_import_command_fails_when_a_file_is_bad(runner, tmp_path):
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    write(folder / "bad.yaml", "title: x\n")
    result = runner.invoke(args=["import", str(folder)])
    assert result.exit_code == 1
    assert "bad.yaml: not loaded" in result.output and result.output.count(": new (version 1)") == 3
