"""The quizapp command line: check, import, and serve's checks before it starts."""

from __future__ import annotations

import shutil
import socket

import pytest
from click.testing import CliRunner

from quizapp.cli import main

from .conftest import QUESTIONS, QUIZ_FILES, SEED, write


def run(*args: str):
    """Run the quizapp command in-process."""
    return CliRunner().invoke(main, list(args))


def test_check_passes_on_the_shipped_questions():
    result = run("check", str(QUESTIONS))
    assert result.exit_code == 0, result.output
    assert f"{len(QUIZ_FILES)} file(s) checked: no problems." in result.output


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
    assert "zz-bad.yaml:2:1:" in result.output and f"in 1 of {len(QUIZ_FILES) + 1} file(s)" in result.output


def test_check_uses_the_labels_beside_the_file(tmp_path):
    write(tmp_path / "labels.yaml", "labels:\n  - id: claim\n    name: Claim\n    definition: A claim.\n")
    write(
        tmp_path / "q.yaml",
        "title: T\narticle: He said so.\npassages:\n  - id: a\n    text: He said so\n"
        "    label: fact\n    cues: [said]\n    explanation: x\n",
    )
    result = run("check", str(tmp_path / "q.yaml"))
    assert result.exit_code == 1 and "label 'fact' is not one of: claim" in result.output


def test_import_command_reports_each_file(runner):
    result = runner.invoke(args=["import"])
    assert result.exit_code == 0, result.output
    assert result.output.count(": new (version 1)") == len(QUIZ_FILES)
    again = runner.invoke(args=["import"])
    assert again.output.count(": unchanged (version 1)") == len(QUIZ_FILES)


def test_import_command_fails_when_a_file_is_bad(runner, tmp_path):
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    write(folder / "bad.yaml", "title: x\n")
    result = runner.invoke(args=["import", str(folder)])
    assert result.exit_code == 1
    assert "bad.yaml: not loaded" in result.output and result.output.count(": new (version 1)") == len(QUIZ_FILES)


@pytest.fixture
def served(monkeypatch, tmp_path):
    """Make `serve` prepare a throwaway instance and record the app instead of starting gunicorn."""
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "test")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    started = []
    monkeypatch.setattr("quizapp.server.run", lambda app, host, port, *rest: started.append((app, host, port)))
    return started


def test_serve_on_a_busy_port_says_so_and_how_to_choose_another(served):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert result.exit_code == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.output
    assert "make run PORT=5001" in result.output and "quizapp serve --port 5001" in result.output
    assert f"Open http://127.0.0.1:{port}/" not in result.output and "Traceback" not in result.output
    assert served == []  # the server was never started


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("no-such-host.invalid", "is not an address of this computer"),
        ("192.0.2.1", "is not an address of this computer"),  # TEST-NET-1: no machine has it
    ],
)
def test_serve_on_an_address_this_computer_lacks_says_so(served, host, message):
    result = run("serve", "--host", host, "--port", "5000")
    assert result.exit_code == 1 and message in result.output and served == []


def test_serve_tells_the_app_the_classroom_addresses_it_printed(served, monkeypatch):
    from quizapp import cli

    monkeypatch.setattr(cli.socket, "gethostbyname_ex", lambda name: (name, [], ["127.0.1.1", "192.168.1.23"]))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("serve", "--host", "0.0.0.0", "--port", str(port))
    assert result.exit_code == 0, result.output
    assert f"Open http://192.168.1.23:{port}/" in result.output
    [(app, host, started_port)] = served
    assert (host, started_port) == ("0.0.0.0", port)
    assert app.config["SERVE_URLS"] == [f"http://192.168.1.23:{port}/"]


def test_create_teacher_states_the_rule_first_and_asks_again_after_a_short_password(app, runner):
    result = runner.invoke(
        args=["create-teacher", "ms-lee"],
        input="short\nshort\npassword\npassword\na teachers password\na teachers password\n",
    )
    assert result.exit_code == 0, result.output
    output = result.output
    assert output.index("at least 8 characters") < output.index("Password:")  # the rule comes before the prompt
    assert "A password has at least 8 characters. Try again." in output
    assert "one of the most common ones" in output
    assert "--password" not in output and "Invalid value" not in output
    assert "Teacher 'ms-lee' is ready" in output
    from quizapp import accounts

    with app.app_context():
        assert accounts.find("ms-lee").check_password("a teachers password")


def test_create_teacher_prints_no_migration_chatter(app, runner):
    result = runner.invoke(args=["create-teacher", "ms-lee", "--password", "a teachers password"])
    assert result.exit_code == 0, result.output
    assert "INFO" not in result.output and "alembic" not in result.output and "SQLiteImpl" not in result.output
    assert result.output.strip() == "Teacher 'ms-lee' is ready: log in with that username and the password."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create-teacher", "ms-lee", "--password", "12345678"], "one of the most common ones"),
        (["create-teacher", "ms-lee", "--password", " " * 8], "only spaces or invisible characters"),
        (["create-teacher", "ms-lee", "--password", "short"], "at least 8 characters"),
        (["create-teacher", "ms lee!", "--password", "a teachers password"], "Use only letters, digits"),
    ],
)
def test_create_teacher_refuses_what_sign_up_refuses(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and message in result.output


def test_create_teacher_refuses_a_name_that_differs_only_in_case_by_promoting_it(app, runner, client, auth):
    auth.signup("TeacherA", "a long password")
    result = runner.invoke(args=["create-teacher", "teachera", "--password", "a teachers password"])
    assert result.exit_code == 0, result.output
    assert "'TeacherA' is now a teacher" in result.output  # the same account, not a second one


def test_help_shows_this_apps_commands_only(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "help")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'help.sqlite'}")
    result = run("--help")
    assert result.exit_code == 0, result.output
    commands = result.output.split("Commands:")[1]
    for name in ("check", "import", "serve", "create-teacher", "init-db", "backup", "restore", "db"):
        assert f"  {name} " in commands
    for flask_only in ("python-dotenv", "--env-file", "--app", "  run ", "  shell ", "  routes ", "Flask version"):
        assert flask_only not in result.output
    assert "Check question files (default: the questions folder); exit 1 if any has a problem." in " ".join(
        commands.split()
    )  # whole, not cut at 45 characters
