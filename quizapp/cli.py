"""The ``quizapp`` command: check, suggest, import, init-db, create-teacher, backup, restore, serve and db.

``quizapp --help`` lists these alone: Flask's generic options and commands (``--app``,
``--env-file``, ``run``, ``shell``, ``routes``) are for Flask developers, not for a teacher
setting up the app, and are left out.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext

from . import catalog, catalogs
from .config import bundled
from .core import balance, questions, sources
from .core.messages import Message
from .i18n import command_line_say


def _create_app() -> Flask:
    """Create the app for the command line."""
    from . import create_app

    return create_app()


class QuizappGroup(FlaskGroup):
    """Flask's command group without Flask's developer options and commands, with whole command summaries."""

    def __init__(self, **extra) -> None:
        """Make the group as FlaskGroup does, then drop --app, --env-file and --debug."""
        super().__init__(add_default_commands=False, add_version_option=False, load_dotenv=False, **extra)
        self.params = [p for p in self.params if p.name not in ("env_file", "app", "debug")]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their first sentence whole, wrapped, rather than cut at 45 characters."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=200)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=QuizappGroup, create_app=_create_app)
@click.version_option(package_name="quizapp", message="quizapp %(version)s")
def main() -> None:
    """Media-literacy quizzes: check question files, load them, and serve the app.

    Run 'quizapp COMMAND --help' for what a command does and its options.
    """


def init_app(app: Flask) -> None:
    """Register the commands that need the app on app.cli."""
    for command in (import_command, init_db_command, create_teacher_command, backup_command, restore_command):
        app.cli.add_command(command)


def check_files(
    paths: list[Path], warnings: list[questions.Problem] | None = None
) -> tuple[int, list[questions.Problem]]:
    """Check question files and folders as import would read them; return (files checked, problems).

    Balance warnings of the files that load (core/balance.py) are added to warnings when given.
    """
    entries: list[sources.Entry] = []
    folders: dict[Path, sources.Folder] = {}
    for path in paths:
        directory = path if path.is_dir() else path.parent
        if directory not in folders:
            folders[directory] = sources.scan(directory)
        scanned = folders[directory].entries
        # A single file is judged within its folder: a clash of addresses there would stop it loading.
        entries.extend(
            scanned
            if path.is_dir()
            else [e for e in scanned if e.path.name == path.name]
            or [sources.Entry(path, sources.slug_for(path), _lone_file_problems(path))]
        )
    problems: list[questions.Problem] = []
    label_sets: dict[Path, tuple[questions.Label, ...] | None] = {}
    for entry in entries:
        folder = folders[entry.path.parent]
        if folder.labels not in label_sets:
            try:
                if folder.label_problems:
                    raise questions.QuestionFileError(list(folder.label_problems))
                label_sets[folder.labels] = questions.load_labels(folder.labels)
            except questions.QuestionFileError as error:
                label_sets[folder.labels] = None
                problems.extend(error.problems)
        if entry.problems:
            problems.extend(entry.problems)
        elif label_sets[folder.labels] is not None:
            try:
                quiz = questions.load_quiz(entry.path, label_sets[folder.labels])
            except questions.QuestionFileError as error:
                problems.extend(error.problems)
            else:
                if warnings is not None:
                    warnings.extend(balance.warnings(quiz, sources.read_text(entry.path), str(entry.path)))
    return len(entries), problems


def _lone_file_problems(path: Path) -> tuple[questions.Problem, ...]:
    """Return the problems of a file named on the command line that its folder does not list as a quiz."""
    refused = sources.file_problem(path)
    return (refused,) if refused else ()


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def check_command(paths: tuple[Path, ...]) -> None:
    """Check question files (default: the questions folder); exit 1 if any has a problem."""
    say = command_line_say()  # QUIZAPP_LANGUAGE, else LANG: a teacher's terminal speaks her language
    warned: list[questions.Problem] = []
    count, problems = check_files(list(paths) or [bundled("questions")], warned)
    for warning in warned:  # worth a look, never a reason to refuse the file
        click.echo(warning.text(say))
    for problem in problems:
        click.echo(problem.text(say), err=True)
    bad = len({p.path for p in problems})
    if problems:
        summary = Message(
            "%(count)s problem(s) in %(bad)s of %(files)s file(s).", count=len(problems), bad=bad, files=count
        )
        click.echo(say(summary), err=True)
        sys.exit(1)
    if warned:
        click.echo(
            say(
                Message(
                    "%(count)s file(s) checked: no problems (%(warnings)s warning(s)).",
                    count=count,
                    warnings=len(warned),
                )
            )
        )
    else:
        click.echo(say(Message("%(count)s file(s) checked: no problems.", count=count)))


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database tables if they are missing."""
    from .database import create_schema

    create_schema(quiet=True)
    click.echo("Database ready.")


def import_questions(directory: Path) -> bool:
    """Import a questions folder, print one line a file, and return whether all loaded."""
    from .database import create_schema, setup_lock

    with setup_lock():
        create_schema(quiet=True)
        results = catalog.import_directory(directory)
    for result in results:
        if result.status == catalog.FAILED:
            click.echo(f"{result.path}: not loaded", err=True)
            for problem in result.problems:
                click.echo(problem.text(command_line_say()), err=True)
        else:
            click.echo(f"{result.path}: {result.status} (version {result.version})")
    return all(r.status != catalog.FAILED for r in results)


