"""The shipped model: its files load, are the ones the manifest names, and give the documented figures."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from quizapp.core.classifier import FOLDER, ModelError, SubjectivityModel, sha256

ROOT = Path(__file__).resolve().parents[2]


def load_bench(name: str):
    """Import a script of bench/ as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manifest() -> dict:
    """Return the shipped manifest."""
    return json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))


def test_files_match_the_manifest_and_are_small():
    """Every shipped file has the manifest's SHA-256; the whole folder stays under 25 MB."""
    for entry in manifest()["files"].values():
        assert sha256(FOLDER / entry["name"]) == entry["sha256"]
    assert sum(path.stat().st_size for path in FOLDER.iterdir()) < 25_000_000
    for name in ("all-MiniLM-L6-v2.LICENSE", "NOTICE"):
        assert (FOLDER / name).is_file()
    assert "Apache License" in (FOLDER / "all-MiniLM-L6-v2.LICENSE").read_text(encoding="utf-8")


def test_no_pickle_in_the_arrays():
    """The .npz files hold plain arrays: numpy loads them with pickles refused."""
    import numpy as np

    for entry in manifest()["files"].values():
        if entry["name"].endswith(".npz"):
            with np.load(FOLDER / entry["name"], allow_pickle=False) as stored:
                assert all(stored[name].dtype != object for name in stored.files)


def test_validation_figure_is_the_documented_one():
    """bench/suggest_eval.py on the validation split gives the manifest's and README's figure."""
    result = load_bench("suggest_eval").evaluate(ROOT / "data" / "newssd-eng" / "val.csv")
    documented = manifest()["figures"]["val_shipped_model_seen_in_training"]
    assert result["macro_f1"] == pytest.approx(documented["macro_f1"], abs=1e-4)
    assert result["accuracy"] == pytest.approx(documented["accuracy"], abs=1e-4)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{documented['macro_f1']:.3f}" in readme


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("missing", "is missing"),
        ("changed", "SHA-256 differs"),
    ],
)
def test_a_damaged_model_is_refused(tmp_path, damage, message):
    """Each row: a damage to the head file, and the words of the refusal."""
    folder = tmp_path / "weights"
    shutil.copytree(FOLDER, folder)
    head = folder / manifest()["files"]["head"]["name"]
    if damage == "missing":
        head.unlink()
    else:
        data = bytearray(head.read_bytes())
        data[len(data) // 2] ^= 0xFF
        head.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=message):
        SubjectivityModel.load(folder)


def test_probabilities_are_calibrated_probabilities():
    """The calibrated probability rises with the score and crosses one half near the decision point."""
    model = SubjectivityModel.load()
    values = [model.head.probability(score) for score in (-4.0, -1.0, 0.0, 1.0, 4.0)]
    assert values == sorted(values) and values[0] < 0.1 and values[-1] > 0.9
    assert 0.2 < model.head.probability(0.0) < 0.6
