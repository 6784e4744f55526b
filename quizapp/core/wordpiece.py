"""BERT's uncased WordPiece tokenizer in plain Python: text to the token ids MiniLM was trained on.

It follows the reference BertTokenizer (basic tokenization, then greedy longest-match WordPiece)
so the ids equal those of Hugging Face's ``tokenizers`` for the same vocabulary; a test compares
the two where ``tokenizers`` is installed. Written here so the app needs no tokenizer package.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

MAX_WORD_CHARS = 100


def _is_punctuation(char: str) -> bool:
    """Tell whether BERT splits on char: ASCII symbols and every Unicode punctuation."""
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    """Tell whether a code point is a CJK ideograph, which BERT treats as a word of its own."""
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _clean(text: str) -> str:
    """Drop control characters and make every whitespace a plain space, as BERT does."""
    out = []
    for char in text:
        code = ord(char)
        if code in (0, 0xFFFD) or (unicodedata.category(char) in ("Cc", "Cf") and char not in "\t\n\r"):
            continue
        if char in "\t\n\r" or unicodedata.category(char) == "Zs":
            out.append(" ")
        elif _is_cjk(code):
            out.append(f" {char} ")
        else:
            out.append(char)
    return "".join(out)


def basic_words(text: str) -> list[str]:
    """Lower-case, strip accents and split text into words and single punctuation marks."""
    words: list[str] = []
    for chunk in _clean(text).lower().split():
        chunk = "".join(c for c in unicodedata.normalize("NFD", chunk) if unicodedata.category(c) != "Mn")
        current = ""
        for char in chunk:
            if _is_punctuation(char):
                if current:
                    words.append(current)
                words.append(char)
                current = ""
            else:
                current += char
        if current:
            words.append(current)
    return words


class WordPiece:
    """A vocabulary and the greedy longest-match split of words into its pieces."""

    def __init__(self, vocab: Iterable[str]):
        """Index the vocabulary, one token per entry in id order."""
        self.ids = {token: index for index, token in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    def word_ids(self, word: str) -> list[int]:
        """Split one word into piece ids, or [UNK] when no split covers it."""
        if len(word) > MAX_WORD_CHARS:
            return [self.unk]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    pieces.append(self.ids[piece])
                    break
                end -= 1
            else:
                return [self.unk]
            start = end
        return pieces

    def encode(self, text: str, max_tokens: int = 256) -> list[int]:
        """Return [CLS] + the pieces of text + [SEP], cut to max_tokens in all."""
        ids = [piece for word in basic_words(text) for piece in self.word_ids(word)]
        return [self.cls, *ids[: max_tokens - 2], self.sep]
