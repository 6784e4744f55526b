""".ci/audit: findings fail unless accepted with a reason; unaudited packages fail only when strict.

The real vulnerability service may be out of reach, so these tests give the script a stand-in
pip-audit that prints a chosen report.
"""

from __future__ import annotations

import importlib.util
import json
import stat
from importlib.machinery import SourceFileLoader
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "audit"
FOUND = {
    "name": "jinja2",
    "version": "2.10",
    "vulns": [
        {"id": "PYSEC-2019-217", "aliases": ["CVE-2019-10906", "GHSA-462w-v97r-4m45"], "fix_versions": ["2.10.1"]}
    ],
}
CLEAN = {"name": "flask", "version": "3.1.3", "vulns": []}
SKIPPED = {"name": "flask", "skip_reason": "Dependency not found on PyPI and could not be audited: flask (3.1.3)"}


@pytest.fixture
def audit(tmp_path, monkeypatch):
    """Return the script as a module whose pip-audit, lock and ignore list live in tmp_path."""
    loader = SourceFileLoader("ci_audit", str(SCRIPT))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("ci_audit", loader))
    loader.exec_module(module)
    (tmp_path / ".ci").mkdir()
    (tmp_path / "requirements.lock").write_text("flask==3.1.3\njinja2==2.10\n")
    for name, value in {
        "ROOT": tmp_path,
        "LOCK": tmp_path / "requirements.lock",
        "IGNORE": tmp_path / ".ci" / "audit-ignore.txt",
        "VENV": tmp_path / "venv",
    }.items():
        monkeypatch.setattr(module, name, value)
    monkeypatch.delenv("QUIZAPP_AUDIT_STRICT", raising=False)
    return module


def stand_in(audit, report: dict, status: int) -> None:
    """Install a pip-audit that prints report as JSON and exits with status."""
    command = audit.VENV / "bin" / "pip-audit"
    command.parent.mkdir(parents=True)
    command.write_text(f"#!/bin/sh\ncat <<'EOF'\n{json.dumps(report)}\nEOF\nexit {status}\n")
    command.chmod(command.stat().st_mode | stat.S_IEXEC)


@pytest.mark.parametrize(
    ("dependencies", "ignore", "strict", "status", "expected"),
    [
        (
            [CLEAN, FOUND],
            "",
            "",
            1,
            "audit: jinja2 2.10: PYSEC-2019-217 (CVE-2019-10906, GHSA-462w-v97r-4m45); fixed in 2.10.1",
        ),
        (
            [CLEAN, FOUND],
            "PYSEC-2019-217  sandbox escape; we never render templates from users\n",
            "",
            0,
            "audit: 2 of 2 locked packages audited, 0 unaccepted finding(s), 1 accepted",
        ),
        ([CLEAN, FOUND], "# accepted by alias\nCVE-2019-10906\tnot reachable here\n", "", 0, "0 unaccepted finding(s)"),
        ([CLEAN, SKIPPED], "", "", 0, "audit: WARNING: 1 package(s) could not be audited"),
        ([CLEAN, SKIPPED], "", "1", 1, "audit: failing because QUIZAPP_AUDIT_STRICT=1"),
        ([CLEAN, CLEAN], "", "1", 0, "audit: 2 of 2 locked packages audited, 0 unaccepted finding(s)"),
    ],
)
def test_audit_outcome(audit, monkeypatch, capsys, dependencies, ignore, strict, status, expected):
    audit.IGNORE.write_text(ignore)
    if strict:
        monkeypatch.setenv("QUIZAPP_AUDIT_STRICT", strict)
    stand_in(audit, {"dependencies": dependencies, "fixes": []}, 1 if any(d.get("vulns") for d in dependencies) else 0)
    assert audit.main() == status
    assert expected in capsys.readouterr().out


def test_an_accepted_id_needs_a_reason(audit):
    audit.IGNORE.write_text("\nPYSEC-2019-217\n")
    with pytest.raises(SystemExit) as stopped:
        audit.main()
    assert (
        str(stopped.value) == ".ci/audit-ignore.txt:2: 'PYSEC-2019-217' has no reason; write 'ID  why it is accepted'"
    )


def test_the_shipped_ignore_list_gives_every_id_a_reason():
    loader = SourceFileLoader("ci_audit_shipped", str(SCRIPT))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("ci_audit_shipped", loader))
    loader.exec_module(module)
    assert all(reason.strip() for reason in module.ignored().values())
