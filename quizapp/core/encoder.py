"""all-MiniLM-L6-v2's forward pass in numpy: a sentence to its 384-number mean-pooled embedding.

The weights ship as int8 with a scale per row (``quantize``), a quarter of the float32 file,
and are turned back into float32 once when loaded. The arithmetic is BERT's (six layers, twelve
heads, erf GELU, LayerNorm eps 1e-12), then sentence-transformers' mean pooling over every token
and L2 normalisation, so the vectors match the reference model's (cosine 0.999 and more after
quantisation; see tests/core/test_encoder.py). One sentence at a time: a teacher's article is a
few dozen sentences, and batching would only add padding.
"""

from __future__ import annotations

import numpy as np

from .wordpiece import WordPiece

LAYERS = 6
HEADS = 12
MAX_TOKENS = 256
EPS = 1e-12


def erf(x: np.ndarray) -> np.ndarray:
    """Return the error function to about 1e-7 (Abramowitz and Stegun 7.1.26): numpy has none."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Normalise each row of x to zero mean and unit variance, then scale and shift."""
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


class Encoder:
    """The MiniLM weights (float32 arrays by their checkpoint names) and the vocabulary."""

    def __init__(self, weights: dict[str, np.ndarray], vocab: list[str]):
        """Keep the weights, transposed once so each layer is a plain x @ W."""
        self.tokenizer = WordPiece(vocab)
        self.w = {
            name: (array.T.copy() if array.ndim == 2 and ".embeddings." not in f".{name}" else array)
            for name, array in weights.items()
        }

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        """Apply one linear layer of the checkpoint."""
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]

    def token_states(self, ids: list[int]) -> np.ndarray:
        """Run the six transformer layers over one sentence's token ids."""
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        n, width = x.shape
        size = width // HEADS
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."
            q, k, v = (
                self._dense(x, p + "attention.self." + part).reshape(n, HEADS, size).transpose(1, 0, 2)
                for part in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, width)
            x = layer_norm(
                x + self._dense(context, p + "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            hidden = self._dense(x, p + "intermediate.dense")
            hidden = 0.5 * hidden * (1.0 + erf(hidden / np.sqrt(2.0)))
            x = layer_norm(
                x + self._dense(hidden, p + "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        return x

    def embed(self, sentence: str) -> np.ndarray:
        """Return the sentence's unit-length mean-pooled embedding (384 float32 numbers)."""
        pooled = self.token_states(self.tokenizer.encode(sentence, MAX_TOKENS)).mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


def quantize(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Store every matrix as int8 with one float32 scale per row; vectors stay float32."""
    out: dict[str, np.ndarray] = {}
    for name, array in weights.items():
        if name == "embeddings.position_ids":
            continue
        array = np.asarray(array, dtype=np.float32)
        if name == "embeddings.position_embeddings.weight":
            array = array[:MAX_TOKENS]  # sentence-transformers cuts sentences at 256 tokens
        if array.ndim == 2:
            scale = np.maximum(np.abs(array).max(axis=1, keepdims=True), 1e-12) / 127.0
            out[name + ".q8"] = np.round(array / scale).astype(np.int8)
            out[name + ".scale"] = scale.astype(np.float32)
        else:
            out[name] = array
    return out


def dequantize(stored) -> dict[str, np.ndarray]:
    """Turn the arrays of quantize() back into float32 weights by their checkpoint names."""
    weights: dict[str, np.ndarray] = {}
    for name in stored.files if hasattr(stored, "files") else stored:
        if name.endswith(".q8"):
            base = name[:-3]
            weights[base] = stored[name].astype(np.float32) * stored[base + ".scale"]
        elif not name.endswith(".scale"):
            weights[name] = np.asarray(stored[name], dtype=np.float32)
    return weights
