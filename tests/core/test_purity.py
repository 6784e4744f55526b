"""The core stays pure: no module under quizapp/core imports Flask, SQLAlchemy or the database layer."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import quizapp.core

CORE = Path(quizapp.core.__file__).parent
FORBIDDEN = (
    "flask",
    "flask_sqlalchemy",
    "flask_login",
    "flask_wtf",
    "flask_migrate",
    "sqlalchemy",
    "werkzeug",
    "quizapp.models",
    "quizapp.extensions",
    "quizapp.database",
    "quizapp.web",
)
MODULES = sorted(
    "quizapp." + ".".join(path.relative_to(CORE.parent).with_suffix("").parts).removesuffix(".__init__")
    for path in CORE.rglob("*.py")
)
# One interpreter per module, so a forbidden import is blamed on the module that makes it (directly
# or through another module), not on whichever was imported first.
PROBE = (
    "import importlib, json, sys; importlib.import_module(sys.argv[1]); "
    "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'flask_sqlalchemy', "
    "'flask_login', 'flask_wtf', 'flask_migrate', 'sqlalchemy', 'werkzeug'} or m.startswith(('quizapp.models', "
    "'quizapp.extensions', 'quizapp.database', 'quizapp.web')))))"
)


def test_the_core_has_modules_to_check():
    assert {"quizapp.core.questions", "quizapp.core.kinds", "quizapp.core.rules", "quizapp.core.grading"} <= set(
        MODULES
    )


@pytest.mark.parametrize("module", MODULES)
def test_core_module_imports_nothing_of_the_web_or_the_database(module):
    found = subprocess.run([sys.executable, "-c", PROBE, module], capture_output=True, text=True, check=True)
    assert json.loads(found.stdout) == [], f"{module} pulls in {json.loads(found.stdout)}"


def test_the_probe_would_notice_a_forbidden_import():
    found = subprocess.run([sys.executable, "-c", PROBE, "quizapp.dates"], capture_output=True, text=True, check=True)
    assert "flask" in json.loads(found.stdout)


def imported_names(path: Path) -> set[str]:
    """Return every module a file imports, relative imports resolved against its package."""
    package = list(path.relative_to(CORE.parent.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            names.add(base)
    return names


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(CORE)))
def test_core_sources_import_only_the_core_of_the_app(path):
    for name in imported_names(path):
        assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
        assert not name.startswith("quizapp.") or name.startswith("quizapp.core"), f"{path.name} imports {name}"
