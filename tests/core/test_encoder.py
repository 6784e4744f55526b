"""The numpy MiniLM: its tokenizer gives BERT's ids and its embeddings are the reference model's."""

from __future__ import annotations

import numpy as np
import pytest

from quizapp.core.classifier import shared_model
from quizapp.core.wordpiece import basic_words


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        # ids from Hugging Face's tokenizers with the model's tokenizer.json
        (
            "Lukashenko's regime, U.S.-Belarus ties",
            [101, 23739, 19767, 1005, 1055, 6939, 1010, 1057, 1012, 1055, 1012, 1011, 12545, 7208, 102],
        ),
        (
            "Café naïve — “quotes” 3.5%",
            [101, 7668, 15743, 1517, 1523, 16614, 1524, 1017, 1012, 1019, 1003, 102],
        ),
        ("unaffable", [101, 14477, 20961, 3468, 102]),
        ("", [101, 102]),
    ],
)
def test_token_ids(text, ids):
    """Each row: a text and BERT's uncased WordPiece ids for it."""
    assert shared_model().encoder.tokenizer.encode(text) == ids


def test_basic_words_split_punctuation_and_strip_accents():
    """Words are lower-cased, accents dropped, punctuation split off one mark at a time."""
    assert basic_words("Naïve U.S.-led “talks”") == [
        "naive",
        "u",
        ".",
        "s",
        ".",
        "-",
        "led",
        "“",
        "talks",
        "”",
    ]


def test_long_sentences_are_cut_at_256_tokens():
    """A sentence longer than the model's 256 positions is cut, [SEP] kept."""
    ids = shared_model().encoder.tokenizer.encode("word " * 400, 256)
    assert len(ids) == 256 and ids[-1] == 102


def test_embedding_matches_the_reference_model():
    """The first values of a known sentence's embedding are sentence-transformers' own, to int8 precision."""
    vector = shared_model().encoder.embed("This is an example sentence")
    # all-MiniLM-L6-v2's float32 output for this sentence, as printed by sentence-transformers
    reference = [0.0677, 0.0635, 0.0487, 0.0793, 0.0374]
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
    assert np.allclose(vector[:5], reference, atol=0.004)


def test_similar_sentences_are_closer():
    """Paraphrases sit closer together than unrelated sentences."""
    embed = shared_model().encoder.embed
    a, b, c = (
        embed("A man is eating food."),
        embed("A man is eating a piece of bread."),
        embed("The girl is carrying a baby."),
    )
    assert a @ b > 0.6 > 0.1 > a @ c
