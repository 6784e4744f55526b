"""The kinds registry: lookup by name, the default kind, and specs that survive storage."""

from __future__ import annotations

import pytest

from quizapp.core.kinds import get_kind
from quizapp.core.kinds.label import LabelSpec

from .test_cues import cues_spec
from .test_paragraph import paragraph_spec


@pytest.mark.parametrize("name", ["label", "cues", "paragraph"])
def test_specs_survive_storage(name):
    kind = get_kind(name)
    spec = {
        "label": LabelSpec("fact", ("opinion",), ("said",)),
        "cues": cues_spec(["could"], ask_label=True),
        "paragraph": paragraph_spec(),
    }[name]
    assert kind.load(kind.dump(spec)) == spec


def test_unknown_kind_is_none_and_no_kind_is_label():
    assert get_kind("essay") is None and get_kind(None).name == "label"
