"""The browser tests skip on a laptop without Chromium, but fail in CI, where skipping would hide it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .support import ROOT, skip_or_fail

# (the CI environment variable, or None when unset; whether a missing browser fails the test)
CI_VALUES = [
    ("true", True),
    ("TRUE", True),
    ("1", True),
    (None, False),
    ("", False),
    ("false", False),
]


@pytest.mark.parametrize("ci, fails", CI_VALUES)
def test_a_missing_browser_skips_except_in_ci(monkeypatch, ci, fails):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    expected = pytest.fail.Exception if fails else pytest.skip.Exception
    with pytest.raises(expected, match="Chromium is not installed"):
        skip_or_fail("Chromium is not installed at /usr/bin/chromium")


# (CI, the closing line: in CI the browser fixture fails, so the test errors at set-up)
@pytest.mark.parametrize("ci, outcome", [("true", "1 error"), ("", "1 skipped")])
def test_a_run_without_chromium_fails_in_ci_and_skips_elsewhere(tmp_path, ci, outcome):
    env = {**os.environ, "CI": ci, "QUIZAPP_TEST_CHROMIUM": str(tmp_path / "no-chromium")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{Path(__file__).with_name('test_accessibility.py')}::test_axe_reports_a_violation_on_a_broken_page",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert outcome in result.stdout, result.stdout[-2000:]
    assert (result.returncode != 0) == (ci == "true")
