"""The shipped subjectivity model: how likely a sentence is the writer's opinion or speculation.

A frozen all-MiniLM-L6-v2 encoder (encoder.py) turns the sentence into 384 numbers and a
logistic-regression head, trained on NewsSD-ENG by ``bench/train_suggest.py``, scores them; a
Platt step fitted on grouped cross-validation turns the score into a calibrated probability.
Everything is read from ``weights/`` beside this module, numpy arrays loaded with
``allow_pickle=False``, after checking each file's SHA-256 against ``weights/manifest.json``; no
file is ever downloaded. Loading takes about a second, so ``shared_model()`` loads once per process.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .encoder import Encoder, dequantize

FOLDER = Path(__file__).with_name("weights")
MANIFEST = "manifest.json"


class ModelError(RuntimeError):
    """The model's files are missing or not the ones the manifest names."""


def sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Head:
    """The linear head and its calibration: score = x . coef + intercept, p = 1/(1+e^-(a*score+b))."""

    coef: np.ndarray
    intercept: float
    platt_a: float
    platt_b: float

    def score(self, features: np.ndarray) -> float:
        """Return the head's raw score; at 0 or above the sentence is called subjective."""
        return float(features @ self.coef + self.intercept)

    def probability(self, score: float) -> float:
        """Return the calibrated probability that a sentence with this score is subjective."""
        return 1.0 / (1.0 + math.exp(-(self.platt_a * score + self.platt_b)))


class SubjectivityModel:
    """The encoder, the head and the manifest that describes how they were made and measured."""

    def __init__(self, encoder: Encoder, head: Head, manifest: dict):
        """Keep the loaded parts."""
        self.encoder = encoder
        self.head = head
        self.manifest = manifest

    @classmethod
    def load(cls, folder: Path = FOLDER) -> SubjectivityModel:
        """Load the model from folder, refusing any file whose SHA-256 is not the manifest's."""
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ModelError(f"cannot read {folder / MANIFEST}: {error}") from error
        files = manifest["files"]
        for role, entry in files.items():
            path = folder / entry["name"]
            if not path.is_file():
                raise ModelError(f"the model file {path} ({role}) is missing; reinstall quizapp")
            if sha256(path) != entry["sha256"]:
                raise ModelError(f"the model file {path} ({role}) is not the one shipped (SHA-256 differs)")
        vocab = (folder / files["vocab"]["name"]).read_text(encoding="utf-8").splitlines()
        with np.load(folder / files["encoder"]["name"], allow_pickle=False) as stored:
            encoder = Encoder(dequantize(stored), vocab)
        with np.load(folder / files["head"]["name"], allow_pickle=False) as stored:
            head = Head(
                stored["coef"].astype(np.float32),
                float(stored["intercept"]),
                float(stored["platt_a"]),
                float(stored["platt_b"]),
            )
        return cls(encoder, head, manifest)

    def score(self, sentence: str) -> float:
        """Return the head's raw score of one sentence (0 or above: subjective)."""
        return self.head.score(self.encoder.embed(sentence))

    def probability(self, sentence: str) -> float:
        """Return the calibrated probability that sentence is subjective (opinion or speculation)."""
        return self.head.probability(self.score(sentence))


@lru_cache(maxsize=1)
def shared_model() -> SubjectivityModel:
    """Return the shipped model, loaded on first use and kept for the life of the process."""
    return SubjectivityModel.load()
