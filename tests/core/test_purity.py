"""The core is pure: nothing under quizapp/core imports Flask, SQLAlchemy or the app's database code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "quizapp" / "core"
FORBIDDEN = (
    "flask",
    "flask_sqlalchemy",
    "flask_login",
    "flask_wtf",
    "flask_migrate",
    "sqlalchemy",
    "alembic",
    "werkzeug",
    "psycopg",
    "quizapp.database",
    "quizapp.models",
    "quizapp.extensions",
)
MODULES = sorted(f"quizapp.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__")


def imported_names(path: Path) -> set[str]:
    """Return every module a file imports, relative imports resolved against quizapp.core."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(["quizapp", "core"][: 3 - node.level] + ([base] if base else []))
            names.add(base)
    return names


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_no_forbidden_import_in_source(path):
    """Each core module: none of its imports is a web or database module, nor outside the core in quizapp."""
    for name in imported_names(path):
        assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
        assert not name.startswith("quizapp.") or name.startswith("quizapp.core"), (
            f"{path.name} imports {name}"
        )


def test_importing_the_core_loads_no_forbidden_module():
    """In a fresh interpreter, the core and everything it pulls in loads without Flask or a database.

    quizapp/__init__.py imports Flask for create_app, so the child process stands in an empty
    package for ``quizapp`` and imports the core from its folder: that measures what the core
    itself needs, directly or indirectly.
    """
    code = f"""
import sys, types
package = types.ModuleType("quizapp"); package.__path__ = [{str(ROOT / "quizapp")!r}]
sys.modules["quizapp"] = package
import importlib
for name in {MODULES!r}:
    importlib.import_module(name)
from quizapp.core.suggest import suggest_article
suggest_article("The talks may resume. Officials said so.")
bad = sorted(n for n in sys.modules if n.startswith({FORBIDDEN!r}))
print(",".join(bad))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    assert len(MODULES) >= 7
