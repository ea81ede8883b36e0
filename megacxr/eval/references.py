"""The two reference encoders ``megacxr eval text`` always scores beside the ones asked for, so that a metric
which cannot tell a trained encoder from an untrained one says so:

* ``RandomInitEmbedder``: the first encoder's architecture, tokenizer, instruction and pooling head with every
  weight re-drawn from a fixed seed as Hugging Face initialises an untrained model (matrices ``N(0, 0.02)``,
  norm scales 1, biases 0). If it scores within the interval of the best model, the metric measures the
  architecture and the words, not training.
* ``LexicalEmbedder``: TF-IDF over the held-out reports (lower-cased word tokens, sublinear term frequency,
  smoothed idf, L2-normalised rows; the cosine of two rows is their dot product), the classic bag-of-words
  retrieval baseline. It equals scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` with the same tokens
  (``tests/test_eval_references.py``); written here in a few lines so ``eval text`` needs no other package. The
  vocabulary is the ``max_features`` most frequent words of the reports it is fitted on (words never seen there
  score 0); rows are dense, so its memory is ``texts x max_features`` floats.
"""

from __future__ import annotations

import copy
import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import torch

__all__ = ["LexicalEmbedder", "RandomInitEmbedder", "random_init_"]

_WORD = re.compile(r"\w+", re.UNICODE)
INIT_STD = 0.02  # Hugging Face's initializer_range default


def random_init_(module: torch.nn.Module, seed: int = 0) -> torch.nn.Module:
    """Re-draw every parameter of ``module`` in place, deterministically for ``seed``: matrices (and embedding
    tables) ``N(0, INIT_STD)``, 1-d weights (norm scales) 1, biases and other vectors 0."""
    gen = torch.Generator().manual_seed(int(seed))
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.ndim >= 2:
                p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float32).mul_(INIT_STD).to(p.dtype))
            elif name.rsplit(".", 1)[-1] == "weight":
                p.fill_(1.0)
            else:
                p.zero_()
    return module


class RandomInitEmbedder:
    """``embedder`` (a ``MegacxrEmbedder`` or ``HFEncoderEmbedder``) with its weights re-drawn (``random_init_``);
    the loaded embedder itself is left untouched."""

    kind = "random"

    def __init__(self, embedder, seed: int = 0):
        self.inner = copy.copy(embedder)
        self.inner.model = random_init_(copy.deepcopy(embedder.model), seed)
        self.name = f"random init ({embedder.name})"

    def embed(self, texts: Sequence[str]) -> torch.Tensor:
        return self.inner.embed(texts)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class LexicalEmbedder:
    """TF-IDF rows over a vocabulary fitted on ``corpus`` (see the module docstring)."""

    kind = "lexical"
    name = "lexical (tf-idf)"

    def __init__(self, corpus: Sequence[str], max_features: int = 8192):
        docs = [Counter(words(t)) for t in corpus]
        total = Counter()
        df = Counter()
        for d in docs:
            total.update(d)
            df.update(d.keys())
        # the most frequent words, ties by the word itself (stable across runs)
        vocab = sorted(sorted(total), key=lambda w: -total[w])[: int(max_features)]
        self.index = {w: i for i, w in enumerate(sorted(vocab))}
        n = len(docs)
        self.idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in sorted(vocab)], dtype=np.float64)

    def embed(self, texts: Sequence[str]) -> torch.Tensor:
        out = np.zeros((len(texts), len(self.index)), dtype=np.float64)
        for row, text in enumerate(texts):
            for w, c in Counter(words(text)).items():
                j = self.index.get(w)
                if j is not None:
                    out[row, j] = 1.0 + math.log(c)
        out *= self.idf
        norm = np.linalg.norm(out, axis=1, keepdims=True)
        out = np.divide(out, norm, out=np.zeros_like(out), where=norm > 0)
        return torch.from_numpy(out.astype(np.float32))
