"""``quizapp translate``: the message catalogs, kept with Babel as microblog keeps its own.

``extract`` reads every marked word of the code and templates (babel.cfg) into messages.pot;
``update`` merges it into each language's messages.po; ``init CODE`` starts a new language;
``compile`` writes the messages.mo files the app reads (they are committed, so the wheel ships
them). These run in the source checkout, where babel.cfg and the templates are.
"""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
TEMPLATE = ROOT / "messages.pot"
KEYWORDS = ("lazy_gettext", "Message")  # beside Babel's own (_, gettext, ngettext); Message: core/messages.py


def pybabel(*args: str) -> None:
    """Run one pybabel command in this process; stop with its message if it fails."""
    try:
        CommandLineInterface().run(["pybabel", "-q", *args])
    except SystemExit as stop:
        if stop.code:
            raise click.ClickException(f"pybabel {args[0]} failed (exit {stop.code}).") from None


def _checkout() -> None:
    """Refuse to run outside the source checkout, where there is nothing to extract."""
    if not (ROOT / "babel.cfg").is_file():
        raise click.ClickException(f"No babel.cfg in {ROOT}: run 'quizapp translate' in the source checkout.")


def extract() -> None:
    """Write messages.pot from the code and templates."""
    _checkout()
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        *keywords,
        "--no-location",
        "--sort-output",
        "-o",
        str(TEMPLATE),
        str(ROOT),
    )


@click.group("translate")
def translate_command() -> None:
    """Keep the translations: extract the words, update or start a language's catalog, compile them."""


@translate_command.command("extract")
def extract_command() -> None:
    """Write messages.pot with every word marked for translation."""
    extract()
    click.echo(f"Wrote {TEMPLATE}.")


@translate_command.command("update")
def update_command() -> None:
    """Extract, then merge the new and changed words into every language's messages.po."""
    extract()
    pybabel("update", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS), "--no-wrap", "--ignore-obsolete")
    TEMPLATE.unlink()
    click.echo(
        f"Updated the catalogs in {TRANSLATIONS}. Translate the new entries, then run 'quizapp translate compile'."
    )


@translate_command.command("compile")
def compile_command() -> None:
    """Write the messages.mo files the app reads (fuzzy entries are left out)."""
    pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
    click.echo("Compiled. Commit the .mo files with the .po files.")


@translate_command.command("init")
@click.argument("language")
def init_command(language: str) -> None:
    """Start the catalog of a new LANGUAGE (a code such as 'fr'); then add it to LANGUAGES in quizapp/i18n.py."""
    extract()
    pybabel("init", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS), "-l", language, "--no-wrap")
    TEMPLATE.unlink()
    click.echo(f"Started {TRANSLATIONS / language / 'LC_MESSAGES' / 'messages.po'}.")