@click.command("import")
@click.argument("directory", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def import_command(directory: Path | None) -> None:
    """Load every valid question file; files with problems are skipped and listed."""
    if not import_questions(directory or Path(current_app.config["QUESTIONS_DIR"])):
        sys.exit(1)


@click.command("create-teacher")
@click.argument("username")
@click.option("--password", help="The teacher's password. Leave it out to be asked (hidden, typed twice).")
@with_appcontext
def create_teacher_command(username: str, password: str | None) -> None:
    """Create a teacher account, or make an existing account a teacher."""
    from . import accounts
    from .core import passwords, usernames
    from .database import create_schema

    refused = usernames.problem(username)
    if refused:
        raise click.ClickException(f"{refused} (the username was '{username}')")
    if password is None:
        password = _ask_password(username)
    elif passwords.problem(password, username):
        raise click.BadParameter(
            f"{passwords.problem(password, username)} The rule: {passwords.RULE}.", param_hint="--password"
        )
    create_schema(quiet=True)
    try:
        user, created = accounts.make_teacher(username, password)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    if created:
        click.echo(f"Teacher '{user.username}' is ready: log in with that username and the password.")
    else:
        click.echo(f"'{user.username}' is now a teacher with the new password; it was logged out everywhere.")


def _ask_password(username: str, tries: int = 3) -> str:
    """Ask for a new password at the prompt, saying the rule first, until one passes it."""
    from .core import passwords

    click.echo(f"Choose a password for '{username}': {passwords.RULE}. It is not shown as you type.")
    for _ in range(tries):
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Type it again")
        refused = passwords.problem(password, username)
        if not refused:
            return password
        click.echo(f"{refused} Try again.", err=True)
    raise click.ClickException("No password was chosen; nothing was changed.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH; safe while the app is running."""
    from .backup import BackupError, backup

    try:
        pages = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {pages} pages to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with the backup at PATH, then bring its schema up to date."""
    from .backup import BackupError, restore
    from .database import create_schema
    from .extensions import db

    if not yes:
        click.confirm("This replaces every class, attempt and answer with the backup's. Go on?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    create_schema()
    click.echo(f"Restored {path}. Restart the app so every worker sees it.")


@click.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 for the classroom network."
)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=os.cpu_count() or 1, show_default="one per core", type=int)
@click.option("--threads", default=None, type=int, help="Requests each worker serves at once (default 1).")
@click.pass_obj
def serve_command(info: ScriptInfo, host: str, port: int, workers: int, threads: int | None) -> None:
    """Prepare the database, load the questions and serve the app with a production server."""
    from .extensions import db
    from .server import run

    problem = port_problem(host, port)
    if problem:  # before loading anything: gunicorn would print five tracebacks and give up
        raise click.ClickException(problem)
    app = info.load_app()
    with app.app_context():
        import_questions(Path(app.config["QUESTIONS_DIR"]))
        db.session.remove()
        db.engine.dispose()  # the workers fork from here: none may inherit an open connection
    # Serve outside the app context: a context left pushed would be shared by every request,
    # and with it flask.g (where the CSRF token is cached).
    urls = classroom_urls(host, port)
    app.config["SERVE_URLS"] = [url for url in urls if not url.endswith("(this computer)")]
    for url in urls:
        click.echo(f"Open {url}")
    run(app, host, port, workers, *([threads] if threads else []))


def port_problem(host: str, port: int) -> str | None:
    """Return why the server could not listen on host:port (taken, not allowed), or None if it can."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            # As gunicorn binds: SO_REUSEADDR, so a port left in TIME_WAIT by a stopped server counts as free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except socket.gaierror:
        return f"{host} is not an address of this computer. Use 127.0.0.1, or 0.0.0.0 for the classroom network."
    except PermissionError:
        return (
            f"Port {port} needs administrator rights. Choose a port from 1024 up: "
            f"make run PORT=5001 (or quizapp serve --port 5001)."
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return (
                f"Port {port} on {host} is already in use: the app may already be running in another "
                f"window (open {local_url(host, port)} to see), or another program is using the port. "
                f"Stop that program, or choose another port: make run PORT=5001 (or quizapp serve --port 5001)."
            )
        if error.errno == errno.EADDRNOTAVAIL:
            return f"{host} is not an address of this computer. Use 127.0.0.1, or 0.0.0.0 for the classroom network."
        return f"Cannot listen on {host}:{port}: {error.strerror}."
    return None


def local_url(host: str, port: int) -> str:
    """Return the address this computer's own browser opens for a server bound to host."""
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def classroom_urls(host: str, port: int) -> list[str]:
    """Return the URLs students can open to reach a server bound to host."""
    if host not in ("0.0.0.0", "::"):
        return [f"http://{host}:{port}/"]
    try:
        addresses = {a for a in socket.gethostbyname_ex(socket.gethostname())[2] if not a.startswith("127.")}
    except OSError:
        addresses = set()
    return [f"http://{a}:{port}/" for a in sorted(addresses)] + [f"http://127.0.0.1:{port}/ (this computer)"]


@click.command("suggest")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def suggest_command(article: Path) -> None:
    """Print a draft question file for an article (.txt or .md): one item a sentence, labels suggested.

    Save it (quizapp suggest article.txt > draft.yaml), fill in what is marked TODO, check the
    labels, then run quizapp check on it.
    """
    from .core import draft

    try:
        text = article.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException(f"{article} is not plain text (UTF-8): save it as .txt and try again") from None
    if not text.strip():
        raise click.ClickException(f"{article} is empty: paste the article's text into it first")
    click.echo(draft.write(draft.build(text)), nl=False)


# On the group itself rather than app.cli: checking files needs no app, and the server must not
# run inside the app context that FlaskGroup pushes for app.cli commands.
main.add_command(check_command)
main.add_command(serve_command)
main.add_command(suggest_command)
main.add_command(catalogs.translate_command)
