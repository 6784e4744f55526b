"""Fixtures of the core tests: the seed article as the shipped quiz holds it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed_article() -> str:
    """Return the article of the seed quiz (questions/01-trump-lukashenko.yaml), hard-wrapped."""
    return yaml.safe_load((ROOT / "questions" / "01-trump-lukashenko.yaml").read_text(encoding="utf-8"))["article"]
